import { render, screen, within } from '@testing-library/react'
import { beforeEach, describe, expect, it } from 'vitest'
import { runScript } from '../../console/index.ts'
import { initI18n } from '../../i18n/index.ts'
import { frameWhere, scenarioFrames } from '../Ring/testFrames.ts'
import { layoutXenMmu } from './layout.ts'
import { XenMmuPanel } from './XenMmuPanel.tsx'

describe('XenMmuPanel', () => {
  beforeEach(() => {
    initI18n('en')
  })

  it('shows the refused update with the rule that failed and the verdict in words', () => {
    const frames = scenarioFrames('xen-invalid-update')
    const f = frameWhere(
      frames,
      (x) => x.event.kind === 'xenpv.update' && x.event.refusal?.rule === 'target-type',
    )
    render(<XenMmuPanel frame={f} />)
    const focus = screen.getByTestId('xm-focus')
    expect(focus).toHaveTextContent('write 0x123003 at 0x123008')
    expect(screen.getByTestId('xm-check-flags')).toHaveTextContent('passed')
    expect(screen.getByTestId('xm-check-target-owner')).toHaveTextContent('passed')
    expect(screen.getByTestId('xm-check-target-type')).toHaveTextContent('failed')
    expect(screen.getByTestId('xm-verdict')).toHaveTextContent(
      'Refused. Xen returns -16 (-EBUSY): this would map MFN 0x123 writable, but it is an L1 page table in use (type count 1)',
    )
    // The entry being checked is marked with text, not only colour, and still holds its old value.
    const row = screen.getByTestId('xm-row-update')
    expect(row).toHaveTextContent('▶')
    expect(row).toHaveTextContent('0x0')
    expect(row).toHaveTextContent('asked: 0x123003')
    // page_info of the frame the rule looked at.
    expect(screen.getByTestId('xm-page-0x123')).toHaveTextContent('PGT_l1_page_table')
    expect(screen.getByTestId('xm-page-0x123')).toHaveTextContent('1 · validated')
  })

  it('shows an M2P update on the frame it describes, with the old entry', () => {
    const script = [
      'mmu xen-pv',
      'host map 0x0 0x100000 rw',
      'host map 0x1000 0x101000 rw',
      'mmu_update 0x101001 0x42',
    ].join('\n')
    const f = frameWhere(runScript(script).trace.frames, (x) => x.event.kind === 'xenpv.m2p')
    render(<XenMmuPanel frame={f} />)
    expect(screen.getByTestId('xm-focus')).toHaveTextContent(
      'MMU_MACHPHYS_UPDATE, M2P[0x101] ← 0x42',
    )
    expect(screen.getByTestId('xm-focus')).toHaveTextContent('entry of this frame was 0x1')
    expect(screen.getByTestId('xm-check-target-owner')).toHaveTextContent('passed')
    // The frame's row now reads the guest's entry, and the other frame keeps the builder's.
    expect(screen.getByTestId('xm-page-0x101')).toHaveTextContent('0x42')
    expect(screen.getByTestId('xm-page-0x100')).toHaveTextContent('0x0')
    expect(layoutXenMmu(f).spot).toEqual({ kind: 'page', mfn: 0x101n })
  })

  it('counts transitions, and batching shows up as saved ones', () => {
    const frames = scenarioFrames('xen-mmu-update-batching')
    const last = frames[frames.length - 1]
    if (!last) throw new Error('no frames')
    render(<XenMmuPanel frame={last} />)
    expect(within(screen.getByTestId('xm-c-hypercalls')).getByText('8')).toBeInTheDocument()
    expect(within(screen.getByTestId('xm-c-requests')).getByText('19')).toBeInTheDocument()
    expect(within(screen.getByTestId('xm-c-saved')).getByText('11')).toBeInTheDocument()
    expect(within(screen.getByTestId('xm-c-refused')).getByText('1')).toBeInTheDocument()
  })

  it('lays out the tables root first, with the walk’s entries marked', () => {
    const frames = scenarioFrames('xen-direct-paging')
    const f = frameWhere(frames, (x) => x.event.kind === 'xenpv.access')
    const l = layoutXenMmu(f)
    expect(l.tables.map((t) => [t.level, t.mfn])).toEqual([
      [4, 0x120n],
      [3, 0x121n],
      [2, 0x122n],
      [1, 0x123n],
    ])
    expect(
      l.tables.flatMap((t) => t.rows.filter((r) => r.mark === 'walk').map((r) => r.ma)),
    ).toEqual([0x120000n, 0x121000n, 0x122010n, 0x123000n])
    // The P2M column: machine frame 0x120 + i backs guest frame i.
    expect(l.pages.filter((p) => p.owned).map((p) => [p.mfn, p.gfn])).toEqual(
      Array.from({ length: 8 }, (_, i) => [0x120n + BigInt(i), BigInt(i)]),
    )
    render(<XenMmuPanel frame={f} />)
    expect(screen.getByTestId('xm-verdict')).toHaveTextContent('Machine address 0x125123')
  })

  it('says so when the machine is not under Xen PV, instead of a blank panel', () => {
    const frames = scenarioFrames('paging-walk-4level')
    const f = frames[0]
    if (!f) throw new Error('no frames')
    render(<XenMmuPanel frame={f} />)
    expect(screen.getByTestId('xenmmu')).toHaveTextContent('does not run Xen PV direct paging')
  })
})
