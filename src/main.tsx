import { StrictMode } from 'react'
import { createRoot } from 'react-dom/client'
import { App } from './app/App.tsx'
import { initI18n } from './i18n/index.ts'
import { loadPrefs } from './state/prefsStorage.ts'
import { parseQuery } from './state/url.ts'
import { startUrlSync } from './state/urlSync.ts'
import { vmStore } from './state/store.ts'
import './styles.css'

const stored = loadPrefs(window.localStorage)
const query = parseQuery(window.location.search)
vmStore.setState({
  prefs: {
    ...vmStore.getState().prefs,
    ...stored,
    embed: query.embed,
  },
})
startUrlSync(vmStore)
initI18n(vmStore.getState().prefs.lang)

const root = document.getElementById('root')
if (root) {
  createRoot(root).render(
    <StrictMode>
      <App />
    </StrictMode>,
  )
}
