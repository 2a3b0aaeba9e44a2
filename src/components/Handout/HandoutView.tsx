import { type RefObject, Suspense, useLayoutEffect, useMemo, useRef, useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { RunResult } from '../../console/index.ts'
import { pick } from '../../i18n/index.ts'
import { placeQuestions } from '../../quiz/questions.ts'
import type { Scenario } from '../../scenarios/index.ts'
import type { Lang } from '../../state/url.ts'
import { PanelBoundary } from '../Boundary/PanelBoundary.tsx'
import { TraceFramesContext } from '../hooks/useTraceFrames.ts'
import { StageFocusContext } from '../Player/focusContext.ts'
import { focusPanel } from '../Player/focusOwner.ts'
import { PANELS } from '../Player/panels.ts'
import { CodeText } from '../ui/CodeText.tsx'
import {
  type HandoutBlock,
  type HandoutQuestion,
  PAGE_HEIGHT_MM,
  type SheetUnit,
  fitZoom,
  handoutBlocks,
  handoutQuestions,
  mmToPx,
  packSheets,
} from './handout.ts'
import './handout.css'

interface Props {
  readonly scenario: Scenario
  readonly run: RunResult
  readonly lang: Lang
}

// Pages are filled a little short of the page box so rounding in print never spills a unit.
const BUDGET_PX = Math.floor(mmToPx(PAGE_HEIGHT_MM - 3))
// The space under each panel (handout.css .handout-panel padding-bottom).
const PANEL_GAP_PX = 8
// A phase is kept on one page if its panels need not shrink below this (labels of 0.85rem at
// 0.7 print at about 9 pt); a panel alone on a page may go down to MIN_SCALE.
const SHARED_MIN = 0.7
const MIN_SCALE = 0.3

/** Where each unit goes: its page, and for a panel the scale that fits it on one. */
interface Layout {
  readonly sheet: ReadonlyMap<string, number>
  readonly scale: ReadonlyMap<string, { readonly scale: number; readonly natural: number }>
  /** The units that start a page (after the first). */
  readonly breaks: ReadonlySet<string>
}
const NO_LAYOUT: Layout = { sheet: new Map(), scale: new Map(), breaks: new Set() }

/**
 * A scenario's handout (`#/print/<id>`): each phase with the stage drawn by the real panels at
 * the phase's last step, the phase's narration and its console lines. The page is cut into
 * printed pages here, not by the browser: every panel, heading and text is a unit that is
 * never split, each panel is scaled to fit a page, and a unit that starts a new page says so
 * (`break-before: page`), so A4 and Letter print the same pages (handout.css).
 */
export function HandoutView({ scenario, run, lang }: Props) {
  const { t } = useTranslation()
  const frames = run.trace.frames
  const blocks = useMemo(() => handoutBlocks(scenario, frames), [scenario, frames])
  const questions = useMemo(
    () => handoutQuestions(scenario.phases, placeQuestions(scenario.phases, frames)),
    [scenario, frames],
  )
  const root = useRef<HTMLElement>(null)
  const layout = useSheets(root, blocks)
  const title = pick(scenario.title, lang)
  const sheets = Math.max(0, ...layout.sheet.values()) + 1
  return (
    <TraceFramesContext value={frames}>
      <article
        ref={root}
        className="handout"
        data-testid="handout"
        data-sheets={layout.sheet.size > 0 ? sheets : undefined}
        aria-labelledby="handout-title"
      >
        <div className="handout-tools">
          <a href={`#/${scenario.id}/1`}>{t('handout.back')}</a>
          <button type="button" onClick={() => window.print()}>
            {t('handout.print')}
          </button>
          <p>
            <CodeText text={t('handout.hint')} />
          </p>
        </div>
        <header className="handout-head" data-handout-title="">
          <h1 id="handout-title">{t('handout.title', { title })}</h1>
          <p className="handout-summary">{pick(scenario.summary, lang)}</p>
          <p className="handout-meta">
            {t('handout.meta', { phases: blocks.length, steps: frames.length })}
          </p>
        </header>
        {blocks.map((b) => (
          <HandoutPhase
            key={b.phase.id}
            block={b}
            scenario={scenario}
            lang={lang}
            steps={frames.length}
            layout={layout}
            questions={questions.filter((q) => q.phaseId === b.phase.id)}
          />
        ))}
        {questions.length > 0 && (
          <HandoutAnswers questions={questions} lang={lang} layout={layout} />
        )}
      </article>
    </TraceFramesContext>
  )
}

interface PhaseProps {
  readonly block: HandoutBlock
  readonly scenario: Scenario
  readonly lang: Lang
  readonly steps: number
  readonly layout: Layout
  /** The phase's questions, in step order. */
  readonly questions: readonly HandoutQuestion[]
}

/** A unit's attributes: its key, its block, and where the layout put it. */
const unitOf = (layout: Layout, block: number | string) => (key: string) => ({
  'data-unit': key,
  'data-block': block,
  'data-sheet': layout.sheet.get(key),
  'data-break': layout.breaks.has(key) ? '' : undefined,
})

/** One phase: its heading, its panels, its narration, its script and questions, each a unit. */
function HandoutPhase({ block, scenario, lang, steps, layout, questions }: PhaseProps) {
  const { t } = useTranslation()
  const { phase, frame, number } = block
  const headingId = `handout-phase-${number}`
  const owner = frame ? focusPanel(scenario.panels, frame.event) : null
  const unit = unitOf(layout, number)
  return (
    <section className="handout-block" data-testid="handout-block" aria-labelledby={headingId}>
      <div className="handout-unit handout-phase-head" {...unit(`${number}-head`)}>
        <h2 id={headingId}>
          {number}. {pick(phase.title, lang)}
        </h2>
        <p className="handout-step">
          {frame && block.step !== null
            ? t('handout.step', { step: block.step, steps })
            : t('handout.noFrame')}
        </p>
      </div>
      {frame &&
        scenario.panels.map((id) => {
          const Panel = PANELS[id]
          const key = `${number}-panel-${id}`
          const fit = layout.scale.get(key)
          const scaled = fit && fit.scale < 1
          return (
            <div
              key={id}
              className="handout-unit handout-panel"
              data-testid="handout-panel"
              style={scaled ? { height: `${fit.natural * fit.scale + PANEL_GAP_PX}px` } : undefined}
              {...unit(key)}
            >
              <div
                className="stage-slot"
                data-panel={id}
                data-picture=""
                style={scaled ? { transform: `scale(${fit.scale})` } : undefined}
              >
                <StageFocusContext value={id === owner}>
                  <PanelBoundary resetKey={frame}>
                    <Suspense fallback={<p className="panel-loading">{t('stage.loading')}</p>}>
                      <Panel frame={frame} />
                    </Suspense>
                  </PanelBoundary>
                </StageFocusContext>
              </div>
            </div>
          )
        })}
      <div className="handout-unit handout-text" {...unit(`${number}-text`)}>
        <p className="handout-say">
          <CodeText text={pick(phase.say, lang)} />
        </p>
        {phase.now && (
          <p className="handout-now">
            <strong>
              {t('narration.now')}
              {t('punct.colon')}
            </strong>
            <CodeText text={pick(phase.now, lang)} />
          </p>
        )}
      </div>
      <div className="handout-unit handout-script" {...unit(`${number}-script`)}>
        <h3>{t('script.heading')}</h3>
        <ol>
          {block.lines.map((line, i) => (
            <li key={i}>
              <code>{line}</code>
            </li>
          ))}
        </ol>
      </div>
      {questions.map((q) => (
        <HandoutAsk
          key={q.number}
          question={q}
          lang={lang}
          steps={steps}
          unit={unit(`${number}-q-${q.number}`)}
        />
      ))}
    </section>
  )
}

/**
 * A question as the player asks it, before its step: the prompt and the lettered options, or a
 * line to write a number on. Its answer is on the answers page, never next to it.
 */
function HandoutAsk({
  question: q,
  lang,
  steps,
  unit,
}: {
  readonly question: HandoutQuestion
  readonly lang: Lang
  readonly steps: number
  readonly unit: ReturnType<ReturnType<typeof unitOf>>
}) {
  const { t } = useTranslation()
  const headingId = `handout-q-${q.number}`
  return (
    <section
      className="handout-unit handout-question"
      data-testid="handout-question"
      aria-labelledby={headingId}
      {...unit}
    >
      <h3 id={headingId}>{t('handout.question', { n: q.number })}</h3>
      {q.step !== null && (
        <p className="handout-step">
          {q.step > 1
            ? t('handout.asked', { asked: q.step - 1, step: q.step, steps })
            : t('handout.askedFirst')}
        </p>
      )}
      {q.body.ok ? (
        <>
          <p className="handout-prompt">
            <CodeText text={pick(q.body.prompt, lang)} />
          </p>
          {q.body.choices ? (
            <ol className="handout-choices" aria-label={t('quiz.choices')}>
              {q.body.choices.map((c) => (
                <li key={c.letter}>
                  <span className="handout-letter">{c.letter})</span>{' '}
                  <CodeText text={pick(c.label, lang)} />
                </li>
              ))}
            </ol>
          ) : (
            <p className="handout-number">
              <CodeText text={t('handout.number')} /> <span className="handout-blank" />
            </p>
          )}
        </>
      ) : (
        <p className="handout-broken">
          <CodeText text={t('quiz.broken', { message: pick(q.body.message, lang) })} />
        </p>
      )}
    </section>
  )
}

