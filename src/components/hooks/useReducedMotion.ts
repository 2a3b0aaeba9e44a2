import { useSyncExternalStore } from 'react'

const REDUCED = '(prefers-reduced-motion: reduce)'

// One MediaQueryList for the page: useSyncExternalStore reads the snapshot on every render of
// every panel, and window.matchMedia parses the query and makes a new list each call (about
// 0.1 ms each on a loaded machine, a millisecond a step across the panels).
let query: MediaQueryList | null = null
const reducedQuery = (): MediaQueryList => (query ??= window.matchMedia(REDUCED))

function subscribeReduced(cb: () => void): () => void {
  const mq = reducedQuery()
  mq.addEventListener('change', cb)
  return () => mq.removeEventListener('change', cb)
}

const reduced = (): boolean => reducedQuery().matches

/** True when the system asks for less motion: animations become instant changes. */
export function useReducedMotion(): boolean {
  return useSyncExternalStore(subscribeReduced, reduced)
}
