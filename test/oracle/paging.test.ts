// Oracle for the native paging engine: random page tables built with `map` (plus random bit
// flips poked into the entries), random accesses, and a brute-force reference walker written
// here from hw-facts §1 alone (its own bit masks, its own permission table). The engine must
// agree with it on every access, TLB hit or not, once the invalidations the architecture
// requires have been done (here: a full flush after every poke).
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { gpa, gva } from '../../src/engine/core/addr.ts'
import { readPhys } from '../../src/engine/memory/phys.ts'
import {
  type PagingEvent,
  type PagingOp,
  type PagingState,
  applyPaging,
  makePagingState,
} from '../../src/engine/paging/index.ts'

type Mode = 'x86-32' | 'pae' | 'x86-64' | 'la57'
type Intent = 'read' | 'write' | 'fetch'
interface Ctl {
  wp: boolean
  nxe: boolean
  smep: boolean
  smap: boolean
  ac: boolean
  pge: boolean
}
type RefResult =
  | { kind: 'ok'; pa: bigint; refs: [number, bigint][] }
  | { kind: 'pf'; code: number; refs: [number, bigint][] }
  | { kind: 'gp' }

const mask = (hi: number, lo: number): bigint =>
  hi < lo ? 0n : ((1n << BigInt(hi + 1)) - 1n) ^ ((1n << BigInt(lo)) - 1n)
const bit = (v: bigint, n: number): boolean => ((v >> BigInt(n)) & 1n) === 1n

/** hw-facts §1.4 decision table, as written there. */
function allowed(
  user: boolean,
  intent: Intent,
  us: boolean,
  rw: boolean,
  xd: boolean,
  c: Ctl,
  xdExists: boolean,
): boolean {
  const nx = xdExists && c.nxe && xd
  if (user) {
    if (!us) return false
    if (intent === 'read') return true
    if (intent === 'write') return rw
    return !nx
  }
  if (intent === 'read') return !us || !c.smap || c.ac
  if (intent === 'write') {
    if (us && c.smap && !c.ac) return false
    return c.wp ? rw : true
  }
  if (nx) return false
  return !(c.smep && us)
}

/** hw-facts §1.5 error code. */
function errorCode(
  kind: 'np' | 'prot' | 'rsvd',
  intent: Intent,
  user: boolean,
  c: Ctl,
  mode: Mode,
) {
  let code = kind === 'np' ? 0 : 1
  if (kind === 'rsvd') code |= 8
  if (intent === 'write') code |= 2
  if (user) code |= 4
  if (intent === 'fetch' && (c.smep || (c.nxe && mode !== 'x86-32'))) code |= 16
  return code
}

function reference(
  st: PagingState,
  mode: Mode,
  c: Ctl,
  m: number,
  va: bigint,
  intent: Intent,
  user: boolean,
): RefResult {
  const mem = st.mem
  const cr3 = st.cr3 ?? 0n
  const refs: [number, bigint][] = []
  const pf = (k: 'np' | 'prot' | 'rsvd'): RefResult => ({
    kind: 'pf',
    code: errorCode(k, intent, user, c, mode),
    refs,
  })
  if (mode === 'x86-32') {
    const pdeAddr = (cr3 & 0xfffff000n) + ((va >> 22n) & 0x3ffn) * 4n
    const pde = readPhys(mem, pdeAddr, 4)
    refs.push([2, pdeAddr])
    if (!bit(pde, 0)) return pf('np')
    if (bit(pde, 7)) {
      // CR4.PSE is on in these runs: a 4 MiB page; bit 21 reserved (MAXPHYADDR ≥ 40).
      if (bit(pde, 21)) return pf('rsvd')
      if (!allowed(user, intent, bit(pde, 2), bit(pde, 1), false, c, false)) return pf('prot')
      const pa = (pde & 0xffc00000n) | (((pde >> 13n) & 0xffn) << 32n)
      return { kind: 'ok', pa: pa + (va & 0x3fffffn), refs }
    }
    const pteAddr = (pde & 0xfffff000n) + ((va >> 12n) & 0x3ffn) * 4n
    const pte = readPhys(mem, pteAddr, 4)
    refs.push([1, pteAddr])
    if (!bit(pte, 0)) return pf('np')
    const us = bit(pde, 2) && bit(pte, 2)
    const rw = bit(pde, 1) && bit(pte, 1)
    if (!allowed(user, intent, us, rw, false, c, false)) return pf('prot')
    return { kind: 'ok', pa: (pte & 0xfffff000n) + (va & 0xfffn), refs }
  }
  const levels = mode === 'la57' ? 5 : mode === 'x86-64' ? 4 : 2
  if (mode === 'x86-64' || mode === 'la57') {
    const w = mode === 'la57' ? 57n : 48n
    const top = va >> (w - 1n)
    if (top !== 0n && top !== (1n << (65n - w)) - 1n) return { kind: 'gp' }
  }
  const addrMask = mask(m - 1, 12)
  let table: bigint
  let us = true
  let rw = true
  let xd = false
  if (mode === 'pae') {
    const reg = st.pdptes?.[Number((va >> 30n) & 3n)]
    if (!reg || !bit(reg.raw, 0)) return pf('np')
    table = reg.raw & addrMask
  } else {
    table = cr3 & addrMask
  }
  for (let level = levels; level >= 1; level--) {
    const shift = 12n + 9n * BigInt(level - 1)
    const addr = table + ((va >> shift) & 0x1ffn) * 8n
    const e = readPhys(mem, addr, 8)
    refs.push([level, addr])
    if (!bit(e, 0)) return pf('np')
    let rsvd = mask(51, m)
    if (mode === 'pae') rsvd |= mask(62, 52)
    if (!c.nxe) rsvd |= 1n << 63n
    if (level >= 4 && bit(e, 7)) return pf('rsvd')
    const large = (level === 3 || level === 2) && bit(e, 7) && !(mode === 'pae' && level === 3)
    if (large) rsvd |= mask(level === 3 ? 29 : 20, 13)
    if ((e & rsvd) !== 0n) return pf('rsvd')
    us = us && bit(e, 2)
    rw = rw && bit(e, 1)
    xd = xd || bit(e, 63)
    if (large || level === 1) {
      if (!allowed(user, intent, us, rw, xd, c, true)) return pf('prot')
      const size = 1n << shift
      return { kind: 'ok', pa: (e & addrMask & ~(size - 1n)) + (va & (size - 1n)), refs }
    }
    table = e & addrMask
  }
  throw new Error('unreachable')
}

