import { useTranslation } from 'react-i18next'
import { pick } from '../../i18n/index.ts'
import { findMeta } from '../../scenarios/index.ts'
import type { Lang } from '../../state/url.ts'

/** Shown while a scenario's body (its own chunk) is on the way; usually for a moment only. */
export function ScenarioLoading({ id, lang }: { readonly id: string; readonly lang: Lang }) {
  const { t } = useTranslation()
  const meta = findMeta(id)
  return (
    <p role="status" className="scenario-loading" data-testid="scenario-loading">
      {t('scenario.loading', { title: meta ? pick(meta.title, lang) : id })}
    </p>
  )
}
