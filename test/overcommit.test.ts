import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { runScript } from '../src/console/run.ts'
import { applyOvercommit, hostContent, mfnOfEntry } from '../src/engine/overcommit/apply.ts'
import type { OcEvent } from '../src/engine/overcommit/events.ts'
import type { OcOp } from '../src/engine/overcommit/ops.ts'
import {
  freeState,
  framesToHigh,
  idleCost,
  ksmCounters,
  sharesPerPage,
} from '../src/engine/overcommit/rules.ts'
import { type OcState, ZERO, initialOcState } from '../src/engine/overcommit/types.ts'

/** Runs ops in order, failing the test on a refusal; returns the state and every event. */
function run(ops: readonly OcOp[], from: OcState = initialOcState) {
  let s = from
  const events: OcEvent[] = []
  for (const op of ops) {
    const r = applyOvercommit(s, op)
    if (!r.ok) throw new Error(`${op.kind}: ${JSON.stringify(r.error)}`)
    s = r.value.state
    events.push(...r.value.events)
  }
  return { s, events }
}

const vm = (
  name: string,
  pages: number,
  over: Partial<Extract<OcOp, { kind: 'mem.vm' }>> = {},
): OcOp => ({
  kind: 'mem.vm',
  name,
  pages,
  kernel: 0,
  cache: 0,
  anon: 0,
  active: 0,
  zero: 0,
  image: name,
  shares: 1000,
  mustTellHost: false,
  deflateOnOom: false,
  ...over,
})

/** The script through the console, as a scenario runs it; the machine's model at the end. */
function script(src: string): OcState {
  const r = runScript(src)
  if (r.error) throw new Error(`${r.error.line}:${r.error.column} ${r.error.message}`)
  return r.machine.overcommit
}

describe('virtio-balloon', () => {
  it('inflates from the free list first, reports PFNs, frees frames, and actual follows', () => {
    const { s, events } = run([
      { kind: 'mem.host', frames: 32, seed: 1 },
      vm('a', 16, { kernel: 2, anon: 6, cache: 4, active: 6 }),
      { kind: 'mem.write', vm: 'a', from: 12, to: 13, content: 'x' },
      { kind: 'mem.balloon', vm: 'a', numPages: 4 },
    ])
    const inflate = events.find((e) => e.kind === 'mem.inflate')
    const ack = events.find((e) => e.kind === 'mem.inflate-ack')
    // Free pages 14 and 15 first (12 and 13 are anon since the write), then idle cache.
    expect(inflate).toMatchObject({ fromFree: [14, 15], dropped: [8, 9], pagedOut: [], short: 0 })
    expect(ack).toMatchObject({ actual: 4, numPages: 4 })
    expect(ack?.kind === 'mem.inflate-ack' && ack.freed.length).toBe(4)
    expect(s.vms[0]?.balloon).toMatchObject({ numPages: 4, actual: 4, pages: [14, 15, 8, 9] })
    expect(s.vms[0]?.p2m[8]).toEqual({ kind: 'none' })
  })

  it('pages out to the guest disk under pressure and runs out of puff past the guest', () => {
    const { s, events } = run([
      { kind: 'mem.host', frames: 32, seed: 1 },
      vm('a', 8, { kernel: 2, anon: 6, active: 2 }),
      { kind: 'mem.balloon', vm: 'a', numPages: 100 },
    ])
    const inflate = events.find((e) => e.kind === 'mem.inflate')
    // Idle anon (4..7) before active (2, 3); kernel pages never go.
    expect(inflate).toMatchObject({ pagedOut: [4, 5, 6, 7, 2, 3], short: 94 })
    expect(s.vms[0]?.balloon.actual).toBe(6)
    expect(s.vms[0]?.guestWrites).toBe(6)
    expect(s.vms[0]?.disk).toHaveLength(6)
  })

  it('deflates with and without MUST_TELL_HOST; the host backs a page on its next touch', () => {
    for (const mustTellHost of [true, false]) {
      const { s, events } = run([
        { kind: 'mem.host', frames: 16, seed: 1 },
        vm('a', 8, { kernel: 2, mustTellHost }),
        { kind: 'mem.balloon', vm: 'a', numPages: 4 },
        { kind: 'mem.balloon', vm: 'a', numPages: 1 },
        { kind: 'mem.write', vm: 'a', from: 5, to: 5, content: 'y' },
      ])
      const d = events.find((e) => e.kind === 'mem.deflate')
      expect(d).toMatchObject({ pfns: [3, 4, 5], mustTellHost, actual: 1 })
      const w = events.at(-1)
      expect(w?.kind === 'mem.write' && w.faults[0]?.kind).toBe('fresh')
      expect(hostContent(s, 0, 5)).toBe('y')
    }
  })

  it('deflate-on-OOM gives balloon pages back to a guest out of memory; without it the guest is short', () => {
    const base = (deflateOnOom: boolean) => [
      { kind: 'mem.host', frames: 32, seed: 1 } as const,
      vm('a', 8, { kernel: 8, deflateOnOom }),
    ]
    // Kernel pages only: nothing to reclaim, so a balloon cannot inflate at all.
    const none = run([...base(true), { kind: 'mem.balloon', vm: 'a', numPages: 2 }])
    expect(none.s.vms[0]?.balloon.actual).toBe(0)
    const ok = run([
      { kind: 'mem.host', frames: 32, seed: 1 },
      vm('a', 8, { kernel: 4, deflateOnOom: true }),
      { kind: 'mem.balloon', vm: 'a', numPages: 4 },
      { kind: 'mem.touch', vm: 'a', count: 2 },
    ])
    expect(ok.events.at(-1)).toMatchObject({ kind: 'mem.touch', oomDeflated: [6, 7], short: 0 })
    expect(ok.s.vms[0]?.balloon.actual).toBe(2)
    const oom = run([
      { kind: 'mem.host', frames: 32, seed: 1 },
      vm('a', 8, { kernel: 4 }),
      { kind: 'mem.balloon', vm: 'a', numPages: 4 },
      { kind: 'mem.touch', vm: 'a', count: 2 },
    ])
    expect(oom.events.at(-1)).toMatchObject({ kind: 'mem.touch', oomDeflated: [], short: 2 })
  })

  it('accepts any le32 num_pages and refuses a larger one with its column', () => {
    expect(() => script('mem host 16\nmem vm a 8 kernel=2\nmem balloon a 4294967295')).not.toThrow()
    const r = runScript('mem host 16\nmem vm a 8\nmem balloon a 4294967296')
    expect(r.error).toMatchObject({ line: 3, column: 15 })
  })
})