// ---- generators ---------------------------------------------------------------------------

const pick = <T>(xs: readonly T[]) => fc.constantFrom(...xs)

function vaArb(mode: Mode): fc.Arbitrary<bigint> {
  const off = fc.bigInt({ min: 0n, max: 0xfffn })
  if (mode === 'x86-32') {
    return fc
      .tuple(pick([0n, 1n, 768n, 1023n]), pick([0n, 1n, 2n, 3n]), off)
      .map(([a, b, o]) => (a << 22n) | (b << 12n) | o)
  }
  if (mode === 'pae') {
    return fc
      .tuple(pick([0n, 1n, 3n]), pick([0n, 1n, 2n]), pick([0n, 1n, 2n, 3n]), off)
      .map(([a, b, d, o]) => (a << 30n) | (b << 21n) | (d << 12n) | o)
  }
  const w = mode === 'la57' ? 57n : 48n
  return fc
    .tuple(
      pick([0n, 1n, 511n]),
      pick([0n, 1n, 256n, 511n]),
      pick([0n, 1n, 2n]),
      pick([0n, 1n, 2n]),
      pick([0n, 1n, 2n, 3n]),
      off,
      fc.integer({ min: 0, max: 19 }),
    )
    .map(([i5, i4, i3, i2, i1, o, nc]) => {
      let va = (i4 << 39n) | (i3 << 30n) | (i2 << 21n) | (i1 << 12n) | o
      if (mode === 'la57') va |= i5 << 48n
      // Sign-extend bit w-1 so the address is canonical ...
      if ((va >> (w - 1n)) & 1n) va |= mask(63, Number(w))
      // ... except now and then, to check #GP.
      return nc === 0 ? va ^ (1n << 60n) : va
    })
}

const SIZES: Record<Mode, readonly ('4K' | '2M' | '1G' | '4M')[]> = {
  'x86-32': ['4K', '4K', '4M'],
  pae: ['4K', '4K', '2M'],
  'x86-64': ['4K', '4K', '2M', '1G'],
  la57: ['4K', '4K', '2M', '1G'],
}
const BYTES = { '4K': 1n << 12n, '2M': 1n << 21n, '1G': 1n << 30n, '4M': 1n << 22n }

function mapArb(mode: Mode): fc.Arbitrary<PagingOp> {
  return fc
    .record({
      va: vaArb(mode),
      frame: fc.bigInt({ min: 0n, max: (1n << 20n) - 1n }),
      size: pick(SIZES[mode]),
      w: fc.boolean(),
      u: fc.boolean(),
      nx: fc.boolean(),
      g: fc.boolean(),
    })
    .map(({ va, frame, size, w, u, nx, g }) => ({
      kind: 'paging.map' as const,
      va: gva(va & ~(BYTES[size] - 1n)),
      pa: gpa((frame << 12n) & ~(BYTES[size] - 1n)),
      size,
      writable: w,
      user: u,
      noExecute: nx && mode !== 'x86-32',
      global: g,
    }))
}

