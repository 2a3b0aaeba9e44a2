import type { StoreApi } from 'zustand/vanilla'
import { formatHash, parseHash, parseQuery } from './url.ts'
import type { VmStore } from './store.ts'
import { savePrefs } from './prefsStorage.ts'
import { AUTHORED_ID, EDIT_ID } from '../scenarios/custom.ts'

/** The hash the app should show for the current state, or null to leave it alone. */
export function hashForState(s: VmStore): string | null {
  if (s.view.kind === 'player' && s.view.scenario.id === AUTHORED_ID) {
    const base = `#/${AUTHORED_ID}/${s.playback.cursor + 1}`
    return s.view.payload === undefined ? base : `${base}/${s.view.payload}`
  }
  if (s.view.kind === 'player') {
    return formatHash({
      kind: 'scenario',
      id: s.view.scenario.id,
      step: s.playback.cursor + 1,
      extra: s.view.extra,
    })
  }
  if (s.view.kind === 'handout') return formatHash({ kind: 'print', id: s.view.scenario.id })
  if (s.view.kind === 'library') return '#/'
  if (s.view.kind === 'glossary') return '#/glossary'
  if (s.view.kind === 'editor') return `#/${EDIT_ID}`
  return null
}

/**
 * URL -> store on load and on hashchange; store -> URL with replaceState (no history entry
 * per step, no hashchange echo). Returns a function that undoes the wiring.
 */
export function startUrlSync(store: StoreApi<VmStore>, win: Window = window): () => void {
  const query = parseQuery(win.location.search)
  if (query.lang) store.getState().setLang(query.lang)

  // A link the person follows owns the URL: when the hash is no longer the one this code last
  // read or wrote, a navigation is on its way (its hashchange may not have fired yet), so a
  // step's update still waiting for its frame must not write the old scenario over it.
  let known = win.location.hash
  const openFromHash = (): void => {
    known = win.location.hash
    const r = parseHash(win.location.hash)
    if (r.ok) store.getState().openRoute(r.value)
    else store.getState().showError(r.error)
  }
  openFromHash()
  win.addEventListener('hashchange', openFromHash)

  // The URL follows the store at most once per frame, after the frame is painted: a press
  // lands first, and a held key or a playing scenario costs one replaceState per frame.
  let pending = false
  let stopped = false
  let frameId = 0
  const flush = (): void => {
    pending = false
    if (stopped || win.location.hash !== known) return
    const hash = hashForState(store.getState())
    if (hash !== null && hash !== win.location.hash) {
      win.history.replaceState(win.history.state, '', hash)
      known = win.location.hash
    }
  }
  const unsubscribe = store.subscribe((s, prev) => {
    if (s.prefs !== prev.prefs) savePrefs(s.prefs, win)
    if (s.view === prev.view && s.playback.cursor === prev.playback.cursor) return
    if (pending) return
    pending = true
    // A window without frames (a test double, a hidden frame) still gets its URL.
    if (typeof win.requestAnimationFrame === 'function')
      frameId = win.requestAnimationFrame(() => win.setTimeout(flush, 0))
    else flush()
  })
  return () => {
    win.removeEventListener('hashchange', openFromHash)
    stopped = true
    if (pending && typeof win.cancelAnimationFrame === 'function') win.cancelAnimationFrame(frameId)
    unsubscribe()
  }
}
