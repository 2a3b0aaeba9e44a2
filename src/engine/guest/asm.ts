// A tiny Intel-syntax assembler for one program line: `[label:] mnemonic [op, op]`. Pure; it
// reports the 1-based column of what it could not read so the console can point at it.
import {
  type Bits,
  GPR_NAMES,
  type Instr,
  type Mnemonic,
  MNEMONICS,
  type Operand,
  SEG_REGS,
  type SegReg,
  isJcc,
} from './isa.ts'

export interface AsmLine {
  readonly label: string | null
  readonly instr: Instr | null
  /** Column (in the text given) of the mnemonic, for run-time errors about this line. */
  readonly column: number
}

export interface AsmFailure {
  readonly column: number
  readonly message: string
}

export type AsmResult =
  { readonly ok: true; readonly line: AsmLine } | { readonly ok: false; readonly error: AsmFailure }

const LABEL = /^[a-z_.][a-z0-9_.]*$/i

/** Registers by name for a program of `bits`: its own width, plus AL/AX and DX for I/O. */
function register(name: string, bits: Bits): Extract<Operand, { t: 'reg' }> | 'wrong-width' | null {
  const n = name.toLowerCase()
  for (const size of [8, 16, 32, 64] as const) {
    const r = (GPR_NAMES[size] as readonly string[]).indexOf(n)
    if (r < 0) continue
    if ((size === 64 && bits === 32) || (size === 32 && bits === 64 && r !== 0))
      return 'wrong-width'
    return { t: 'reg', r, size }
  }
  return null
}

function number(text: string): bigint | null {
  const t = text.replace(/^\$/, '').replace(/_/g, '')
  const m = /^(-)?(0x[0-9a-f]+|\d+)$/i.exec(t)
  if (!m || m[2] === undefined) return null
  const v = BigInt(m[2])
  return m[1] ? -v : v
}

interface Piece {
  readonly text: string
  readonly column: number
}

/** Splits the operand text at commas, keeping each piece's column. */
function splitOperands(text: string, column: number): Piece[] {
  const out: Piece[] = []
  let start = 0
  for (let i = 0; i <= text.length; i++) {
    if (i === text.length || text[i] === ',') {
      const raw = text.slice(start, i)
      const lead = raw.length - raw.trimStart().length
      out.push({ text: raw.trim(), column: column + start + lead })
      start = i + 1
    }
  }
  return out
}

type OperandResult = { ok: true; op: Operand } | { ok: false; error: AsmFailure }

