import { describe, expect, it } from 'vitest'
import { gva } from '../core/addr.ts'
import { readPhys } from '../memory/phys.ts'
import type { PagingEvent } from './events.ts'
import type { PagingOp } from './ops.ts'
import { acc, lastAccess, lastErrorCode, mapOp, poke, runOps } from './testkit.ts'

const refsOf = (events: readonly PagingEvent[]) =>
  lastAccess(events).refs.map((r) => [r.level, r.addr])
const paOf = (events: readonly PagingEvent[]) => {
  const o = lastAccess(events).outcome
  return o.result === 'ok' ? o.pa : null
}

// A hand-built 4-level table: PML4 0x1000, PDPT 0x2000, PD 0x3000, PT 0x4000, page 0x5000.
const VA4 = gva((3n << 39n) | (5n << 30n) | (7n << 21n) | (9n << 12n) | 0x123n)
const HAND4: PagingOp[] = [
  poke(0x1018n, 0x2007n),
  poke(0x2028n, 0x3007n),
  poke(0x3038n, 0x4007n),
  poke(0x4048n, 0x5007n),
  { kind: 'paging.cr3', value: 0x1000n },
]

describe('4-level walk (hw-facts §1.1: entry = table base + index × 8)', () => {
  it('reads PML4E, PDPTE, PDE, PTE at base + index*8 and reaches the page', () => {
    const { events } = runOps([...HAND4, acc(VA4)])
    expect(refsOf(events)).toEqual([
      [4, 0x1018n],
      [3, 0x2028n],
      [2, 0x3038n],
      [1, 0x4048n],
    ])
    expect(paOf(events)).toBe(0x5123n)
    expect(lastAccess(events).tlb).toBe('miss')
  })

  it('a 2 MiB page ends the walk at the PDE (3 refs)', () => {
    const { events } = runOps([...HAND4, poke(0x3038n, 0x40000087n), acc(VA4)])
    expect(refsOf(events).length).toBe(3)
    expect(paOf(events)).toBe(0x40009123n)
  })

  it('a 1 GiB page ends the walk at the PDPTE (2 refs)', () => {
    const { events } = runOps([...HAND4, poke(0x2028n, 0x80000087n), acc(VA4)])
    expect(refsOf(events)).toEqual([
      [4, 0x1018n],
      [3, 0x2028n],
    ])
    expect(paOf(events)).toBe(0x80e09123n)
  })

  it('non-canonical → #GP (vector 13), no walk, no TLB lookup (hw-facts §1.2)', () => {
    const { events } = runOps([...HAND4, acc(0x0000800000000000n)])
    const a = lastAccess(events)
    expect(a.outcome).toEqual({ result: 'fault', fault: { vector: 13, reason: 'non-canonical' } })
    expect(a.refs).toEqual([])
    expect(a.tlb).toBeNull()
    expect(events.some((e) => e.kind === 'paging.ref' && e.va === 0x0000800000000000n)).toBe(false)
  })

  it('the upper canonical half walks normally', () => {
    const { events } = runOps([...HAND4, acc(0xffff800000000000n)])
    expect(refsOf(events)).toEqual([[4, 0x1800n]])
    expect(lastErrorCode(events)).toBe(0)
  })
})

describe('5-level walk (LA57)', () => {
  const va = (2n << 48n) | (3n << 39n) | (5n << 30n) | (7n << 21n) | (9n << 12n) | 0xabcn
  const ops: PagingOp[] = [
    { kind: 'paging.mode', mode: 'la57' },
    poke(0x1010n, 0x2007n),
    poke(0x2018n, 0x3007n),
    poke(0x3028n, 0x4007n),
    poke(0x4038n, 0x5007n),
    poke(0x5048n, 0x6007n),
    { kind: 'paging.cr3', value: 0x1000n },
  ]
  it('reads five entries, PML5 index from bits 56:48', () => {
    const { events } = runOps([...ops, acc(va)])
    expect(refsOf(events)).toEqual([
      [5, 0x1010n],
      [4, 0x2018n],
      [3, 0x3028n],
      [2, 0x4038n],
      [1, 0x5048n],
    ])
    expect(paOf(events)).toBe(0x6abcn)
  })
  it('the same address is non-canonical under 4-level paging', () => {
    const { events } = runOps([...HAND4, acc(va)])
    expect(lastAccess(events).outcome).toMatchObject({ fault: { vector: 13 } })
  })
  it('PS in a PML5E is reserved: P|RSVD', () => {
    const { events } = runOps([...ops, poke(0x1010n, 0x2087n), acc(va)])
    expect(lastErrorCode(events)).toBe(0x9)
  })
})

