/** A word of a console line with its 1-based column, for error messages. */
export interface Token {
  readonly text: string
  readonly column: number
}

/** Splits one line into words; `#` starts a comment that runs to the end of the line. */
export function lex(line: string): Token[] {
  const tokens: Token[] = []
  const re = /[^\s#]+|#/g
  for (let m = re.exec(line); m; m = re.exec(line)) {
    if (m[0] === '#') break
    tokens.push({ text: m[0], column: m.index + 1 })
  }
  return tokens
}

const SUFFIX: Record<string, bigint> = { k: 1n << 10n, m: 1n << 20n, g: 1n << 30n }

/**
 * Numbers: hex `0x1f` or decimal `31`, optionally with a K, M or G multiplier (`2M`).
 * Returns the value when it fits in 64 bits, 'too-wide' for a number that does not, and null
 * when the text is not a number. Any length of text costs little: digits past what 64 bits
 * can hold are not converted.
 */
export function readNumber(text: string): bigint | 'too-wide' | null {
  const m = /^(0x[0-9a-f]+|\d+)([kmg])?$/i.exec(text.replace(/_/g, ''))
  if (!m || m[1] === undefined) return null
  const hex = /^0x/i.test(m[1])
  const digits = (hex ? m[1].slice(2) : m[1]).replace(/^0+(?=.)/, '')
  if (digits.length > (hex ? 16 : 20)) return 'too-wide'
  let v = BigInt(hex ? `0x${digits}` : digits)
  if (m[2] !== undefined) v *= SUFFIX[m[2].toLowerCase()] ?? 1n
  return v < 1n << 64n ? v : 'too-wide'
}

/** A number that fits in 64 bits (see readNumber), else null. */
export function parseNumber(text: string): bigint | null {
  const v = readNumber(text)
  return typeof v === 'bigint' ? v : null
}
