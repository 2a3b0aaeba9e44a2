// Chinese typography for narration assembled from pieces: full-width punctuation takes no
// spaces around it, Chinese and Latin are one space apart ("使用 EPT", "第 27 步").

const HAN = '\\u3400-\\u4dbf\\u4e00-\\u9fff'
const FW_PUNCT = '，。：；！？（）、“”‘’《》…—'
const AROUND_PUNCT = new RegExp(` +([${FW_PUNCT}])|([${FW_PUNCT}]) +`, 'g')
const HAN_LATIN = new RegExp(`([${HAN}])([A-Za-z0-9#])|([A-Za-z0-9])([${HAN}])`, 'g')

const spaced = (_: string, a?: string, b?: string, c?: string, d?: string): string =>
  a !== undefined ? `${a} ${b ?? ''}` : `${c ?? ''} ${d ?? ''}`

/** Tidies the spacing of a Chinese sentence built from parts (the words are unchanged). */
export function tidyZh(s: string): string {
  return s
    .replace(/ {2,}/g, ' ')
    .replace(AROUND_PUNCT, '$1$2')
    .replace(HAN_LATIN, spaced)
    .replace(HAN_LATIN, spaced)
    .trim()
}

/** A list in Chinese: 0、1、2 (an em dash when empty). */
export const listZh = (xs: readonly (number | string)[]): string =>
  xs.length === 0 ? '—' : xs.join('、')

/** One English message format the engine uses, and its Chinese. */
export interface Rewrite {
  readonly en: RegExp
  /** With $1, $2… for the groups, or built from the match. */
  readonly zh: string | ((m: RegExpExecArray) => string)
  /** A message in this format, so a test can check the Chinese. */
  readonly sample: string
}

/** The Chinese of an engine message: the first rewrite that matches, else the English. */
export function rewrite(rules: readonly Rewrite[], en: string): string {
  for (const r of rules) {
    const m = r.en.exec(en)
    if (m)
      return typeof r.zh === 'string'
        ? r.zh.replace(/\$(\d)/g, (_, n: string) => m[Number(n)] ?? '')
        : r.zh(m)
  }
  return en
}
