import { hex } from '../engine/index.ts'
import { ArgFailure } from './errors.ts'
import { type Token, readNumber } from './lexer.ts'
import { didYouMean, nearestWord } from './suggest.ts'

/**
 * The note for a bare decimal address that looks like hex missing its `0x`: 4 or more digits
 * and no K/M/G suffix, and not a multiple of 4096 (a page-aligned decimal such as 8192 is
 * plainly meant as decimal). Bare numbers stay decimal; the line still runs. Null: no note.
 */
export function decimalAddressNote(text: string, value: bigint): string | null {
  const digits = text.replace(/_/g, '')
  if (!/^\d{4,}$/.test(digits) || value % 4096n === 0n) return null
  return `${text} is decimal (${hex(value)}); write 0x${digits} for hex`
}

/**
 * An integer field of an op that the console fills from a typed number: the name the usage
 * gives it, what it is, its inclusive range and why. Values are JavaScript numbers, so a
 * field's range must stay within 2^53 (intField checks); wider fields stay bigint.
 */
export interface IntField {
  /** The usage's name for it (`FRAME`, `DOM`); options are named `key=` instead. */
  readonly label: string
  /** For "expected ..." messages: 'a frame number'. */
  readonly what: string
  readonly min: number
  readonly max: number
  /** Where the range comes from: 'domid_t is 16 bits'. */
  readonly why: string
}

export function intField(label: string, what: string, max: number, why: string, min = 0): IntField {
  if (!Number.isSafeInteger(max) || !Number.isSafeInteger(min) || min > max)
    throw new Error(`intField ${label}: bad range ${min}..${max}`)
  return { label, what, min, max, why }
}

const rangeNumber = (n: number): string => (n > 255 ? `0x${n.toString(16)}` : String(n))

/**
 * Reads typed `text` as field `f`: exactly (no rounding, no Infinity), or an ArgFailure at
 * `column` naming the field and its range and showing the value as it was typed.
 */
export function fieldValue(text: string, column: number, f: IntField, label = f.label): number {
  const v = readNumber(text)
  if (v === null)
    throw new ArgFailure(column, `expected ${f.what} (a number like 8 or 0x8), got '${text}'`)
  if (v === 'too-wide' || v < BigInt(f.min) || v > BigInt(f.max)) {
    const shown = label.endsWith('=') ? `${label}${text}` : `${label} ${text}`
    throw new ArgFailure(
      column,
      `${shown} is out of range ${rangeNumber(f.min)}..${rangeNumber(f.max)} (${f.why})`,
    )
  }
  return Number(v)
}

/**
 * Reads the words after a command: positionals in order, then `key=value` options and
 * flag words in any order. Each read either returns a value or throws ArgFailure with the
 * column of the offending word.
 */
export class ArgReader {
  private pos = 0
  private readonly options = new Map<string, Token & { value: string; valueColumn: number }>()
  private readonly positionals: Token[] = []
  /** Keywords tried at each positional index, for "did you mean" when nothing matched. */
  private readonly tried = new Map<number, string[]>()
  /** Option keys the row asked for, for "did you mean" on an unknown one. */
  private readonly askedKeys: string[] = []
  private formatRead = false
  /** Notes about words that parsed but may not mean what was typed (decimal addresses). */
  readonly warnings: string[] = []
  /** The JSON "cmd" a row names once it knows it (`ring front push`); null: the row's words. */
  command: string | null = null

  constructor(
    tokens: readonly Token[],
    /** Column just after the command words, for "missing argument" errors. */
    private readonly endColumn: number,
    /** The `/FMT` glued to the command word (`x/4g`): its text after the slash and column. */
    private readonly fmt: Token | null = null,
  ) {
    for (const t of tokens) {
      const eq = t.text.indexOf('=')
      if (eq > 0) {
        const key = t.text.slice(0, eq).toLowerCase()
        if (this.options.has(key)) throw new ArgFailure(t.column, `option ${key}= given twice`)
        this.options.set(key, { ...t, value: t.text.slice(eq + 1), valueColumn: t.column + eq + 1 })
      } else {
        this.positionals.push(t)
      }
    }
  }

