// The guest kernel's instruction set: real mnemonics, real encodings' lengths (SDM Vol. 2
// opcode tables), and each instruction's Popek-Goldberg class with the SDM rule at CPL > 0
// (hw-facts-2 §1.1-1.4). The assembler (asm.ts) builds these; exec.ts gives them meaning.
import { GPRS } from '../vmx/ops.ts'

/** 32-bit kernels run deprivileged in ring 1, 64-bit ones in ring 3 (hw-facts-2 §1.1). */
export type Bits = 32 | 64

/** General registers in encoding order: 0-7, and r8-r15 (REX.R/X/B) in 64-bit code only. */
export const GPR_NAMES = {
  32: ['eax', 'ecx', 'edx', 'ebx', 'esp', 'ebp', 'esi', 'edi'],
  // The same order as VT-x exit qualifications number them (vmx/ops.ts).
  64: GPRS,
  8: ['al', 'cl', 'dl', 'bl'],
  16: ['ax', 'cx', 'dx', 'bx'],
} as const
export const RSP = 4

export type SegReg = 'cs' | 'ss' | 'ds' | 'es' | 'fs' | 'gs'
export const SEG_REGS: readonly SegReg[] = ['es', 'cs', 'ss', 'ds', 'fs', 'gs']
export type CrNum = 0 | 2 | 3 | 4

export type Operand =
  | { readonly t: 'reg'; readonly r: number; readonly size: 8 | 16 | 32 | 64 }
  | { readonly t: 'imm'; readonly v: bigint }
  /** `[sym]`, `[0x1000]`, `[reg]`, `[reg+disp]`; a symbol that is no label names a data word. */
  | {
      readonly t: 'mem'
      readonly base: number | null
      readonly sym: string | null
      readonly disp: bigint
    }
  /** A code label: the target of jmp/jcc/call, or `push LABEL` (its address). */
  | { readonly t: 'label'; readonly name: string; readonly column: number }
  | { readonly t: 'cr'; readonly n: CrNum }
  | { readonly t: 'sreg'; readonly s: SegReg }
  /** `SEL:LABEL`, the ptr16:32 of a far JMP or CALL. */
  | { readonly t: 'far'; readonly sel: number; readonly name: string; readonly column: number }

export const MNEMONICS = [
  'nop',
  'mov',
  'add',
  'sub',
  'cmp',
  'test',
  'and',
  'or',
  'xor',
  'inc',
  'dec',
  'xchg',
  'jmp',
  'je',
  'jz',
  'jne',
  'jnz',
  'jl',
  'jge',
  'jle',
  'jg',
  'jb',
  'jae',
  'call',
  'ret',
  'retf',
  'push',
  'pop',
  'pushf',
  'popf',
  'cli',
  'sti',
  'in',
  'out',
  'hlt',
  'lgdt',
  'lidt',
  'sgdt',
  'sidt',
  'smsw',
  'str',
  'lar',
  'verr',
  'lsl',
  'verw',
  'sldt',
  'int',
  'iret',
  'cpuid',
  'rdtsc',
  'invlpg',
  'syscall',
  'vmcall',
] as const
export type Mnemonic = (typeof MNEMONICS)[number]

export const JCC = ['je', 'jz', 'jne', 'jnz', 'jl', 'jge', 'jle', 'jg', 'jb', 'jae'] as const
export type Jcc = (typeof JCC)[number]
export const isJcc = (m: Mnemonic): m is Jcc => (JCC as readonly string[]).includes(m)

export interface Instr {
  readonly m: Mnemonic
  readonly ops: readonly Operand[]
  /** The instruction as typed (normalised spacing), for panels and events. */
  readonly text: string
}

/** Popek and Goldberg's classes (hw-facts-2 §1.2); a sensitive one that does not trap is a hole. */
export type PgClass = 'privileged' | 'control-sensitive' | 'behaviour-sensitive' | 'innocuous'
/** What the SDM says happens at CPL > 0 (IOPL 0, CR4.UMIP 0, CR4.TSD 0). */
export type CplRule = 'runs' | 'gp' | 'silent'

export interface Classification {
  readonly pg: PgClass
  /** Sensitive in Popek and Goldberg's sense (control- or behaviour-sensitive). */
  readonly sensitive: boolean
  /** Traps when the kernel runs deprivileged (CPL 1 or 3, IOPL 0). */
  readonly traps: boolean
  readonly rule: CplRule
  /** The rule in words, with its source. */
  readonly why: string
}

const innocuous: Classification = {
  pg: 'innocuous',
  sensitive: false,
  traps: false,
  rule: 'runs',
  why: 'innocuous: the same result at every CPL',
}

