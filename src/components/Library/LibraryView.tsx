import { useTranslation } from 'react-i18next'
import { pick } from '../../i18n/index.ts'
import { LoadScript } from '../Console/LoadScript.tsx'
import { SCENARIOS, TOPICS } from '../../scenarios/index.ts'
import { scenarioRun } from '../../state/store.ts'
import type { Lang } from '../../state/url.ts'

/** Scenarios grouped by topic, each with its one-line summary. */
export function LibraryView({ lang }: { readonly lang: Lang }) {
  const { t } = useTranslation()
  return (
    <section className="library" aria-labelledby="library-heading">
      <h1 id="library-heading">{t('library.heading')}</h1>
      <p className="library-intro">{t('library.intro')}</p>
      <p>
        <LoadScript />
      </p>
      {TOPICS.map((topic) => {
        const items = SCENARIOS.filter((s) => s.topic === topic)
        if (items.length === 0) return null
        return (
          <section key={topic} className="topic" aria-labelledby={`topic-${topic}`}>
            <h2 id={`topic-${topic}`}>{t(`topic.${topic}`)}</h2>
            <ul className="cards">
              {items.map((s) => (
                <li key={s.id} className="card">
                  <a href={`#/${s.id}/1`}>
                    <span className="card-title">{pick(s.title, lang)}</span>
                    <span className="card-summary">{pick(s.summary, lang)}</span>
                    <span className="card-meta">
                      {t('library.steps', { count: scenarioRun(s).trace.frames.length })} ·{' '}
                      <code>{s.id}</code>
                    </span>
                  </a>
                </li>
              ))}
            </ul>
          </section>
        )
      })}
    </section>
  )
}
