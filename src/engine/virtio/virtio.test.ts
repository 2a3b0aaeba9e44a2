import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { readMem as readPhys } from './mem.ts'
import { applyVirtio } from './apply.ts'
import type { VirtioEvent } from './events.ts'
import type { VirtioOp } from './ops.ts'
import { contiguousLayout, needEvent, usedEventAt, availEventAt } from './spec.ts'
import type { Backend, IrqMode, VirtioState } from './types.ts'

type Feature = Extract<VirtioOp, { kind: 'virtio.features' }>['features'][number]

function run(s: VirtioState, op: VirtioOp, skip = true) {
  const r = applyVirtio(s, op, { skip })
  if (!r.ok) throw new Error(`refused: ${JSON.stringify(r.error)}`)
  return r.value
}

/** A live device with the transmit queue at 0x10000. */
function live(
  features: readonly Feature[] = ['VERSION_1', 'EVENT_IDX', 'INDIRECT_DESC'],
  backend: Backend = 'qemu',
  irq: IrqMode = 'msix',
  size = 8,
): VirtioState {
  let s: VirtioState = { dev: null }
  const ops: VirtioOp[] = [
    { kind: 'virtio.device', backend, irq },
    { kind: 'virtio.status', set: 'ACKNOWLEDGE' },
    { kind: 'virtio.status', set: 'DRIVER' },
    { kind: 'virtio.features', features, unknown: [] },
    { kind: 'virtio.status', set: 'FEATURES_OK' },
    { kind: 'virtio.queue', queue: 'tx', size, ...contiguousLayout(0x10000n, size) },
    { kind: 'virtio.status', set: 'DRIVER_OK' },
  ]
  for (const op of ops) s = run(s, op).state
  return s
}

const kinds = (es: readonly VirtioEvent[]) => es.map((e) => e.kind)
const one = <K extends VirtioEvent['kind']>(es: readonly VirtioEvent[], k: K) =>
  es.find((e) => e.kind === k) as Extract<VirtioEvent, { kind: K }>

describe('vring_need_event (hw-facts-2 §2.3 wrap cases: old 65534, new 2)', () => {
  it('ev 65535 -> notify (2 < 4)', () => expect(needEvent(65535, 2, 65534)).toBe(true))
  it('ev 1 -> notify (0 < 4)', () => expect(needEvent(1, 2, 65534)).toBe(true))
  it('ev 2 -> no notify (65535 < 4 is false: entry 2 not yet published)', () =>
    expect(needEvent(2, 2, 65534)).toBe(false))
  it('ev 65533 -> no notify (4 < 4 is false: already passed)', () =>
    expect(needEvent(65533, 2, 65534)).toBe(false))
  it('spec example: used_event 0 interrupts after the 1st buffer and again 65536 later', () => {
    const at: number[] = []
    for (let k = 1; k <= 65537; k++) if (needEvent(0, k & 0xffff, (k - 1) & 0xffff)) at.push(k)
    expect(at).toEqual([1, 65537])
  })
  it('is true exactly when event is in [old, new) mod 2^16', () =>
    fc.assert(
      fc.property(fc.nat(0xffff), fc.nat(0xffff), fc.nat(0xffff), (ev, old, n) => {
        const span = (n - old) & 0xffff
        const inRange = ((ev - old) & 0xffff) < span
        expect(needEvent(ev, n, old)).toBe(inRange)
      }),
    ))
})

