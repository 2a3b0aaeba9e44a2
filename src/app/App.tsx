import { Suspense, lazy, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { CopyLink } from '../components/Console/CopyLink.tsx'
import { LibraryView } from '../components/Library/LibraryView.tsx'
import { ScenarioLoading } from '../components/Library/ScenarioLoading.tsx'
import { PanelBoundary } from '../components/Boundary/PanelBoundary.tsx'
import { loadPlayerView } from '../components/Player/loadPlayerView.ts'
import { RouteError } from '../components/RouteError/RouteError.tsx'
import { LANGS, loadUiStrings } from '../i18n/index.ts'
import { selectHelpOpen, selectLang, selectPrefs, selectView } from '../state/selectors.ts'
import { type Theme, useVmStore, vmStore } from '../state/store.ts'
import type { Lang } from '../state/url.ts'
import { runAppCommand } from '../state/commands.ts'
import { useDocumentPrefs, useKeyboard, usePlaybackLoop } from './hooks.ts'

const THEMES: readonly Theme[] = ['system', 'light', 'dark']

// The player (narration, script, controls and what they import) is not needed for the library,
// so it is its own chunk; main.tsx fetches it with the runner.
const PlayerView = lazy(() => loadPlayerView().then((m) => ({ default: m.PlayerView })))
// The shortcut legend is fetched when first asked for, then stays mounted (it closes itself).
const HelpDialog = lazy(() =>
  import('../components/Help/HelpDialog.tsx').then((m) => ({ default: m.HelpDialog })),
)
// A handout (#/print/<id>) is printed now and then: its view and the panels load when opened.
const HandoutView = lazy(() =>
  Promise.all([import('../components/Handout/HandoutView.tsx'), loadUiStrings()]).then(([m]) => ({
    default: m.HandoutView,
  })),
)
// The scenario editor (#/edit) and the English strings it shows: fetched when it is opened.
const EditorView = lazy(() =>
  Promise.all([import('../components/Editor/EditorView.tsx'), loadUiStrings()]).then(([m]) => ({
    default: m.EditorView,
  })),
)
const GlossaryView = lazy(() =>
  import('../glossary/GlossaryView.tsx').then((m) => ({ default: m.GlossaryView })),
)

function Header() {
  const { t } = useTranslation()
  const prefs = useVmStore(selectPrefs)
  return (
    <header className="app-header">
      <a className="skip-link" href="#main">
        {t('nav.skip')}
      </a>
      <a className="brand" href="#/">
        <span className="brand-name">{t('app.title')}</span>
        <span className="brand-tagline">{t('app.tagline')}</span>
      </a>
      <nav className="header-tools" aria-label={t('prefs.tools')}>
        <a href="#/">{t('nav.library')}</a>
        <a href="#/glossary">{t('glossary.title')}</a>
        <a href="#/edit">{t('nav.edit')}</a>
        <label>
          <span>{t('prefs.language')}</span>
          <select
            aria-label="Language"
            value={prefs.lang}
            onChange={(e) => vmStore.getState().setLang(e.target.value as Lang)}
          >
            {LANGS.map((l) => (
              <option key={l.code} value={l.code} lang={l.html}>
                {l.label}
              </option>
            ))}
          </select>
        </label>
        <label>
          <span>{t('prefs.theme')}</span>
          <select
            value={prefs.theme}
            onChange={(e) => vmStore.getState().setTheme(e.target.value as Theme)}
          >
            {THEMES.map((th) => (
              <option key={th} value={th}>
                {t(`prefs.theme.${th}`)}
              </option>
            ))}
          </select>
        </label>
        <CopyLink />
        <button
          type="button"
          aria-pressed={prefs.presenter}
          onClick={() => runAppCommand(vmStore, 'presenter')}
        >
          {t('prefs.presenter')} <kbd>P</kbd>
        </button>
        <button
          type="button"
          onClick={() => runAppCommand(vmStore, 'help')}
          aria-label={t('prefs.help')}
        >
          ?
        </button>
      </nav>
    </header>
  )
}

/** A message for the person (the embed bridge's refusals) until they close it. */
function Notice() {
  const { t } = useTranslation()
  const notice = useVmStore((s) => s.notice)
  const lang = useVmStore(selectLang)
  if (!notice) return null
  return (
    <div className="app-notice" role="alert" data-testid="app-notice">
      {/* `backticked` words are typed as written: shown as code. */}
      <p>
        {notice[lang]
          .split('`')
          .map((part, i) => (i % 2 === 1 ? <code key={i}>{part}</code> : part))}
      </p>
      <button type="button" onClick={() => vmStore.getState().setNotice(null)}>
        {t('help.close')}
      </button>
    </div>
  )
}

/** The last line of defence: a view that failed to draw says so and offers the way back. */
function ViewFailed({ message }: { readonly message: string }) {
  const { t } = useTranslation()
  return (
    <section className="route-error" role="alert" data-testid="view-failed">
      <p>{t('view.failed', { message })}</p>
      <p>
        <a href="#/">{t('error.back')}</a>
      </p>
    </section>
  )
}

export function App() {
  useDocumentPrefs()
  useKeyboard()
  usePlaybackLoop()
  const { t } = useTranslation()
  const view = useVmStore(selectView)
  const prefs = useVmStore(selectPrefs)
  const helpOpen = useVmStore(selectHelpOpen)
  const [helpUsed, setHelpUsed] = useState(false)
  if (helpOpen && !helpUsed) setHelpUsed(true)
  const chrome = !prefs.presenter && !prefs.embed
  // A scenario fills the window (the "app shell" of styles.css); the library scrolls as a page.
  return (
    <div className={view.kind === 'player' ? 'app app-shell' : 'app'}>
      {chrome && <Header />}
      {prefs.presenter && !prefs.embed && (
        <button
          type="button"
          className="presenter-exit"
          onClick={() => runAppCommand(vmStore, 'presenter')}
        >
          {t('prefs.presenterExit')} <kbd>P</kbd>
        </button>
      )}
      <Notice />
      <main id="main" tabIndex={-1}>
        <PanelBoundary resetKey={view} fallback={(message) => <ViewFailed message={message} />}>
          {view.kind === 'library' && <LibraryView lang={prefs.lang} />}
          {view.kind === 'glossary' && (
            <Suspense fallback={<p>{t('stage.loading')}</p>}>
              <GlossaryView lang={prefs.lang} />
            </Suspense>
          )}
          {view.kind === 'player' && (
            <Suspense fallback={<ScenarioLoading id={view.scenario.id} lang={prefs.lang} />}>
              <PlayerView
                scenario={view.scenario}
                authored={view.authored}
                run={view.run}
                extra={view.extra}
                embed={prefs.embed}
              />
            </Suspense>
          )}
          {view.kind === 'handout' && (
            <Suspense fallback={<ScenarioLoading id={view.scenario.id} lang={prefs.lang} />}>
              <HandoutView
                key={view.scenario.id}
                scenario={view.scenario}
                run={view.run}
                lang={prefs.lang}
              />
            </Suspense>
          )}
          {view.kind === 'editor' && (
            <Suspense fallback={<p>{t('stage.loading')}</p>}>
              <EditorView />
            </Suspense>
          )}
          {view.kind === 'loading' && <ScenarioLoading id={view.route.id} lang={prefs.lang} />}
          {view.kind === 'error' && <RouteError error={view.error} />}
        </PanelBoundary>
      </main>
      {helpUsed && (
        <Suspense fallback={null}>
          <HelpDialog />
        </Suspense>
      )}
    </div>
  )
}
