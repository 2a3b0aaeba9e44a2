// ept/bulk.ts against the per-access path: random guest and EPT tables (4- or 5-level each,
// 4 KiB / 2 MiB / 1 GiB pages, any R/W/X mix including misconfigured ones, unbacked frames,
// EPT A/D on or off), random TLB size, VPID, CR4.PGE with global pages, SMEP/SMAP/WP,
// paging-structure caches on or off, a few accesses first (a warm, mixed TLB, some entries
// under another VPID), then a random pattern. `ept loop` must leave exactly the machine that
// `access` one by one leaves (TLB entries with their LRU stamps and clock, guest and host memory
// with every A/D bit, the caches, lastWalk) and count what that loop saw, stopping where it
// stopped.
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { runScript } from '../../src/console/index.ts'
import {
  type EngineEvent,
  type EptLoopPattern,
  type Machine,
  type PhysMem,
  apply,
  loopVa,
  runEptBulk,
} from '../../src/engine/index.ts'

type Intent = 'read' | 'write' | 'fetch'
const h = (v: bigint): string => '0x' + v.toString(16)
const PERMS = ['rwx', 'rw', 'r', 'rx', 'x', 'w', 'wx'] as const
/** Mostly rights that translate, so loops run long; now and then one that stops them. */
const perms = (good: 'rwx'): fc.Arbitrary<string> =>
  fc.oneof(
    { arbitrary: fc.constant(good), weight: 60 },
    { arbitrary: fc.constantFrom(...PERMS), weight: 1 },
  )

const rarely = fc.oneof({ arbitrary: fc.constant(false), weight: 4 }, fc.constant(true))
const mostly = rarely.map((b) => !b)

const arbWorld = fc.record({
  guest5: fc.boolean(),
  ept5: fc.boolean(),
  ad: fc.boolean(),
  caches: rarely,
  vpid: fc.constantFrom(0, 0, 1, 3),
  other: fc.boolean(),
  tlb: fc.constantFrom(0, 1, 2, 3, 4, 8),
  pge: fc.boolean(),
  wp: mostly,
  smep: rarely,
  smap: rarely,
  maps: fc.array(
    fc.record({
      big: fc.boolean(),
      w: mostly,
      u: mostly,
      nx: rarely,
      g: fc.boolean(),
      pages: fc.integer({ min: 1, max: 4 }),
    }),
    { minLength: 1, maxLength: 3 },
  ),
  tables: fc.oneof(
    fc.record({ size: fc.constant('2M' as const), perms: perms('rwx') }),
    fc.record({
      size: fc.constant('4K' as const),
      pages: fc.array(fc.option(perms('rwx'), { freq: 200 }), {
        minLength: 16,
        maxLength: 16,
      }),
    }),
  ),
  data: fc.array(
    fc.option(
      fc.record({
        big: fc.boolean(),
        perms: perms('rwx'),
        pages: fc.integer({ min: 3, max: 5 }),
      }),
      { freq: 6 },
    ),
    { minLength: 3, maxLength: 3 },
  ),
  pre: fc.array(
    fc.record({
      region: fc.nat(2),
      page: fc.nat(4),
      intent: fc.constantFrom<Intent>('read', 'write', 'fetch'),
      user: fc.boolean(),
      otherVpid: fc.boolean(),
    }),
    { maxLength: 8 },
  ),
  loop: fc.record({
    region: fc.nat(2),
    off: fc.oneof(fc.nat(0xfff), fc.nat(0x5fff)),
    count: fc.integer({ min: 1, max: 120 }),
    stride: fc.oneof(
      { arbitrary: fc.constantFrom(0n, 8n, 0x1000n, 0x1008n, 0xff8n), weight: 3 },
      fc.constantFrom(64n, 0x800n, 0x3000n, 0x200000n),
      fc.bigInt({ min: 0n, max: 0x6000n }),
    ),
    pages: fc.option(fc.integer({ min: 1, max: 5 }), { freq: 3 }),
    intent: fc.constantFrom<Intent>('read', 'write', 'read', 'write', 'fetch'),
    user: fc.boolean(),
  }),
})
type World = typeof arbWorld extends fc.Arbitrary<infer T> ? T : never

const HOST = 0x40000000n
const regionVa = (i: number): bigint => BigInt(i + 1) << 30n
const regionGpa = (i: number): bigint => 0x400000n + BigInt(i) * 0x200000n

