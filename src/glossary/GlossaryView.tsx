import { useTranslation } from 'react-i18next'
import { EXIT_REASON } from '../engine/index.ts'
import type { Lang } from '../state/url.ts'
import { EXIT_REASON_TERMS, TERMS } from './terms.ts'

/** `#/glossary`: every term the panels use, then every exit reason the model raises. */
export function GlossaryView({ lang }: { readonly lang: Lang }) {
  const { t } = useTranslation()
  const reasons = Object.entries(EXIT_REASON).sort((a, b) => a[1] - b[1])
  return (
    <section className="glossary" aria-labelledby="glossary-heading">
      <h1 id="glossary-heading">{t('glossary.title')}</h1>
      <p>
        <a href="#/">{t('error.back')}</a>
      </p>
      <dl>
        {TERMS.map((term) => (
          <div key={term.term} id={`term-${term.term}`}>
            <dt>{term.term}</dt>
            <dd>{term.def[lang]}</dd>
          </div>
        ))}
      </dl>
      <h2>{t('glossary.exits')}</h2>
      <dl>
        {reasons.map(([name, n]) => (
          <div key={name}>
            <dt>
              {n} {name}
            </dt>
            <dd>{EXIT_REASON_TERMS[name]?.[lang]}</dd>
          </div>
        ))}
      </dl>
    </section>
  )
}