type Step =
  | { t: 'access'; va: bigint; intent: Intent; user: boolean; near: number; off: bigint }
  | { t: 'flip'; which: number; bit: number }
  | { t: 'invlpg'; va: bigint }
  | { t: 'cr3' }

function stepArb(mode: Mode): fc.Arbitrary<Step> {
  const flipBits = mode === 'x86-32' ? [0, 1, 2, 7, 8, 21] : [0, 1, 2, 7, 8, 13, 40, 52, 60, 63]
  return fc.oneof(
    {
      weight: 8,
      arbitrary: fc.record({
        t: fc.constant('access' as const),
        va: vaArb(mode),
        // Most accesses go to a mapped page (near = index of a map), the rest anywhere.
        near: fc.integer({ min: -3, max: 7 }),
        off: fc.bigInt({ min: 0n, max: (1n << 30n) - 1n }),
        intent: pick(['read', 'write', 'fetch'] as const),
        user: fc.boolean(),
      }),
    },
    {
      weight: 1,
      arbitrary: fc.record({
        t: fc.constant('flip' as const),
        which: fc.nat(),
        bit: pick(flipBits),
      }),
    },
    { weight: 1, arbitrary: fc.record({ t: fc.constant('invlpg' as const), va: vaArb(mode) }) },
    { weight: 1, arbitrary: fc.constant({ t: 'cr3' as const }) },
  )
}

const ctlArb: fc.Arbitrary<Ctl> = fc.record({
  wp: fc.boolean(),
  nxe: fc.boolean(),
  smep: fc.boolean(),
  smap: fc.boolean(),
  ac: fc.boolean(),
  pge: fc.boolean(),
})

const scenarioArb = pick(['x86-32', 'pae', 'x86-64', 'la57'] as const).chain((mode) =>
  fc.record({
    mode: fc.constant(mode),
    maxPhyAddr: pick([52, 46, 40]),
    ctl: ctlArb,
    capacity: fc.integer({ min: 1, max: 6 }),
    policy: pick(['lru', 'fifo'] as const),
    maps: fc.array(mapArb(mode), { minLength: 1, maxLength: 8 }),
    steps: fc.array(stepArb(mode), { minLength: 1, maxLength: 30 }),
  }),
)

// ---- the properties -----------------------------------------------------------------------

function apply(
  s: PagingState,
  op: PagingOp,
): { state: PagingState; events: readonly PagingEvent[] } {
  const r = applyPaging(s, op)
  return r.ok ? { state: r.value.state, events: r.value.events } : { state: s, events: [] }
}