/**
 * The answers, after the last phase and always from a fresh page (so the questions can be
 * handed out without them): each question's number, the right answer and why.
 */
function HandoutAnswers({
  questions,
  lang,
  layout,
}: {
  readonly questions: readonly HandoutQuestion[]
  readonly lang: Lang
  readonly layout: Layout
}) {
  const { t } = useTranslation()
  const unit = unitOf(layout, 'answers')
  return (
    <section
      className="handout-block handout-answers"
      data-testid="handout-answers"
      aria-labelledby="handout-answers-title"
    >
      <div
        className="handout-unit handout-phase-head"
        data-page-start=""
        data-testid="handout-answers-head"
        {...unit('answers-head')}
      >
        <h2 id="handout-answers-title">{t('handout.answers')}</h2>
        <p className="handout-step">{t('handout.answersMeta')}</p>
      </div>
      {questions.map((q) => (
        <div
          key={q.number}
          className="handout-unit handout-answer"
          data-testid="handout-answer"
          {...unit(`answer-${q.number}`)}
        >
          <p>
            <strong>
              {q.number}.{' '}
              {q.step !== null && (
                <span className="handout-answer-step">
                  {t('handout.answerAt', { step: q.step })}
                </span>
              )}
            </strong>{' '}
            {q.body.ok ? (
              <>
                {q.body.letter && <span className="handout-letter">{q.body.letter})</span>}{' '}
                <CodeText text={pick(q.body.answerText, lang)} />
              </>
            ) : (
              <CodeText text={t('quiz.broken', { message: pick(q.body.message, lang) })} />
            )}
          </p>
          {q.body.ok && (
            <p className="handout-why">
              <strong>
                {t('quiz.why')}
                {t('punct.colon')}
              </strong>
              <CodeText text={pick(q.body.explanation, lang)} />
            </p>
          )}
        </div>
      ))}
    </section>
  )
}