describe('ESX content-based page sharing', () => {
  const twins = [
    { kind: 'mem.host', frames: 32, seed: 3 } as const,
    vm('a', 8, { kernel: 4, image: 'lin' }),
    vm('b', 8, { kernel: 4, image: 'lin' }),
  ]
  it('hint, then full compare and one read-only frame with a reference count, then a COW break', () => {
    const { s, events } = run([
      ...twins,
      { kind: 'mem.share', vm: 'a', gfn: 1 },
      { kind: 'mem.share', vm: 'b', gfn: 1 },
      { kind: 'mem.share', vm: 'b', gfn: 2 },
    ])
    const outcomes = events
      .filter((e) => e.kind === 'mem.share')
      .map((e) => e.kind === 'mem.share' && e.outcome)
    expect(outcomes).toEqual(['hint', 'merged', 'hint'])
    const merged = events.find((e) => e.kind === 'mem.share' && e.outcome === 'merged')
    if (merged?.kind !== 'mem.share') throw new Error('no merge')
    expect(merged.refs).toBe(2)
    const a1 = s.vms[0]?.p2m[1]
    const b1 = s.vms[1]?.p2m[1]
    expect(a1?.kind === 'mapped' && a1.entry.write).toBe(false)
    expect(
      a1?.kind === 'mapped' &&
        b1?.kind === 'mapped' &&
        mfnOfEntry(a1.entry) === mfnOfEntry(b1.entry),
    ).toBe(true)
    const after = run([{ kind: 'mem.write', vm: 'b', from: 1, to: 1, content: 'mine' }], s)
    const w = after.events.at(-1)
    expect(w?.kind === 'mem.write' && w.faults[0]).toMatchObject({ kind: 'cow', refsLeft: 1 })
    expect(hostContent(after.s, 0, 1)).toBe('lin:k1')
    expect(hostContent(after.s, 1, 1)).toBe('mine')
  })

  it('a hint whose page changed is stale; different contents never share', () => {
    const { events } = run([
      ...twins,
      { kind: 'mem.share', vm: 'a', gfn: 1 },
      { kind: 'mem.write', vm: 'a', from: 1, to: 1, content: 'changed' },
      { kind: 'mem.share', vm: 'b', gfn: 1 },
      { kind: 'mem.share', vm: 'b', gfn: 3 },
    ])
    const outcomes = events
      .filter((e) => e.kind === 'mem.share')
      .map((e) => e.kind === 'mem.share' && e.outcome)
    // b1 has the hash the hint was made with, but a1 changed since: the hint is stale.
    expect(outcomes).toEqual(['hint', 'stale-hint', 'hint'])
  })
})

