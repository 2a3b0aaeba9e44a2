// What one instruction does on one CPU at one CPL: the SDM rules the model needs, pure.
// The ways (ways.ts) call it on the real CPU, on the virtual CPU, or on both to compare.
import {
  encodedLength,
  isJcc,
  type Bits,
  type BranchSize,
  type Instr,
  type Operand,
  RSP,
} from './isa.ts'
import type { SegReg } from './isa.ts'
import {
  type Descriptor,
  KERNEL_CS,
  KERNEL_DS,
  LAYOUT,
  type Program,
  RFLAGS,
  RFLAGS_FIXED,
  CR4_UMIP,
  type Sys,
  cplOf,
  iopl,
  memKey,
} from './types.ts'

// --- Layout: addresses, labels, data symbols -----------------------------------------------

export interface Layout {
  /** Address of each program line (a label-only line has the next instruction's). */
  readonly addr: readonly bigint[]
  readonly len: readonly number[]
  readonly labels: ReadonlyMap<string, number>
  readonly symbols: ReadonlyMap<string, bigint>
  readonly end: bigint
  /** The guest's IDT: a present gate per `isr_N` label (see gatesOf). */
  readonly gates: ReadonlyMap<number, Gate>
}

/** One interrupt gate of the guest's IDT: its handler's line and the DPL INT n checks. */
export interface Gate {
  readonly vector: number
  readonly index: number
  readonly dpl: number
}

/** Linux's system gates, DPL 3: int3 (3), into (4) and the int 0x80 system call. */
export const defaultGateDpl = (vector: number): number =>
  vector === 3 || vector === 4 || vector === 0x80 ? 3 : 0

const GATE_LABEL = /^isr_(\d+)(?:_dpl([0-3]))?$/

/**
 * The IDT the program describes: `isr_N:` makes gate N present with Linux's DPL for it,
 * `isr_N_dplD:` with DPL D; every other vector's gate is not present (SDM3 §6.11-6.12).
 */
export function gatesOf(p: Program): Map<number, Gate> {
  const gates = new Map<number, Gate>()
  p.lines.forEach((l, index) => {
    const m = l.label === null ? null : GATE_LABEL.exec(l.label)
    if (!m || m[1] === undefined) return
    const vector = Number(m[1])
    if (vector > 255 || gates.has(vector)) return
    gates.set(vector, {
      vector,
      index,
      dpl: m[2] === undefined ? defaultGateDpl(vector) : Number(m[2]),
    })
  })
  return gates
}

const labelTarget = (i: Instr): string | null => {
  const o = i.ops[0]
  return (i.m === 'jmp' || isJcc(i.m)) && o?.t === 'label' ? o.name : null
}

/** Addresses with branch relaxation: a jmp/jcc is short while its target is within rel8. */
export function layout(p: Program): Layout {
  const labels = new Map<string, number>()
  p.lines.forEach((l, i) => {
    if (l.label !== null && !labels.has(l.label)) labels.set(l.label, i)
  })
  const base = LAYOUT[p.bits].code
  const size: BranchSize[] = p.lines.map((l) => {
    const t = l.instr === null ? null : labelTarget(l.instr)
    return t !== null && labels.has(t) ? 'short' : 'near'
  })
  let addr: bigint[] = []
  let len: number[] = []
  for (let pass = 0; pass < 64; pass++) {
    addr = []
    len = []
    let a = base
    for (const [i, l] of p.lines.entries()) {
      addr.push(a)
      const n = l.instr === null ? 0 : encodedLength(l.instr, p.bits, size[i] ?? 'near')
      len.push(n)
      a += BigInt(n)
    }
    let grew = false
    for (const [i, l] of p.lines.entries()) {
      const t = l.instr === null ? null : labelTarget(l.instr)
      if (t === null || size[i] !== 'short') continue
      const target = addr[labels.get(t) ?? 0] ?? 0n
      const d = target - ((addr[i] ?? 0n) + BigInt(len[i] ?? 0))
      if (d < -128n || d > 127n) {
        size[i] = 'near'
        grew = true
      }
    }
    if (!grew) break
  }
  const symbols = new Map<string, bigint>()
  const width = BigInt(p.bits / 8)
  for (const l of p.lines)
    for (const o of l.instr?.ops ?? [])
      if (o.t === 'mem' && o.sym !== null && !labels.has(o.sym) && !symbols.has(o.sym))
        symbols.set(o.sym, LAYOUT[p.bits].data + BigInt(symbols.size) * width)
  const end = (addr.at(-1) ?? base) + BigInt(len.at(-1) ?? 0)
  return { addr, len, labels, symbols, end, gates: gatesOf(p) }
}

