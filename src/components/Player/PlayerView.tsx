import { Suspense } from 'react'
import { useTranslation } from 'react-i18next'
import type { RunResult } from '../../console/index.ts'
import { pick } from '../../i18n/index.ts'
import type { Scenario } from '../../scenarios/index.ts'
import { PanelBoundary } from '../Boundary/PanelBoundary.tsx'
import { PANELS } from './panels.ts'
import { selectFrame, selectLang } from '../../state/selectors.ts'
import { useVmStore } from '../../state/store.ts'
import { Narration } from '../Narration/Narration.tsx'
import { ScriptView } from '../Script/ScriptView.tsx'
import { StepControls } from '../StepControls/StepControls.tsx'
import { ConsolePanel } from '../Console/ConsolePanel.tsx'
import { TraceLimitNotice } from './TraceLimitNotice.tsx'

interface Props {
  readonly scenario: Scenario
  readonly run: RunResult
  readonly extra: readonly string[]
  readonly embed: boolean
}

/** One scenario: the stage with its panels, the narration beside it, the controls below. */
export function PlayerView({ scenario, run, extra, embed }: Props) {
  const { t } = useTranslation()
  const lang = useVmStore(selectLang)
  const frame = useVmStore(selectFrame)
  if (!frame) return null
  return (
    <div className="player">
      {!embed && <h1 className="scenario-title">{pick(scenario.title, lang)}</h1>}
      <div className="player-grid">
        <section className="stage" aria-label={t('stage.label')}>
          {scenario.panels.map((id) => {
            const Panel = PANELS[id]
            // Each panel fails alone (a drawing bug, a chunk that did not arrive).
            return (
              <PanelBoundary key={id} resetKey={frame}>
                <Suspense fallback={<p className="panel-loading">{t('stage.loading')}</p>}>
                  <Panel frame={frame} />
                </Suspense>
              </PanelBoundary>
            )
          })}
        </section>
        <aside className="side">
          <TraceLimitNotice limit={run.trace.limit} />
          <Narration scenario={scenario} frame={frame} lang={lang} />
          {!embed && <ScriptView run={run} currentLine={frame.line} />}
        </aside>
      </div>
      <StepControls />
      {!embed && <ConsolePanel scenario={scenario} extra={extra} />}
    </div>
  )
}
