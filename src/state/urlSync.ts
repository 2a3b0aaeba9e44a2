import type { StoreApi } from 'zustand/vanilla'
import { formatHash, parseHash, parseQuery } from './url.ts'
import type { VmStore } from './store.ts'
import { savePrefs } from './prefsStorage.ts'

/** The hash the app should show for the current state, or null to leave it alone. */
export function hashForState(s: VmStore): string | null {
  if (s.view.kind === 'player') {
    return formatHash({
      kind: 'scenario',
      id: s.view.scenario.id,
      step: s.playback.cursor + 1,
      extra: s.view.extra,
    })
  }
  if (s.view.kind === 'library') return '#/'
  return null
}

/**
 * URL -> store on load and on hashchange; store -> URL with replaceState (no history entry
 * per step, no hashchange echo). Returns a function that undoes the wiring.
 */
export function startUrlSync(store: StoreApi<VmStore>, win: Window = window): () => void {
  const query = parseQuery(win.location.search)
  if (query.lang) store.getState().setLang(query.lang)

  const openFromHash = (): void => {
    const r = parseHash(win.location.hash)
    if (r.ok) store.getState().openRoute(r.value)
    else store.getState().showError(r.error)
  }
  openFromHash()
  win.addEventListener('hashchange', openFromHash)

  const unsubscribe = store.subscribe((s, prev) => {
    if (s.prefs !== prev.prefs) savePrefs(s.prefs, win)
    if (s.view === prev.view && s.playback.cursor === prev.playback.cursor) return
    const hash = hashForState(s)
    if (hash !== null && hash !== win.location.hash) {
      win.history.replaceState(win.history.state, '', hash)
    }
  })
  return () => {
    win.removeEventListener('hashchange', openFromHash)
    unsubscribe()
  }
}