  private next(what: string): Token {
    const t = this.positionals[this.pos]
    if (!t) throw new ArgFailure(this.endColumn, `expected ${what}`)
    this.pos++
    return t
  }

  number(what: string): bigint {
    const at = this.pos
    const t = this.next(what)
    const v = readNumber(t.text)
    if (v === 'too-wide')
      throw new ArgFailure(t.column, `${what}: ${t.text} does not fit in 64 bits`)
    if (v === null) {
      // A keyword was also possible here (`invvpid singel`): suggest it.
      const s = nearestWord(t.text, this.tried.get(at) ?? [])
      throw new ArgFailure(
        t.column,
        `expected ${what} (a number like 0x7000 or 28672), got '${t.text}'${didYouMean(s)}`,
        s,
      )
    }
    return v
  }

  /**
   * A number that is an address. A bare number is decimal, as everywhere; one that looks like
   * hex missing its `0x` (decimalAddressNote) adds a warning and still parses.
   */
  address(what: string): bigint {
    const t = this.positionals[this.pos]
    const v = this.number(what)
    const note = t ? decimalAddressNote(t.text, v) : null
    if (note !== null) this.warnings.push(note)
    return v
  }

  /** The `/FMT` after the command word, or null; a row that never asks rejects one in done(). */
  format(): Token | null {
    this.formatRead = true
    return this.fmt
  }

  private remember(choices: readonly string[]): void {
    const list = this.tried.get(this.pos) ?? []
    list.push(...choices)
    this.tried.set(this.pos, list)
  }

  /** The next positional as integer field `f`, range-checked (see fieldValue). */
  int(f: IntField): number {
    const t = this.next(f.what)
    return fieldValue(t.text, t.column, f)
  }

  /** The next positional if it is written as a number (a 64-bit one, else an error), or null. */
  optionalNumber(what: string): bigint | null {
    const t = this.positionals[this.pos]
    const v = t ? readNumber(t.text) : null
    if (!t || v === null) return null
    if (v === 'too-wide')
      throw new ArgFailure(t.column, `${what}: ${t.text} does not fit in 64 bits`)
    this.pos++
    return v
  }

  /** The next positional as field `f` if it is written as a number (any width), else null. */
  optionalInt(f: IntField): number | null {
    const t = this.positionals[this.pos]
    if (!t || readNumber(t.text) === null) return null
    this.pos++
    return fieldValue(t.text, t.column, f)
  }

  /** optionalInt as a bigint, for ops whose field is one (INVVPID's VPID). */
  optionalBigInt(f: IntField): bigint | null {
    const v = this.optionalInt(f)
    return v === null ? null : BigInt(v)
  }

  /** A `key=N` option as integer field `f` (shown as `key=` in errors), or null when absent. */
  intOption(key: string, f: IntField): number | null {
    const o = this.optionText(key)
    return o === null ? null : fieldValue(o.value, o.column, f, `${key}=`)
  }

  /** The column of the next positional word, or of the line's end when none is left. */
  get nextColumn(): number {
    return this.positionals[this.pos]?.column ?? this.endColumn
  }

  /** The column of the last positional word taken (the line's end before any). */
  get lastColumn(): number {
    return this.positionals[this.pos - 1]?.column ?? this.endColumn
  }

  /** Takes every remaining positional word as typed, with its column (free text: `asm`). */
  rest(): Token[] {
    const out = this.positionals.slice(this.pos)
    this.pos = this.positionals.length
    return out
  }

  /** A failure where a missing argument would go, just after the last word: `throw a.missing(...)`. */
  missing(message: string): ArgFailure {
    return new ArgFailure(this.endColumn, message)
  }