describe('handshake', () => {
  it('uses the real status bits in order and refuses out of order', () => {
    let s = run({ dev: null }, { kind: 'virtio.device', backend: 'qemu', irq: 'msix' }).state
    expect(applyVirtio(s, { kind: 'virtio.status', set: 'DRIVER' })).toMatchObject({
      ok: false,
      error: { code: 'status-order', missing: 'ACKNOWLEDGE' },
    })
    s = run(s, { kind: 'virtio.status', set: 'ACKNOWLEDGE' }).state
    s = run(s, { kind: 'virtio.status', set: 'DRIVER' }).state
    expect(s.dev?.status).toBe(3)
    s = run(s, { kind: 'virtio.features', features: ['VERSION_1'], unknown: [] }).state
    s = run(s, { kind: 'virtio.status', set: 'FEATURES_OK' }).state
    expect(s.dev?.status).toBe(11)
    s = run(s, {
      kind: 'virtio.queue',
      queue: 'tx',
      size: 8,
      ...contiguousLayout(0x10000n, 8),
    }).state
    s = run(s, { kind: 'virtio.status', set: 'DRIVER_OK' }).state
    expect(s.dev?.status).toBe(15)
  })
  it('a feature the device did not offer leaves FEATURES_OK clear on read-back', () => {
    let s = run({ dev: null }, { kind: 'virtio.device', backend: 'qemu', irq: 'msix' }).state
    s = run(s, { kind: 'virtio.status', set: 'ACKNOWLEDGE' }).state
    s = run(s, { kind: 'virtio.status', set: 'DRIVER' }).state
    s = run(s, { kind: 'virtio.features', features: ['VERSION_1'], unknown: [34] }).state
    const r = run(s, { kind: 'virtio.status', set: 'FEATURES_OK' })
    expect(one(r.events, 'virtio.status').refused).toEqual([34])
    expect(r.state.dev?.status).toBe(3)
  })
  it('refuses a misaligned ring part and a size that is not a power of 2', () => {
    let s = run({ dev: null }, { kind: 'virtio.device', backend: 'qemu', irq: 'msix' }).state
    for (const b of ['ACKNOWLEDGE', 'DRIVER'] as const)
      s = run(s, { kind: 'virtio.status', set: b }).state
    s = run(s, { kind: 'virtio.features', features: ['VERSION_1'], unknown: [] }).state
    s = run(s, { kind: 'virtio.status', set: 'FEATURES_OK' }).state
    const bad = (desc: bigint, avail: bigint, used: bigint, size = 8) =>
      applyVirtio(s, { kind: 'virtio.queue', queue: 'tx', size, desc, avail, used })
    expect(bad(0x10008n, 0x10100n, 0x11000n)).toMatchObject({
      error: { code: 'misaligned', part: 'desc', align: 16 },
    })
    expect(bad(0x10000n, 0x10101n, 0x11000n)).toMatchObject({
      error: { code: 'misaligned', part: 'avail' },
    })
    expect(bad(0x10000n, 0x10100n, 0x11002n)).toMatchObject({
      error: { code: 'misaligned', part: 'used', align: 4 },
    })
    expect(bad(0x10000n, 0x10100n, 0x11000n, 6)).toMatchObject({ error: { code: 'queue-size' } })
    expect(bad(0x10000n, 0x10040n, 0x11000n)).toMatchObject({ error: { code: 'overlap' } })
  })
})

describe('the ring in guest memory', () => {
  it('lays a chain out byte-exact and publishes in order: descriptors, slot, idx', () => {
    const r = run(live(), {
      kind: 'virtio.add',
      bufs: [
        { addr: 0x20000n, len: 12, write: false },
        { addr: 0x21000n, len: 1514, write: false },
      ],
      indirect: null,
    })
    expect(kinds(r.events)).toEqual([
      'virtio.desc',
      'virtio.desc',
      'virtio.avail-ring',
      'virtio.avail-idx',
    ])
    const mem = r.state.dev?.mem
    if (!mem) throw new Error('no mem')
    // desc[0] at 0x10000: addr le64, len le32, flags le16 (NEXT), next le16 (1).
    expect(readPhys(mem, 0x10000n, 8)).toBe(0x20000n)
    expect(readPhys(mem, 0x10008n, 4)).toBe(12n)
    expect(readPhys(mem, 0x1000cn, 2)).toBe(1n)
    expect(readPhys(mem, 0x1000en, 2)).toBe(1n)
    expect(readPhys(mem, 0x10018n, 4)).toBe(1514n)
    expect(readPhys(mem, 0x1001cn, 2)).toBe(0n)
    // avail at 0x10080: flags, idx 1, ring[0] = head 0.
    expect(readPhys(mem, 0x10082n, 2)).toBe(1n)
    expect(readPhys(mem, 0x10084n, 2)).toBe(0n)
    // Before the idx event the slot is written but idx is still 0.
    const slot = one(r.events, 'virtio.avail-ring').snap.mem
    expect(readPhys(slot, 0x10082n, 2)).toBe(0n)
  })
  it('an indirect chain takes one ring slot with INDIRECT and len 16 x n', () => {
    const r = run(live(), {
      kind: 'virtio.add',
      bufs: [
        { addr: 0x20000n, len: 12, write: false },
        { addr: 0x21000n, len: 100, write: false },
        { addr: 0x22000n, len: 100, write: false },
      ],
      indirect: 0x30000n,
    })
    const ring = r.events.filter((e) => e.kind === 'virtio.desc' && e.desc.table === 'ring')
    expect(ring).toHaveLength(1)
    const mem = r.state.dev?.mem
    if (!mem) throw new Error('no mem')
    expect(readPhys(mem, 0x1000cn, 2)).toBe(4n)
    expect(readPhys(mem, 0x10008n, 4)).toBe(48n)
    const p = run(r.state, { kind: 'virtio.process', max: null })
    expect(one(p.events, 'virtio.pop').outBytes).toBe(212)
    expect(r.state.dev?.queue?.driver.free).toHaveLength(7)
  })
  it('refuses INDIRECT without the feature and a chain longer than the free list', () => {
    const s = live(['VERSION_1'])
    expect(
      applyVirtio(s, {
        kind: 'virtio.add',
        bufs: [{ addr: 0n, len: 1, write: false }],
        indirect: 0x30000n,
      }),
    ).toMatchObject({ error: { code: 'no-feature' } })
    const bufs = Array.from({ length: 9 }, () => ({ addr: 0x1000n, len: 1, write: false }))
    expect(applyVirtio(s, { kind: 'virtio.add', bufs, indirect: null })).toMatchObject({
      error: { code: 'no-space', need: 9, free: 8 },
    })
  })
})