function setup(w: World): Machine {
  const lines = ['mmu ept']
  if (w.guest5) lines.push('paging la57')
  lines.push(`eptp 0x10000000 levels=${w.ept5 ? 5 : 4} ad=${w.ad ? 'on' : 'off'}`)
  if (w.caches) lines.push('ept caches on')
  lines.push(`tlb size=${w.tlb}`)
  if (w.pge) lines.push('cr4.pge on')
  if (!w.wp) lines.push('cr0.wp off')
  if (w.smep) lines.push('cr4.smep on')
  if (w.smap) lines.push('cr4.smap on')
  w.maps.forEach((m, i) => {
    const flags = [m.w && 'w', m.u && 'u', m.nx && 'nx', m.g && 'g'].filter(Boolean).join(' ')
    const n = m.big ? 1 : m.pages
    for (let k = 0; k < n; k++) {
      const off = BigInt(k) * 0x1000n
      lines.push(
        `map ${h(regionVa(i) + off)} ${h(regionGpa(i) + off)} ${flags}${m.big ? ' size=2M' : ''}`,
      )
    }
  })
  const t = w.tables
  if (t.size === '2M') lines.push(`host map 0 ${h(HOST)} ${t.perms} size=2M`)
  else
    t.pages.forEach((p, k) => {
      const g = 0x100000n + BigInt(k) * 0x1000n
      if (p !== null) lines.push(`host map ${h(g)} ${h(HOST + g)} ${p}`)
    })
  w.data.forEach((d, i) => {
    if (d === null) return
    const g = regionGpa(i)
    if (d.big) lines.push(`host map ${h(g)} ${h(HOST + g)} ${d.perms} size=2M`)
    else
      for (let k = 0n; k < BigInt(d.pages); k++)
        lines.push(`host map ${h(g + k * 0x1000n)} ${h(HOST + g + k * 0x1000n)} ${d.perms}`)
  })
  if (w.vpid !== 0) lines.push(`vpid ${w.vpid}`)
  for (const a of w.pre) {
    const i = a.region % w.maps.length
    const va = regionVa(i) + BigInt(a.page) * 0x1000n + 0x10n
    const other = a.otherVpid && w.other && w.vpid !== 0
    if (other) lines.push('vpid 2')
    lines.push(`access ${h(va)} ${a.intent} ${a.user ? 'user' : 'kernel'}`)
    if (other) lines.push(`vpid ${w.vpid}`)
  }
  // Accesses that fault stop nothing here: the script runs on.
  const run = runScript(lines.join('\n'))
  if (run.error) throw new Error(`setup failed: ${run.error.message}`)
  return run.machine
}

function patternOf(w: World): EptLoopPattern {
  const l = w.loop
  return {
    va: regionVa(l.region % w.maps.length) + BigInt(l.off),
    count: l.count,
    stride: l.stride,
    pages: l.pages,
    intent: l.intent,
    mode: l.user ? 'user' : 'kernel',
  }
}

interface Seen {
  count: number
  hits: number
  misses: number
  refs: number
  stopped: { index: number; va: bigint; result: string } | null
}

/** The reference: `access` one at a time through apply(), stopping at the first fault or exit. */
function oneByOne(m0: Machine, p: EptLoopPattern): { machine: Machine; seen: Seen } {
  let m = m0
  const seen: Seen = { count: 0, hits: 0, misses: 0, refs: 0, stopped: null }
  for (let i = 0; i < p.count; i++) {
    const va = loopVa(p, i)
    const r = apply(m, { kind: 'paging.access', va, intent: p.intent, mode: p.mode })
    if (!r.ok) throw new Error(`access refused: ${JSON.stringify(r.error.code)}`)
    m = r.value.machine
    const done = r.value.events.at(-1) as EngineEvent
    if (done.kind !== 'ept.access') throw new Error('no ept.access summary')
    seen.count++
    if (done.tlb === 'hit') seen.hits++
    if (done.tlb === 'miss') seen.misses++
    seen.refs += done.refs.length
    if (done.outcome.result !== 'ok') {
      seen.stopped = { index: i, va, result: done.outcome.result }
      break
    }
  }
  return { machine: m, seen }
}

