// One instruction tried on its own, as the Popek-Goldberg table's buttons do: the machine's
// way (and CR4.UMIP, and under VT-x the current VMCS's controls), the guest at CPL 0 (its
// kernel) or CPL 3 (its user code), one step. Pure: the machine is read, never changed.
import type { Machine } from '../machine.ts'
import { ensureVmcs } from './apply.ts'
import { assembleLine } from './asm.ts'
import type { InstrEvent } from './events.ts'
import { layout } from './exec.ts'
import { type Bits, type Classification, RSP, classify } from './isa.ts'
import {
  type GuestState,
  KERNEL_CS,
  KERNEL_DS,
  LAYOUT,
  USER_DS,
  type ProgramLine,
  RFLAGS_FIXED,
  USER_CS,
  bootState,
  memKey,
} from './types.ts'
import { stepOnce } from './ways.ts'

/**
 * One form of each instruction the model has, written for 32-bit code (`sampleText` widens the
 * registers for 64-bit). The operands are ready-made: EAX and EBX hold selector 0x10 (kernel
 * data, DPL 0), `after` is the next line, `x` a data word.
 */
export const PG_SAMPLES: readonly string[] = [
  'mov eax, ebx',
  'add eax, 1',
  'xchg eax, [x]',
  'jmp after',
  'call after',
  'ret',
  'push eax',
  'rdtsc',
  'cli',
  'sti',
  'hlt',
  'mov cr3, eax',
  'mov eax, cr0',
  'lgdt [x]',
  'lidt [x]',
  'invlpg [x]',
  'in al, 0x60',
  'out 0x80, al',
  'popf',
  'iret',
  'int 0x80',
  'syscall',
  'vmcall',
  'pushf',
  'sgdt [x]',
  'sidt [x]',
  'smsw eax',
  'str eax',
  'lar eax, ebx',
  'verr eax',
  'push cs',
  'mov eax, cs',
  'cpuid',
  'sldt eax',
  'lsl eax, ebx',
  'verw eax',
  'mov ds, eax',
  'mov ss, eax',
  'pop es',
  'jmp 0x8:after',
  'call 0x8:after',
  'retf',
  'int 0x20',
]

const WIDE: Readonly<Record<string, string>> = {
  eax: 'rax',
  ebx: 'rbx',
  ecx: 'rcx',
  edx: 'rdx',
  esi: 'rsi',
  edi: 'rdi',
  esp: 'rsp',
  ebp: 'rbp',
}

/** A sample as written for `bits` (64-bit code uses the 64-bit registers). */
export const sampleText = (text: string, bits: Bits): string =>
  bits === 32 ? text : text.replace(/\be(ax|bx|cx|dx|si|di|sp|bp)\b/g, (w) => WIDE[w] ?? w)

export interface PgSample {
  readonly text: string
  readonly mnemonic: string
  /** Its operand kinds (`reg,sreg`), to find the row of another instruction of the same form. */
  readonly shape: string
  readonly cls: Classification
}

/** The samples that exist in `bits`-bit code, each with its class and CPL > 0 rule. */
export function pgSamples(bits: Bits): PgSample[] {
  const out: PgSample[] = []
  for (const t of PG_SAMPLES) {
    const r = assembleLine(sampleText(t, bits), 1, bits)
    if (r.ok && r.line.instr) {
      const i = r.line.instr
      out.push({
        text: i.text,
        mnemonic: i.m,
        shape: i.ops.map((o) => o.t).join(','),
        cls: classify(i),
      })
    }
  }
  return out
}

export type TryResult =
  { readonly ok: true; readonly event: InstrEvent } | { readonly ok: false; readonly why: string }

/** The handlers the try program gives every fault and gate it can reach. */
const HANDLERS = [
  'isr_6: hlt',
  'isr_11: hlt',
  'isr_13: hlt',
  'isr_32: hlt',
  'isr_128: hlt',
  'syscall_entry: hlt',
]

/** Runs `text` once under the machine's way, with the guest at `cpl` (0 kernel, 3 user). */
export function tryInstruction(m: Machine, text: string, cpl: 0 | 3): TryResult {
  const g = m.guest
  const bits = g.program.bits
  const lines: ProgramLine[] = []
  for (const src of [text, 'after: hlt', ...HANDLERS]) {
    const r = assembleLine(src, 1, bits)
    if (!r.ok) return { ok: false, why: r.error.message }
    lines.push({ ...r.line, line: lines.length + 1, source: src })
  }
  const program = { bits, lines }
  let vmx = m.vmx
  let vmcs: string | null = null
  if (g.way === 'vt-x') {
    const v = ensureVmcs(vmx)
    if (v === null) return { ok: false, why: 'no VMCS can be made current' }
    vmx = v.vmx
    vmcs = v.name
  }
  const boot = bootState(program, g.way, g.umip, vmcs)
  const lay = layout(program)
  const W = BigInt(bits / 8)
  const cs = cpl === 3 ? USER_CS : KERNEL_CS
  const top = LAYOUT[bits].stack
  const sp = top - 5n * W
  // A stack a POPF, POP ES, RET or IRET can use: the RFLAGS image 0x2 (IF = 0) for POPF, the
  // selector 0x10 for POP ES, else the address of `after`; then CS, RFLAGS 0x2, and for an
  // IRET to another ring (or any 64-bit IRET) the stack pointer and SS.
  const after = lay.addr[1] ?? 0n
  const first = lines[0]?.instr
  const top0 = first?.m === 'popf' ? RFLAGS_FIXED : first?.m === 'pop' ? BigInt(KERNEL_DS) : after
  const words = [top0, BigInt(cs), RFLAGS_FIXED, top, 0x10n | BigInt(cpl)]
  const mem: Record<string, bigint> = {}
  words.forEach((w, i) => {
    mem[memKey(sp + BigInt(i) * W)] = w
  })
  const gpr = boot.gpr.map((v, i) => (i === RSP ? sp : i === 0 || i === 3 ? 0x10n : v))
  const deprivileged = g.way === 'trap' || g.way === 'bt' || g.way === 'pv'
  const user = cpl === 3
  const s: GuestState = {
    ...boot,
    gpr,
    mem,
    virt: { ...boot.virt, cs, seg: user ? { ...boot.virt.seg, ss: USER_DS } : boot.virt.seg },
    real: user
      ? { ...boot.real, cs: USER_CS, seg: { ...boot.real.seg, ss: USER_DS } }
      : deprivileged
        ? boot.real
        : { ...boot.real, cs },
  }
  const r = stepOnce(s, vmx, lay)
  const ev = r.events.find((e): e is InstrEvent => e.kind === 'guest.instr')
  if (ev) return { ok: true, event: ev }
  const stop = r.events.find((e) => e.kind === 'guest.stop')
  return { ok: false, why: stop?.kind === 'guest.stop' ? stop.why : 'nothing ran' }
}
