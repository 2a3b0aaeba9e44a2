import { describe, expect, it } from 'vitest'
import type { Frame } from '../../engine/index.ts'
import { frameWhere, scenarioFrames } from '../Ring/testFrames.ts'
import { type EvtchnDomainView, layoutEvtchn } from './evtchnLayout.ts'

const frames = scenarioFrames('xen-event-channels')
const at = (pred: (f: Frame) => boolean): readonly EvtchnDomainView[] => {
  const f = frameWhere(frames, pred)
  return layoutEvtchn(f.machine.xen, f.event, true)
}
const dom = (l: readonly EvtchnDomainView[], id: number): EvtchnDomainView => {
  const d = l.find((x) => x.domid === id)
  if (!d) throw new Error(`no domain ${id}`)
  return d
}
/** The marked things of a domain, as short names: port:1, pending:1, mask:1, upcall:0, sel:0:0. */
const marked = (d: EvtchnDomainView): string[] => [
  ...d.ports.filter((p) => p.focus).map((p) => `port:${p.port}`),
  ...d.pending.filter((c) => c.focus).map((c) => `pending:${c.bit}`),
  ...d.mask.filter((c) => c.focus).map((c) => `mask:${c.bit}`),
  ...d.vcpus.flatMap((v) => [
    ...(v.focusUpcall ? [`upcall:${v.vcpu}`] : []),
    ...v.sel.filter((c) => c.focus).map((c) => `sel:${v.vcpu}:${c.bit}`),
  ]),
]

describe('layoutEvtchn', () => {
  it('draws each domain’s ports with their state and far end, and a byte of each bitmap', () => {
    const l = at((f) => f.event.kind === 'evtchn.bind' && f.event.op === 'bind_interdomain')
    const d0 = dom(l, 0)
    const d1 = dom(l, 1)
    expect(d0.ports.map((p) => [p.port, p.state, p.remote])).toEqual([
      [0, 'reserved', ''],
      [1, 'interdomain', 'd1:1'],
    ])
    expect(d1.ports[1]).toMatchObject({ state: 'interdomain', remote: 'd0:1', vcpu: 0 })
    expect(d0.pending.map((c) => c.bit)).toEqual([0, 1, 2, 3, 4, 5, 6, 7])
    // bind_interdomain marks the new local port pending once (hw-facts §5.5).
    expect(d0.pending.filter((c) => c.set).map((c) => c.bit)).toEqual([1])
    expect(d0.vcpus[0]).toMatchObject({ upcallPending: true, upcallMask: false })
    expect(d0.vcpus[0]?.sel.map((c) => c.set)).toEqual([true])
    expect(marked(d0)).toEqual(['port:1'])
    expect(d0.active).toBe(true)
    expect(marked(d1)).toEqual([])
  })

  it('marks what each step changed: the pending bit and selector, the upcall, the mask bit', () => {
    const pending = at(
      (f) => f.event.kind === 'evtchn.pending' && f.event.selNewlySet && f.event.dom === 0,
    )
    expect(marked(dom(pending, 0))).toEqual(['pending:1', 'sel:0:0'])
    const again = at((f) => f.event.kind === 'evtchn.pending' && f.event.wasPending)
    // The bit was already set: the edge is recorded once, the selector is not touched again.
    expect(marked(dom(again, 0))).toEqual(['pending:1'])
    const upcall = at((f) => f.event.kind === 'evtchn.upcall' && f.event.dom === 0)
    expect(marked(dom(upcall, 0))).toEqual(['upcall:0'])
    const mask = at((f) => f.event.kind === 'evtchn.mask')
    expect(marked(dom(mask, 0))).toEqual(['mask:1'])
    expect(
      dom(mask, 0)
        .mask.filter((c) => c.set)
        .map((c) => c.bit),
    ).toEqual([1])
    expect(dom(mask, 0).ports[1]?.masked).toBe(true)
  })

  it('marks the bits a handler cleared, and the far port a refused bind named', () => {
    const handle = at((f) => f.event.kind === 'evtchn.handle' && f.event.dom === 1)
    const d1 = dom(handle, 1)
    expect(marked(d1)).toEqual(['pending:2', 'upcall:0', 'sel:0:0'])
    expect(d1.pending.every((c) => !c.set)).toBe(true)
    expect(d1.ports[2]).toMatchObject({ state: 'virq', remote: 'VIRQ_TIMER' })
    const refused = at((f) => f.event.kind === 'evtchn.fail' && f.event.op === 'bind_interdomain')
    expect(marked(dom(refused, 1))).toEqual(['port:1'])
    expect(marked(dom(refused, 0))).toEqual([])
  })

  it('marks nothing when the panel does not hold the stage focus', () => {
    const f = frameWhere(frames, (x) => x.event.kind === 'evtchn.mask')
    const l = layoutEvtchn(f.machine.xen, f.event, false)
    expect(l.flatMap(marked)).toEqual([])
  })
})
