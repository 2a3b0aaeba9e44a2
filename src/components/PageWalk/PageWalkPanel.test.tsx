import { render, screen } from '@testing-library/react'
import { beforeEach, describe, expect, it } from 'vitest'
import { initI18n } from '../../i18n/index.ts'
import { frameWhere, scenarioFrames } from '../Ring/testFrames.ts'
import { PageWalkPanel } from './PageWalkPanel.tsx'

describe('PageWalkPanel', () => {
  beforeEach(() => {
    initI18n('en')
  })

  it('splits 0x7123 into its indices and shows each entry at base + index × 8', () => {
    const frames = scenarioFrames('paging-walk-4level')
    const acc = frameWhere(frames, (f) => f.event.kind === 'paging.access')
    render(<PageWalkPanel frame={acc} />)
    // hw-facts §1.1: PML4 47:39, PDPT 38:30, PD 29:21, PT 20:12, offset 11:0.
    expect(screen.getByTestId('pw-field-PML4')).toHaveTextContent('PML4 47:39')
    expect(screen.getByTestId('pw-field-PML4')).toHaveTextContent('0x0 = 0')
    expect(screen.getByTestId('pw-field-PT')).toHaveTextContent('PT 20:12')
    expect(screen.getByTestId('pw-field-PT')).toHaveTextContent('0x7 = 7')
    expect(screen.getByTestId('pw-field-offset')).toHaveTextContent('offset 11:0')
    expect(screen.getByTestId('pw-field-offset')).toHaveTextContent('0x123 = 291')
    expect(screen.getByTestId('pw-entry-addr-4')).toHaveTextContent('0x100000')
    expect(screen.getByTestId('pw-entry-addr-3')).toHaveTextContent('0x101000')
    expect(screen.getByTestId('pw-entry-addr-2')).toHaveTextContent('0x102000')
    expect(screen.getByTestId('pw-entry-addr-1')).toHaveTextContent('0x103038')
    // A set by the walk (hw-facts §1.6): PTE 0xa007 became 0xa027.
    expect(screen.getByTestId('pw-raw-1')).toHaveTextContent('0xa027')
    expect(screen.getByTestId('pw-card-1')).toHaveTextContent('A=1')
    expect(screen.getByTestId('pw-tlb-status')).toHaveTextContent('TLB miss')
  })

  it('marks the TLB hit of the second access and shows no walk', () => {
    const frames = scenarioFrames('paging-walk-4level')
    const acc = frames.filter((f) => f.event.kind === 'paging.access')[1]
    if (!acc) throw new Error('no second access')
    render(<PageWalkPanel frame={acc} />)
    expect(screen.getByTestId('pw-tlb-status')).toHaveTextContent('TLB hit')
    expect(screen.getByTestId('pw-tlb-0x7000')).toHaveTextContent('TLB hit')
    expect(screen.queryByTestId('pw-card-4')).toBeNull()
  })

  it('draws the error code 0x6 of a not-present user write bit by bit', () => {
    const frames = scenarioFrames('paging-faults')
    const f = frameWhere(
      frames,
      (x) => x.event.kind === 'paging.access' && x.event.outcome.result === 'fault',
    )
    render(<PageWalkPanel frame={f} />)
    // hw-facts §1.5: 0x6 = W/R (bit 1) | U/S (bit 2), P (bit 0) clear.
    expect(screen.getByTestId('pw-fault')).toHaveTextContent('error code 0x6')
    expect(screen.getByTestId('pw-ec-0')).toHaveTextContent('bit 0 P = 0')
    expect(screen.getByTestId('pw-ec-0')).toHaveTextContent('not present')
    expect(screen.getByTestId('pw-ec-1')).toHaveTextContent('bit 1 W/R = 1')
    expect(screen.getByTestId('pw-ec-2')).toHaveTextContent('bit 2 U/S = 1')
    expect(screen.getByTestId('pw-ec-3')).toHaveTextContent('bit 3 RSVD = 0')
    expect(screen.getByTestId('pw-ec-4')).toHaveTextContent('bit 4 I/D = 0')
  })

  it('shows 0x11 (P | I/D) for the NX fetch', () => {
    const frames = scenarioFrames('paging-faults')
    const f = frameWhere(
      frames,
      (x) =>
        x.event.kind === 'paging.access' &&
        x.event.intent === 'fetch' &&
        x.event.outcome.result === 'fault',
    )
    render(<PageWalkPanel frame={f} />)
    expect(screen.getByTestId('pw-fault')).toHaveTextContent('error code 0x11')
    expect(screen.getByTestId('pw-ec-0')).toHaveTextContent('P = 1')
    expect(screen.getByTestId('pw-ec-4')).toHaveTextContent('I/D = 1')
    expect(screen.getByTestId('pw-card-1')).toHaveTextContent('XD=1')
  })

  it('at a reference step shows the levels read so far, the current one marked', () => {
    const frames = scenarioFrames('paging-walk-4level')
    const ref = frameWhere(frames, (f) => f.event.kind === 'paging.ref' && f.event.level === 2)
    render(<PageWalkPanel frame={ref} />)
    expect(screen.getByTestId('pw-card-4')).toBeInTheDocument()
    expect(screen.getByTestId('pw-card-2')).toHaveTextContent('read at this step')
    expect(screen.queryByTestId('pw-card-1')).toBeNull()
  })

  it('says whose tables it shows when a hypervisor translates', () => {
    const frames = scenarioFrames('ept-vs-shadow')
    const native = frameWhere(frames, (f) => f.event.kind === 'paging.access')
    render(<PageWalkPanel frame={native} />)
    expect(screen.queryByTestId('pw-guest-view')).toBeNull()
    const ept = frameWhere(frames, (f) => f.machine.virt.mmu === 'ept')
    render(<PageWalkPanel frame={ept} />)
    expect(screen.getByTestId('pw-guest-view')).toHaveTextContent('guest-physical addresses')
  })
})
