import type { StoreApi } from 'zustand/vanilla'
import { loadPrefs, loadQuizMode } from './prefsStorage.ts'
import type { VmStore } from './store.ts'
import { parseQuery } from './url.ts'
import { startUrlSync } from './urlSync.ts'

/**
 * Start-up before the first render: remembered preferences (if there is storage at all), the
 * query's options, then the link. Returns what undoes the URL wiring.
 */
export function bootStore(store: StoreApi<VmStore>, win: Window = window): () => void {
  const stored = loadPrefs(win)
  const query = parseQuery(win.location.search)
  const quiz = query.quiz ?? loadQuizMode(win) ?? store.getState().prefs.quiz
  store.setState({ prefs: { ...store.getState().prefs, ...stored, embed: query.embed, quiz } })
  return startUrlSync(store, win)
}