describe('Linux KSM: the worked examples of hw-facts-2 §3.3', () => {
  it('100 identical mergeable pages: pages_shared 1, pages_sharing 99', () => {
    const s = script(`mem host 128
mem vm a 100 anon=100
mem write a 0 to=99 content=same
mem ksm madvise a
mem ksm scan
mem ksm scan`)
    expect(ksmCounters(s.ksm)).toEqual({
      pagesShared: 1,
      pagesSharing: 99,
      pagesUnshared: 0,
      pagesVolatile: 0,
      zeroPages: 0,
      fullScans: 2,
    })
    expect(s.frames.filter((f) => f.kind !== 'free')).toHaveLength(1)
  })

  it('use_zero_pages with 50 zero pages: ksm_zero_pages 50, pages_shared 1, pages_sharing 49', () => {
    const s = script(`mem host 128
mem vm a 100 anon=100
mem write a 0 to=49 content=0
mem write a 50 to=99 content=same
mem ksm madvise a
mem ksm zero on
mem ksm scan
mem ksm scan`)
    expect(ksmCounters(s.ksm)).toMatchObject({ pagesShared: 1, pagesSharing: 49, zeroPages: 50 })
  })

  it('the first full scan only records checksums; a page that keeps changing stays volatile', () => {
    let s = script(`mem host 64
mem vm a 4 anon=4
mem write a 0 to=3 content=x
mem ksm madvise a
mem ksm scan`)
    expect(ksmCounters(s.ksm)).toMatchObject({ pagesVolatile: 4, pagesShared: 0 })
    const r = run(
      [
        { kind: 'mem.write', vm: 'a', from: 3, to: 3, content: 'moving' },
        { kind: 'mem.ksm-scan', count: null },
      ],
      s,
    )
    s = r.s
    // Pages 0-2 merge (1 shared + 2 sharing); page 3 changed since the last scan: volatile.
    expect(ksmCounters(s.ksm)).toMatchObject({
      pagesShared: 1,
      pagesSharing: 2,
      pagesVolatile: 1,
      pagesUnshared: 0,
    })
    // The unstable tree is thrown away at the end of every full scan.
    expect(s.ksm.unstable).toEqual([])
  })

  it('a write to a KSM page breaks COW and the counters follow', () => {
    const s = script(`mem host 64
mem vm a 3 anon=3
mem write a 0 to=2 content=x
mem ksm madvise a
mem ksm scan
mem ksm scan
mem write a 2 content=y`)
    expect(ksmCounters(s.ksm)).toMatchObject({ pagesShared: 1, pagesSharing: 1, pagesVolatile: 1 })
  })
})

describe('hypervisor swapping and double paging', () => {
  it('a page the host swapped and the guest then pages out costs 3 disk I/Os', () => {
    const { s, events } = run([
      { kind: 'mem.host', frames: 16, seed: 1 },
      vm('a', 8, { kernel: 2, anon: 4 }),
      { kind: 'mem.swap', vm: 'a', gfn: 4 },
      { kind: 'mem.pageout', vm: 'a', gfn: 4 },
    ])
    expect(events.map((e) => e.kind).slice(-3)).toEqual([
      'mem.swap-out',
      'mem.swap-in',
      'mem.pageout',
    ])
    expect(events.at(-1)).toMatchObject({ doublePaged: true, ios: 3 })
    expect(s.swapOuts + s.swapIns + (s.vms[0]?.guestWrites ?? 0)).toBe(3)
    // The host holds a frame for a page the guest has just freed.
    expect(s.vms[0]?.guest[4]?.use).toBe('free')
    expect(s.vms[0]?.p2m[4]?.kind).toBe('mapped')
  })

  it('the balloon instead: the guest pages out once and the host frees the frame', () => {
    const { s } = run([
      { kind: 'mem.host', frames: 16, seed: 1 },
      vm('a', 6, { kernel: 2, anon: 4 }),
      { kind: 'mem.balloon', vm: 'a', numPages: 1 },
    ])
    expect(s.swapOuts + s.swapIns + (s.vms[0]?.guestWrites ?? 0)).toBe(1)
  })
})