  word<const W extends string>(what: string, choices: readonly W[]): W {
    const t = this.next(what)
    const w = choices.find((c) => c === t.text.toLowerCase())
    if (!w) {
      const s = nearestWord(t.text, choices)
      throw new ArgFailure(
        t.column,
        `expected ${what}: ${choices.join(' | ')}, got '${t.text}'${didYouMean(s)}`,
        s,
      )
    }
    return w
  }

  /** Takes the next positional if it is one of `choices` (lower case), else leaves it. */
  optionalWord<const W extends string>(choices: readonly W[]): W | null {
    this.remember(choices)
    return this.optional((t) => choices.find((c) => c === t) ?? null)
  }

  name(what: string): string {
    const t = this.next(what)
    if (!/^[a-z_][a-z0-9_.-]{0,31}$/i.test(t.text)) {
      throw new ArgFailure(
        t.column,
        `expected ${what}: letters, digits, '_', '-' or '.', starting with a letter, got '${t.text}'`,
      )
    }
    return t.text
  }

  /** Takes every remaining positional word that is one of `choices` (flags in any order). */
  flags<const W extends string>(choices: readonly W[]): Set<W> {
    const out = new Set<W>()
    while (this.pos < this.positionals.length) {
      const t = this.positionals[this.pos]
      if (!t) break
      this.remember(choices)
      const w = choices.find((c) => c === t.text.toLowerCase())
      if (!w) break
      if (out.has(w)) throw new ArgFailure(t.column, `flag ${w} given twice`)
      out.add(w)
      this.pos++
    }
    return out
  }

  /** Takes the next positional if it matches `test`, else leaves it. */
  optional<T>(test: (text: string) => T | null): T | null {
    const t = this.positionals[this.pos]
    if (!t) return null
    const v = test(t.text.toLowerCase())
    if (v !== null) this.pos++
    return v
  }

  option<const W extends string>(key: string, choices: readonly W[]): W | null {
    this.askedKeys.push(key)
    const o = this.options.get(key)
    if (!o) return null
    this.options.delete(key)
    const w = choices.find((c) => c.toLowerCase() === o.value.toLowerCase())
    if (!w) {
      // A number out of range gets no "did you mean" (52 is not a typo of 32).
      const s = readNumber(o.value) === null ? nearestWord(o.value, choices) : undefined
      throw new ArgFailure(
        o.valueColumn,
        `expected ${key}=${choices.join('|')}, got '${o.value}'${didYouMean(s)}`,
        s,
      )
    }
    return w
  }

  /** The raw text of a `key=value` option (taking it), with the value's column; null if absent. */
  optionText(key: string): { readonly value: string; readonly column: number } | null {
    this.askedKeys.push(key)
    const o = this.options.get(key)
    if (!o) return null
    this.options.delete(key)
    return { value: o.value, column: o.valueColumn }
  }

  /**
   * Fails on any word nobody asked for, pointing at it, with the nearest keyword the row
   * would have taken there (`usr` -> `user`) or the nearest option it knows (`sze=` -> `size=`).
   */
  done(): void {
    if (this.fmt && !this.formatRead)
      throw new ArgFailure(this.fmt.column - 1, `unexpected '/${this.fmt.text}'`)
    const extra = this.positionals[this.pos]
    if (extra) {
      const s = nearestWord(extra.text, this.tried.get(this.pos) ?? [])
      throw new ArgFailure(extra.column, `unexpected '${extra.text}'${didYouMean(s)}`, s)
    }
    const opt = this.options.values().next()
    if (!opt.done) {
      const key = opt.value.text.slice(0, opt.value.text.indexOf('='))
      const near = nearestWord(key, this.askedKeys)
      const s = near === undefined ? undefined : `${near}=`
      throw new ArgFailure(
        opt.value.column,
        `unknown option '${opt.value.text}'${didYouMean(s)}`,
        s,
      )
    }
  }
}
