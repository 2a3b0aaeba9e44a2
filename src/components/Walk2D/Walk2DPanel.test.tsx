import { render, screen } from '@testing-library/react'
import { beforeEach, describe, expect, it } from 'vitest'
import { runScript } from '../../console/index.ts'
import type { Frame } from '../../engine/index.ts'
import { initI18n } from '../../i18n/index.ts'
import { Walk2DPanel } from './Walk2DPanel.tsx'

// The hand-built 4/4 hierarchy of test/golden/ept-2d.vms: guest tables at GPA 0x1000-0x4000,
// EPT PTEs mapping GPA 0x1000*k to HPA 0x200000 + 0x1000*k.
const SCRIPT = `mmu ept
poke 0x1008 0x2003
poke 0x2010 0x3003
poke 0x3018 0x4003
poke 0x4020 0x5003
cr3 0x1000
host poke 0x100000 0x101007
host poke 0x101000 0x102007
host poke 0x102000 0x103007
host poke 0x103008 0x201037
host poke 0x103010 0x202037
host poke 0x103018 0x203037
host poke 0x103020 0x204037
eptp 0x100000
access 0x8080604567`

function frames(src: string): readonly Frame[] {
  const r = runScript(src)
  if (r.error) throw new Error(r.error.message)
  return r.trace.frames
}
function at(fs: readonly Frame[], pick: (f: Frame) => boolean): Frame {
  const f = fs.find(pick)
  if (!f) throw new Error('no such frame')
  return f
}

describe('Walk2DPanel', () => {
  beforeEach(() => {
    initI18n('en')
  })

  it('at reference 5 shows the guest PML4E at HPA 0x201008, 1-4 read, 6 next', () => {
    const fs = frames(SCRIPT)
    const f = at(fs, (x) => x.event.kind === 'ept.guest-ref' && x.event.n === 5)
    render(<Walk2DPanel frame={f} />)
    expect(screen.getByTestId('w2d-count')).toHaveTextContent('Reference 5 of 24')
    expect(screen.getByTestId('w2d-current')).toHaveTextContent('guest PML4E[1] at GPA 0x1008')
    expect(screen.getByTestId('w2d-current-hpa')).toHaveTextContent('0x201008')
    expect(screen.getByTestId('w2d-cell-nested-1-4')).toHaveTextContent('read')
    expect(screen.getByTestId('w2d-cell-guest-4-5')).toHaveTextContent('now')
    expect(screen.getByTestId('w2d-cell-nested-4-6')).toHaveTextContent('next')
  })

  it('draws the EPT violation of the unbacked data page bit by bit (0x181)', () => {
    const fs = frames(SCRIPT)
    const f = at(fs, (x) => x.event.kind === 'ept.access')
    render(<Walk2DPanel frame={f} />)
    expect(screen.getByTestId('w2d-count')).toHaveTextContent('Reference 24 of 24')
    expect(screen.getByTestId('w2d-exit')).toHaveTextContent('VM exit 48: EPT violation')
    expect(screen.getByTestId('w2d-exit')).toHaveTextContent('0x5567')
    expect(screen.getByTestId('w2d-q-0')).toHaveTextContent('bit 0 = 1')
    expect(screen.getByTestId('w2d-q-0')).toHaveTextContent('data read')
    expect(screen.getByTestId('w2d-q-3')).toHaveTextContent('EPT did not allow read')
    expect(screen.getByTestId('w2d-q-8')).toHaveTextContent('the final translation')
    expect(screen.getByTestId('w2d-cell-nested-1-24')).toHaveTextContent('not present')
    // The comparison strip: native 4, shadow 4 once filled, EPT 24 on a full miss.
    const cmp = screen.getByRole('region', { name: 'Same access, references on a TLB miss' })
    expect(cmp).toHaveTextContent(/native paging\s*4/)
    expect(cmp).toHaveTextContent(/shadow paging \(after the fill; table writes exit\)\s*4/)
    expect(cmp).toHaveTextContent(/EPT, full miss\s*24/)
  })

  it('completes with the host-physical address once the VMM backs the page', () => {
    const fs = frames(`${SCRIPT}\nhost poke 0x103028 0x205037\naccess 0x8080604567`)
    const f = fs[fs.length - 1]
    if (!f) throw new Error('no frame')
    render(<Walk2DPanel frame={f} />)
    expect(screen.getByTestId('w2d-result')).toHaveTextContent('HPA 0x205567')
    expect(screen.getByTestId('walk2d')).toHaveTextContent('EPT, full miss 24')
  })

  it('says what to do when there is no walk yet', () => {
    const fs = frames('mmu ept\neptp 0x100000')
    const f = fs[fs.length - 1]
    if (!f) throw new Error('no frame')
    render(<Walk2DPanel frame={f} />)
    expect(screen.getByTestId('walk2d')).toHaveTextContent('No guest access yet')
  })
})

describe('Walk2DPanel with paging-structure caches', () => {
  beforeEach(() => {
    initI18n('en')
  })

  it('marks rows the PDE cache skipped and the EPT walk a cached GPA mapping replaced', () => {
    const fs = frames(
      [
        'mmu ept',
        'ept caches on',
        'map 0x7000 0x400000 w',
        'map 0x8000 0x401000 w',
        ...[0, 1, 2, 3].map((i) => `host map ${0x100000 + i * 0x1000} ${0x8100000 + i * 0x1000}`),
        'host map 0x400000 0x8400000 rw',
        'host map 0x401000 0x8401000 rw',
        'access 0x7123',
        'access 0x8123',
      ].join('\n'),
    )
    const f = fs[fs.length - 1]
    if (!f) throw new Error('no frame')
    render(<Walk2DPanel frame={f} />)
    expect(screen.getByTestId('w2d-count')).toHaveTextContent('Reference 5 of 5')
    expect(screen.getByTestId('w2d-row-2')).toHaveTextContent('skipped (PSC)')
    expect(screen.getByTestId('w2d-row-1')).toHaveTextContent('cached GPA→HPA')
    expect(screen.getByTestId('w2d-row-0')).toHaveTextContent('#5')
  })
})