/** Frames that differ (or exist in one only), as hex frame numbers; [] when equal. */
function frameDiff(a: PhysMem, b: PhysMem): string[] {
  const out: string[] = []
  for (const k of new Set([...a.frames.keys(), ...b.frames.keys()])) {
    const x = a.frames.get(k)
    const y = b.frames.get(k)
    if (!x || !y || Buffer.compare(x, y) !== 0) out.push(h(k))
  }
  return out
}
const withoutMemory = (m: Machine): unknown => ({
  ...m,
  paging: { ...m.paging, mem: null },
  virt: { ...m.virt, host: null },
})

let fastTotal = 0
const stops = new Set<string>()

function check(w: World): void {
  const m0 = setup(w)
  const p = patternOf(w)
  const want = oneByOne(m0, p)
  const r = apply(m0, { kind: 'ept.loop', ...p })
  if (!r.ok) throw new Error(`ept loop refused: ${JSON.stringify(r.error)}`)
  const ev = r.value.events
  expect(ev).toHaveLength(1)
  const e = ev[0]
  if (e?.kind !== 'ept.loop') throw new Error('no ept.loop event')
  const seen: Seen = {
    count: e.count,
    hits: e.hits,
    misses: e.misses,
    refs: e.refs,
    stopped:
      e.stopped === null
        ? null
        : { index: e.stopped.index, va: e.stopped.va, result: e.stopped.outcome.result },
  }
  expect(seen).toEqual(want.seen)
  const got = r.value.machine
  // TLB first (the clearest message), then everything the two machines hold.
  expect(got.virt.ept.tlb).toEqual(want.machine.virt.ept.tlb)
  expect(got.virt.ept.caches).toEqual(want.machine.virt.ept.caches)
  expect(frameDiff(got.virt.host, want.machine.virt.host)).toEqual([])
  expect(frameDiff(got.paging.mem, want.machine.paging.mem)).toEqual([])
  expect(got.virt.ept.lastWalk).toEqual(want.machine.virt.ept.lastWalk)
  expect(withoutMemory(got)).toEqual(withoutMemory(want.machine))
  const b = runEptBulk(m0, p)
  if (b.ok) fastTotal += b.value.fast
  stops.add(want.seen.stopped?.result ?? 'none')
}

describe('ept loop (bulk) = access one by one (fast-check)', () => {
  it(
    'same machine, TLB, memory and counts for random setups and patterns',
    { timeout: 120_000 },
    () => {
      fc.assert(
        fc.property(arbWorld, (w) => check(w)),
        { seed: 42, numRuns: 200 },
      )
      // The fast path did run, and the generator reached every kind of stop.
      expect(fastTotal).toBeGreaterThan(1000)
      expect([...stops].sort()).toEqual(['exit', 'fault', 'none'])
    },
  )

  it('warm and cold loops on the bench machine run on the fast path', () => {
    const lines = ['mmu ept']
    for (let i = 0; i < 16; i++)
      lines.push(
        `map ${h(0x400000n + BigInt(i) * 0x1000n)} ${h(0x800000n + BigInt(i) * 0x1000n)} w`,
      )
    lines.push('host map 0 0x40000000 rwx size=2M', 'host map 0x800000 0x50000000 rw size=2M')
    const m0 = runScript(lines.join('\n')).machine
    for (const p of [
      { va: 0x400000n, count: 500, stride: 0n, pages: null },
      { va: 0x400010n, count: 500, stride: 0x1000n, pages: 16 },
    ]) {
      const pattern: EptLoopPattern = { ...p, intent: 'write', mode: 'kernel' }
      const b = runEptBulk(m0, pattern)
      if (!b.ok) throw new Error('refused')
      expect(b.value.fast).toBe(499)
      expect(b.value.stopped).toBeNull()
      const r = apply(m0, { kind: 'ept.loop', ...pattern })
      expect(r.ok && r.value.machine).toEqual(oneByOne(m0, pattern).machine)
    }
  })

  it('refuses bad patterns and a machine without EPT', () => {
    const m = runScript('mmu ept').machine
    const base = { va: 0x1000n, stride: 0n, pages: null, intent: 'read', mode: 'kernel' } as const
    const code = (p: EptLoopPattern): unknown => {
      const r = apply(m, { kind: 'ept.loop', ...p })
      return r.ok ? null : r.error
    }
    expect(code({ ...base, count: 1 })).toMatchObject({ error: { code: 'no-eptp' } })
    expect(code({ ...base, count: -1 })).toMatchObject({ error: { code: 'bad-loop' } })
    expect(code({ ...base, count: 1, pages: 0 })).toMatchObject({ error: { code: 'bad-loop' } })
  })
})