describe('notifications', () => {
  it('QEMU: one kick is exit 49, KVM_EXIT_MMIO to user space, re-entry', () => {
    let s = live()
    s = run(s, {
      kind: 'virtio.add',
      bufs: [{ addr: 0x20000n, len: 60, write: false }],
      indirect: null,
    }).state
    const k = run(s, { kind: 'virtio.kick' })
    expect(kinds(k.events)).toEqual([
      'virtio.kick-check',
      'virtio.notify',
      'virtio.exit',
      'virtio.kvm',
      'virtio.backend',
      'virtio.kvm',
    ])
    expect(one(k.events, 'virtio.exit').reason).toBe(49)
    expect(k.state.dev?.counts).toMatchObject({ exits: 1, userspace: 1, kicks: 1 })
  })
  it('vhost: the same kick completes in KVM through ioeventfd, no user space', () => {
    let s = live(['VERSION_1', 'EVENT_IDX'], 'vhost')
    s = run(s, {
      kind: 'virtio.add',
      bufs: [{ addr: 0x20000n, len: 60, write: false }],
      indirect: null,
    }).state
    const k = run(s, { kind: 'virtio.kick' })
    expect(k.state.dev?.counts).toMatchObject({ exits: 1, userspace: 0, kicks: 1, wakeups: 1 })
    const p = run(k.state, { kind: 'virtio.process', max: null })
    expect(one(p.events, 'virtio.interrupt').path).toBe('irqfd')
  })
  it('NO_NOTIFY suppresses the kick without EVENT_IDX; NO_INTERRUPT the interrupt', () => {
    let s = live(['VERSION_1'])
    s = run(s, { kind: 'virtio.flag', which: 'used', on: true }).state
    s = run(s, { kind: 'virtio.flag', which: 'avail', on: true }).state
    s = run(s, {
      kind: 'virtio.add',
      bufs: [{ addr: 0x20000n, len: 60, write: false }],
      indirect: null,
    }).state
    const k = run(s, { kind: 'virtio.kick' })
    expect(kinds(k.events)).toEqual(['virtio.kick-check'])
    const p = run(k.state, { kind: 'virtio.process', max: null })
    expect(one(p.events, 'virtio.irq-check').need).toBe(false)
    expect(p.state.dev?.counts).toMatchObject({
      kicks: 0,
      kicksSuppressed: 1,
      interrupts: 0,
      interruptsSuppressed: 1,
    })
  })
  it('refuses the flags once EVENT_IDX is negotiated', () => {
    expect(applyVirtio(live(), { kind: 'virtio.flag', which: 'avail', on: true })).toMatchObject({
      error: { code: 'flags-with-event-idx' },
    })
  })
  it('EVENT_IDX: a batch of two published before one kick costs one exit', () => {
    let s = live()
    for (const a of [0x20000n, 0x21000n])
      s = run(s, {
        kind: 'virtio.add',
        bufs: [{ addr: a, len: 60, write: false }],
        indirect: null,
      }).state
    const k = run(s, { kind: 'virtio.kick' })
    expect(one(k.events, 'virtio.kick-check')).toMatchObject({
      old: 0,
      new: 2,
      event: 0,
      need: true,
    })
    // The device has not consumed them yet: avail_event stays 0, so a third add does not kick.
    s = run(k.state, {
      kind: 'virtio.add',
      bufs: [{ addr: 0x22000n, len: 60, write: false }],
      indirect: null,
    }).state
    const k2 = run(s, { kind: 'virtio.kick' })
    expect(one(k2.events, 'virtio.kick-check')).toMatchObject({ old: 2, new: 3, need: false })
  })
  it('INTx: the handler reads the ISR through an exit to QEMU, and the read clears it', () => {
    let s = live(['VERSION_1'], 'qemu', 'intx')
    s = run(s, {
      kind: 'virtio.add',
      bufs: [{ addr: 0x20000n, len: 60, write: false }],
      indirect: null,
    }).state
    s = run(s, { kind: 'virtio.process', max: null }).state
    expect(s.dev?.isr).toBe(1)
    const r = run(s, { kind: 'virtio.reclaim' })
    expect(one(r.events, 'virtio.isr').value).toBe(1)
    expect(r.state.dev?.isr).toBe(0)
    expect(r.state.dev?.counts.userspace).toBe(1)
  })
})