describe('32-bit paging (hw-facts §1.1)', () => {
  const base: PagingOp[] = [
    { kind: 'paging.mode', mode: 'x86-32' },
    poke(0x100cn, 0x2007n, 4),
    poke(0x200cn, 0x5007n, 4),
    { kind: 'paging.cr3', value: 0x1000n },
  ]
  it('PDE at CR3 + bits 31:22 × 4, PTE at PDE base + bits 21:12 × 4', () => {
    const { events } = runOps([...base, acc(0x00c03123n)])
    expect(refsOf(events)).toEqual([
      [2, 0x100cn],
      [1, 0x200cn],
    ])
    expect(paOf(events)).toBe(0x5123n)
  })
  it('a 4 MiB page with CR4.PSE: one ref', () => {
    const { events } = runOps([...base, poke(0x100cn, 0x00800083n, 4), acc(0x00c03123n)])
    expect(refsOf(events)).toEqual([[2, 0x100cn]])
    expect(paOf(events)).toBe(0x803123n)
  })
  it('without CR4.PSE the PS bit is ignored and the PDE points to a table', () => {
    const { events } = runOps([
      ...base,
      { kind: 'paging.control', bit: 'cr4.pse', on: false },
      poke(0x100cn, 0x2087n, 4),
      acc(0x00c03123n),
    ])
    expect(refsOf(events).length).toBe(2)
    expect(paOf(events)).toBe(0x5123n)
  })
  it('bit 21 of a 4 MiB PDE is reserved: P|RSVD', () => {
    const { events } = runOps([...base, poke(0x100cn, 0x00a00083n, 4), acc(0x00c03123n)])
    expect(lastErrorCode(events)).toBe(0x9)
  })
  it('no I/D bit from NXE in 32-bit paging; SMEP makes it appear', () => {
    const np = runOps([...base, acc(0x40000000n, 'fetch')])
    expect(lastErrorCode(np.events)).toBe(0)
    const smep = runOps([
      ...base,
      { kind: 'paging.control', bit: 'cr4.smep', on: true },
      acc(0x40000000n, 'fetch'),
    ])
    expect(lastErrorCode(smep.events)).toBe(0x10)
  })
})