/** The class of an instruction as the model uses it (RI00 §4 list, SDM3 §5.9, SDM2 pages). */
export function classify(i: Instr): Classification {
  const c = (
    pg: PgClass,
    sensitive: boolean,
    traps: boolean,
    rule: CplRule,
    why: string,
  ): Classification => ({ pg, sensitive, traps, rule, why })
  switch (i.m) {
    case 'hlt':
    case 'lgdt':
    case 'lidt':
    case 'invlpg':
      return c('privileged', true, true, 'gp', 'privileged: #GP(0) if CPL ≠ 0 (SDM3 §5.9)')
    case 'mov':
      if (i.ops.some((o) => o.t === 'cr'))
        return c('privileged', true, true, 'gp', 'MOV to/from CRn is privileged: #GP(0) if CPL ≠ 0')
      if (i.ops[0]?.t === 'sreg')
        return c(
          'behaviour-sensitive',
          true,
          false,
          'silent',
          'MOV to a segment register checks the selector against CPL: SS needs RPL = DPL = CPL, so a kernel’s own SS (RPL 0) is #GP at CPL 1 while one with RPL 1 loads (SDM2 MOV; RI00 §4)',
        )
      if (i.ops[1]?.t === 'sreg')
        return c(
          'behaviour-sensitive',
          true,
          false,
          'silent',
          'MOV from a segment register runs; CS bits 1:0 reveal the real CPL (RI00 §4)',
        )
      return innocuous
    case 'cli':
    case 'sti':
      return c(
        'privileged',
        true,
        true,
        'gp',
        'IOPL-sensitive: #GP(0) if CPL > IOPL (SDM2 CLI/STI); IOPL 0 makes it trap',
      )
    case 'in':
    case 'out':
      return c(
        'privileged',
        true,
        true,
        'gp',
        'IOPL-sensitive: CPL > IOPL consults the TSS I/O bitmap; a set bit is #GP(0) (SDM2 IN/OUT)',
      )
    case 'popf':
      return c(
        'control-sensitive',
        true,
        false,
        'silent',
        'POPF at CPL > IOPL leaves IF and IOPL unchanged without any exception (SDM2 POPF; RI00 §4)',
      )
    case 'pushf':
      return c(
        'behaviour-sensitive',
        true,
        false,
        'silent',
        'PUSHF runs and pushes the real IF and IOPL (RI00 §4)',
      )
    case 'sgdt':
    case 'sidt':
    case 'sldt':
    case 'smsw':
    case 'str':
      return c(
        'behaviour-sensitive',
        true,
        false,
        'silent',
        'stores a real system register and runs at any CPL unless CR4.UMIP = 1 (RI00 §4; hw-facts-2 §1.1)',
      )
    case 'lar':
    case 'lsl':
    case 'verr':
    case 'verw':
      return c(
        'behaviour-sensitive',
        true,
        false,
        'silent',
        'protection-system check against the current CPL: the result depends on the ring (RI00 §4)',
      )
    case 'pop':
      if (i.ops[0]?.t === 'sreg')
        return c(
          'behaviour-sensitive',
          true,
          false,
          'silent',
          'POP to a segment register makes the same CPL checks as MOV: their outcome depends on the ring (SDM2 POP; RI00 §4)',
        )
      return innocuous
    case 'jmp':
    case 'call':
      if (i.ops[0]?.t === 'far')
        return c(
          'control-sensitive',
          true,
          false,
          'silent',
          'far JMP/CALL to a non-conforming code segment needs DPL = CPL and RPL ≤ CPL, else #GP(selector), and CS gets the CPL as its RPL: a kernel in ring 1 stays in ring 1 (SDM2 JMP, CALL; RI00 §4)',
        )
      return innocuous
    case 'retf':
      return c(
        'control-sensitive',
        true,
        true,
        'gp',
        'RET far to a CS whose RPL < CPL is #GP(selector): a deprivileged kernel returning to its own RPL 0 selector traps; to an outer ring it also pops SS:ESP (SDM2 RET; RI00 §4)',
      )
    case 'push':
      if (i.ops[0]?.t === 'sreg')
        return c(
          'behaviour-sensitive',
          true,
          false,
          'silent',
          'PUSH CS runs and pushes a selector whose bits 1:0 are the real CPL (RI00 §4)',
        )
      return innocuous
    case 'iret':
      return c(
        'control-sensitive',
        true,
        true,
        'gp',
        'IRET checks the popped CS against CPL (a return to an inner ring is #GP) and changes IF only if CPL ≤ IOPL (SDM2 IRET; RI00 §4)',
      )
    case 'int':
      return c(
        'control-sensitive',
        true,
        true,
        'gp',
        'INT n goes through the real IDT, which belongs to whoever runs at ring 0 (RI00 §4)',
      )
    case 'syscall':
      return c(
        'control-sensitive',
        true,
        true,
        'gp',
        'SYSCALL enters ring 0 at the address in IA32_LSTAR, the hypervisor’s on a PV guest (hw-facts-2 §1.7)',
      )
    case 'vmcall':
      return c(
        'control-sensitive',
        true,
        true,
        'gp',
        'VMCALL is #UD outside VMX operation and always exits in non-root (SDM2 VMCALL)',
      )
    case 'cpuid':
      return c(
        'behaviour-sensitive',
        true,
        false,
        'runs',
        'CPUID does not trap without VT-x: it reports the host processor (course notes 004, slide 42)',
      )
    case 'rdtsc':
      return c(
        'innocuous',
        false,
        false,
        'runs',
        'RDTSC runs at any CPL while CR4.TSD = 0 (SDM3 §5.9); timing is outside Popek and Goldberg’s equivalence',
      )
    default:
      return innocuous
  }
}

