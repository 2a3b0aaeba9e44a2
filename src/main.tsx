import { StrictMode } from 'react'
import { createRoot } from 'react-dom/client'
import { App } from './app/App.tsx'
import { loadPlayerView } from './components/Player/loadPlayerView.ts'
import { initI18n, loadLang } from './i18n/index.ts'
import { loadAllScenarios, loadCatalogueSummaries } from './scenarios/index.ts'
import { bootStore } from './state/boot.ts'
import { loadRuntime } from './state/runtime.ts'
import { vmStore } from './state/store.ts'
import './styles.css'

// The library cards' summaries: fetched at once, beside the first paint rather than in it.
loadCatalogueSummaries().catch(() => {})
// Works without localStorage (a sandboxed iframe): preferences are then not remembered.
bootStore(vmStore)
const lang = vmStore.getState().prefs.lang
initI18n(lang)

const root = document.getElementById('root')
// A Chinese page waits for its strings (one small chunk) rather than flash English first;
// if they cannot arrive, it shows in English.
if (root)
  void loadLang(lang)
    .catch(() => {})
    .then(() => start(root))

function start(root: HTMLElement): void {
  createRoot(root).render(
    <StrictMode>
      <App />
    </StrictMode>,
  )
  // The player and the script runner: at once when the link opens a scenario (the store is
  // already waiting for the runner), else when the browser is idle, with the panels' and the
  // scenario bodies' chunks, for instant scenarios. A chunk that fails here is fetched again
  // when it is needed.
  const player = () => {
    loadPlayerView().catch(() => {})
    loadRuntime().catch(() => {})
  }
  if (vmStore.getState().view.kind !== 'library') player()
  // A slide deck embedding the view drives it with postMessage (embed/bridge.ts).
  if (vmStore.getState().prefs.embed)
    import('./embed/bridge.ts').then((m) => m.startEmbedBridge(vmStore)).catch(() => {})
  const idle = window.requestIdleCallback ?? ((f: () => void) => window.setTimeout(f, 200))
  // Prefetching waits for the first frame to be painted, then for an idle moment.
  requestAnimationFrame(() =>
    window.setTimeout(() =>
      idle(() => {
        player()
        // Offline use: the service worker precaches every chunk (not in `vite dev`).
        if (import.meta.env.PROD && 'serviceWorker' in navigator)
          import('./pwa.ts').then((m) => m.startOffline(vmStore)).catch(() => {})
        import('./components/Player/panels.ts').then((m) => m.prefetchPanels()).catch(() => {})
        loadAllScenarios().catch(() => {})
      }),
    ),
  )
}
