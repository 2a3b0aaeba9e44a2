// "Did you mean" for commands and for keyword arguments (access intents, modes, flags,
// option names and values): the nearest known word by edit distance.

/** Words longer than this are never compared: a pasted blob costs nothing. */
export const SUGGEST_MAX_LENGTH = 32

/** Edit distance, for "did you mean" suggestions. */
export function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j)
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0] ?? 0
    row[0] = i
    for (let j = 1; j <= b.length; j++) {
      const cur = row[j] ?? 0
      row[j] = Math.min(cur + 1, (row[j - 1] ?? 0) + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1))
      prev = cur
    }
  }
  return row[b.length] ?? 0
}

/**
 * The keyword closest to `typed` when it is close enough to be a typo: at most one edit per
 * three letters (at least one), and fewer edits than `typed` has letters (so `x` does not
 * become `w`). Ties go to a choice that starts with what was typed (`of` -> `off`, not `on`),
 * then to the earlier one. Words over SUGGEST_MAX_LENGTH are skipped.
 */
export function nearestWord(typed: string, choices: readonly string[]): string | undefined {
  const t = typed.toLowerCase()
  if (t.length === 0 || t.length > SUGGEST_MAX_LENGTH) return undefined
  const limit = Math.max(1, Math.floor(t.length / 3))
  let best: { word: string; score: number } | undefined
  for (const c of choices) {
    const lc = c.toLowerCase()
    if (c.length > SUGGEST_MAX_LENGTH || lc === t) continue
    const d = editDistance(t, lc)
    // Half a point off for a prefix match breaks ties without beating a closer word.
    const score = d - (lc.startsWith(t) ? 0.5 : 0)
    if (d <= limit && d < t.length && (!best || score < best.score)) best = { word: c, score }
  }
  return best?.word
}

/** `; did you mean 'write'?` or nothing. */
export const didYouMean = (s: string | undefined): string =>
  s === undefined ? '' : `; did you mean '${s}'?`
