import { type Token, lex, readNumber } from './lexer.ts'

/** The value a word carries: the part after `=` of an option, else the word. */
const valueOf = (t: Token): string => {
  const eq = t.text.indexOf('=')
  return eq > 0 ? t.text.slice(eq + 1) : t.text
}

// Numbers a message names, except the ends of ranges ("1..64", "0 to 0x7fef"): those are limits,
// not what was typed.
const NUMBER_RE = /(?<!\w|\.\.|\d\.)(0x[0-9a-f]+|\d+)(?!\w|\.\.|\.\d)/gi

function namedNumbers(message: string): Set<bigint> {
  const out = new Set<bigint>()
  for (const m of message.matchAll(NUMBER_RE)) {
    const before = message.slice(Math.max(0, m.index - 4), m.index)
    const after = message.slice(m.index + m[0].length, m.index + m[0].length + 4)
    if (/\.\.$|\bto $/.test(before) || /^\.\.|^ to /.test(after)) continue
    const v = readNumber(m[0])
    if (typeof v === 'bigint') out.add(v)
  }
  return out
}

const escapeRe = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')

/**
 * Where an engine refusal of a parsed line points: at the argument whose value the message
 * names (the rightmost one when it names several: the subject, a domain or a name, comes
 * first and the value at fault after it), else at the first argument, else at the command.
 * `commandWords` is how many words of the line are the command's own.
 */
export function refusalColumn(text: string, commandWords: number, message: string): number {
  const tokens = lex(text)
  const args = tokens.slice(commandWords)
  const numbers = namedNumbers(message)
  let at: Token | undefined
  for (const t of args) {
    const value = valueOf(t)
    if (value === '') continue
    const n = readNumber(value)
    const named =
      typeof n === 'bigint'
        ? numbers.has(n)
        : new RegExp(`(?<![\\w.-])${escapeRe(value)}(?![\\w-])`).test(message)
    if (named) at = t
  }
  return (at ?? args[0] ?? tokens[0])?.column ?? 1
}
