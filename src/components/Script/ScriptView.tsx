import { useEffect, useRef } from 'react'
import { useTranslation } from 'react-i18next'
import type { RunResult } from '../../console/index.ts'
import { vmStore } from '../../state/store.ts'

interface Props {
  readonly run: RunResult
  readonly currentLine: number
}

/** The console lines behind the scenario; the one that made this step is marked. */
export function ScriptView({ run, currentLine }: Props) {
  const { t } = useTranslation()
  const box = useRef<HTMLOListElement>(null)
  // Keep the current line in view by scrolling the list only, never the page.
  useEffect(() => {
    const el = box.current
    const cur = el?.querySelector<HTMLElement>('li.current')
    if (!el || !cur) return
    const top = cur.offsetTop
    if (top < el.scrollTop || top + cur.offsetHeight > el.scrollTop + el.clientHeight) {
      el.scrollTop = Math.max(0, top - el.clientHeight / 3)
    }
  }, [currentLine])
  return (
    <section className="script" aria-labelledby="script-heading">
      <h2 id="script-heading">{t('script.heading')}</h2>
      <ol ref={box}>
        {run.results.map((r) => {
          const current = r.line === currentLine
          return (
            <li
              key={r.line}
              aria-current={current ? 'step' : undefined}
              className={current ? 'current' : undefined}
            >
              <button
                type="button"
                className="script-line"
                onClick={() => vmStore.getState().seek(r.firstFrame)}
              >
                <span className="line-no" aria-hidden="true">
                  {r.line}
                </span>
                <code>{r.text.trim()}</code>
                {current && <span className="visually-hidden"> ({t('script.current')})</span>}
              </button>
            </li>
          )
        })}
      </ol>
    </section>
  )
}
