// virtio-net receive (receiveq1): buffer posting with WRITE, the header and used length the
// device writes, the interrupt rules (flags and EVENT_IDX), frames that wait for buffers, and the
// property that no receive buffer is lost or completed twice.
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { RX_BUF_BASE, RX_BUF_STRIDE, applyVirtio } from './apply.ts'
import type { VirtioEvent } from './events.ts'
import { readMem } from './mem.ts'
import type { VirtioOp } from './ops.ts'
import { DESC_F, GOOD_PACKET_LEN, contiguousLayout, usedEventAt } from './spec.ts'
import type { Backend, VirtioState } from './types.ts'

type Feature = Extract<VirtioOp, { kind: 'virtio.features' }>['features'][number]

function run(s: VirtioState, op: VirtioOp) {
  const r = applyVirtio(s, op)
  if (!r.ok) throw new Error(`refused: ${JSON.stringify(r.error)}`)
  return r.value
}

/** A live device with transmitq1 at 0x10000 and receiveq1 at 0x20000, both of `size`. */
function live(
  features: readonly Feature[] = ['VERSION_1', 'EVENT_IDX'],
  backend: Backend = 'qemu',
  size = 8,
): VirtioState {
  let s: VirtioState = { dev: null }
  const ops: VirtioOp[] = [
    { kind: 'virtio.device', backend, irq: 'msix' },
    { kind: 'virtio.status', set: 'ACKNOWLEDGE' },
    { kind: 'virtio.status', set: 'DRIVER' },
    { kind: 'virtio.features', features, unknown: [] },
    { kind: 'virtio.status', set: 'FEATURES_OK' },
    { kind: 'virtio.queue', queue: 'tx', size, ...contiguousLayout(0x10000n, size) },
    { kind: 'virtio.queue', queue: 'rx', size, ...contiguousLayout(0x20000n, size) },
    { kind: 'virtio.status', set: 'DRIVER_OK' },
  ]
  for (const op of ops) s = run(s, op).state
  return s
}

const kinds = (es: readonly VirtioEvent[]) => es.map((e) => e.kind)
const all = <K extends VirtioEvent['kind']>(es: readonly VirtioEvent[], k: K) =>
  es.filter((e): e is Extract<VirtioEvent, { kind: K }> => e.kind === k)

