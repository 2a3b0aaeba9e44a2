import { useRef } from 'react'
import { useTranslation } from 'react-i18next'
import type { RunResult } from '../../console/index.ts'
import { pick } from '../../i18n/index.ts'
import { type Scenario, pauseAt } from '../../scenarios/index.ts'
import { ChapterMenu } from '../Chapters/ChapterMenu.tsx'
import { ExportMenu } from '../Export/ExportMenu.tsx'
import { PanelSlot } from './PanelSlot.tsx'
import { MeasureAfter, MeasureBefore } from './panelTiming.ts'
import { focusPanel } from './focusOwner.ts'
import { useStageFocus } from './useStageFocus.ts'
import { selectFrame, selectLang, selectPresenter } from '../../state/selectors.ts'
import { useVmStore } from '../../state/store.ts'
import { Narration } from '../Narration/Narration.tsx'
import { ScriptView } from '../Script/ScriptView.tsx'
import { StepControls } from '../StepControls/StepControls.tsx'
import { ConsolePanel } from '../Console/ConsolePanel.tsx'
import { TraceLimitNotice } from './TraceLimitNotice.tsx'
import { QuizBox } from '../Quiz/QuizBox.tsx'
import { quizPress } from '../Quiz/quizRunner.ts'
import { setQuizRunner } from '../../state/commands.ts'

// The question press comes with the player (the first screen has no question code).
setQuizRunner(quizPress)

interface Props {
  readonly scenario: Scenario
  readonly run: RunResult
  readonly extra: readonly string[]
  readonly embed: boolean
}

/**
 * One scenario: the stage with its panels, the narration beside it, the controls below. On a
 * wide screen the player fills the window (styles.css, "app shell"): the stage and the side
 * column scroll inside, and each step scrolls the stage to the element it is about.
 */
export function PlayerView({ scenario, run, extra, embed }: Props) {
  const { t } = useTranslation()
  const lang = useVmStore(selectLang)
  const frame = useVmStore(selectFrame)
  const presenter = useVmStore(selectPresenter)
  const stage = useRef<HTMLElement>(null)
  useStageFocus(stage, frame)
  if (!frame) return null
  const owner = focusPanel(scenario.panels, frame.event)
  return (
    <div className="player">
      <MeasureBefore part="player" />
      {/* Embedded, the title is not shown but still names the page for a screen reader. */}
      {embed && <h1 className="visually-hidden">{pick(scenario.title, lang)}</h1>}
      {!embed && (
        <div className="player-head">
          <h1 className="scenario-title">{pick(scenario.title, lang)}</h1>
          <ChapterMenu place="down" />
          <ExportMenu scenarioId={scenario.id} scenarioTitle={pick(scenario.title, lang)} />
        </div>
      )}
      <div className="player-grid">
        <section ref={stage} className="stage" aria-label={t('stage.label')} tabIndex={0}>
          {scenario.panels.map((id) => (
            <div
              key={id}
              className="stage-slot"
              data-panel={id}
              data-focus-owner={id === owner ? '' : undefined}
            >
              <PanelSlot id={id} frame={frame} frames={run.trace.frames} owns={id === owner} />
            </div>
          ))}
        </section>
        <aside className="side">
          <TraceLimitNotice limit={run.trace.limit} />
          <QuizBox scenario={scenario} frames={run.trace.frames} cursor={frame.index} lang={lang} />
          <Narration
            scenario={scenario}
            frame={frame}
            lang={lang}
            phaseDone={run.trace.frames[frame.index + 1]?.phaseId !== frame.phaseId}
            pause={pauseAt(scenario, run.trace.frames, frame.index)}
          />
          {!embed && (
            <ScriptView
              key={presenter ? 'folded' : 'open'}
              run={run}
              currentLine={frame.line}
              folded={presenter}
            />
          )}
        </aside>
      </div>
      <div className="player-foot">
        <StepControls />
        {/* Embedded there is no title row: the chapters sit by the controls and open upwards. */}
        {embed ? <ChapterMenu place="up" /> : <ConsolePanel scenario={scenario} extra={extra} />}
      </div>
      <MeasureAfter part="player" />
    </div>
  )
}
