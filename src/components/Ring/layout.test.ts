import { describe, expect, it } from 'vitest'
import { en } from '../../i18n/en.ts'
import {
  CENTER_X,
  LABEL_LINE,
  RING_H,
  type Translate,
  WINDOW,
  layoutRing,
  markerTip,
} from './layout.ts'
import { frameWhere, scenarioFrames } from './testFrames.ts'

const t: Translate = (key, params) =>
  en[key].replace(/\{\{(\w+)\}\}/g, (_m, k: string) => String(params?.[k] ?? ''))

describe('layoutRing', () => {
  it('reads the wrapped indices and masks them (8-slot ring started at 0xfffffffd)', () => {
    const frames = scenarioFrames('xen-ring-wraparound')
    const push = frameWhere(
      frames,
      (f) => f.event.kind === 'ring.push' && f.event.side === 'front' && f.event.new === 2,
    )
    const l = layoutRing(push.machine.xen, push.event, t)
    const v = Object.fromEntries(l.pointers.map((p) => [p.name, [p.value, p.slot]]))
    expect(v.req_prod).toEqual([2, 2])
    expect(v.req_prod_pvt).toEqual([2, 2])
    expect(v.req_cons).toEqual([4294967295, 7])
    expect(v.req_event).toEqual([0, 0])
    expect(v.rsp_cons).toEqual([4294967295, 7])
    // Three pushed requests in slots 7, 0, 1; the rest free.
    expect(l.cells.filter((c) => c.kind === 'req-published').map((c) => c.slot)).toEqual([0, 1, 7])
    expect(l.cells.filter((c) => c.kind !== 'free')).toHaveLength(3)
    // (u32)(2 − 0) = 2 < (u32)(2 − 4294967295) = 3: notify (hw-facts §5.1).
    expect(l.decision).toEqual({
      kind: 'push',
      side: 'front',
      notify: true,
      old: 4294967295,
      new: 2,
      event: 0,
      lhs: 2,
      rhs: 3,
    })
    expect(l.pointers.find((p) => p.name === 'req_prod')?.active).toBe(true)
    expect(l.pointers.find((p) => p.name === 'req_cons')?.active).toBe(false)
  })

  it('classifies slots between the indices: private, pushed, taken, answered', () => {
    const frames = scenarioFrames('xen-ring-full')
    const answered = frameWhere(
      frames,
      (f) => f.event.kind === 'ring.push' && f.event.side === 'back',
    )
    const l = layoutRing(answered.machine.xen, answered.event, t)
    expect(l.size).toBe(4)
    expect(l.cells.map((c) => c.kind)).toEqual([
      'rsp-published',
      'rsp-published',
      'req-taken',
      'req-taken',
    ])
    expect(l.cells.map((c) => c.id)).toEqual([0, 1, 2, 3])
  })

  it('draws every slot of a small ring but a window of the 32-slot blkif and 256-slot netif rings', () => {
    const small = scenarioFrames('xen-ring-wraparound')[0]
    if (!small) throw new Error('no frames')
    const ls = layoutRing(small.machine.xen, small.event, t)
    expect(ls.cells).toHaveLength(8)
    expect(ls.gap).toBeNull()
    const blk = scenarioFrames('xen-ring-basics')
    const first = blk[0]
    if (!first) throw new Error('no frames')
    const lb = layoutRing(first.machine.xen, first.event, t)
    expect(lb.cells).toHaveLength(WINDOW)
    expect(lb.gap?.hidden).toBe(32 - WINDOW)
    const net = scenarioFrames('xen-netfront-tx')
    const tx = frameWhere(net, (f) => f.event.kind === 'net.tx')
    const ln = layoutRing(tx.machine.xen, tx.event, t)
    expect(ln.ring?.name).toBe('vif1.0-tx')
    expect(ln.size).toBe(256)
    expect(ln.cells).toHaveLength(WINDOW)
    expect(ln.gap?.hidden).toBe(256 - WINDOW)
    expect(ln.pointers.every((p) => !p.hidden)).toBe(true)
  })

  it('reports a suppressed push with the numbers of the comparison', () => {
    const frames = scenarioFrames('xen-ring-batching')
    const pushes = frames.filter((f) => f.event.kind === 'ring.push' && f.event.side === 'front')
    const second = pushes[1]
    if (!second) throw new Error('no second push')
    const l = layoutRing(second.machine.xen, second.event, t)
    // req_event 1 is not in (4, 8]: (8 − 1) = 7 ≥ (8 − 4) = 4.
    expect(l.decision).toMatchObject({ notify: false, lhs: 7, rhs: 4 })
    expect(l.stats).toMatchObject({ requests: 8, notifySent: 1, notifySuppressed: 1, lastBatch: 4 })
  })

  it('puts the index names in two columns, at least a line apart, at every step', () => {
    for (const id of ['xen-ring-wraparound', 'xen-ring-full', 'xen-ring-batching']) {
      for (const f of scenarioFrames(id)) {
        const l = layoutRing(f.machine.xen, f.event, t)
        for (const side of ['left', 'right'] as const) {
          const ys = l.pointers
            .filter((p) => p.side === side)
            .map((p) => p.labelY)
            .sort((a, b) => a - b)
          for (let i = 1; i < ys.length; i++)
            expect((ys[i] ?? 0) - (ys[i - 1] ?? 0), `${id} ${side}`).toBeGreaterThanOrEqual(
              LABEL_LINE - 1e-9,
            )
          for (const y of ys) {
            expect(y).toBeGreaterThanOrEqual(0)
            expect(y).toBeLessThanOrEqual(RING_H)
          }
        }
        // Each name stands on its marker's side of the ring.
        for (const p of l.pointers)
          expect(p.side === 'left', p.name).toBe(markerTip(p).x < CENTER_X - 0.5)
      }
    }
  })
})