/**
 * Measures every unit and cuts the handout into pages (packSheets). A panel's height at scale 1
 * is its picture's layout height, which a transform does not change, so scaling never feeds
 * back into the measure. Re-measured whenever a unit changes size (a panel's chunk arriving,
 * the fonts, the language).
 */
function useSheets(root: RefObject<HTMLElement | null>, blocks: readonly HandoutBlock[]): Layout {
  const [layout, setLayout] = useState<Layout>(NO_LAYOUT)
  useLayoutEffect(() => {
    const el = root.current
    if (!el) return
    const nodes = [...el.querySelectorAll<HTMLElement>('[data-unit]')]
    const title = el.querySelector<HTMLElement>('[data-handout-title]')
    const measure = (): void => {
      const scale = new Map<string, { scale: number; natural: number }>()
      const raw = nodes.map((n) => {
        const picture = n.querySelector<HTMLElement>('[data-picture]')
        return {
          key: n.dataset.unit ?? '',
          block: n.dataset.block ?? '',
          // A panel's height at scale 1; any other unit's as it is.
          natural: picture ? picture.offsetHeight : n.offsetHeight,
          panel: picture !== null,
          head: n.classList.contains('handout-phase-head'),
        }
      })
      // A phase whose panels, scaled no smaller than SHARED_MIN, let it fit one page whole is
      // drawn that way; otherwise each panel is scaled to fit a page of its own (with the
      // phase's heading above the first one).
      const shared = new Map<string, number>()
      // The first phase shares the first page with the handout's title.
      const titleH = title?.offsetHeight ?? 0
      const firstBlock = raw[0]?.block
      for (const block of new Set(raw.map((r) => r.block))) {
        const own = raw.filter((r) => r.block === block)
        const above = block === firstBlock ? titleH : 0
        const fixed = own.filter((r) => !r.panel).reduce((sum, r) => sum + r.natural, above)
        const panels = own.filter((r) => r.panel)
        const drawn = panels.reduce((sum, r) => sum + r.natural, 0)
        const s = fitZoom(BUDGET_PX - panels.length * (PANEL_GAP_PX + 1), fixed, drawn, 0)
        if (s >= SHARED_MIN) shared.set(block, s)
      }
      const items = raw.map((r, i) => {
        if (!r.panel) return { key: r.key, block: r.block, height: r.natural }
        const prev = raw[i - 1]
        const head = (prev?.head ? prev.natural : 0) + (i === 1 ? titleH : 0)
        const s =
          shared.get(r.block) ?? fitZoom(BUDGET_PX - PANEL_GAP_PX - 1, head, r.natural, MIN_SCALE)
        scale.set(r.key, { scale: s, natural: r.natural })
        const height = s < 1 ? Math.ceil(r.natural * s + PANEL_GAP_PX) : r.natural + PANEL_GAP_PX
        return { key: r.key, block: r.block, height }
      })
      const units: SheetUnit[] = items.map((u, i) => ({
        height: u.height,
        pageStart: nodes[i]?.hasAttribute('data-page-start') ?? false,
        blockStart: items[i - 1]?.block !== u.block,
        blockRest: items
          .slice(i)
          .filter((x) => x.block === u.block)
          .reduce((sum, x) => sum + x.height, 0),
        keepWithNext: raw[i]?.head ?? false,
      }))
      const sheets = packSheets(units, BUDGET_PX, titleH)
      const sheet = new Map(items.map((u, i) => [u.key, sheets[i] ?? 0]))
      // A unit on a later page than the one before it starts that page.
      const breaks = new Set(
        items.filter((u, i) => i > 0 && sheets[i] !== sheets[i - 1]).map((u) => u.key),
      )
      const next = { sheet, scale, breaks }
      setLayout((prev) => (sameLayout(prev, next) ? prev : next))
    }
    measure()
    const ro = new ResizeObserver(measure)
    for (const n of nodes) {
      const picture = n.querySelector<HTMLElement>('[data-picture]')
      ro.observe(picture ?? n)
    }
    if (title) ro.observe(title)
    return () => ro.disconnect()
    // Another scenario's blocks are other units to measure.
  }, [root, blocks])
  return layout
}

function sameLayout(a: Layout, b: Layout): boolean {
  if (a.sheet.size !== b.sheet.size || a.scale.size !== b.scale.size) return false
  for (const [k, v] of b.sheet) if (a.sheet.get(k) !== v) return false
  for (const [k, v] of b.scale) {
    const w = a.scale.get(k)
    if (!w || Math.abs(w.scale - v.scale) > 0.002 || Math.abs(w.natural - v.natural) > 0.5)
      return false
  }
  return true
}