describe('ESX idle memory tax and free-memory states', () => {
  it('k = 1 / (1 - tau): 4 at the 75 % default, 1 at 0 %', () => {
    expect(idleCost(75)).toBe(4)
    expect(idleCost(0)).toBe(1)
  })
  it('rho = S / (P (f + k (1 - f))): hand-computed', () => {
    // S 1000, P 100, 20 active: f 0.2; tau 75 %: 1000 / (100 (0.2 + 4 x 0.8)) = 1000 / 340.
    expect(sharesPerPage(1000, 100, 20, 75)).toBeCloseTo(1000 / 340, 12)
    expect(sharesPerPage(1000, 100, 20, 0)).toBeCloseTo(10, 12)
    expect(sharesPerPage(1000, 0, 0, 75)).toBe(Number.POSITIVE_INFINITY)
  })
  it('free-memory states on their boundaries (of 100 frames)', () => {
    expect([7, 6, 5, 4, 3, 2, 1, 0].map((f) => freeState(f, 100))).toEqual([
      'high',
      'high',
      'soft',
      'soft',
      'hard',
      'hard',
      'low',
      'low',
    ])
    expect(framesToHigh(3, 100)).toBe(3)
    expect(framesToHigh(9, 100)).toBe(0)
  })
  it('the tax moves reclamation from the busy VM with fewer shares to the idle one', () => {
    // 96 of 100 frames in use: 4 % free, the soft state.
    const soft = `mem host 100 seed=5
mem vm busy 48 anon=46 active=46 shares=1000
mem vm idle 48 anon=46 active=4 shares=1500`
    const pick = (tax: number) => {
      const r = runScript(`${soft}\nmem tax ${tax}\nmem reclaim`)
      if (r.error) throw new Error(r.error.message)
      const e = r.trace.frames.map((f) => f.event).find((x) => x.kind === 'mem.reclaim')
      return e?.kind === 'mem.reclaim'
        ? [e.state, e.method, r.machine.overcommit.vms[e.victim ?? 0]?.name]
        : null
    }
    // tau 0: rho = S / P, busy 1000 / 48 < idle 1500 / 48. tau 75 %: busy 1000 / 54 > idle 1500 / 180.
    expect(pick(0)).toEqual(['soft', 'balloon', 'busy'])
    expect(pick(75)).toEqual(['soft', 'balloon', 'idle'])
  })
})

describe('bad input is refused with a line and column', () => {
  it.each([
    ['mem vm a 8', 1, 8],
    ['mem host 0', 1, 10],
    ['mem host 16\nmem vm a 8 kernel=9', 2, 19],
    ['mem host 16\nmem vm a 8 kernel=4 anon=4 active=9', 2, 35],
    ['mem host 16\nmem vm a 8\nmem write a 9', 3, 13],
    ['mem host 16\nmem tax 100', 2, 9],
    ['mem host 16\nmem ksm scan', 2, 9],
  ])('%s', (src, line, column) => {
    const r = runScript(src)
    expect(r.error).toMatchObject({ line, column })
  })
})