describe('PAE paging (hw-facts §1.1: PDPTEs loaded by MOV to CR3)', () => {
  const base: PagingOp[] = [
    { kind: 'paging.mode', mode: 'pae' },
    poke(0x1038n, 0x2001n),
    poke(0x2008n, 0x3007n),
    poke(0x3018n, 0x5007n),
    { kind: 'paging.cr3', value: 0x1020n },
  ]
  it('CR3 loads four PDPTEs from (CR3 & ~0x1f) + i*8', () => {
    const { events } = runOps(base)
    const loads = events.filter((e) => e.kind === 'paging.pdpte.load')
    expect(loads.map((e) => (e.kind === 'paging.pdpte.load' ? e.addr : 0n))).toEqual([
      0x1020n,
      0x1028n,
      0x1030n,
      0x1038n,
    ])
  })
  it('walk: PDPTE from its register (address (CR3 & 0xffffffe0) + ((va >> 27) & 0x18)), then PDE, PTE', () => {
    const { events } = runOps([...base, acc(0xc0203123n)])
    const pdpte = events.find((e) => e.kind === 'paging.ref' && e.level === 3)
    expect(pdpte).toMatchObject({ source: 'pdpte-register', addr: 0x1038n })
    expect(refsOf(events)).toEqual([
      [2, 0x2008n],
      [1, 0x3018n],
    ])
    expect(paOf(events)).toBe(0x5123n)
  })
  it('a later write to the PDPT is not seen until CR3 is loaded again', () => {
    const stale = runOps([...base, poke(0x1038n, 0n), acc(0xc0203123n)])
    expect(paOf(stale.events)).toBe(0x5123n)
    const reloaded = runOps([
      ...base,
      poke(0x1038n, 0n),
      { kind: 'paging.cr3', value: 0x1020n },
      acc(0xc0203123n),
    ])
    expect(lastErrorCode(reloaded.events)).toBe(0)
  })
  it('a present PDPTE with a reserved bit makes MOV to CR3 raise #GP', () => {
    const { state, events } = runOps([
      ...base,
      poke(0x1030n, 0x2003n),
      { kind: 'paging.cr3', value: 0x1020n },
    ])
    const last = events.at(-1)
    expect(last).toMatchObject({ kind: 'paging.cr3', fault: { vector: 13 } })
    expect(state.pdptes?.[2]?.raw).toBe(0n)
  })
  it('bits 62:52 are reserved in PAE entries', () => {
    const { events } = runOps([...base, poke(0x3018n, (1n << 52n) | 0x5007n), acc(0xc0203123n)])
    expect(lastErrorCode(events)).toBe(0x9)
  })
})