/** The first line at or after `i` that holds an instruction, or -1. */
export function nextInstr(p: Program, i: number): number {
  for (let j = Math.max(0, i); j < p.lines.length; j++) if (p.lines[j]?.instr) return j
  return -1
}

/** The program line whose instruction starts at `a`, or -1. */
export function lineAt(p: Program, lay: Layout, a: bigint): number {
  for (let j = 0; j < p.lines.length; j++) if (p.lines[j]?.instr && lay.addr[j] === a) return j
  return -1
}

/** Every label an instruction refers to that the program does not define. */
export function missingLabels(p: Program): { line: number; column: number; name: string }[] {
  const defined = new Set(p.lines.flatMap((l) => (l.label === null ? [] : [l.label])))
  const out: { line: number; column: number; name: string }[] = []
  for (const l of p.lines)
    for (const o of l.instr?.ops ?? [])
      if ((o.t === 'label' || o.t === 'far') && !defined.has(o.name))
        out.push({ line: l.line, column: o.column, name: o.name })
  return out
}

// --- One instruction ------------------------------------------------------------------------

export interface Ctx {
  readonly program: Program
  readonly lay: Layout
  readonly pc: number
  readonly gpr: readonly bigint[]
  readonly mem: Readonly<Record<string, bigint>>
  readonly io: Readonly<Record<number, bigint>>
  readonly sys: Sys
  readonly tsc: bigint
}

export type Exec =
  | {
      readonly t: 'ok'
      readonly gpr: readonly bigint[]
      readonly mem: Readonly<Record<string, bigint>>
      readonly io: Readonly<Record<number, bigint>>
      readonly sys: Sys
      /** Next program line index. */
      readonly pc: number
      readonly halt: boolean
      /** STI set IF: the next instruction runs before any interrupt (SDM2 STI). */
      readonly sti: boolean
    }
  | {
      readonly t: 'fault'
      readonly vector: number
      readonly code: number | null
      readonly why: string
    }
  | { readonly t: 'stop'; readonly why: string }

export const GP = 13
export const UD = 6
export const NP = 11

const mask = (bits: number): bigint => (1n << BigInt(bits)) - 1n
const signed = (v: bigint, bits: number): bigint => BigInt.asIntN(bits, v)

/** The handler of a vector: the label `isr_N` (N decimal), the model's IDT. */
export const handlerLabel = (vector: number): string => `isr_${vector}`

function parity(v: bigint): boolean {
  let b = Number(v & 0xffn)
  let ones = 0
  while (b) {
    ones += b & 1
    b >>= 1
  }
  return ones % 2 === 0
}

function logicFlags(rflags: bigint, r: bigint, bits: number): bigint {
  let f = rflags & ~(RFLAGS.CF | RFLAGS.OF | RFLAGS.ZF | RFLAGS.SF | RFLAGS.PF | RFLAGS.AF)
  if ((r & mask(bits)) === 0n) f |= RFLAGS.ZF
  if ((r >> BigInt(bits - 1)) & 1n) f |= RFLAGS.SF
  if (parity(r)) f |= RFLAGS.PF
  return f
}

