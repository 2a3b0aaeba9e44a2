/**
 * Structural equality of two layouts: primitives (bigints too) by value, arrays, Maps, Sets and
 * plain objects by content, anything else (functions, class instances) by identity. Layouts
 * share unchanged parts by reference, so the identity check up front ends most walks early.
 */
export function sameValue(a: unknown, b: unknown): boolean {
  if (Object.is(a, b)) return true
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false
    for (let i = 0; i < a.length; i++) if (!sameValue(a[i], b[i])) return false
    return true
  }
  if (a instanceof Map) {
    if (!(b instanceof Map) || a.size !== b.size) return false
    for (const [k, v] of a) if (!b.has(k) || !sameValue(v, b.get(k))) return false
    return true
  }
  if (a instanceof Set) {
    if (!(b instanceof Set) || a.size !== b.size) return false
    for (const k of a) if (!b.has(k)) return false
    return true
  }
  const proto = Object.getPrototypeOf(a) as unknown
  if (Array.isArray(b) || proto !== Object.getPrototypeOf(b)) return false
  if (proto !== Object.prototype && proto !== null) return false
  const ra = a as Record<string, unknown>
  const rb = b as Record<string, unknown>
  const keys = Object.keys(ra)
  if (keys.length !== Object.keys(rb).length) return false
  for (const k of keys) if (!Object.hasOwn(rb, k) || !sameValue(ra[k], rb[k])) return false
  return true
}