describe('#PF error codes (hw-facts §1.5)', () => {
  const m: PagingOp[] = [
    mapOp(0x1000n, 0xa000n), // kernel, read-only
    mapOp(0x2000n, 0xb000n, { u: true }), // user, read-only
    mapOp(0x3000n, 0xc000n, { u: true, w: true, nx: true }),
    mapOp(0x4000n, 0xd000n, { nx: true }), // kernel, no-execute
  ]
  const code = (ops: PagingOp[]) => lastErrorCode(runOps([...m, ...ops]).events)
  const set = (
    bit: Extract<PagingOp, { kind: 'paging.control' }>['bit'],
    on: boolean,
  ): PagingOp => ({
    kind: 'paging.control',
    bit,
    on,
  })

  it('not present: P=0 plus W/R and U/S of the access', () => {
    expect(code([acc(0x9000n)])).toBe(0x0)
    expect(code([acc(0x9000n, 'write', 'user')])).toBe(0x6)
    expect(lastAccess(runOps([...m, acc(0x9000n)]).events).outcome).toMatchObject({
      fault: { vector: 14, cr2: 0x9000n, reason: 'not-present' },
    })
  })
  it('I/D only when EFER.NXE or CR4.SMEP is on', () => {
    expect(code([acc(0x9000n, 'fetch')])).toBe(0x10)
    expect(code([set('efer.nxe', false), acc(0x9000n, 'fetch')])).toBe(0x0)
    expect(code([set('efer.nxe', false), set('cr4.smep', true), acc(0x9000n, 'fetch')])).toBe(0x10)
  })
  it('user write to a read-only user page: P|W|U = 7', () => {
    expect(code([acc(0x2000n, 'write', 'user')])).toBe(0x7)
  })
  it('user read of a supervisor page: P|U = 5', () => {
    expect(code([acc(0x1000n, 'read', 'user')])).toBe(0x5)
  })
  it('kernel write to a read-only page faults only with CR0.WP', () => {
    expect(code([acc(0x1000n, 'write')])).toBe(0x3)
    expect(code([set('cr0.wp', false), acc(0x1000n, 'write')])).toBeNull()
    expect(code([set('cr0.wp', false), acc(0x2000n, 'write', 'user')])).toBe(0x7)
  })
  it('fetch from an XD page: P|I/D (+U/S)', () => {
    expect(code([acc(0x4000n, 'fetch')])).toBe(0x11)
    expect(code([acc(0x3000n, 'fetch', 'user')])).toBe(0x15)
  })
  it('XD is reserved when EFER.NXE=0: P|RSVD', () => {
    expect(code([set('efer.nxe', false), acc(0x4000n)])).toBe(0x9)
    expect(code([set('efer.nxe', false), acc(0x3000n, 'write', 'user')])).toBe(0xf)
  })
  it('a reserved bit above MAXPHYADDR: P|RSVD', () => {
    const r = runOps([{ kind: 'paging.mode', mode: 'x86-64', maxPhyAddr: 36 }, ...m])
    const pte = r.events.find((e) => e.kind === 'paging.map' && e.va === 0x1000n)
    const leaf = pte?.kind === 'paging.map' ? pte.leafAddr : 0n
    const after = runOps([poke(leaf, (1n << 40n) | 0xa001n), acc(0x1000n)], r.state)
    expect(lastErrorCode(after.events)).toBe(0x9)
    expect(lastAccess(after.events).outcome).toMatchObject({
      fault: { reason: 'reserved-bit', level: 1 },
    })
  })
  it('SMEP: kernel fetch from a user page faults', () => {
    expect(code([mapOp(0x5000n, 0xe000n, { u: true }), acc(0x5000n, 'fetch')])).toBeNull()
    expect(
      code([mapOp(0x5000n, 0xe000n, { u: true }), set('cr4.smep', true), acc(0x5000n, 'fetch')]),
    ).toBe(0x11)
  })
  it('SMAP: kernel data access to a user page faults unless EFLAGS.AC', () => {
    expect(code([set('cr4.smap', true), acc(0x2000n)])).toBe(0x1)
    expect(code([set('cr4.smap', true), acc(0x3000n, 'write')])).toBe(0x3)
    expect(code([set('cr4.smap', true), set('eflags.ac', true), acc(0x2000n)])).toBeNull()
    // SMAP is about data: a fetch is SMEP's business.
    expect(
      code([mapOp(0x5000n, 0xe000n, { u: true }), set('cr4.smap', true), acc(0x5000n, 'fetch')]),
    ).toBeNull()
  })
  it('U/S and R/W combine across levels with AND, XD with OR (hw-facts §1.4)', () => {
    // The PDE above 0x2000 is P|RW|US from map; clearing its U/S makes the user page supervisor.
    const r = runOps([...m, acc(0x2000n, 'read', 'user')])
    const pde = r.events.find((e) => e.kind === 'paging.ref' && e.level === 2)
    const pdeAddr = pde?.kind === 'paging.ref' ? pde.addr : 0n
    const pdeRaw = readPhys(r.state.mem, pdeAddr, 8)
    const noUs = runOps(
      [poke(pdeAddr, pdeRaw & ~0x4n), { kind: 'paging.tlb.flush' }, acc(0x2000n, 'read', 'user')],
      r.state,
    )
    expect(lastErrorCode(noUs.events)).toBe(0x5)
    const xd = runOps(
      [
        poke(pdeAddr, pdeRaw | (1n << 63n)),
        { kind: 'paging.tlb.flush' },
        acc(0x2000n, 'fetch', 'user'),
      ],
      r.state,
    )
    expect(lastErrorCode(xd.events)).toBe(0x15)
  })
})