/** Control transfers end a translation unit (AA06 §3.1). */
export function endsUnit(i: Instr): boolean {
  return (
    i.m === 'jmp' ||
    isJcc(i.m) ||
    i.m === 'call' ||
    i.m === 'ret' ||
    i.m === 'retf' ||
    i.m === 'iret' ||
    i.m === 'int' ||
    i.m === 'syscall' ||
    i.m === 'vmcall' ||
    i.m === 'hlt'
  )
}

// --- Encoding lengths (SDM Vol. 2 opcode tables) --------------------------------------------

const fitsI8 = (v: bigint): boolean => v >= -128n && v <= 127n
/** A REX prefix: REX.W for a 64-bit operand, REX.R/X/B for r8-r15 (as a register or a base). */
const needsRex = (o: Operand | undefined): boolean =>
  (o?.t === 'reg' && (o.size === 64 || o.r >= 8)) || (o?.t === 'mem' && (o.base ?? 0) >= 8)
const REX = (o: Operand | undefined): number => (needsRex(o) ? 1 : 0)

/**
 * Bytes of a memory operand after the ModRM byte. `[sym]`/`[imm]` is disp32 (absolute in
 * 32-bit code, RIP-relative in 64-bit code, the same length); `[esp]` needs a SIB byte,
 * `[ebp]` a disp8, and a displacement adds 1 or 4 bytes.
 */
function memBytes(o: Extract<Operand, { t: 'mem' }>): number {
  if (o.base === null) return 4
  // RSP and R12 as a base need a SIB byte; RBP and R13 cannot go without a displacement.
  const sib = (o.base & 7) === RSP ? 1 : 0
  if (o.disp === 0n && (o.base & 7) !== 5) return sib
  return sib + (fitsI8(o.disp) ? 1 : 4)
}

/** Length of a branch given its displacement, or null for the assembler to choose. */
export type BranchSize = 'short' | 'near'

/**
 * Encoding length in bytes. `branch` says whether a jmp/jcc to a label uses rel8 or rel32
 * (layout picks the short form when the target is in reach, as assemblers do).
 */