function operand(p: Piece, bits: Bits): OperandResult {
  const fail = (message: string, col = p.column): OperandResult => ({
    ok: false,
    error: { column: col, message },
  })
  if (p.text === '') return fail('an operand is missing here')
  // Size keywords before a memory operand are accepted and ignored (the program's width rules).
  const text = p.text.replace(/^(byte|word|dword|qword)\s+(ptr\s+)?/i, '')
  const skipped = p.text.length - text.length
  const lower = text.toLowerCase()
  if (/^cr[0234]$/.test(lower))
    return { ok: true, op: { t: 'cr', n: Number(lower[2]) as 0 | 2 | 3 | 4 } }
  if (/^cr\d+$/.test(lower)) return fail(`${text}: the model has CR0, CR2, CR3 and CR4`)
  if ((SEG_REGS as readonly string[]).includes(lower))
    return { ok: true, op: { t: 'sreg', s: lower as SegReg } }
  const reg = register(lower, bits)
  if (reg === 'wrong-width')
    return fail(
      `${text} is a ${bits === 32 ? '64' : '32'}-bit register; this program is ${bits}-bit (program new ${bits === 32 ? 64 : 32} for the other)`,
    )
  if (reg !== null) return { ok: true, op: reg }
  const n = number(text)
  if (n !== null) return { ok: true, op: { t: 'imm', v: n } }
  if (text.startsWith('[')) {
    if (!text.endsWith(']')) return fail(`'${text}': a memory operand ends with ']'`)
    const inner = text.slice(1, -1).replace(/\s+/g, '')
    const col = p.column + skipped + 1
    const m = /^([a-z_.][a-z0-9_.]*)?(?:([+-])(0x[0-9a-f]+|\d+))?$/i.exec(inner)
    const lone = number(inner)
    if (lone !== null) return { ok: true, op: { t: 'mem', base: null, sym: null, disp: lone } }
    if (!m || m[1] === undefined)
      return fail(`'${text}': write [symbol], [register], [register+number] or [number]`, col)
    const disp = m[3] === undefined ? 0n : (m[2] === '-' ? -1n : 1n) * BigInt(m[3])
    const base = register(m[1], bits)
    if (base === 'wrong-width') return fail(`${m[1]} does not fit a ${bits}-bit address`, col)
    if (base !== null) {
      if (base.size !== bits) return fail(`${m[1]} cannot hold an address in ${bits}-bit code`, col)
      return { ok: true, op: { t: 'mem', base: base.r, sym: null, disp } }
    }
    return { ok: true, op: { t: 'mem', base: null, sym: m[1], disp } }
  }
  const far = /^(0x[0-9a-f]+|\d+):([a-z_.][a-z0-9_.]*)$/i.exec(text)
  if (far && far[1] !== undefined && far[2] !== undefined) {
    const sel = Number(far[1])
    if (sel > 0xffff) return fail(`${far[1]} is not a 16-bit selector`)
    return {
      ok: true,
      op: {
        t: 'far',
        sel,
        name: far[2],
        column: p.column + skipped + far[1].length + 1,
      },
    }
  }
  if (LABEL.test(text))
    return { ok: true, op: { t: 'label', name: text, column: p.column + skipped } }
  return fail(`cannot read the operand '${p.text}'`)
}