function arithFlags(
  rflags: bigint,
  a: bigint,
  b: bigint,
  sub: boolean,
  bits: number,
  keepCf = false,
): { r: bigint; f: bigint } {
  const m = mask(bits)
  const raw = sub ? (a & m) - (b & m) : (a & m) + (b & m)
  const r = raw & m
  let f = logicFlags(rflags, r, bits)
  const cf = sub ? (a & m) < (b & m) : raw > m
  if (keepCf) f = (f & ~RFLAGS.CF) | (rflags & RFLAGS.CF)
  else if (cf) f |= RFLAGS.CF
  const sa = signed(a, bits)
  const sb = signed(b, bits)
  const sr = signed(r, bits)
  const of = sub
    ? sa >= 0n !== sb >= 0n && sr >= 0n !== sa >= 0n
    : sa >= 0n === sb >= 0n && sr >= 0n !== sa >= 0n
  if (of) f |= RFLAGS.OF
  if (((a ^ b ^ r) & 0x10n) !== 0n) f |= RFLAGS.AF
  return { r, f }
}

function condition(m: string, f: bigint): boolean {
  const zf = (f & RFLAGS.ZF) !== 0n
  const cf = (f & RFLAGS.CF) !== 0n
  const sf = (f & RFLAGS.SF) !== 0n
  const of = (f & RFLAGS.OF) !== 0n
  switch (m) {
    case 'je':
    case 'jz':
      return zf
    case 'jne':
    case 'jnz':
      return !zf
    case 'jl':
      return sf !== of
    case 'jge':
      return sf === of
    case 'jle':
      return zf || sf !== of
    case 'jg':
      return !zf && sf === of
    case 'jb':
      return cf
    case 'jae':
      return !cf
    default:
      return false
  }
}

/** Access-rights word LAR returns: P, DPL, S and type in bits 15:8 (SDM2 LAR). */
export const accessRights = (d: Descriptor): bigint =>
  (1n << 15n) | (BigInt(d.dpl) << 13n) | (1n << 12n) | ((d.code ? 0xan : 0x2n) << 8n)

/**
 * The POPF rule of hw-facts-2 §1.4 (protected mode, VM = 0): the image's IF is taken only if
 * CPL ≤ IOPL and its IOPL only at CPL 0; RF, VM, VIP, VIF never change; nothing faults.
 */
export function popfResult(old: bigint, image: bigint, cpl: number, bits: Bits): bigint {
  let writable =
    RFLAGS.CF |
    RFLAGS.PF |
    RFLAGS.AF |
    RFLAGS.ZF |
    RFLAGS.SF |
    RFLAGS.TF |
    RFLAGS.DF |
    RFLAGS.OF |
    RFLAGS.NT |
    RFLAGS.AC |
    RFLAGS.ID
  if (cpl <= iopl(old)) writable |= RFLAGS.IF
  if (cpl === 0) writable |= RFLAGS.IOPL
  const img = bits === 32 ? image & 0xffff_ffffn : image
  return (old & ~writable) | (img & writable) | RFLAGS_FIXED
}

/** The image PUSHF pushes: RFLAGS with VM and RF cleared (SDM2 PUSHF). */
export const pushfImage = (rflags: bigint): bigint => rflags & ~(RFLAGS.VM | RFLAGS.RF)

