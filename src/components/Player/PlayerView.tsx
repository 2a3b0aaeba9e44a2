import { useTranslation } from 'react-i18next'
import type { RunResult } from '../../console/index.ts'
import type { Frame } from '../../engine/index.ts'
import { pick } from '../../i18n/index.ts'
import type { PanelId, Scenario } from '../../scenarios/index.ts'
import { selectFrame, selectLang } from '../../state/selectors.ts'
import { useVmStore } from '../../state/store.ts'
import { AddressSpacesPanel } from '../AddressSpaces/AddressSpacesPanel.tsx'
import { CpuModesPanel } from '../CpuModes/CpuModesPanel.tsx'
import { VmcsPanel } from '../Vmcs/VmcsPanel.tsx'
import { Narration } from '../Narration/Narration.tsx'
import { ScriptView } from '../Script/ScriptView.tsx'
import { StepControls } from '../StepControls/StepControls.tsx'
import { ConsolePanel } from '../Console/ConsolePanel.tsx'
import { RingPanel } from '../Ring/RingPanel.tsx'
import { XenDomainsPanel } from '../XenDomains/XenDomainsPanel.tsx'

const PANELS: Record<PanelId, (props: { frame: Frame }) => React.ReactNode> = {
  addressSpaces: AddressSpacesPanel,
  vmcs: VmcsPanel,
  cpuModes: CpuModesPanel,
  ring: RingPanel,
  xenDomains: XenDomainsPanel,
}

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
            return <Panel key={id} frame={frame} />
          })}
        </section>
        <aside className="side">
          <Narration scenario={scenario} frame={frame} lang={lang} />
          {!embed && <ScriptView run={run} currentLine={frame.line} />}
        </aside>
      </div>
      <StepControls />
      {!embed && <ConsolePanel scenario={scenario} extra={extra} />}
    </div>
  )
}