/** The operand shapes each mnemonic takes (a short form of the SDM's encodings the model has). */
function shapeError(m: Mnemonic, ops: readonly Operand[], bits: Bits): string | null {
  const t = ops.map((o) => o.t).join(',')
  const gpr = (o: Operand | undefined): boolean => o?.t === 'reg' && o.size === bits
  const needs = (forms: string): string => `${m} takes ${forms}`
  const [a, b] = ops
  switch (m) {
    case 'nop':
    case 'cli':
    case 'sti':
    case 'hlt':
    case 'pushf':
    case 'popf':
    case 'ret':
    case 'retf':
    case 'iret':
    case 'cpuid':
    case 'rdtsc':
    case 'vmcall':
      return ops.length === 0 ? null : needs('no operands')
    case 'syscall':
      if (bits === 32)
        return 'syscall is #UD in 32-bit code on Intel; use int $0x82 (32-bit PV hypercall)'
      return ops.length === 0 ? null : needs('no operands')
    case 'int':
      return t === 'imm' && a?.t === 'imm' && a.v >= 0n && a.v <= 255n
        ? null
        : needs('a vector 0-255 ($0x82, 0x80, 3)')
    case 'jmp':
    case 'call':
      if (t === 'far')
        return bits === 64
          ? `far ${m} with a direct SEL:LABEL is invalid in 64-bit mode (#UD)`
          : null
      return t === 'label' || (t === 'reg' && gpr(a))
        ? null
        : needs('a label, a register or SELECTOR:LABEL')
    case 'push':
      if (a?.t === 'sreg')
        return bits === 64 && a.s !== 'fs' && a.s !== 'gs'
          ? `push ${a.s} is invalid in 64-bit mode (#UD); use mov eax, ${a.s}`
          : ops.length === 1
            ? null
            : needs('one operand')
      return ops.length === 1 && (gpr(a) || t === 'imm' || t === 'label' || t === 'mem')
        ? null
        : needs(`a ${bits}-bit register, a number, a label, a memory operand or a segment register`)
    case 'pop':
      if (a?.t === 'sreg')
        return a.s === 'cs'
          ? 'pop cs does not exist (0F is the two-byte opcode escape); ret far loads CS'
          : bits === 64 && a.s !== 'fs' && a.s !== 'gs'
            ? `pop ${a.s} is invalid in 64-bit mode (#UD); use mov ${a.s}, eax`
            : ops.length === 1
              ? null
              : needs('one operand')
      return ops.length === 1 && (gpr(a) || t === 'mem')
        ? null
        : needs(`a ${bits}-bit register, memory or a segment register`)
    case 'mov':
      if (t === 'cr,reg' || t === 'reg,cr')
        return gpr(a?.t === 'reg' ? a : b) ? null : `MOV CRn uses a ${bits}-bit register`
      if (t === 'reg,sreg') return null
      if (t === 'sreg,reg')
        return a?.t === 'sreg' && a.s === 'cs'
          ? 'mov cs, REG is #UD: far jmp, far call or ret far load CS'
          : gpr(b)
            ? null
            : `mov ${a?.t === 'sreg' ? a.s : 'SREG'}, REG takes a ${bits}-bit register`
      if (!gpr(a) && a?.t !== 'mem') return needs('a register or memory destination')
      if (t === 'mem,mem') return 'x86 has no memory-to-memory mov'
      return ['reg,reg', 'reg,imm', 'reg,label', 'reg,mem', 'mem,reg', 'mem,imm'].includes(t) &&
        (b?.t !== 'reg' || gpr(b))
        ? null
        : needs(`a ${bits}-bit register or memory, then a register, number, label or memory`)
    case 'add':
    case 'sub':
    case 'cmp':
    case 'and':
    case 'or':
    case 'xor':
    case 'test': {
      const forms = ['reg,reg', 'reg,imm', 'reg,mem', 'mem,reg', 'mem,imm']
      const okRegs = (a?.t !== 'reg' || gpr(a)) && (b?.t !== 'reg' || gpr(b))
      return forms.includes(t) && okRegs ? null : needs(`two operands: ${forms.join(' | ')}`)
    }
    case 'inc':
    case 'dec':
      return ops.length === 1 && (gpr(a) || t === 'mem') ? null : needs('a register or memory')
    case 'xchg':
      return ['reg,reg', 'reg,mem', 'mem,reg'].includes(t) &&
        (a?.t !== 'reg' || gpr(a)) &&
        (b?.t !== 'reg' || gpr(b))
        ? null
        : needs('a register and a register or memory')
    case 'in': {
      const ok =
        a?.t === 'reg' &&
        a.r === 0 &&
        a.size !== 64 &&
        ((b?.t === 'imm' && b.v >= 0n && b.v <= 255n) ||
          (b?.t === 'reg' && b.r === 2 && b.size === 16))
      return ops.length === 2 && ok ? null : needs('al|ax|eax, then a port 0-255 or dx')
    }
    case 'out': {
      const ok =
        b?.t === 'reg' &&
        b.r === 0 &&
        b.size !== 64 &&
        ((a?.t === 'imm' && a.v >= 0n && a.v <= 255n) ||
          (a?.t === 'reg' && a.r === 2 && a.size === 16))
      return ops.length === 2 && ok ? null : needs('a port 0-255 or dx, then al|ax|eax')
    }
    case 'lgdt':
    case 'lidt':
    case 'sgdt':
    case 'sidt':
    case 'invlpg':
      return t === 'mem' ? null : needs('a memory operand ([gdt_desc], [eax])')
    case 'smsw':
    case 'str':
    case 'sldt':
    case 'verr':
    case 'verw':
      return t === 'reg' && gpr(a) ? null : needs(`a ${bits}-bit register`)
    case 'lar':
    case 'lsl':
      return t === 'reg,reg' && gpr(a) && gpr(b) ? null : needs(`two registers (${m} eax, ebx)`)
    default:
      return isJcc(m) ? (t === 'label' ? null : needs('a label')) : null
  }
}