describe('virtio-net receive: posting buffers', () => {
  it('posts one device-writable descriptor of hdr + 1518 bytes per buffer', () => {
    const r = run(live(), { kind: 'virtio.rx-post', n: 3 })
    const descs = all(r.events, 'virtio.desc')
    expect(descs.map((d) => d.desc.index)).toEqual([0, 1, 2])
    for (const d of descs) {
      expect(d.desc.flags).toBe(DESC_F.WRITE)
      expect(d.desc.len).toBe(12 + GOOD_PACKET_LEN)
      expect(d.desc.addr).toBe(RX_BUF_BASE + RX_BUF_STRIDE * BigInt(d.desc.index))
    }
    expect(all(r.events, 'virtio.avail-idx').map((e) => e.new)).toEqual([1, 2, 3])
    expect(r.state.dev?.rx?.driver.free).toHaveLength(5)
    // The transmit queue is untouched, and the panel is told to draw the receive queue.
    expect(r.state.dev?.queue?.driver.availIdx).toBe(0)
    expect(r.state.dev?.shown).toBe('rx')
  })
  it('the header is 10 bytes without VERSION_1 and MRG_RXBUF', () => {
    const r = run(live(['EVENT_IDX']), { kind: 'virtio.rx-post', n: 1 })
    expect(all(r.events, 'virtio.desc')[0]?.desc.len).toBe(10 + GOOD_PACKET_LEN)
  })
  it('refuses more buffers than free descriptors, and receive commands without the queue', () => {
    expect(applyVirtio(live(), { kind: 'virtio.rx-post', n: 9 })).toMatchObject({
      ok: false,
      error: { code: 'no-space', need: 9, free: 8 },
    })
    let s: VirtioState = { dev: null }
    for (const op of [
      { kind: 'virtio.device', backend: 'qemu', irq: 'msix' },
      { kind: 'virtio.status', set: 'ACKNOWLEDGE' },
      { kind: 'virtio.status', set: 'DRIVER' },
      { kind: 'virtio.features', features: ['VERSION_1'], unknown: [] },
      { kind: 'virtio.status', set: 'FEATURES_OK' },
      { kind: 'virtio.queue', queue: 'tx', size: 8, ...contiguousLayout(0x10000n, 8) },
      { kind: 'virtio.status', set: 'DRIVER_OK' },
    ] as VirtioOp[])
      s = run(s, op).state
    expect(applyVirtio(s, { kind: 'virtio.rx-post', n: 1 })).toMatchObject({
      error: { code: 'no-rx-queue' },
    })
    expect(applyVirtio(live(), { kind: 'virtio.rx-arrive', len: 1515, count: 1 })).toMatchObject({
      error: { code: 'rx-frame', len: 1515, max: 1514 },
    })
  })
  it('refuses a receive queue that overlaps the transmit queue', () => {
    let s: VirtioState = { dev: null }
    for (const op of [
      { kind: 'virtio.device', backend: 'qemu', irq: 'msix' },
      { kind: 'virtio.status', set: 'ACKNOWLEDGE' },
      { kind: 'virtio.status', set: 'DRIVER' },
      { kind: 'virtio.features', features: ['VERSION_1'], unknown: [] },
      { kind: 'virtio.status', set: 'FEATURES_OK' },
      { kind: 'virtio.queue', queue: 'tx', size: 8, ...contiguousLayout(0x10000n, 8) },
    ] as VirtioOp[])
      s = run(s, op).state
    expect(
      applyVirtio(s, {
        kind: 'virtio.queue',
        queue: 'rx',
        size: 8,
        ...contiguousLayout(0x10000n, 8),
      }),
    ).toMatchObject({ error: { code: 'overlap', b: 'transmitq1' } })
  })
})

describe('virtio-net receive: the device fills a buffer', () => {
  it('writes virtio_net_hdr and the frame, and the used element carries the length written', () => {
    let s = run(live(), { kind: 'virtio.rx-post', n: 2 }).state
    const r = run(s, { kind: 'virtio.rx-arrive', len: 60, count: 1 })
    s = r.state
    const rx = all(r.events, 'virtio.rx')[0]
    expect(rx).toMatchObject({ head: 0, hdr: 12, bytes: 60, written: 72, numBuffers: 1 })
    const used = all(r.events, 'virtio.used-ring')[0]
    expect(used).toMatchObject({ id: 0, len: 72, slot: 0 })
    const mem = s.dev?.mem
    if (!mem) throw new Error('no memory')
    // Header: flags 0, gso_type GSO_NONE 0, num_buffers 1 at offset 10; then the frame's MACs.
    expect(readMem(mem, RX_BUF_BASE, 8)).toBe(0n)
    expect(readMem(mem, RX_BUF_BASE + 10n, 2)).toBe(1n)
    expect(readMem(mem, RX_BUF_BASE + 12n, 1)).toBe(0x52n)
    expect(readMem(mem, RX_BUF_BASE + 12n + 5n, 1)).toBe(0x56n)
    // used->idx moved after the element was written (the spec's order).
    const order = kinds(r.events)
    expect(order.indexOf('virtio.used-ring')).toBeLessThan(order.indexOf('virtio.used-idx'))
    expect(s.dev?.counts.received).toBe(1)
    // QEMU: read from the tap into its buffer, then into the guest's: two copies.
    expect(s.dev?.counts.copies).toBe(2)
  })
  it('vhost copies once, batches the used entries and signals once for the batch', () => {
    const s = run(live(['VERSION_1', 'EVENT_IDX'], 'vhost'), { kind: 'virtio.rx-post', n: 4 }).state
    const r = run(s, { kind: 'virtio.rx-arrive', len: 100, count: 3 })
    expect(all(r.events, 'virtio.rx')).toHaveLength(3)
    expect(all(r.events, 'virtio.used-idx')).toHaveLength(1)
    expect(all(r.events, 'virtio.irq-check')).toHaveLength(1)
    expect(all(r.events, 'virtio.interrupt')).toHaveLength(1)
    expect(r.state.dev?.counts.copies).toBe(3)
    // The worker's interrupt finds vCPU 0 in the guest: KVM kicks it (exit 1) to inject.
    expect(all(r.events, 'virtio.exit').map((e) => [e.reason, e.what])).toEqual([[1, 'irq-kick']])
  })
  it('QEMU publishes and decides per frame', () => {
    const s = run(live(['VERSION_1']), { kind: 'virtio.rx-post', n: 4 }).state
    const r = run(s, { kind: 'virtio.rx-arrive', len: 100, count: 3 })
    expect(all(r.events, 'virtio.used-idx')).toHaveLength(3)
    expect(all(r.events, 'virtio.irq-check')).toHaveLength(3)
  })
})