describe('malformed rings are detected, never followed for ever', () => {
  const raw = (s: VirtioState, index: number, flags: number, next: number) =>
    run(s, { kind: 'virtio.desc', index, addr: 0x20000n, len: 64, flags, next }).state
  it('a chain that loops stops with "loop" and QEMU sets DEVICE_NEEDS_RESET', () => {
    let s = raw(raw(live(), 0, 1, 1), 1, 1, 0)
    s = run(s, { kind: 'virtio.publish', head: 0 }).state
    const p = run(s, { kind: 'virtio.process', max: null })
    expect(one(p.events, 'virtio.broken')).toMatchObject({ why: 'loop', head: 0, size: 8 })
    expect((p.state.dev?.status ?? 0) & 64).toBe(64)
    const again = run(p.state, { kind: 'virtio.process', max: null })
    expect(kinds(again.events)).toEqual(['virtio.stopped'])
  })
  it('vhost stops the queue without DEVICE_NEEDS_RESET', () => {
    let s = raw(live(['VERSION_1'], 'vhost'), 3, 1, 3)
    s = run(s, { kind: 'virtio.publish', head: 3 }).state
    const p = run(s, { kind: 'virtio.process', max: null })
    expect(one(p.events, 'virtio.broken').why).toBe('loop')
    expect((p.state.dev?.status ?? 0) & 64).toBe(0)
  })
  it('a next beyond the table, a head beyond the table, write-then-read order', () => {
    let s = raw(live(), 0, 1, 9)
    s = run(s, { kind: 'virtio.publish', head: 0 }).state
    expect(
      one(run(s, { kind: 'virtio.process', max: null }).events, 'virtio.broken'),
    ).toMatchObject({
      why: 'next-range',
      at: 9,
    })
    s = run(live(), { kind: 'virtio.publish', head: 12 }).state
    expect(one(run(s, { kind: 'virtio.process', max: null }).events, 'virtio.broken').why).toBe(
      'head-range',
    )
    s = raw(raw(live(), 0, 1 | 2, 1), 1, 0, 0)
    s = run(s, { kind: 'virtio.publish', head: 0 }).state
    expect(one(run(s, { kind: 'virtio.process', max: null }).events, 'virtio.broken').why).toBe(
      'write-order',
    )
  })
  it('refuses a raw descriptor index outside the table', () => {
    expect(
      applyVirtio(live(), { kind: 'virtio.desc', index: 8, addr: 0n, len: 0, flags: 0, next: 0 }),
    ).toMatchObject({ error: { code: 'index-range', index: 8, size: 8 } })
  })
})

