import { memo, useEffect, useRef, useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { CommandResult, RunResult } from '../../console/index.ts'
import { vmStore } from '../../state/store.ts'

interface Props {
  readonly run: RunResult
  readonly currentLine: number
  /** Folded under its heading (presenter mode), one click or Enter away. */
  readonly folded?: boolean
}

// One line of the script. Memoized: a step re-renders only the line it leaves and the line
// it reaches, not the whole list.
const ScriptLine = memo(function ScriptLine({
  result: r,
  current,
}: {
  readonly result: CommandResult
  readonly current: boolean
}) {
  const { t } = useTranslation()
  return (
    <li aria-current={current ? 'step' : undefined} className={current ? 'current' : undefined}>
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
})

/** The console lines behind the scenario; the one that made this step is marked. */
export const ScriptView = memo(function ScriptView({ run, currentLine, folded = false }: Props) {
  const { t } = useTranslation()
  const box = useRef<HTMLOListElement>(null)
  const [open, setOpen] = useState(!folded)
  // Keep the current line in view by scrolling the list only, never the page. In the frame's
  // animation callbacks (before its paint), not in the effect: reading the boxes forces a
  // layout, and the panels' d3 transitions change the stage again in those callbacks.
  useEffect(() => {
    const frame = requestAnimationFrame(() => {
      const el = box.current
      const cur = el?.querySelector<HTMLElement>('li.current')
      if (!open || !el || !cur) return
      const top = cur.offsetTop
      if (top < el.scrollTop || top + cur.offsetHeight > el.scrollTop + el.clientHeight) {
        el.scrollTop = Math.max(0, top - el.clientHeight / 3)
      }
    })
    return () => cancelAnimationFrame(frame)
  }, [currentLine, open])
  const heading = <h2 id="script-heading">{t('script.heading')}</h2>
  const list = (
    <ol ref={box}>
      {run.results.map((r) => (
        <ScriptLine key={r.line} result={r} current={r.line === currentLine} />
      ))}
    </ol>
  )
  if (folded)
    return (
      <section className="script folded" aria-labelledby="script-heading">
        <details open={open} onToggle={(e) => setOpen(e.currentTarget.open)}>
          <summary>{heading}</summary>
          {list}
        </details>
      </section>
    )
  return (
    <section className="script" aria-labelledby="script-heading">
      {heading}
      {list}
    </section>
  )
})
