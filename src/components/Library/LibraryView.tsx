import { useEffect, useState, useSyncExternalStore } from 'react'
import { useTranslation } from 'react-i18next'
import { pick } from '../../i18n/index.ts'
import { LoadScript } from '../Console/LoadScript.tsx'
import { CATALOGUE, TOPICS, catalogueSummaries, loadScenario } from '../../scenarios/index.ts'
import type { ScenarioScore } from '../../state/quizScore.ts'
import type { Lang } from '../../state/url.ts'

// A pointer on its way to a card or a keyboard focus: fetch the body now, so the click opens
// the scenario at once. A failure here is ignored; opening it reports it.
const prefetch = (id: string): void => {
  loadScenario(id).catch(() => {})
}

/** Scenarios grouped by topic, each with its one-line summary. */
export function LibraryView({ lang }: { readonly lang: Lang }) {
  const { t } = useTranslation()
  // The summaries arrive a moment after the titles (catalogue-en.ts, a lazy chunk).
  useSyncExternalStore(catalogueSummaries.subscribe, catalogueSummaries.loaded)
  // Self-study scores (?quiz=1), read once per visit to the library, after the list paints:
  // the reader is a lazy chunk, so the first paint does not carry it.
  const [scores, setScores] = useState<Readonly<Record<string, ScenarioScore>>>({})
  useEffect(() => {
    let live = true
    import('../../state/quizScore.ts')
      .then((m) => {
        if (live) setScores(m.loadScores())
      })
      .catch(() => {})
    return () => {
      live = false
    }
  }, [])
  return (
    <section className="library" aria-labelledby="library-heading">
      <h1 id="library-heading">{t('library.heading')}</h1>
      <p className="library-intro">{t('library.intro')}</p>
      <p>
        <LoadScript />
      </p>
      {TOPICS.map((topic) => {
        const items = CATALOGUE.filter((s) => s.topic === topic)
        if (items.length === 0) return null
        return (
          <section key={topic} className="topic" aria-labelledby={`topic-${topic}`}>
            <h2 id={`topic-${topic}`}>{t(`topic.${topic}`)}</h2>
            <ul className="cards">
              {items.map((s) => (
                <li key={s.id} className="card">
                  <a
                    href={`#/${s.id}/1`}
                    onPointerEnter={() => prefetch(s.id)}
                    onFocus={() => prefetch(s.id)}
                  >
                    <span className="card-title">{pick(s.title, lang)}</span>
                    <span className="card-summary">{pick(s.summary, lang)}</span>
                    <span className="card-meta">
                      {t('library.steps', { count: s.steps })} · <code>{s.id}</code>
                    </span>
                    {scoreLine(scores[s.id], t)}
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

/** "Quiz: 3 of 5 right" once the student has answered one of the scenario's questions. */
function scoreLine(
  s: ScenarioScore | undefined,
  t: (key: 'library.quiz', o: { right: number; total: number }) => string,
) {
  if (!s) return null
  const answers = Object.values(s.right)
  if (answers.length === 0) return null
  const right = answers.filter(Boolean).length
  return (
    <span className="card-meta" data-testid="card-quiz">
      {t('library.quiz', { right, total: s.total })}
    </span>
  )
}
