import { useId } from 'react'
import { createPortal } from 'react-dom'
import { useTranslation } from 'react-i18next'
import type { Lang } from '../state/url.ts'
import { defineTerm } from './terms.ts'

/**
 * A term a panel shows, with its definition on hover and on keyboard focus. The tooltip is
 * drawn from `data-tip` by CSS, and the words a screen reader gets (aria-describedby) live in
 * a hidden node at the end of the document: either way the definition is not part of the
 * label's own text, so a cell still reads "CPUID", not "CPUID Exit reason 10…". Unknown terms
 * render as plain text. A panel that
 * prints a term more than once passes `tab={false}` after the first, so the keyboard reaches
 * each definition once instead of adding a tab stop per repeat; the repeats still show it on
 * hover and still describe themselves to a screen reader.
 */
export function Term({
  children,
  term,
  tab = true,
}: {
  readonly children: string
  readonly term?: string
  readonly tab?: boolean
}) {
  const { i18n } = useTranslation()
  const id = useId()
  const def = defineTerm(term ?? children)
  if (!def) return <>{children}</>
  const lang: Lang = i18n.language === 'zh' ? 'zh' : 'en'
  return (
    <>
      <span
        className="term"
        tabIndex={tab ? 0 : undefined}
        aria-describedby={id}
        data-tip={def[lang]}
      >
        {children}
      </span>
      {createPortal(
        <span id={id} hidden>
          {def[lang]}
        </span>,
        document.body,
      )}
    </>
  )
}