describe('accessed and dirty bits (hw-facts §1.6)', () => {
  const aOf = (events: readonly PagingEvent[]) =>
    events
      .filter((e) => e.kind === 'paging.ad')
      .map((e) => (e.kind === 'paging.ad' ? [e.level, e.set] : []))

  it('a read sets A at every level, top down, and no D', () => {
    const { state, events } = runOps([...HAND4, acc(VA4)])
    expect(aOf(events)).toEqual([
      [4, 'A'],
      [3, 'A'],
      [2, 'A'],
      [1, 'A'],
    ])
    expect(readPhys(state.mem, 0x4048n, 8)).toBe(0x5027n)
    expect(readPhys(state.mem, 0x1018n, 8)).toBe(0x2027n)
  })
  it('a write sets D only in the leaf; each A/D update is a memory write event', () => {
    const { state, events } = runOps([...HAND4, acc(VA4, 'write')])
    expect(aOf(events).at(-1)).toEqual([1, 'AD'])
    expect(readPhys(state.mem, 0x4048n, 8)).toBe(0x5067n)
    expect(readPhys(state.mem, 0x3038n, 8)).toBe(0x4027n)
  })
  it('a 2 MiB page gets A and D in its PDE', () => {
    const { state } = runOps([...HAND4, poke(0x3038n, 0x40000087n), acc(VA4, 'write')])
    expect(readPhys(state.mem, 0x3038n, 8)).toBe(0x400000e7n)
  })
  it('a protection fault sets the non-leaf A bits but not the leaf A', () => {
    const { state } = runOps([...HAND4, poke(0x4048n, 0x5005n), acc(VA4, 'write', 'user')])
    expect(readPhys(state.mem, 0x3038n, 8)).toBe(0x4027n)
    expect(readPhys(state.mem, 0x4048n, 8)).toBe(0x5005n)
  })
  it('a not-present PTE: the levels above still get A', () => {
    const { state, events } = runOps([...HAND4, poke(0x4048n, 0n), acc(VA4)])
    expect(aOf(events)).toEqual([
      [4, 'A'],
      [3, 'A'],
      [2, 'A'],
    ])
    expect(readPhys(state.mem, 0x4048n, 8)).toBe(0n)
  })
  it('A/D are sticky: a second write changes nothing', () => {
    const { events } = runOps([
      ...HAND4,
      acc(VA4, 'write'),
      { kind: 'paging.tlb.flush' },
      acc(VA4, 'write'),
    ])
    const afterFlush = events.slice(
      events.findIndex((e) => e.kind === 'paging.tlb.flush' && e.reason === 'tlb-flush'),
    )
    expect(aOf(afterFlush)).toEqual([])
  })
  it('translate is a side-effect-free walk: same refs, no A/D writes, no TLB fill', () => {
    const before = runOps(HAND4)
    const t = runOps(
      [{ kind: 'paging.translate', va: VA4, intent: 'write', mode: 'kernel' }],
      before.state,
    )
    expect(aOf(t.events)).toEqual([])
    expect(t.state.mem).toBe(before.state.mem)
    expect(t.state.tlb).toBe(before.state.tlb)
    const ev = t.events.at(-1)
    expect(ev).toMatchObject({ kind: 'paging.translate', outcome: { result: 'ok', pa: 0x5123n } })
  })
})

describe('teaching mode', () => {
  it('16-bit addresses, 2 levels, 256-byte pages, 2-byte entries', () => {
    const { events } = runOps([
      { kind: 'paging.mode', mode: 'teach' },
      mapOp(0x3a00n, 0x1200n, { w: true, u: true }),
      acc(0x3a7cn, 'write', 'user'),
    ])
    // Root at 0x8000 (the allocator starts at half the address space), L1 table at 0x8100.
    expect(refsOf(events)).toEqual([
      [2, 0x8006n],
      [1, 0x8114n],
    ])
    expect(paOf(events)).toBe(0x127cn)
    const writes = events.filter((e) => e.kind === 'paging.entry.write')
    expect(writes.map((e) => (e.kind === 'paging.entry.write' ? e.raw : 0n))).toEqual([
      0x8107n,
      0x1207n,
    ])
  })
  it('refuses a geometry that does not split evenly', () => {
    expect(() => runOps([{ kind: 'paging.mode', mode: 'teach', teach: { levels: 3 } }])).toThrow(
      /evenly/,
    )
  })
})

describe('translateNoSideEffects', () => {
  it('returns the outcome and refs and leaves the state alone', async () => {
    const { translateNoSideEffects } = await import('./apply.ts')
    const { state } = runOps(HAND4)
    const t = translateNoSideEffects(state, VA4, 'write', 'user')
    expect(t?.outcome).toEqual({ result: 'ok', pa: 0x5123n, pageBytes: 0x1000n })
    expect(t?.events.filter((e) => e.kind === 'paging.ref')).toHaveLength(4)
    expect(t?.events.some((e) => e.kind === 'paging.ad')).toBe(false)
    expect(translateNoSideEffects(runOps([]).state, gva(0x1000n))).toBeNull()
  })
})
