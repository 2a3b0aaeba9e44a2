// i18next's `t` is slow for what the player asks of it: every call spreads the instance's whole
// options object, resolves the key and runs interpolation (about 15-30 µs each on a loaded
// 2-core machine), and a step's render calls it dozens of times for text that did not change.
// This remembers each string by language, namespace, key and (primitive) options, and forgets
// everything when a table arrives or the language changes. Loaded with the player's strings
// (index.ts loadUiStrings), so the first-paint chunk does not carry it.
import type { i18n as I18n } from 'i18next'

type Fixed = ((key: unknown, opts?: unknown, ...rest: unknown[]) => unknown) & {
  lng?: string
  lngs?: readonly string[]
  ns?: unknown
  keyPrefix?: unknown
}

// A lecture's strings: a few thousand at most. Past this the memo starts again.
const MAX_ENTRIES = 5000

/** The options part of the memo key, or null when an option is not a plain value (not memoized). */
function optionsKey(opts: unknown): string | null {
  if (opts === undefined) return ''
  if (typeof opts !== 'object' || opts === null || Array.isArray(opts)) return null
  let k = ''
  for (const [name, v] of Object.entries(opts)) {
    const type = typeof v
    if (type !== 'string' && type !== 'number' && type !== 'boolean' && type !== 'bigint')
      return null
    // The type too: 1 and '1' may read differently (plural rules take numbers only).
    k += `\u0001${name}\u0002${type[0] ?? ''}${String(v as string | number | boolean | bigint)}`
  }
  return k
}

const installed = new WeakSet<I18n>()

/** Wraps `i18n.getFixedT` so every `t` it makes (useTranslation's too) answers from the memo. */
export function memoizeT(i18n: I18n): void {
  if (installed.has(i18n)) return
  installed.add(i18n)
  const memo = new Map<string, string>()
  const forget = (): void => memo.clear()
  i18n.on('languageChanged', forget)
  i18n.store.on('added', forget)
  i18n.store.on('removed', forget)
  const getFixedT = i18n.getFixedT.bind(i18n) as unknown as (...a: unknown[]) => Fixed
  const wrapped = (...args: unknown[]): Fixed => {
    const fixed = getFixedT(...args)
    const scope = `${String(fixed.ns)}\u0003${String(fixed.keyPrefix)}\u0003`
    const t: Fixed = (key, opts, ...rest) => {
      const o = rest.length === 0 && typeof key === 'string' ? optionsKey(opts) : null
      if (o === null) return fixed(key, opts, ...rest)
      // A t without a fixed language speaks the current one.
      const lng = fixed.lng ?? fixed.lngs?.join(',') ?? i18n.language
      const k = `${lng}\u0003${scope}${key}${o}`
      const hit = memo.get(k)
      if (hit !== undefined) return hit
      const v = fixed(key, opts)
      if (typeof v === 'string') {
        if (memo.size >= MAX_ENTRIES) memo.clear()
        memo.set(k, v)
      }
      return v
    }
    t.lng = fixed.lng
    t.lngs = fixed.lngs
    t.ns = fixed.ns
    t.keyPrefix = fixed.keyPrefix
    return t
  }
  // The instance's own method: react-i18next calls it as i18n.getFixedT(...).
  ;(i18n as unknown as { getFixedT: typeof wrapped }).getFixedT = wrapped
}