describe('virtio-net receive: interrupt suppression', () => {
  it('with EVENT_IDX the second frame before the driver re-arms is not interrupted', () => {
    let s = run(live(), { kind: 'virtio.rx-post', n: 4 }).state
    let r = run(s, { kind: 'virtio.rx-arrive', len: 60, count: 1 })
    expect(all(r.events, 'virtio.irq-check')[0]).toMatchObject({ first: true, need: true })
    s = r.state
    r = run(s, { kind: 'virtio.rx-arrive', len: 60, count: 1 })
    // used_event is still 0: vring_need_event(0, 2, 1) is false.
    expect(all(r.events, 'virtio.irq-check')[0]).toMatchObject({
      event: 0,
      new: 2,
      old: 1,
      need: false,
    })
    expect(all(r.events, 'virtio.interrupt')).toHaveLength(0)
    s = r.state
    // The poll reaps both and writes used_event = 2: the next frame interrupts.
    r = run(s, { kind: 'virtio.rx-reap' })
    expect(all(r.events, 'virtio.reclaim').map((e) => [e.head, e.len])).toEqual([
      [0, 72],
      [1, 72],
    ])
    expect(all(r.events, 'virtio.used-event')[0]?.value).toBe(2)
    s = r.state
    const layout = s.dev?.rx?.layout
    if (!layout || !s.dev) throw new Error('no rx queue')
    expect(readMem(s.dev.mem, usedEventAt(layout.avail, layout.size), 2)).toBe(2n)
    r = run(s, { kind: 'virtio.rx-arrive', len: 60, count: 1 })
    expect(all(r.events, 'virtio.irq-check')[0]).toMatchObject({ event: 2, need: true })
  })
  it('without EVENT_IDX the NO_INTERRUPT flag suppresses', () => {
    let s = run(live(['VERSION_1']), { kind: 'virtio.rx-post', n: 2 }).state
    // The flag lives in the avail ring of the queue set up last by `virtio flag`: set it by hand.
    const layout = s.dev?.rx?.layout
    if (!layout || !s.dev) throw new Error('no rx queue')
    const chunks = new Map(s.dev.mem.chunks)
    const at = layout.avail
    const c = (chunks.get(at >> 6n) ?? new Uint8Array(64)).slice()
    c[Number(at & 63n)] = 1
    chunks.set(at >> 6n, c)
    s = { dev: { ...s.dev, mem: { chunks } } }
    const r = run(s, { kind: 'virtio.rx-arrive', len: 60, count: 1 })
    expect(all(r.events, 'virtio.irq-check')[0]).toMatchObject({ noInterrupt: true, need: false })
  })
  it('refills only past half of min(64, QS) free, and the refill kick is suppressed while the device has buffers', () => {
    let s = run(live(), { kind: 'virtio.rx-post', n: 8 }).state
    s = run(s, { kind: 'virtio.rx-arrive', len: 60, count: 4 }).state
    // 4 free of 8: not more than 4, no refill yet.
    let r = run(s, { kind: 'virtio.rx-reap' })
    expect(all(r.events, 'virtio.desc')).toHaveLength(0)
    s = r.state
    s = run(s, { kind: 'virtio.rx-arrive', len: 60, count: 1 }).state
    r = run(s, { kind: 'virtio.rx-reap' })
    // 5 free: refill all 5; avail_event = 5 is not in [8, 13), so no kick.
    expect(all(r.events, 'virtio.desc')).toHaveLength(5)
    expect(all(r.events, 'virtio.kick-check')[0]).toMatchObject({ event: 5, old: 8, new: 13 })
    expect(all(r.events, 'virtio.kick-check')[0]?.need).toBe(false)
  })
})

