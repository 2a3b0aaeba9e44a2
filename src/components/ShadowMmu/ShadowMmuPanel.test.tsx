import { render, screen } from '@testing-library/react'
import { beforeEach, describe, expect, it } from 'vitest'
import { runScript } from '../../console/index.ts'
import type { Frame } from '../../engine/index.ts'
import { initI18n } from '../../i18n/index.ts'
import { ShadowMmuPanel } from './ShadowMmuPanel.tsx'

const BOOT = `mmu shadow
host map 0x0 0x2000000 rwx size=2M
map 0x400000 0x5000 w u
access 0x400123 read user
access 0x800000 read user
`
const frames = runScript(BOOT).trace.frames
const where = (pred: (f: Frame) => boolean): Frame => {
  const f = frames.find(pred)
  if (!f) throw new Error('no such frame')
  return f
}

describe('ShadowMmuPanel', () => {
  beforeEach(() => {
    initI18n('en')
  })

  it('highlights the shadow PTE being filled from the guest PTE and the P2M', () => {
    const f = where((x) => x.event.kind === 'shadow.sync' && x.event.level === 1)
    render(<ShadowMmuPanel frame={f} />)
    expect(screen.getByTestId('sm-sync')).toHaveTextContent('fill PTE')
    // Guest PTE 0x5027 (A set by the VMM), P2M 0x5000 -> 0x2005000, shadow leaf read-only.
    expect(screen.getByTestId('sm-sync')).toHaveTextContent('0x5027')
    expect(screen.getByTestId('sm-sync')).toHaveTextContent('0x2005000')
    expect(screen.getByTestId('sm-sync-raw')).toHaveTextContent('0x2005025')
    expect(screen.getByTestId('sm-sync')).toHaveTextContent('read-only')
    expect(screen.getByTestId('sm-row-1')).toHaveTextContent('syncing')
    expect(screen.getByTestId('sm-state-1')).toHaveTextContent('in sync')
    expect(screen.getByTestId('sm-state-1')).toHaveTextContent('guest D=0')
    expect(screen.getByTestId('sm-lane-hypervisor')).toHaveTextContent('this step')
    expect(screen.getByTestId('sm-lane-guest')).not.toHaveTextContent('this step')
    expect(screen.getByTestId('sm-count-pages')).toHaveTextContent('16 KiB')
  })

  it('marks the reflected fault as guest-induced with its error code', () => {
    const f = where((x) => x.event.kind === 'shadow.inject')
    render(<ShadowMmuPanel frame={f} />)
    expect(screen.getByTestId('sm-lane-guest')).toHaveTextContent('this step')
    expect(screen.getByTestId('sm-now')).toHaveTextContent('error code 0x4, CR2 0x800000')
    expect(screen.getByTestId('sm-count-reflected')).toHaveTextContent('1')
  })

  it('says what it shows when the MMU is not shadow, and before any access', () => {
    render(<ShadowMmuPanel frame={runScript('mmu native\n').trace.frames[0] as Frame} />)
    expect(screen.getByTestId('shadowmmu')).toHaveTextContent('mmu native')
  })
})
