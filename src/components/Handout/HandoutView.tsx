import {
  type CSSProperties,
  type RefObject,
  Suspense,
  useLayoutEffect,
  useMemo,
  useRef,
  useState,
} from 'react'
import { useTranslation } from 'react-i18next'
import type { RunResult } from '../../console/index.ts'
import { pick } from '../../i18n/index.ts'
import type { Scenario } from '../../scenarios/index.ts'
import type { Lang } from '../../state/url.ts'
import { PanelBoundary } from '../Boundary/PanelBoundary.tsx'
import { TraceFramesContext } from '../hooks/useTraceFrames.ts'
import { StageFocusContext } from '../Player/focusContext.ts'
import { focusPanel } from '../Player/focusOwner.ts'
import { PANELS } from '../Player/panels.ts'
import { CodeText } from '../ui/CodeText.tsx'
import { type HandoutBlock, PAGE_HEIGHT_MM, fitZoom, handoutBlocks, mmToPx } from './handout.ts'
import './handout.css'

interface Props {
  readonly scenario: Scenario
  readonly run: RunResult
  readonly lang: Lang
}

// A block is fitted a little inside the page so rounding in the print layout never spills it.
const BUDGET_PX = mmToPx(PAGE_HEIGHT_MM - 3)

/**
 * A scenario's handout (`#/print/<id>`): a page per phase with the stage drawn by the real
 * panels at the phase's last step, the phase's narration and its console lines, laid out for
 * A4 and Letter alike (handout.css) and printed with the browser's own Print.
 */
export function HandoutView({ scenario, run, lang }: Props) {
  const { t } = useTranslation()
  const frames = run.trace.frames
  const blocks = useMemo(() => handoutBlocks(scenario, frames), [scenario, frames])
  const head = useRef<HTMLElement>(null)
  const title = pick(scenario.title, lang)
  return (
    <TraceFramesContext value={frames}>
      <article className="handout" data-testid="handout" aria-labelledby="handout-title">
        <div className="handout-tools">
          <a href={`#/${scenario.id}/1`}>{t('handout.back')}</a>
          <button type="button" onClick={() => window.print()}>
            {t('handout.print')}
          </button>
          <p>{t('handout.hint')}</p>
        </div>
        <header ref={head} className="handout-head">
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
            above={b.number === 1 ? head : null}
          />
        ))}
      </article>
    </TraceFramesContext>
  )
}

interface PhaseProps {
  readonly block: HandoutBlock
  readonly scenario: Scenario
  readonly lang: Lang
  readonly steps: number
  /** What shares this block's page above it (the handout's title on the first page). */
  readonly above: RefObject<HTMLElement | null> | null
}

/** One phase: title, picture, narration and script, kept on one page (handout.css). */
function HandoutPhase({ block, scenario, lang, steps, above }: PhaseProps) {
  const { t } = useTranslation()
  const { phase, frame, number } = block
  const section = useRef<HTMLElement>(null)
  const scale = useFitToPage(section, above)
  const headingId = `handout-phase-${number}`
  const owner = frame ? focusPanel(scenario.panels, frame.event) : null
  return (
    <section
      ref={section}
      className="handout-block"
      data-testid="handout-block"
      aria-labelledby={headingId}
    >
      <h2 id={headingId}>
        {number}. {pick(phase.title, lang)}
      </h2>
      {frame && block.step !== null ? (
        <figure className="handout-figure" data-testid="handout-figure">
          <div className="handout-picture" style={scale.outer}>
            <div className="stage handout-stage" style={scale.inner} data-handout-picture="">
              {scenario.panels.map((id) => {
                const Panel = PANELS[id]
                return (
                  <div key={id} className="stage-slot" data-panel={id}>
                    <StageFocusContext value={id === owner}>
                      <PanelBoundary resetKey={frame}>
                        <Suspense fallback={<p className="panel-loading">{t('stage.loading')}</p>}>
                          <Panel frame={frame} />
                        </Suspense>
                      </PanelBoundary>
                    </StageFocusContext>
                  </div>
                )
              })}
            </div>
          </div>
          <figcaption>{t('handout.step', { step: block.step, steps })}</figcaption>
        </figure>
      ) : (
        <p className="handout-noframe">{t('handout.noFrame')}</p>
      )}
      <div className="handout-text">
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
      <div className="handout-script">
        <h3>{t('script.heading')}</h3>
        <ol>
          {block.lines.map((line, i) => (
            <li key={i}>
              <code>{line}</code>
            </li>
          ))}
        </ol>
      </div>
    </section>
  )
}

interface Fit {
  /** The box the scaled picture takes in the flow. */
  readonly outer: CSSProperties
  /** The picture itself, laid out at the page's width and scaled down as a whole. */
  readonly inner: CSSProperties
}

/**
 * Scales the block's picture so the whole block fits one printed page. The picture keeps its
 * layout (it is drawn at the page's width, then scaled as one image with a transform), so its
 * height at scale 1 does not depend on the scale and the fit never oscillates. Re-measured
 * whenever the block changes size (a panel's chunk arriving, fonts, the language).
 */
function useFitToPage(
  section: RefObject<HTMLElement | null>,
  above: RefObject<HTMLElement | null> | null,
): Fit {
  const [fit, setFit] = useState({ scale: 1, height: 0 })
  useLayoutEffect(() => {
    const el = section.current
    const picture = el?.querySelector<HTMLElement>('[data-handout-picture]')
    if (!el || !picture) return
    const measure = (): void => {
      const natural = picture.offsetHeight
      const outer = picture.parentElement?.offsetHeight ?? 0
      const fixed = el.offsetHeight - outer
      const budget = BUDGET_PX - (above?.current?.offsetHeight ?? 0)
      const scale = fitZoom(budget, fixed, natural)
      setFit((f) =>
        Math.abs(f.scale - scale) < 0.002 && Math.abs(f.height - natural) < 1
          ? f
          : { scale, height: natural },
      )
    }
    measure()
    const ro = new ResizeObserver(measure)
    ro.observe(picture)
    ro.observe(el)
    if (above?.current) ro.observe(above.current)
    return () => ro.disconnect()
  }, [section, above])
  return {
    outer: { height: fit.height > 0 ? `${fit.height * fit.scale}px` : undefined },
    inner: { transform: fit.scale < 1 ? `scale(${fit.scale})` : undefined },
  }
}
