import { useId } from 'react'
import { useTranslation } from 'react-i18next'
import type { Lang } from '../state/url.ts'
import { defineTerm } from './terms.ts'

/**
 * A term a panel shows, with its definition on hover and on keyboard focus (a tooltip the
 * term points to with aria-describedby). Unknown terms render as plain text.
 */
export function Term({ children, term }: { readonly children: string; readonly term?: string }) {
  const { i18n } = useTranslation()
  const id = useId()
  const def = defineTerm(term ?? children)
  if (!def) return <>{children}</>
  const lang: Lang = i18n.language === 'zh' ? 'zh' : 'en'
  return (
    <span className="term" tabIndex={0} aria-describedby={id}>
      {children}
      <span role="tooltip" id={id} className="term-tip">
        {def[lang]}
      </span>
    </span>
  )
}