const opText = (o: Operand, bits: Bits): string => {
  switch (o.t) {
    case 'reg':
      return (GPR_NAMES[o.size] as readonly string[])[o.r] ?? '?'
    case 'imm':
      return o.v < 0n
        ? `-0x${(-o.v).toString(16)}`
        : o.v < 10n
          ? o.v.toString()
          : `0x${o.v.toString(16)}`
    case 'mem': {
      const base =
        o.base === null ? (o.sym ?? '') : ((GPR_NAMES[bits] as readonly string[])[o.base] ?? '?')
      if (o.base === null && o.sym === null) return `[0x${o.disp.toString(16)}]`
      const d =
        o.disp === 0n
          ? ''
          : o.disp < 0n
            ? `-0x${(-o.disp).toString(16)}`
            : `+0x${o.disp.toString(16)}`
      return `[${base}${d}]`
    }
    case 'label':
      return o.name
    case 'far':
      return `0x${o.sel.toString(16)}:${o.name}`
    case 'cr':
      return `cr${o.n}`
    case 'sreg':
      return o.s
  }
}

/** Canonical text of an instruction (`int $0x82` keeps the AT&T-style `$` the notes use). */
export function instrText(m: Mnemonic, ops: readonly Operand[], bits: Bits): string {
  if (m === 'int' && ops[0]?.t === 'imm') return `int $0x${ops[0].v.toString(16)}`
  return ops.length === 0 ? m : `${m} ${ops.map((o) => opText(o, bits)).join(', ')}`
}

/**
 * Reads one program line. `text` is the line after the console command; `column` is where it
 * starts on the console line, so failures point at the console's own columns.
 */
export function assembleLine(text: string, column: number, bits: Bits): AsmResult {
  const fail = (col: number, message: string): AsmResult => ({
    ok: false,
    error: { column: col, message },
  })
  let rest = text
  let col = column
  const skip = (): void => {
    const lead = rest.length - rest.trimStart().length
    rest = rest.slice(lead)
    col += lead
  }
  skip()
  let label: string | null = null
  const lm = /^([^\s:]+):/.exec(rest)
  if (lm && lm[1] !== undefined) {
    if (!LABEL.test(lm[1]))
      return fail(
        col,
        `'${lm[1]}' is not a label: letters, digits, '_' and '.', not starting with a digit`,
      )
    label = lm[1]
    rest = rest.slice(lm[0].length)
    col += lm[0].length
    skip()
  }
  if (rest === '') {
    if (label === null) return fail(col, 'expected an instruction or a label (e.g. loop: or cli)')
    return { ok: true, line: { label, instr: null, column: col } }
  }
  const mm = /^\S+/.exec(rest)
  const word = (mm?.[0] ?? '').toLowerCase()
  const mnemonic = MNEMONICS.find((x) => x === word)
  const mcol = col
  if (mnemonic === undefined) {
    const known = MNEMONICS.filter((x) => x[0] === word[0]).join(' ')
    return fail(
      mcol,
      `unknown mnemonic '${mm?.[0] ?? ''}'${known ? `; the model knows ${known}` : ''} (help asm lists them)`,
    )
  }
  rest = rest.slice(word.length)
  col += word.length
  const pieces = rest.trim() === '' ? [] : splitOperands(rest, col)
  const ops: Operand[] = []
  for (const p of pieces) {
    const r = operand(p, bits)
    if (!r.ok) return { ok: false, error: r.error }
    ops.push(r.op)
  }
  const shape = shapeError(mnemonic, ops, bits)
  if (shape !== null) return fail(pieces[0]?.column ?? mcol, `bad operand: ${shape}`)
  return {
    ok: true,
    line: {
      label,
      instr: { m: mnemonic, ops, text: instrText(mnemonic, ops, bits) },
      column: mcol,
    },
  }
}
