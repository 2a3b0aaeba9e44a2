// Oracle for Xen PV direct paging: random sequences of mmu_update batches, mmuext ops,
// multicalls, guest stores and accesses over a few frames (one of them another domain's).
// After every step, recounted by brute force from memory alone (hw-facts §5.6, XEN-mmc header
// comment): no page-table page in use is writable through any validated L1 table, every
// present entry of a validated Ln table names an L(n-1) table in use, and each frame's type
// count equals the references that point at it (entries of the right kind + pin + base).
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  type Machine,
  type MmuextCmd,
  type Op,
  apply,
  gpa,
  gva,
  hpa,
  initialMachine,
  mfn as toMfn,
  readPhys,
} from '../../src/engine/index.ts'

const OWNED = [0x100n, 0x101n, 0x102n, 0x103n, 0x104n, 0x105n, 0x106n, 0x107n]
const FOREIGN = 0x200n
const LEVEL: Record<string, number> = { l1: 1, l2: 2, l3: 3, l4: 4 }
const P = 1n
const RW = 2n

function setup(): Machine {
  let m = initialMachine
  const ops: Op[] = [
    { kind: 'virt.mmu', mmu: 'xen-pv' },
    ...OWNED.map((mfn, i): Op => ({
      kind: 'virt.host-map',
      gpa: gpa(BigInt(i) << 12n),
      hpa: hpa(mfn << 12n),
      size: '4K',
      read: true,
      write: true,
      execute: false,
    })),
  ]
  for (const op of ops) {
    const r = apply(m, op)
    if (!r.ok) throw new Error(JSON.stringify(r.error))
    m = r.value.machine
  }
  return m
}

/** setup() plus a tree (L4 0x100 .. L1 0x103) that maps its own L1 table read-only at VA 0:
 * random stores into frame 0x103 then go through Xen's writable-page-table emulation. */
function setupWithTree(): Machine {
  let m = setup()
  const maps: Op[] = [0x105n, 0x103n].map((pa, i) => ({
    kind: 'paging.map',
    va: gva(BigInt(i) << 12n),
    pa: gpa(pa << 12n),
    size: null,
    writable: i === 0,
    user: false,
    noExecute: false,
    global: false,
  }))
  for (const op of maps) {
    const r = apply(m, op)
    if (!r.ok) throw new Error(JSON.stringify(r.error))
    m = r.value.machine
  }
  return m
}

const frame = fc.constantFrom(...OWNED, FOREIGN)
const slot = fc.integer({ min: 0, max: 3 })
const flags = fc
  .subarray([P, RW, 4n, 0x20n, 0x10n, 0x80n, 0x100n], { minLength: 0 })
  .map((fs) => fs.reduce((a, b) => a | b, 0n))
const entryVal = fc.oneof(
  { weight: 1, arbitrary: fc.constant(0n) },
  { weight: 6, arbitrary: fc.tuple(frame, flags).map(([f, fl]) => (f << 12n) | fl | P) },
)
const req = fc
  .tuple(frame, slot, fc.constantFrom(0n, 0n, 0n, 2n), entryVal)
  .map(([f, s, cmd, val]) => ({ ptr: (f << 12n) | (BigInt(s) << 3n) | cmd, val }))
const mmuextCmd = fc.constantFrom<MmuextCmd>(
  'pin_l1_table',
  'pin_l2_table',
  'pin_l3_table',
  'pin_l4_table',
  'unpin_table',
  'new_baseptr',
)
const va = fc
  .tuple(slot, slot, slot, slot)
  .map(([a, b, c, d]) =>
    gva((BigInt(a) << 39n) | (BigInt(b) << 30n) | (BigInt(c) << 21n) | (BigInt(d) << 12n)),
  )
const op: fc.Arbitrary<Op> = fc.oneof(
  {
    weight: 6,
    arbitrary: fc
      .array(req, { minLength: 1, maxLength: 3 })
      .map((reqs): Op => ({ kind: 'xenpv.mmu-update', reqs })),
  },
  {
    weight: 3,
    arbitrary: fc
      .array(fc.tuple(mmuextCmd, frame), { minLength: 1, maxLength: 2 })
      .map((xs): Op => ({ kind: 'xenpv.mmuext', ops: xs.map(([cmd, arg]) => ({ cmd, arg })) })),
  },
  {
    weight: 1,
    arbitrary: fc.constantFrom<Op>(
      { kind: 'xenpv.multicall', action: 'begin' },
      { kind: 'xenpv.multicall', action: 'end' },
    ),
  },
  {
    weight: 2,
    arbitrary: fc.tuple(frame, slot, entryVal).map(([f, s, value]): Op => ({
      kind: 'paging.poke',
      addr: gpa((f << 12n) | (BigInt(s) << 3n)),
      value,
      size: 8,
    })),
  },
  {
    weight: 2,
    arbitrary: fc
      .tuple(va, fc.constantFrom('read' as const, 'write' as const))
      .map(([v, intent]): Op => ({ kind: 'paging.access', va: v, intent, mode: 'kernel' })),
  },
  {
    weight: 1,
    arbitrary: fc.tuple(va, frame, fc.boolean()).map(([v, f, w]): Op => ({
      kind: 'paging.map',
      va: v,
      pa: gpa(f << 12n),
      size: null,
      writable: w,
      user: false,
      noExecute: false,
      global: false,
    })),
  },
)

