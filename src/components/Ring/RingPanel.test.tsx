import { render, screen } from '@testing-library/react'
import { beforeEach, describe, expect, it } from 'vitest'
import { initI18n } from '../../i18n/index.ts'
import { RingPanel } from './RingPanel.tsx'
import { frameWhere, scenarioFrames } from './testFrames.ts'

describe('RingPanel', () => {
  beforeEach(() => {
    initI18n('en')
  })

  it('shows the wrapped index values, their slots and the notify mark of a push', () => {
    const frames = scenarioFrames('xen-ring-wraparound')
    const push = frameWhere(
      frames,
      (f) => f.event.kind === 'ring.push' && f.event.side === 'front' && f.event.new === 2,
    )
    const { rerender } = render(<RingPanel frame={push} />)
    expect(screen.getByTestId('ring-val-req_prod')).toHaveTextContent('2')
    expect(screen.getByTestId('ring-val-req_cons')).toHaveTextContent('4294967295')
    expect(screen.getByTestId('ring-slot-of-req_cons')).toHaveTextContent('7')
    expect(screen.getByTestId('ring-val-req_event')).toHaveTextContent('0')
    expect(screen.getByTestId('ring-notify')).toHaveAttribute('data-notify', 'sent')
    expect(screen.getByTestId('ring-notify')).toHaveTextContent('Notification sent to the backend')

    // The next step consumes: no push, so no notify mark; req_cons has moved to 2 (slot 2).
    const consume = frames[push.index + 1]
    if (!consume) throw new Error('no next frame')
    rerender(<RingPanel frame={consume} />)
    expect(screen.queryByTestId('ring-notify')).toBeNull()
    expect(screen.getByTestId('ring-val-req_cons')).toHaveTextContent('2')
    expect(screen.getByTestId('ring-slot-of-req_cons')).toHaveTextContent('2')
  })

  it('marks a suppressed notification and counts it', () => {
    const frames = scenarioFrames('xen-ring-batching')
    const pushes = frames.filter((f) => f.event.kind === 'ring.push' && f.event.side === 'front')
    const third = pushes[2]
    if (!third) throw new Error('no third push')
    render(<RingPanel frame={third} />)
    expect(screen.getByTestId('ring-notify')).toHaveAttribute('data-notify', 'suppressed')
    expect(screen.getByTestId('ring-notify')).toHaveTextContent('Notification suppressed')
    expect(screen.getByTestId('ring-stat-requests')).toHaveTextContent('12')
    expect(screen.getByTestId('ring-stat-sent')).toHaveTextContent('1')
    expect(screen.getByTestId('ring-stat-suppressed')).toHaveTextContent('2')
    expect(screen.getByTestId('ring-stat-batch')).toHaveTextContent('4')
  })

  it('shows the re-armed event index after a final check', () => {
    const frames = scenarioFrames('xen-ring-basics')
    const fc = frameWhere(
      frames,
      (f) => f.event.kind === 'ring.final-check' && f.event.side === 'back',
    )
    render(<RingPanel frame={fc} />)
    expect(screen.getByTestId('ring-final')).toHaveTextContent('req_event := 2')
    expect(screen.getByTestId('ring-val-req_event')).toHaveTextContent('2')
    expect(screen.queryByTestId('ring-notify')).toBeNull()
  })
})