/** Runs one instruction at the CPU's CPL (CS bits 1:0). */
export function exec(c: Ctx): Exec {
  const line = c.program.lines[c.pc]
  const ins = line?.instr
  if (!line || !ins) return { t: 'stop', why: 'no instruction here' }
  const bits = c.program.bits
  const W = BigInt(bits / 8)
  const M = mask(bits)
  const cpl = cplOf(c.sys)
  let gpr = [...c.gpr]
  let mem = c.mem
  let io = c.io
  let sys = c.sys
  const nextLine = nextInstr(c.program, c.pc + 1)
  let pc = nextLine
  let halt = false
  let sti = false
  const here = c.lay.addr[c.pc] ?? 0n
  const fallthrough = here + BigInt(c.lay.len[c.pc] ?? 0)
  const gp = (why: string, code = 0): Exec => ({ t: 'fault', vector: GP, code, why })

  const addrOf = (o: Extract<Operand, { t: 'mem' }>): bigint => {
    let a = o.disp
    if (o.base !== null) a += gpr[o.base] ?? 0n
    if (o.sym !== null) {
      const li = c.lay.labels.get(o.sym)
      a += li !== undefined ? (c.lay.addr[li] ?? 0n) : (c.lay.symbols.get(o.sym) ?? 0n)
    }
    return a & M
  }
  const load = (a: bigint): bigint => mem[memKey(a)] ?? 0n
  const store = (a: bigint, v: bigint): void => {
    mem = { ...mem, [memKey(a)]: v & M }
  }
  const read = (o: Operand | undefined): bigint => {
    if (!o) return 0n
    switch (o.t) {
      case 'reg':
        return (gpr[o.r] ?? 0n) & mask(o.size)
      case 'imm':
        return o.v & M
      case 'mem':
        return load(addrOf(o))
      case 'label':
      case 'far': {
        const li = c.lay.labels.get(o.name)
        return li === undefined ? 0n : (c.lay.addr[li] ?? 0n)
      }
      case 'cr':
        return o.n === 0 ? sys.cr0 : o.n === 3 ? sys.cr3 : o.n === 4 ? sys.cr4 : 0n
      case 'sreg':
        // CS (and SS) carry the CPL in bits 1:0.
        return BigInt(o.s === 'cs' ? sys.cs : sys.seg[o.s])
    }
  }
  const write = (o: Operand | undefined, v: bigint): void => {
    if (o?.t === 'reg') {
      const cur = gpr[o.r] ?? 0n
      // A 32-bit write zero-extends in 64-bit mode; 8/16-bit writes keep the upper bits.
      const val = o.size >= 32 ? v & mask(o.size) : (cur & ~mask(o.size)) | (v & mask(o.size))
      gpr[o.r] = val
    } else if (o?.t === 'mem') store(addrOf(o), v)
  }
  const push = (v: bigint): void => {
    const sp = ((gpr[RSP] ?? 0n) - W) & M
    gpr[RSP] = sp
    store(sp, v)
  }
  const pop = (): bigint => {
    const sp = gpr[RSP] ?? 0n
    const v = load(sp)
    gpr[RSP] = (sp + W) & M
    return v
  }
  const goTo = (a: bigint): Exec | null => {
    const li = lineAt(c.program, c.lay, a)
    if (li < 0)
      return {
        t: 'stop',
        why: `control went to 0x${a.toString(16)}, which is no instruction of the program`,
      }
    pc = li
    return null
  }
  const goLabel = (name: string): void => {
    pc = nextInstr(c.program, c.lay.labels.get(name) ?? -1)
  }
  const setFlags = (f: bigint): void => {
    sys = { ...sys, rflags: f }
  }
  const selectorDesc = (sel: bigint): Descriptor | null => {
    const idx = Number((sel & 0xffffn) >> 3n)
    return idx === 0 ? null : (sys.gdt[idx] ?? null)
  }
  /**
   * MOV/POP to a segment register (SDM2 MOV, POP; RI00 §4): SS takes only a writable data
   * segment with RPL = DPL = CPL (a null SS only in 64-bit code below CPL 3); DS/ES/FS/GS take
   * null, or a segment with DPL ≥ CPL and DPL ≥ RPL. Else #GP(selector). A load of SS holds
   * interrupts off for one instruction, as STI does.
   */
  const loadSeg = (s: Exclude<SegReg, 'cs'>, raw: bigint): Exec | null => {
    const sel = Number(raw & 0xffffn)
    const d = selectorDesc(BigInt(sel))
    const rpl = sel & 3
    const bad = (why: string): Exec =>
      gp(`MOV/POP ${s.toUpperCase()}, 0x${sel.toString(16)} at CPL ${cpl}: ${why}`, sel & 0xfffc)
    if (s === 'ss') {
      if ((sel & 0xfffc) === 0) {
        if (!(bits === 64 && cpl < 3)) return gp(`a null SS at CPL ${cpl}`)
      } else if (d === null) return bad('no such descriptor')
      else if (rpl !== cpl || d.dpl !== cpl || d.code)
        return bad(`SS needs a data segment with RPL = DPL = CPL (RPL ${rpl}, DPL ${d.dpl})`)
      sti = true
    } else if ((sel & 0xfffc) !== 0) {
      if (d === null) return bad('no such descriptor')
      if (d.dpl < cpl || d.dpl < rpl) return bad(`DPL ${d.dpl} < max(CPL, RPL)`)
    }
    sys = { ...sys, seg: { ...sys.seg, [s]: sel } }
    return null
  }
  const umipFault = (): Exec | null =>
    (sys.cr4 & CR4_UMIP) !== 0n && cpl > 0
      ? gp('CR4.UMIP = 1: this store instruction is #GP(0) at CPL > 0')
      : null

  const [a, b] = ins.ops
  switch (ins.m) {
    case 'nop':
      break
    case 'mov':
      if (a?.t === 'sreg' && a.s !== 'cs') {
        const f = loadSeg(a.s, read(b))
        if (f) return f
      } else if (a?.t === 'cr' || b?.t === 'cr') {
        if (cpl !== 0) return gp('MOV CRn is privileged: #GP(0) at CPL > 0')
        if (a?.t === 'cr') {
          const v = read(b)
          sys =
            a.n === 0
              ? { ...sys, cr0: v }
              : a.n === 3
                ? { ...sys, cr3: v }
                : a.n === 4
                  ? { ...sys, cr4: v }
                  : sys
        } else write(a, read(b))
      } else write(a, read(b))
      break
    case 'add':
    case 'sub':
    case 'cmp': {
      const size = a?.t === 'reg' ? a.size : bits
      const r = arithFlags(sys.rflags, read(a), read(b), ins.m !== 'add', size)
      setFlags(r.f)
      if (ins.m !== 'cmp') write(a, r.r)
      break
    }
    case 'inc':
    case 'dec': {
      const r = arithFlags(sys.rflags, read(a), 1n, ins.m === 'dec', bits, true)
      setFlags(r.f)
      write(a, r.r)
      break
    }
    case 'and':
    case 'or':
    case 'xor':
    case 'test': {
      const x = read(a)
      const y = read(b)
      const r = ins.m === 'or' ? x | y : ins.m === 'xor' ? x ^ y : x & y
      setFlags(logicFlags(sys.rflags, r, bits))
      if (ins.m !== 'test') write(a, r)
      break
    }
    case 'xchg': {
      const x = read(a)
      const y = read(b)
      write(a, y)
      write(b, x)
      break
    }
    case 'jmp':
    case 'call':
      if (a?.t === 'far') {
        // SDM2 JMP/CALL far to a code segment (no call gates in the model): non-conforming
        // code needs DPL = CPL and RPL ≤ CPL; CS is loaded with its RPL set to the CPL.
        const sel = a.sel
        const d = selectorDesc(BigInt(sel))
        const why = (w: string): Exec =>
          gp(
            `far ${ins.m.toUpperCase()} to 0x${sel.toString(16)} at CPL ${cpl}: ${w}`,
            sel & 0xfffc,
          )
        if ((sel & 0xfffc) === 0) return gp(`far ${ins.m.toUpperCase()} to a null selector`)
        if (d === null || !d.code) return why('not a code segment')
        if ((sel & 3) > cpl || d.dpl !== cpl)
          return why(`non-conforming code needs DPL ${d.dpl} = CPL and RPL ${sel & 3} ≤ CPL`)
        if (ins.m === 'call') {
          push(BigInt(sys.cs))
          push(fallthrough)
        }
        sys = { ...sys, cs: (sel & 0xfffc) | cpl }
        goLabel(a.name)
        break
      }
      if (ins.m === 'call') {
        const target = read(a)
        push(fallthrough)
        if (a?.t === 'label') goLabel(a.name)
        else {
          const s = goTo(target)
          if (s) return s
        }
        break
      }
      if (a?.t === 'label') goLabel(a.name)
      else {
        const s = goTo(read(a))
        if (s) return s
      }
      break
    case 'ret': {
      const s = goTo(pop())
      if (s) return s
      break
    }
    case 'retf': {
      // SDM2 RET far: RPL < CPL is #GP(selector); RPL > CPL returns outward and pops SS:ESP.
      const rip = pop()
      const cs = Number(pop() & 0xffffn)
      const rpl = cs & 3
      const d = selectorDesc(BigInt(cs))
      const why = (w: string): Exec =>
        gp(`RET far to CS 0x${cs.toString(16)} (RPL ${rpl}) from CPL ${cpl}: ${w}`, cs & 0xfffc)
      if (rpl < cpl) return why('a return to an inner ring')
      if (d === null || !d.code || d.dpl !== rpl) return why('not a code segment of that ring')
      let ss = sys.seg.ss
      if (rpl > cpl) {
        const sp = pop()
        ss = Number(pop() & 0xffffn)
        gpr[RSP] = sp
      }
      sys = { ...sys, cs, seg: { ...sys.seg, ss } }
      const s = goTo(rip)
      if (s) return s
      break
    }
    case 'push':
      push(read(a))
      break
    case 'pop':
      if (a?.t === 'sreg' && a.s !== 'cs') {
        const sp = gpr[RSP] ?? 0n
        const f = loadSeg(a.s, pop())
        if (f) {
          gpr[RSP] = sp
          return f
        }
      } else write(a, pop())
      break
    case 'pushf':
      push(pushfImage(sys.rflags))
      break
    case 'popf':
      setFlags(popfResult(sys.rflags, pop(), cpl, bits))
      break
    case 'cli':
    case 'sti':
      // hw-facts-2 §1.4: IOPL < CPL is #GP(0) (no CR4.PVI in the model).
      if (cpl > iopl(sys.rflags))
        return gp(`${ins.m.toUpperCase()} at CPL ${cpl} > IOPL ${iopl(sys.rflags)}`)
      setFlags(ins.m === 'cli' ? sys.rflags & ~RFLAGS.IF : sys.rflags | RFLAGS.IF)
      sti = ins.m === 'sti' && (c.sys.rflags & RFLAGS.IF) === 0n
      break
    case 'in':
    case 'out': {
      const portOp = ins.m === 'in' ? b : a
      const dataOp = ins.m === 'in' ? a : b
      const port = Number(read(portOp) & 0xffffn)
      // CPL > IOPL consults the TSS I/O bitmap; the VMM's TSS denies every port.
      if (cpl > iopl(sys.rflags))
        return gp(
          `${ins.m.toUpperCase()} at CPL ${cpl} > IOPL ${iopl(sys.rflags)}: the TSS I/O bitmap denies port 0x${port.toString(16)}`,
        )
      const size = dataOp?.t === 'reg' ? dataOp.size : 32
      if (ins.m === 'out') io = { ...io, [port]: read(dataOp) & mask(size) }
      else write(dataOp, io[port] ?? mask(size))
      break
    }
    case 'hlt':
      if (cpl !== 0) return gp('HLT is privileged: #GP(0) at CPL > 0')
      halt = true
      break
    case 'lgdt':
    case 'lidt': {
      if (cpl !== 0) return gp(`${ins.m.toUpperCase()} is privileged: #GP(0) at CPL > 0`)
      const at = a?.t === 'mem' ? addrOf(a) : 0n
      const reg = { limit: Number(load(at) & 0xffffn), base: load(at + 2n) }
      sys = ins.m === 'lgdt' ? { ...sys, gdtr: reg } : { ...sys, idtr: reg }
      break
    }
    case 'sgdt':
    case 'sidt': {
      const f = umipFault()
      if (f) return f
      const at = a?.t === 'mem' ? addrOf(a) : 0n
      const reg = ins.m === 'sgdt' ? sys.gdtr : sys.idtr
      store(at, BigInt(reg.limit))
      store(at + 2n, reg.base)
      break
    }
    case 'smsw': {
      const f = umipFault()
      if (f) return f
      write(a, sys.cr0 & 0xffffn)
      break
    }
    case 'str':
    case 'sldt': {
      const f = umipFault()
      if (f) return f
      write(a, BigInt(ins.m === 'str' ? sys.tr : sys.ldtr))
      break
    }
    case 'lar':
    case 'lsl':
    case 'verr':
    case 'verw': {
      // SDM2 LAR/LSL/VERR/VERW: the descriptor must be visible at max(CPL, RPL) ≤ DPL; VERW
      // also needs a writable (data) segment. ZF says whether it was; nothing faults.
      const sel = read(ins.m === 'lar' || ins.m === 'lsl' ? b : a)
      const d = selectorDesc(sel)
      const rpl = Number(sel & 3n)
      const ok = d !== null && d.dpl >= Math.max(cpl, rpl) && (ins.m !== 'verw' || !d.code)
      setFlags(ok ? sys.rflags | RFLAGS.ZF : sys.rflags & ~RFLAGS.ZF)
      if (ins.m === 'lar' && ok && d) write(a, accessRights(d))
      if (ins.m === 'lsl' && ok && d) write(a, d.limit)
      break
    }
    case 'int': {
      // SDM2 INT n: the error code names the IDT entry (vector × 8 + 2, IDT bit set).
      const v = Number(read(a))
      const gate = c.lay.gates.get(v)
      if (gate === undefined)
        return {
          t: 'fault',
          vector: NP,
          code: (v << 3) | 2,
          why: `INT ${v}: gate ${v} is not present (no isr_${v} label)`,
        }
      if (cpl > gate.dpl) return gp(`INT ${v} at CPL ${cpl} > gate DPL ${gate.dpl}`, (v << 3) | 2)
      return deliver(c, { gpr, mem, io, sys, pc: nextLine }, v, null, fallthrough)
    }
    case 'iret': {
      const rip = pop()
      const cs = Number(pop() & 0xffffn)
      const fl = pop()
      const rpl = cs & 3
      if (rpl < cpl)
        return gp(
          `IRET to CS 0x${cs.toString(16)} (RPL ${rpl}) from CPL ${cpl}: a return to an inner ring`,
          cs & 0xfffc,
        )
      let ss = sys.seg.ss
      if (bits === 64 || rpl > cpl) {
        const sp = pop()
        ss = Number(pop() & 0xffffn)
        gpr[RSP] = sp
      }
      // IRET restores IF only if CPL ≤ IOPL and IOPL only at CPL 0, as POPF (SDM2 IRET).
      sys = {
        ...sys,
        rflags: popfResult(sys.rflags, fl, cpl, bits),
        cs,
        seg: { ...sys.seg, ss },
      }
      const s = goTo(rip)
      if (s) return s
      break
    }
    case 'cpuid': {
      // Leaf 0: the vendor string; other leaves read as 0 in the model.
      const leaf = gpr[0] ?? 0n
      const v = leaf === 0n ? [0x16n, 0x756e_6547n, 0x6c65_746en, 0x4965_6e69n] : [0n, 0n, 0n, 0n]
      gpr = gpr.map((x, i) =>
        i === 0 ? v[0]! : i === 3 ? v[1]! : i === 1 ? v[2]! : i === 2 ? v[3]! : x,
      )
      break
    }
    case 'rdtsc':
      gpr[0] = c.tsc & 0xffff_ffffn
      gpr[2] = c.tsc >> 32n
      break
    case 'invlpg':
      if (cpl !== 0) return gp('INVLPG is privileged: #GP(0) at CPL > 0')
      break
    case 'syscall': {
      const li = c.lay.labels.get('syscall_entry')
      if (li === undefined)
        return {
          t: 'stop',
          why: 'SYSCALL with no IA32_LSTAR handler in the program (label syscall_entry)',
        }
      gpr[1] = fallthrough
      sys = {
        ...sys,
        cs: KERNEL_CS,
        seg: { ...sys.seg, ss: KERNEL_DS },
        rflags: sys.rflags & ~RFLAGS.IF,
      }
      pc = nextInstr(c.program, li)
      break
    }
    case 'vmcall':
      return { t: 'fault', vector: UD, code: null, why: 'VMCALL outside VMX operation is #UD' }
    default:
      if (isJcc(ins.m)) {
        if (condition(ins.m, sys.rflags) && a?.t === 'label') goLabel(a.name)
        break
      }
  }
  if (pc < 0 && !halt)
    return { t: 'stop', why: 'the program ran past its last instruction without hlt' }
  return { t: 'ok', gpr, mem, io, sys, pc: halt ? c.pc : pc, halt, sti }
}

