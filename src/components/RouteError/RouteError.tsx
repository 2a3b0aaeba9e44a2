import { useTranslation } from 'react-i18next'
import { exhaustive } from '../../engine/index.ts'
import { selectLang } from '../../state/selectors.ts'
import { useVmStore } from '../../state/store.ts'
import type { AppError } from '../../state/store.ts'

function useMessage(error: AppError): string {
  const { t } = useTranslation()
  const lang = useVmStore(selectLang)
  switch (error.code) {
    case 'unknown-scenario':
      return t('error.unknown-scenario', { id: error.id })
    case 'step-out-of-range':
      return t('error.step-out-of-range', { id: error.id, step: error.step, max: error.max })
    case 'bad-step':
      return t('error.bad-step', { text: error.text })
    case 'malformed':
      return t('error.malformed', { hash: error.hash.slice(0, 80) })
    case 'bad-lines':
      return t('error.bad-lines', { id: error.id, reason: error.reason })
    case 'too-long':
      return t('error.too-long', { length: error.length })
    case 'scenario-failed':
      return t('error.scenario-failed', { id: error.id, message: error.message })
    case 'load-failed':
      return t('error.load-failed', { id: error.id, message: error.message })
    case 'bad-authored':
    case 'authored-script':
    case 'authored-gone':
      // Worded where they are made (state/authoredText.ts, with the runner).
      return error.text[lang]
    default:
      return exhaustive(error)
  }
}

/** A link that opens no scenario: say what was wrong and offer the way back. */
export function RouteError({ error }: { readonly error: AppError }) {
  const { t } = useTranslation()
  const message = useMessage(error)
  return (
    <section className="route-error" role="alert" aria-labelledby="route-error-heading">
      <h1 id="route-error-heading">{t('error.heading')}</h1>
      <p data-testid="route-error">{message}</p>
      <p className="route-error-links">
        <a href="#/">{t('error.back')}</a>
        {error.code === 'step-out-of-range' && (
          <a href={`#/${error.id}/${error.max}`}>{t('error.openLast')}</a>
        )}
        {error.code === 'authored-script' && (
          // Nothing ran, and nothing is lost: the scenario goes to the editor to be fixed.
          <button
            type="button"
            onClick={() =>
              void import('../Editor/draft.ts').then((m) => m.editInEditor(error.scenario))
            }
          >
            {t('error.edit')}
          </button>
        )}
        {error.code === 'load-failed' && (
          // The link is still in the address bar; a reload fetches the chunk afresh (a browser
          // may remember a failed import() for the life of the page).
          <button type="button" onClick={() => window.location.reload()}>
            {t('error.retry')}
          </button>
        )}
      </p>
    </section>
  )
}