describe('paging oracle (fast-check, seed 42)', () => {
  // 'flush': any entry may change, then the whole TLB is flushed.
  // 'invlpg': only leaf entries change, then INVLPG of the page they map is enough.
  it.each(['flush', 'invlpg'] as const)(
    'every access equals the brute-force reference; refs = levels walked; TLB within capacity (%s)',
    (invalidate) => {
      fc.assert(
        fc.property(scenarioArb, (scn) => {
          let s = makePagingState({ tlbCapacity: scn.capacity, tlbPolicy: scn.policy })
          s = apply(s, { kind: 'paging.mode', mode: scn.mode, maxPhyAddr: scn.maxPhyAddr }).state
          const c = scn.ctl
          const bits: [Extract<PagingOp, { kind: 'paging.control' }>['bit'], boolean][] = [
            ['cr0.wp', c.wp],
            ['efer.nxe', c.nxe],
            ['cr4.smep', c.smep],
            ['cr4.smap', c.smap],
            ['eflags.ac', c.ac],
            ['cr4.pge', c.pge],
          ]
          for (const [bit, on] of bits) s = apply(s, { kind: 'paging.control', bit, on }).state
          const entries: { addr: bigint; size: 4 | 8; va: bigint | null }[] = []
          const size = scn.mode === 'x86-32' ? 4 : 8
          for (const m of scn.maps) {
            const r = apply(s, m)
            s = r.state
            for (const e of r.events) {
              if (e.kind === 'paging.entry.write' && invalidate === 'flush')
                entries.push({ addr: e.addr, size, va: null })
              if (e.kind === 'paging.map' && invalidate === 'invlpg')
                entries.push({ addr: e.leafAddr, size, va: e.va })
            }
          }
          if (s.cr3 === null) return
          for (const step of scn.steps) {
            if (step.t === 'flip') {
              const e = entries[step.which % entries.length]
              if (!e) continue
              const old = readPhys(s.mem, e.addr, e.size)
              s = apply(s, {
                kind: 'paging.poke',
                addr: gpa(e.addr),
                size: e.size,
                value: old ^ (1n << BigInt(step.bit)),
              }).state
              // The architecture requires invalidation after changing an entry.
              if (e.va !== null) {
                s = apply(s, { kind: 'paging.invlpg', va: gva(e.va) }).state
                continue
              }
              s = apply(s, { kind: 'paging.tlb.flush' }).state
              if (scn.mode === 'pae') s = apply(s, { kind: 'paging.cr3', value: s.cr3 ?? 0n }).state
              continue
            }
            if (step.t === 'invlpg') {
              s = apply(s, { kind: 'paging.invlpg', va: gva(step.va) }).state
              continue
            }
            if (step.t === 'cr3') {
              s = apply(s, { kind: 'paging.cr3', value: s.cr3 ?? 0n }).state
              continue
            }
            const near = step.near >= 0 ? scn.maps[step.near % scn.maps.length] : undefined
            const va = gva(
              near?.kind === 'paging.map'
                ? near.va + (step.off % BYTES[near.size ?? '4K'])
                : step.va,
            )
            const want = reference(s, scn.mode, c, scn.maxPhyAddr, va, step.intent, step.user)
            const r = applyPaging(s, {
              kind: 'paging.access',
              va,
              intent: step.intent,
              mode: step.user ? 'user' : 'kernel',
            })
            expect(r.ok).toBe(true)
            if (!r.ok) return
            s = r.value.state
            expect(s.tlb.entries.length).toBeLessThanOrEqual(scn.capacity)
            const a = r.value.events.at(-1)
            if (a?.kind !== 'paging.access') throw new Error('no access event')
            const got = a.outcome
            if (want.kind === 'gp') {
              expect(got).toEqual({
                result: 'fault',
                fault: { vector: 13, reason: 'non-canonical' },
              })
              expect(a.refs).toEqual([])
              continue
            }
            if (want.kind === 'ok') {
              expect(got.result === 'ok' ? got.pa : got).toBe(want.pa)
            } else {
              expect(
                got.result === 'fault' && got.fault.vector === 14 ? got.fault.errorCode : got,
              ).toBe(want.code)
              if (got.result === 'fault') expect(got.fault).toMatchObject({ cr2: va })
            }
            if (a.tlb === 'hit') expect(a.refs).toEqual([])
            else expect(a.refs.map((x) => [x.level, x.addr])).toEqual(want.refs)
            // A/D writes never touch anything but the entries the walk read.
            for (const e of r.value.events)
              if (e.kind === 'paging.ad')
                expect(want.refs.some(([, addr]) => addr === e.addr)).toBe(true)
          }
        }),
        { seed: 42, numRuns: 300 },
      )
    },
  )

  it('after random maps, a kernel read of each mapped address returns the mapped PA', () => {
    const arb = pick(['x86-32', 'pae', 'x86-64', 'la57'] as const).chain((mode) =>
      fc.record({
        mode: fc.constant(mode),
        maps: fc.array(mapArb(mode), { minLength: 1, maxLength: 10 }),
        off: fc.bigInt({ min: 0n, max: (1n << 22n) - 1n }),
      }),
    )
    fc.assert(
      fc.property(arb, ({ mode, maps, off }) => {
        let s = apply(makePagingState(), { kind: 'paging.mode', mode }).state
        const done: Extract<PagingOp, { kind: 'paging.map' }>[] = []
        for (const m of maps) {
          const r = applyPaging(s, m)
          if (r.ok && m.kind === 'paging.map') {
            s = r.value.state
            done.push(m)
          }
        }
        for (const m of done) {
          const size = BYTES[m.size ?? '4K']
          const va = gva(m.va + (off % size))
          // The last successful map covering va decides (a large page replaces a table).
          const last = [...done]
            .reverse()
            .find((x) => va >= x.va && va < x.va + BYTES[x.size ?? '4K'])
          if (!last) continue
          const r = applyPaging(s, { kind: 'paging.access', va, intent: 'read', mode: 'kernel' })
          if (!r.ok) throw new Error('access refused')
          s = r.value.state
          const a = r.value.events.at(-1)
          expect(a?.kind === 'paging.access' ? a.outcome : null).toMatchObject({
            result: 'ok',
            pa: last.pa + (va - last.va),
          })
        }
      }),
      { seed: 42, numRuns: 300 },
    )
  })
})
