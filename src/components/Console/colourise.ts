export const RED = '\x1b[31m'
const MAGENTA = '\x1b[35m'
const CYAN = '\x1b[36m'
export const RESET = '\x1b[0m'

/** Colour for addresses, faults and exits; the words stay, so colour is never the only signal. */
export function colourise(line: string): string {
  const tone = /#PF|#GP|#UD|fault|error/i.test(line)
    ? RED
    : /VM exit|exit \d+/.test(line)
      ? MAGENTA
      : ''
  const body = line.replace(/0x[0-9a-f]+/gi, (h) => `${CYAN}${h}${RESET}${tone}`)
  return tone ? `${tone}${body}${RESET}` : body
}
