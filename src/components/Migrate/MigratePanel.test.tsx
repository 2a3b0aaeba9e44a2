import { fireEvent, render, screen, within } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import { runScript } from '../../console/index.ts'
import type { Frame } from '../../engine/index.ts'
import { initI18n } from '../../i18n/index.ts'
import { MigratePanel } from './MigratePanel.tsx'

const SCRIPT = 'migrate vm 4096 wws=512 dirty=2000\nmigrate link 8\nmigrate start\nmigrate run'
const frames = runScript(SCRIPT).trace.frames
const at = (i: number): Frame => {
  const f = frames.at(i)
  if (!f) throw new Error(`no frame ${i}`)
  return f
}

describe('MigratePanel', () => {
  it('marks the step’s round in the chart and the table, and lists the rounds so far', () => {
    initI18n('en')
    render(<MigratePanel frame={at(4)} />) // round 2 of the run
    expect(screen.getByTestId('mig-bar-2')).toHaveAttribute('data-focus', 'true')
    expect(screen.queryByTestId('mig-bar-3')).toBeNull()
    const rows = within(screen.getByTestId('mig-table')).getAllByRole('row')
    expect(rows).toHaveLength(3) // header + rounds 1 and 2
    expect(rows[2]).toHaveAttribute('aria-current', 'step')
    expect(screen.getByRole('img', { name: /each of 2 rounds/ })).toBeInTheDocument()
  })

  it('states the verdict and re-runs the migration when a slider moves', () => {
    initI18n('en')
    render(<MigratePanel frame={at(-1)} />)
    expect(screen.getByTestId('mig-status')).toHaveTextContent(/^✓ Converged: downtime/)
    const bw = screen.getByRole('slider', { name: 'Bandwidth (MiB/s)' })
    // A slower link: the same workload now needs more rounds, or never converges.
    fireEvent.change(bw, { target: { value: '1' } })
    expect(screen.getByTestId('mig-status')).toHaveTextContent('What-if:')
    expect(screen.getByTestId('mig-config')).toHaveTextContent('Link: 1 MiB/s')
    fireEvent.click(screen.getByRole('button', { name: 'Back to the script’s numbers' }))
    expect(screen.getByTestId('mig-status')).not.toHaveTextContent('What-if:')
  })

  it('says what to type before there is a VM', () => {
    initI18n('en')
    const f = runScript('migrate link 8').trace.frames[0]
    if (!f) throw new Error('no frame')
    render(<MigratePanel frame={f} />)
    expect(screen.getByTestId('migrate')).toHaveTextContent('No VM to migrate yet')
  })
})
