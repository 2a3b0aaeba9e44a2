import { describe, expect, it } from 'vitest'
import { applyXen } from './apply.ts'
import type { XenOp } from './ops.ts'
import { runOps } from './testOps.ts'

const setup: XenOp[] = [
  { kind: 'xen.domain', domid: 1, vcpus: 1 },
  { kind: 'blk.connect', dev: 'xvda', frontDom: 1, backDom: 0 },
]

describe('blkfront / blkback (hw-facts §5.3)', () => {
  it('connect: a 32-slot blkif ring, ring page granted and mapped, an event channel', () => {
    const { s, events } = runOps(setup)
    expect(s.rings[0]?.size).toBe(32)
    const kinds = events[1]?.map((e) => e.kind)
    expect(kinds).toEqual([
      'ring.create',
      'grant.access',
      'grant.map',
      'evtchn.bind',
      'evtchn.bind',
      'evtchn.pending',
      'evtchn.upcall',
      'blk.connect',
    ])
    expect(s.vbds[0]).toMatchObject({ handle: 51712, ringRef: 8, frontPort: 1, backPort: 1 })
  })

  it('a 12-sector write: 2 segments with read-only grants; then a read gets the data back', () => {
    const { s, events } = runOps([
      ...setup,
      { kind: 'blk.request', dev: 'xvda', operation: 'write', sector: 100n, count: 12 },
      { kind: 'blk.backend', dev: 'xvda' },
      { kind: 'blk.complete', dev: 'xvda' },
      { kind: 'blk.request', dev: 'xvda', operation: 'read', sector: 104n, count: 4 },
      { kind: 'blk.backend', dev: 'xvda' },
      { kind: 'blk.complete', dev: 'xvda' },
    ])
    const req = events[2]?.find((e) => e.kind === 'blk.request')
    expect(req).toMatchObject({
      request: {
        operation: 1,
        nrSegments: 2,
        sectorNumber: 100n,
        seg: [
          { gref: 9, firstSect: 0, lastSect: 7 },
          { gref: 10, firstSect: 0, lastSect: 3 },
        ],
      },
    })
    const grants = events[2]?.filter((e) => e.kind === 'grant.access')
    expect(grants?.map((g) => (g.kind === 'grant.access' ? g.entry.flags : 0))).toEqual([5, 5])
    const push = events[2]?.find((e) => e.kind === 'ring.push')
    expect(push).toMatchObject({ notify: true })
    // Backend maps each segment read-only for a WRITE and answers OKAY.
    const maps = events[3]?.filter((e) => e.kind === 'grant.map')
    expect(maps?.every((m) => m.kind === 'grant.map' && m.readonly && m.status === 0)).toBe(true)
    expect(events[3]?.find((e) => e.kind === 'blk.io')).toMatchObject({ sectors: 12, status: 0 })
    const done = events[4]?.find((e) => e.kind === 'blk.done')
    expect(done).toMatchObject({ status: 0 })
    const readDone = events[7]?.find((e) => e.kind === 'blk.done')
    expect(readDone?.kind === 'blk.done' && readDone.data[0]).toContain('xvda write #0 part 0 [4]')
    // All data grants were ended: only the ring grant (ref 8) remains.
    const g1 = s.grants.find((g) => g.domid === 1)
    expect(g1?.entries.filter((e) => e.flags !== 0).length).toBe(1)
  })

  it('a request beyond 11 segments × 8 sectors is refused', () => {
    const r = applyXen(runOps(setup).s, {
      kind: 'blk.request',
      dev: 'xvda',
      operation: 'read',
      sector: 0n,
      count: 89,
    })
    expect(r.ok).toBe(false)
  })
})
