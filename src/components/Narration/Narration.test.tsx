import { render, screen } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import { runScript } from '../../console/index.ts'
import { initI18n } from '../../i18n/index.ts'
import { loadScenario, scenarioScript } from '../../scenarios/index.ts'
import { Narration } from './Narration.tsx'

const scenario = await loadScenario('three-address-spaces')
if (!scenario) throw new Error('missing scenario')
const { source, phaseOf } = scenarioScript(scenario)
const frames = runScript(source, { phaseOf }).trace.frames

const frameAt = (kind: string, nth = 0) => {
  const f = frames.filter((x) => x.event.kind === kind)[nth]
  if (!f) throw new Error(`no ${kind} frame`)
  return f
}

describe('Narration', () => {
  it("shows the phase's words and what the hardware did at this step", () => {
    initI18n('en')
    render(<Narration scenario={scenario} frame={frameAt('map.host', 3)} lang="en" />)
    expect(screen.getByTestId('narration')).toHaveTextContent('machine pages 20, 21, 22')
    expect(screen.getByTestId('narration-event')).toHaveTextContent(
      "The hypervisor backs guest2's guest-physical page 10 with machine page 20 (0x14000).",
    )
    expect(screen.getByText(/P2M in Xen/)).toBeInTheDocument()
  })

  it('changes with the step: a fault reads as a fault', () => {
    render(<Narration scenario={scenario} frame={frameAt('access.done', 2)} lang="en" />)
    expect(screen.getByTestId('narration-event')).toHaveTextContent('error code 0x4')
    expect(screen.getByTestId('narration-event')).toHaveTextContent('CR2 = 0x9000')
  })

  it('narrates in Chinese', () => {
    initI18n('zh')
    render(<Narration scenario={scenario} frame={frameAt('access.done', 3)} lang="zh" />)
    expect(screen.getByRole('heading', { name: '发生了什么' })).toBeInTheDocument()
    expect(screen.getByTestId('narration-event')).toHaveTextContent('原因号 48')
    initI18n('en')
  })

  it("shows the phase's end state only at its last step", async () => {
    initI18n('en')
    const sc = await loadScenario('shadow-context-switch')
    if (!sc) throw new Error('missing scenario')
    const run = runScript(scenarioScript(sc).source, { phaseOf: scenarioScript(sc).phaseOf })
    const own = run.trace.frames.filter((f) => f.phaseId === 'process-b')
    const [first, last] = [own[0], own.at(-1)]
    if (!first || !last) throw new Error('no process-b frames')
    const { unmount } = render(
      <Narration scenario={sc} frame={first} lang="en" phaseDone={false} />,
    )
    expect(screen.queryByTestId('narration-now')).toBeNull()
    unmount()
    render(<Narration scenario={sc} frame={last} lang="en" phaseDone />)
    expect(screen.getByTestId('narration-now')).toHaveTextContent(
      'Now: The shadow tables now take 8 pages, 32 KiB',
    )
  })
})