// Property: any sequence of balloon, share, KSM, swap, page-out and store keeps the host's
// books straight and every guest page reachable with what the guest last wrote there.
const OPS: fc.Arbitrary<OcOp> = fc.oneof(
  fc.record({
    kind: fc.constant('mem.balloon' as const),
    vm: fc.constantFrom('a', 'b'),
    numPages: fc.integer({ min: 0, max: 14 }),
  }),
  fc.record({
    kind: fc.constant('mem.share' as const),
    vm: fc.constantFrom('a', 'b'),
    gfn: fc.integer({ min: 0, max: 11 }),
  }),
  fc.record({
    kind: fc.constant('mem.share-scan' as const),
    count: fc.integer({ min: 1, max: 6 }),
  }),
  fc.record({ kind: fc.constant('mem.ksm-scan' as const), count: fc.integer({ min: 1, max: 10 }) }),
  fc.record({
    kind: fc.constant('mem.touch' as const),
    vm: fc.constantFrom('a', 'b'),
    count: fc.integer({ min: 1, max: 4 }),
  }),
  fc.record({ kind: fc.constant('mem.reclaim' as const) }),
  fc
    .record({
      kind: fc.constant('mem.write' as const),
      vm: fc.constantFrom('a', 'b'),
      from: fc.integer({ min: 0, max: 11 }),
      to: fc.constant(-1),
      content: fc.constantFrom(null, '0', 'p', 'q'),
    })
    .map((o) => ({ ...o, to: o.from })),
  fc.record({
    kind: fc.constant('mem.swap' as const),
    vm: fc.constantFrom('a', 'b'),
    gfn: fc.integer({ min: 0, max: 11 }),
  }),
  fc.record({
    kind: fc.constant('mem.pageout' as const),
    vm: fc.constantFrom('a', 'b'),
    gfn: fc.integer({ min: 0, max: 11 }),
  }),
)

function checkInvariants(s: OcState, settled = true): void {
  const owners = new Map<number, number>()
  s.vms.forEach((v, vm) => {
    v.p2m.forEach((slot, gfn) => {
      const p = v.guest[gfn]
      if (p === undefined) throw new Error('page missing')
      if (slot.kind === 'mapped') {
        const mfn = mfnOfEntry(slot.entry)
        const f = s.frames[mfn]
        owners.set(mfn, (owners.get(mfn) ?? 0) + 1)
        if (f === undefined || f.kind === 'free')
          throw new Error(`${vm}:${gfn} maps free frame ${mfn}`)
        // A shared frame is never writable; a private frame is its one page's.
        if (f.kind === 'shared') expect(slot.entry.write).toBe(false)
        else expect([f.vm, f.gfn, slot.entry.write]).toEqual([vm, gfn, true])
      }
      if (slot.kind === 'swapped') expect(s.swap[slot.slot]).toMatchObject({ vm, gfn })
      // Every page the guest uses is reachable, holding what the guest last wrote.
      if (p.use === 'balloon') expect(slot.kind === 'none' || !settled).toBe(true)
      else if (p.use !== 'free' && p.content !== null)
        expect(hostContent(s, vm, gfn)).toBe(p.content)
    })
  })
  s.frames.forEach((f, mfn) => {
    const n = owners.get(mfn) ?? 0
    if (f.kind === 'free') expect(n).toBe(0)
    // No frame owned twice: a private frame has one mapping, a shared one exactly refs.
    else if (f.kind === 'private') expect(n).toBe(1)
    else expect(n).toBe(f.refs)
  })
  s.vms.forEach((v) => {
    // Between the inflate queue and the host's acknowledgement actual lags the balloon's pages.
    expect(v.balloon.actual).toBeLessThanOrEqual(v.balloon.pages.length)
    expect(v.guest.filter((p) => p.use === 'balloon')).toHaveLength(v.balloon.pages.length)
  })
  expect(s.ksm.stable.every((n) => s.frames[n.mfn]?.kind === 'shared')).toBe(true)
}

describe('property: frames, sharing and reachability after any sequence', () => {
  it('holds after every op', () => {
    const start = run([
      { kind: 'mem.host', frames: 26, seed: 9 },
      vm('a', 12, {
        kernel: 2,
        anon: 5,
        cache: 3,
        active: 4,
        zero: 1,
        image: 'lin',
        deflateOnOom: true,
      }),
      vm('b', 12, { kernel: 2, anon: 4, cache: 3, active: 2, image: 'lin', mustTellHost: true }),
      { kind: 'mem.ksm-madvise', vm: 'a' },
      { kind: 'mem.ksm-madvise', vm: 'b' },
      { kind: 'mem.ksm-zero', on: true },
    ]).s
    checkInvariants(start)
    fc.assert(
      fc.property(fc.array(OPS, { maxLength: 40 }), (ops) => {
        let s = start
        for (const op of ops) {
          const r = applyOvercommit(s, op)
          if (!r.ok) continue
          s = r.value.state
          checkInvariants(s)
          for (const e of r.value.events) checkInvariants(e.after, e.kind !== 'mem.inflate')
        }
      }),
      { numRuns: 150 },
    )
  }, 30_000)
  it('the zero page is what the contents label 0 means', () => {
    expect(ZERO).toBe('0')
  })
})