/**
 * Delivers vector `v` through the IDT of `sys` (an interrupt gate: IF cleared, CS = kernel):
 * pushes SS:RSP (64-bit, or from user mode), RFLAGS, CS, RIP and the error code if any, and
 * jumps to `isr_N`. `returnTo` is the RIP pushed.
 */
export function deliver(
  c: Ctx,
  st: {
    gpr: readonly bigint[]
    mem: Readonly<Record<string, bigint>>
    io: Readonly<Record<number, bigint>>
    sys: Sys
    pc: number
  },
  v: number,
  code: number | null,
  returnTo: bigint,
): Exec {
  const li = c.lay.gates.get(v)?.index
  if (li === undefined)
    return {
      t: 'stop',
      why: `vector ${v} has no handler in the guest’s IDT (label ${handlerLabel(v)})`,
    }
  const bits = c.program.bits
  const W = BigInt(bits / 8)
  const M = mask(bits)
  const gpr = [...st.gpr]
  let mem = st.mem
  const push = (x: bigint): void => {
    const sp = ((gpr[RSP] ?? 0n) - W) & M
    gpr[RSP] = sp
    mem = { ...mem, [memKey(sp)]: x & M }
  }
  const cpl = cplOf(st.sys)
  if (bits === 64 || cpl === 3) {
    const oldSp = gpr[RSP] ?? 0n
    if (cpl === 3) gpr[RSP] = LAYOUT[bits].stack // TSS.RSP0 (the model's kernel stack)
    push(BigInt(st.sys.seg.ss))
    push(oldSp)
  }
  push(pushfImage(st.sys.rflags))
  push(BigInt(st.sys.cs))
  push(returnTo)
  if (code !== null) push(BigInt(code))
  // From ring 3 the CPU loads SS from the TSS (SS0); 64-bit mode loads a null SS instead.
  const ss = cpl === 3 ? (bits === 64 ? 0 : KERNEL_DS) : st.sys.seg.ss
  const sys: Sys = {
    ...st.sys,
    cs: KERNEL_CS | (cpl === 3 ? 0 : cpl),
    seg: { ...st.sys.seg, ss },
    rflags: st.sys.rflags & ~RFLAGS.IF,
  }
  return {
    t: 'ok',
    gpr,
    mem,
    io: st.io,
    sys,
    pc: nextInstr(c.program, li),
    halt: false,
    sti: false,
  }
}
