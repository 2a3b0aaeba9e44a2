import { fireEvent, render, screen, within } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import { runScript } from '../../console/index.ts'
import type { Frame } from '../../engine/index.ts'
import { initI18n } from '../../i18n/index.ts'
import { SchedPanel } from './SchedPanel.tsx'

const SCRIPT = `sched xen pcpus=1
sched vm A
sched vm B weight=512
sched thread A.0 loop busy
sched thread B.0 loop busy
sched step 3`
const frames = runScript(SCRIPT).trace.frames
const at = (kind: string): Frame => {
  const f = frames.find((x) => x.event.kind === kind)
  if (!f) throw new Error(`no ${kind}`)
  return f
}

describe('SchedPanel', () => {
  it('marks the accounting when the step is one, with its numbers as text', () => {
    initI18n('en')
    render(<SchedPanel frame={at('sched.acct')} />)
    const acct = screen.getByTestId('sch-acct')
    expect(acct).toHaveAttribute('data-focus', 'true')
    expect(acct).toHaveTextContent('A.0: -200 + 300 = 100 → UNDER')
    const rows = within(screen.getByTestId('sch-vcpus')).getAllByRole('row')
    expect(rows).toHaveLength(3)
    expect(rows[2]).toHaveTextContent('BOOST')
  })

  it('marks the pCPU of a switch and reads each slice with the arrow keys', () => {
    initI18n('en')
    render(<SchedPanel frame={frames.at(-1) as Frame} />)
    expect(screen.getByTestId('sch-pcpu-0')).toHaveAttribute('data-focus', 'true')
    expect(screen.getByTestId('sch-pcpu-0')).toHaveTextContent('▶ B.0 BOOST')
    const timeline = screen.getByRole('group', { name: /What ran on each pCPU/ })
    fireEvent.keyDown(timeline, { key: 'Home' })
    // The readout names the thread as code.
    const readout = document.getElementById('sch-help')
    expect(readout).toHaveTextContent('pCPU 0: A.0 (loop) from 0 ms to 30 ms')
    expect(readout?.querySelector('code')).toHaveTextContent('loop')
  })
})