/** Brute force: what every frame's type count must be, read from memory and the pins alone. */
function check(m: Machine): void {
  const x = m.virt.xenpv
  const mem = m.paging.mem
  const entries = (mfn: bigint): bigint[] =>
    Array.from({ length: 512 }, (_, i) => readPhys(mem, (mfn << 12n) + BigInt(i * 8), 8))
  const inUse = [...x.pages].filter(([, i]) => i.count > 0 && LEVEL[i.type] !== undefined)
  const expected = new Map<bigint, number>()
  const linear = new Map<bigint, number>()
  const holders = new Set<bigint>()
  const targets = new Set<bigint>()
  const add = (mfn: bigint): void => {
    expected.set(mfn, (expected.get(mfn) ?? 0) + 1)
  }
  for (const [mfn, i] of inUse) {
    expect(i.validated).toBe(true)
    const level = LEVEL[i.type] ?? 0
    for (const e of entries(mfn)) {
      if ((e & P) === 0n) continue
      const target = (e >> 12n) & ((1n << 40n) - 1n)
      const t = x.pages.get(toMfn(target))
      expect(OWNED).toContain(target)
      if (level === 1) {
        if ((e & RW) === 0n) continue
        // The safety property: nothing writable in a validated L1 is a page table in use.
        expect(t?.type).toBe('writable')
        add(target)
      } else if (t?.type === i.type) {
        // A linear page table (mm.c get_lN_linear_pagetable): read-only, and either the table
        // itself (no reference) or a validated peer of its level (one type reference).
        expect(e & RW).toBe(0n)
        if (toMfn(target) === mfn) continue
        expect(t.validated).toBe(true)
        add(target)
        linear.set(mfn, (linear.get(mfn) ?? 0) + 1)
        linear.set(toMfn(target), (linear.get(toMfn(target)) ?? 0) - 1)
        holders.add(mfn)
        targets.add(toMfn(target))
      } else {
        expect(t?.type).toBe(['l1', 'l2', 'l3'][level - 2])
        add(target)
      }
    }
  }
  // linear_pt_count: entries held minus uses, and no table is both a holder and a target.
  for (const m of holders) expect(targets.has(m)).toBe(false)
  for (const [mfn, i] of x.pages)
    expect({ mfn, linear: i.linear ?? 0 }).toEqual({ mfn, linear: linear.get(mfn) ?? 0 })
  for (const [mfn, i] of x.pages) if (i.pinned) add(mfn)
  if (x.baseMfn !== null) add(x.baseMfn)
  for (const mfn of [...OWNED, FOREIGN]) {
    const i = x.pages.get(toMfn(mfn))
    expect({ mfn, count: i?.count ?? 0 }).toEqual({ mfn, count: expected.get(mfn) ?? 0 })
  }
  if (m.paging.cr3 !== null) expect(m.paging.cr3 >> 12n).toBe(x.baseMfn)
}

describe('xen-pv oracle: type counts and the no-writable-page-table invariant', () => {
  it('hold after every step of random guest activity', () => {
    fc.assert(
      fc.property(fc.boolean(), fc.array(op, { minLength: 1, maxLength: 40 }), (tree, ops) => {
        let m = tree ? setupWithTree() : setup()
        check(m)
        for (const o of ops) {
          const r = apply(m, o)
          if (!r.ok) continue
          m = r.value.machine
          check(m)
        }
      }),
      { numRuns: 300, seed: 0x5eed },
    )
    // 300 random runs of up to 40 steps, each recounted from memory: seconds on a busy machine.
  }, 60_000)

  it('the checker itself catches a writable mapping of a page table (Xen bypassed)', () => {
    let m = setup()
    const steps: Op[] = [
      {
        kind: 'paging.map',
        va: gva(0x400000n),
        pa: gpa(0x105000n),
        size: null,
        writable: true,
        user: false,
        noExecute: false,
        global: false,
      },
      // `host poke` is Xen itself writing: it can break what the guest never could.
      { kind: 'virt.host-poke', addr: hpa(0x103008n), value: 0x103003n, size: 8 },
    ]
    for (const s of steps) {
      const r = apply(m, s)
      if (!r.ok) throw new Error(JSON.stringify(r.error))
      m = r.value.machine
    }
    expect(() => check(m)).toThrow()
  })
})