describe('virtio-net receive: no buffers', () => {
  for (const backend of ['qemu', 'vhost'] as const)
    it(`${backend}: the frame waits, nothing is dropped, the kick after posting delivers it`, () => {
      let s = live(['VERSION_1', 'EVENT_IDX'], backend)
      let r = run(s, { kind: 'virtio.rx-arrive', len: 60, count: 2 })
      expect(all(r.events, 'virtio.rx')).toHaveLength(0)
      expect(all(r.events, 'virtio.rx-wait')[0]).toMatchObject({ waiting: 2 })
      expect(r.state.dev?.waiting).toEqual([60, 60])
      s = r.state
      r = run(s, { kind: 'virtio.rx-post', n: 4 })
      // avail_event is 0 (nothing consumed yet): the post kicks, and the held frames go in.
      expect(all(r.events, 'virtio.kick-check')[0]?.need).toBe(true)
      expect(all(r.events, 'virtio.rx')).toHaveLength(2)
      expect(r.state.dev?.waiting).toEqual([])
      expect(r.state.dev?.counts.received).toBe(2)
      // QEMU flushes on the vCPU thread (injected at the entry); vhost's worker kicks vCPU 0.
      expect(all(r.events, 'virtio.exit').filter((e) => e.what === 'irq-kick')).toHaveLength(
        backend === 'vhost' ? 1 : 0,
      )
    })
})

describe('property: no receive buffer lost or completed twice', () => {
  it('holds across random interleavings of driver, tap and device', () =>
    fc.assert(
      fc.property(
        fc.constantFrom('qemu', 'vhost') as fc.Arbitrary<Backend>,
        fc.boolean(),
        fc.array(
          fc.oneof(
            fc.record({ t: fc.constant('post' as const), n: fc.integer({ min: 1, max: 4 }) }),
            fc.record({ t: fc.constant('arrive' as const), n: fc.integer({ min: 1, max: 4 }) }),
            fc.record({ t: fc.constant('reap' as const) }),
          ),
          { maxLength: 30 },
        ),
        (backend, eventIdx, steps) => {
          let s = live(eventIdx ? ['VERSION_1', 'EVENT_IDX'] : ['VERSION_1'], backend)
          const posted: number[] = []
          const filled: number[] = []
          const reaped: number[] = []
          let arrived = 0
          for (const st of steps) {
            const op: VirtioOp =
              st.t === 'post'
                ? { kind: 'virtio.rx-post', n: st.n }
                : st.t === 'arrive'
                  ? { kind: 'virtio.rx-arrive', len: 60, count: st.n }
                  : { kind: 'virtio.rx-reap' }
            const r = applyVirtio(s, op)
            if (!r.ok) {
              expect(r.error.code).toBe('no-space')
              continue
            }
            if (st.t === 'arrive') arrived += st.n
            for (const e of r.value.events) {
              if (e.kind === 'virtio.avail-ring') posted.push(e.head)
              if (e.kind === 'virtio.rx') filled.push(e.head)
              if (e.kind === 'virtio.reclaim') reaped.push(e.head)
              expect(e.kind).not.toBe('virtio.broken')
            }
            s = r.value.state
          }
          // Drain: reap what is used; then every filled buffer came back once, in order.
          for (const e of run(s, { kind: 'virtio.rx-reap' }).events)
            if (e.kind === 'virtio.reclaim') reaped.push(e.head)
          expect(reaped).toEqual(filled)
          // Buffers are filled in the order they were posted, none twice before re-posting.
          expect(filled).toEqual(posted.slice(0, filled.length))
          // Every frame either went into a buffer or is still waiting: none dropped.
          expect(filled.length + (s.dev?.waiting.length ?? 0)).toBe(arrived)
        },
      ),
      { seed: 17, numRuns: 200 },
    ))
})