describe('burst', () => {
  it('skipping whole periods gives the same machine as running every packet', () => {
    for (const [n, feats, backend, irq] of [
      [37, ['VERSION_1', 'EVENT_IDX'], 'qemu', 'msix'],
      [100, ['VERSION_1'], 'vhost', 'intx'],
      [2000, ['VERSION_1', 'EVENT_IDX'], 'vhost', 'msix'],
    ] as const) {
      const s = live(feats, backend, irq)
      const fast = run(s, { kind: 'virtio.burst', n, len: 100 }, true).state.dev
      const slow = run(s, { kind: 'virtio.burst', n, len: 100 }, false).state.dev
      expect(fast?.counts).toEqual(slow?.counts)
      expect(fast?.queue).toEqual(slow?.queue)
      for (const a of [0x10000n, 0x10080n, 0x11000n])
        for (let i = 0n; i < 0x90n; i += 8n)
          expect(readPhys(fast?.mem ?? { chunks: new Map() }, a + i, 8)).toBe(
            readPhys(slow?.mem ?? { chunks: new Map() }, a + i, 8),
          )
    }
  })
  it('wraps the 16-bit indices', () => {
    const r = run(live(), { kind: 'virtio.burst', n: 65540, len: 60 })
    expect(one(r.events, 'virtio.burst').to).toEqual({ avail: 4, used: 4 })
    const mem = r.state.dev?.mem
    if (!mem) throw new Error('no mem')
    expect(readPhys(mem, usedEventAt(0x10080n, 8), 2)).toBe(4n)
    expect(readPhys(mem, availEventAt(0x11000n, 8), 2)).toBe(4n)
  })
})

describe('property: no descriptor lost or completed twice', () => {
  it('holds across random interleavings of driver and device', () =>
    fc.assert(
      fc.property(
        fc.constantFrom('qemu', 'vhost') as fc.Arbitrary<Backend>,
        fc.boolean(),
        fc.array(
          fc.oneof(
            fc.record({
              t: fc.constant('add' as const),
              n: fc.integer({ min: 1, max: 3 }),
              ind: fc.boolean(),
            }),
            fc.record({ t: fc.constant('kick' as const) }),
            fc.record({
              t: fc.constant('process' as const),
              max: fc.option(fc.integer({ min: 1, max: 3 })),
            }),
            fc.record({ t: fc.constant('reclaim' as const) }),
          ),
          { maxLength: 40 },
        ),
        (backend, eventIdx, steps) => {
          let s = live(
            eventIdx ? ['VERSION_1', 'EVENT_IDX', 'INDIRECT_DESC'] : ['VERSION_1', 'INDIRECT_DESC'],
            backend,
          )
          const added: number[] = []
          const completed: number[] = []
          let next = 0x100000n
          for (const st of steps) {
            let op: VirtioOp
            if (st.t === 'add') {
              const bufs = Array.from({ length: st.n }, () => ({
                addr: (next += 0x1000n),
                len: 64,
                write: false,
              }))
              op = { kind: 'virtio.add', bufs, indirect: st.ind ? (next += 0x1000n) : null }
            } else if (st.t === 'kick') op = { kind: 'virtio.kick' }
            else if (st.t === 'process') op = { kind: 'virtio.process', max: st.max }
            else op = { kind: 'virtio.reclaim' }
            const r = applyVirtio(s, op)
            if (!r.ok) {
              expect(r.error.code).toBe('no-space')
              continue
            }
            for (const e of r.value.events) {
              if (e.kind === 'virtio.avail-ring') added.push(e.head)
              if (e.kind === 'virtio.reclaim') completed.push(e.head)
              expect(e.kind).not.toBe('virtio.broken')
            }
            s = r.value.state
          }
          // Drain: serve and reclaim whatever is left.
          s = run(s, { kind: 'virtio.process', max: null }).state
          for (const e of run(s, { kind: 'virtio.reclaim' }).events)
            if (e.kind === 'virtio.reclaim') completed.push(e.head)
          const q = run(s, { kind: 'virtio.reclaim' }).state.dev?.queue
          // Every chain published came back exactly once, in order, and every descriptor is free.
          expect(completed).toEqual(added)
          expect(new Set(q?.driver.free).size).toBe(8)
          expect(q?.driver.free).toHaveLength(8)
        },
      ),
      { numRuns: 150 },
    ))
})
