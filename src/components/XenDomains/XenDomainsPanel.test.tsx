import { render, screen, within } from '@testing-library/react'
import { beforeEach, describe, expect, it } from 'vitest'
import { initI18n } from '../../i18n/index.ts'
import { frameWhere, scenarioFrames } from '../Ring/testFrames.ts'
import { XenDomainsPanel } from './XenDomainsPanel.tsx'

describe('XenDomainsPanel event channels', () => {
  beforeEach(() => {
    initI18n('en')
  })

  it('shows ports, bitmaps and vcpu_info as text, with the step’s bit as its focus', () => {
    const frames = scenarioFrames('xen-event-channels')
    const f = frameWhere(frames, (x) => x.event.kind === 'evtchn.mask')
    render(<XenDomainsPanel frame={f} />)
    const d0 = screen.getByTestId('ev-dom-0')
    expect(within(d0).getByTestId('ev-port-0-1')).toHaveTextContent('interdomain')
    expect(within(d0).getByTestId('ev-port-0-1')).toHaveTextContent('d1:1')
    const mask = screen.getByTestId('ev-mask-0')
    const cells = within(mask).getAllByRole('cell')
    expect(cells.map((c) => c.textContent?.[0])).toEqual(['0', '1', '0', '0', '0', '0', '0', '0'])
    // The focus is the mask bit of port 1, said in words too (not by the outline alone).
    const focus = document.querySelectorAll('[data-focus]')
    expect(focus).toHaveLength(1)
    expect(focus[0]).toBe(cells[1])
    expect(cells[1]).toHaveTextContent('(changed at this step)')
    expect(screen.getByTestId('ev-upcall-0-0')).toHaveTextContent('0')
  })

  it('gives each glossary term one tab stop, not one per domain', () => {
    const frames = scenarioFrames('xen-event-channels')
    const f = frameWhere(frames, (x) => x.event.kind === 'evtchn.upcall' && x.event.dom === 1)
    render(<XenDomainsPanel frame={f} />)
    const terms = [...document.querySelectorAll('.term')]
    const named = (w: string) => terms.filter((t) => t.firstChild?.textContent === w)
    expect(named('evtchn_pending')).toHaveLength(2)
    expect(named('evtchn_pending').filter((t) => t.getAttribute('tabindex') === '0')).toHaveLength(
      1,
    )
    // The repeat still describes itself to a screen reader.
    expect(named('evtchn_pending')[1]).toHaveAccessibleDescription(/bitmap in shared_info/)
    expect(screen.getByTestId('ev-upcall-1-0')).toHaveAttribute('data-focus', '')
  })
})