export function encodedLength(i: Instr, bits: Bits, branch: BranchSize): number {
  const [a, b] = i.ops
  const rex = REX(a) || REX(b)
  switch (i.m) {
    case 'nop':
    case 'cli':
    case 'sti':
    case 'hlt':
    case 'pushf': // 9C
    case 'popf': // 9D
    case 'ret': // C3
      return 1
    case 'iret': // CF; IRETQ is REX.W CF
    case 'retf': // CB; REX.W CB pops 8-byte RIP and CS
      return bits === 64 ? 2 : 1
    case 'cpuid': // 0F A2
    case 'rdtsc': // 0F 31
    case 'syscall': // 0F 05
      return 2
    case 'vmcall': // 0F 01 C1
      return 3
    case 'int': // CD ib
      return 2
    case 'jmp':
      if (a?.t === 'far') return 7 // EA cp: ptr16:32
      if (a?.t === 'reg') return 2 + rex // FF /4
      return branch === 'short' ? 2 : 5 // EB cb | E9 cd
    case 'call':
      if (a?.t === 'far') return 7 // 9A cp: ptr16:32
      if (a?.t === 'reg') return 2 + rex // FF /2
      return 5 // E8 cd
    case 'push':
    case 'pop':
      if (a?.t === 'sreg') return a.s === 'fs' || a.s === 'gs' ? 2 : 1 // 0E 16 1E 06 / 0F A0
      if (a?.t === 'reg') return a.r >= 8 ? 2 : 1 // 50+r / 58+r (41 50+r for r8-r15)
      if (a?.t === 'imm') return fitsI8(a.v) ? 2 : 5 // 6A ib | 68 id
      if (a?.t === 'label') return 5
      if (a?.t === 'mem') return 2 + memBytes(a) // FF /6 | 8F /0
      return 1
    case 'in':
    case 'out': {
      // E4-E7 ib with an immediate port, EC-EF with DX; 66h for a 16-bit operand.
      const port = i.m === 'in' ? b : a
      const data = i.m === 'in' ? a : b
      const opsize = data?.t === 'reg' && data.size === 16 ? 1 : 0
      return (port?.t === 'imm' ? 2 : 1) + opsize
    }
    case 'lgdt': // 0F 01 /2
    case 'lidt': // 0F 01 /3
    case 'sgdt': // 0F 01 /0
    case 'sidt': // 0F 01 /1
    case 'invlpg': // 0F 01 /7
      return 3 + (a?.t === 'mem' ? memBytes(a) : 0)
    case 'smsw': // 0F 01 /4
    case 'str': // 0F 00 /1
    case 'sldt': // 0F 00 /0
    case 'verr': // 0F 00 /4
    case 'verw': // 0F 00 /5
      return 3 + rex + (a?.t === 'mem' ? memBytes(a) : 0)
    case 'lar': // 0F 02 /r
    case 'lsl': // 0F 03 /r
      return 3 + rex + (b?.t === 'mem' ? memBytes(b) : 0)
    case 'inc':
    case 'dec': // FF /0, FF /1 (40+r is REX in 64-bit mode)
      return 2 + rex + (a?.t === 'mem' ? memBytes(a) : 0)
    case 'xchg':
      if (a?.t === 'reg' && b?.t === 'reg' && (a.r === 0 || b.r === 0)) return 1 + rex // 90+r
      return 2 + rex + (a?.t === 'mem' ? memBytes(a) : b?.t === 'mem' ? memBytes(b) : 0)
    case 'mov': {
      if (a?.t === 'cr' || b?.t === 'cr') return 3 // 0F 22 /r, 0F 20 /r
      if (b?.t === 'sreg' || a?.t === 'sreg') return 2 + rex // 8C /r, 8E /r
      if (a?.t === 'reg' && (b?.t === 'imm' || b?.t === 'label')) {
        if (a.size === 64) {
          const v = b.t === 'imm' ? b.v : 0n
          return v >= -(1n << 31n) && v < 1n << 31n ? 7 : 10 // REX.W C7 /0 id | REX.W B8+r io
        }
        return 5 // B8+r id
      }
      if (a?.t === 'mem' && b?.t === 'imm') return 2 + memBytes(a) + 4 + rex // C7 /0 id
      // A1/A3 moffs: EAX with an absolute address in 32-bit code.
      const moffs =
        bits === 32 &&
        ((a?.t === 'reg' && a.r === 0 && b?.t === 'mem' && b.base === null) ||
          (b?.t === 'reg' && b.r === 0 && a?.t === 'mem' && a.base === null))
      if (moffs) return 5
      return 2 + rex + (a?.t === 'mem' ? memBytes(a) : b?.t === 'mem' ? memBytes(b) : 0) // 89 / 8B
    }
    case 'add':
    case 'sub':
    case 'cmp':
    case 'and':
    case 'or':
    case 'xor':
    case 'test': {
      const mem = a?.t === 'mem' ? memBytes(a) : b?.t === 'mem' ? memBytes(b) : 0
      if (b?.t === 'imm') {
        if (i.m === 'test') return a?.t === 'reg' && a.r === 0 ? 5 + rex : 6 + rex + mem // A9 | F7 /0
        if (fitsI8(b.v)) return 3 + rex + mem // 83 /x ib
        return a?.t === 'reg' && a.r === 0 ? 5 + rex : 6 + rex + mem // 05.. id | 81 /x id
      }
      return 2 + rex + mem // 01 /r, 29, 39, 21, 09, 31, 85
    }
    case 'je':
    case 'jz':
    case 'jne':
    case 'jnz':
    case 'jl':
    case 'jge':
    case 'jle':
    case 'jg':
    case 'jb':
    case 'jae':
      return branch === 'short' ? 2 : 6 // 7x cb | 0F 8x cd
  }
}

/** Register name as written, for the size the operand has. */
export function regName(r: number, size: 8 | 16 | 32 | 64): string {
  const t = GPR_NAMES[size] as readonly string[]
  return t[r] ?? `r${r}`
}
