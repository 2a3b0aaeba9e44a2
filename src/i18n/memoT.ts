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

// Options that change how i18next resolves or formats a string: with any of them the memo asks
// i18next itself. The rest are interpolation values.
const RESOLVING = new Set([
  'count',
  'context',
  'ordinal',
  'lng',
  'lngs',
  'fallbackLng',
  'ns',
  'keyPrefix',
  'defaultValue',
  'returnObjects',
  'returnDetails',
  'joinArrays',
  'postProcess',
  'interpolation',
  'replace',
  'skipInterpolation',
  'nsSeparator',
  'keySeparator',
])
const PLACEHOLDER = /{{(.*?)}}/g
const NAME = /^\w+$/

/**
 * The string i18next would give for a flat key of `table` with plain interpolation values, or
 * undefined when that needs i18next itself: a missing key (the fallback language), nesting
 * (`$t(`), a formatted or unescaped placeholder (`{{x, number}}`, `{{- x}}`), a placeholder
 * with no value, or an option that is not a value (count, context, ...). i18next spends most
 * of a call on spreading its options, the key-path search and the formatter hooks; with none
 * of them in play the answer is the template with the values put in (escapeValue is false).
 */
export function plainInterpolate(
  table: Readonly<Record<string, unknown>> | undefined,
  key: string,
  opts: Readonly<Record<string, unknown>> | undefined,
): string | undefined {
  const template = table?.[key]
  if (typeof template !== 'string' || template.includes('$t(')) return undefined
  if (opts) for (const name of Object.keys(opts)) if (RESOLVING.has(name)) return undefined
  if (!template.includes('{{')) return template
  let ok = true
  const out = template.replace(PLACEHOLDER, (_, name: string) => {
    const v = opts?.[name]
    if (!NAME.test(name) || v === undefined || v === null) {
      ok = false
      return ''
    }
    return String(v as string | number | boolean | bigint)
  })
  return ok ? out : undefined
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
      if (o === null || typeof key !== 'string') return fixed(key, opts, ...rest)
      // A t without a fixed language speaks the current one.
      const lng = fixed.lng ?? fixed.lngs?.join(',') ?? i18n.language
      const k = `${lng}\u0003${scope}${key}${o}`
      const hit = memo.get(k)
      if (hit !== undefined) return hit
      // A first sight (every new step's numbers) is answered without i18next when it can be.
      const ns = fixed.ns ?? 'translation'
      const table =
        typeof ns === 'string' &&
        (fixed.keyPrefix === undefined || fixed.keyPrefix === null) &&
        !key.includes(':')
          ? (i18n.store.data[lng]?.[ns] as Readonly<Record<string, unknown>> | undefined)
          : undefined
      const v =
        plainInterpolate(table, key, opts as Readonly<Record<string, unknown>> | undefined) ??
        fixed(key, opts)
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
