// Property test for the shadow MMU (hw-facts §8): random guest activity (the guest OS mapping
// pages, storing into its page tables, switching CR3, INVLPG, accesses, TLB flushes) and
// hypervisor P2M changes. After every step:
// - each present shadow entry equals the composition of its guest entry and the P2M entry
//   (compose.ts: inconsistencies() is empty);
// - no shadowed guest page table is writable through any shadow leaf;
// - an `access` ends where the guest's own tables and then the P2M say (a reference computed
//   from the state before the access with the native walker and a plain P2M lookup), or with
//   the guest's own #PF error code and CR2, or unresolved when the P2M has no page for it.
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  type Machine,
  type Op,
  type ShadowEvent,
  apply,
  gfnOf,
  gpa,
  gva,
  hpa,
  inconsistencies,
  initialMachine,
  translateNoSideEffects,
  writableGuestTables,
} from '../../src/engine/index.ts'

type Intent = 'read' | 'write' | 'fetch'
const VAS = [0x400000n, 0x401000n, 0x402000n, 0x600000n, 0x40000000n, 0x7f0000000000n]
// Guest frames: the tables `map` allocates from 1 MiB, some data pages, one frame the P2M
// never backs (0x300000).
const FRAMES = [
  0x5000n,
  0x6000n,
  0x7000n,
  0x100000n,
  0x101000n,
  0x102000n,
  0x103000n,
  0x104000n,
  0x105000n,
  0x300000n,
]
const TABLES = [0x100000n, 0x101000n, 0x102000n, 0x103000n, 0x104000n, 0x105000n, 0x106000n]
const ROOTS = [0x100000n, 0x104000n, 0x7000n]

const step = (m: Machine, op: Op): { m: Machine; events: readonly unknown[] } | null => {
  const r = apply(m, op)
  return r.ok ? { m: r.value.machine, events: r.value.events } : null
}

function boot(): Machine {
  let m = initialMachine
  for (const op of [
    { kind: 'virt.mmu', mmu: 'shadow' },
    {
      kind: 'virt.host-map',
      gpa: gpa(0n),
      hpa: hpa(0x2000000n),
      size: '2M',
      read: true,
      write: true,
      execute: true,
    },
    mapOp(0x400000n, 0x5000n, true, true),
  ] as Op[]) {
    const s = step(m, op)
    if (!s) throw new Error(`boot ${op.kind}`)
    m = s.m
  }
  return m
}

function mapOp(va: bigint, pa: bigint, w: boolean, u: boolean): Op {
  return {
    kind: 'paging.map',
    va: gva(va),
    pa: gpa(pa),
    size: null,
    writable: w,
    user: u,
    noExecute: false,
    global: false,
  }
}

const intentArb = fc.constantFrom<Intent>('read', 'write', 'fetch')
const opArb: fc.Arbitrary<Op> = fc.oneof(
  fc
    .tuple(fc.constantFrom(...VAS), fc.constantFrom(...FRAMES), fc.boolean(), fc.boolean())
    .map(([va, pa, w, u]) => mapOp(va, pa, w, u)),
  // A store into a (possible) page-table page: a random entry value without PS (bit 7), with
  // random P/RW/US/A/D and sometimes XD, pointing at one of the frames.
  fc
    .tuple(
      fc.constantFrom(...TABLES),
      fc.constantFrom(0, 1, 2, 3, 0x100),
      fc.constantFrom(...FRAMES),
      fc.integer({ min: 0, max: 0x7f }),
      fc.boolean(),
      fc.boolean(),
    )
    .map(([t, i, f, flags, xd, zero]): Op => ({
      kind: 'paging.poke',
      addr: gpa(t + BigInt(i * 8)),
      value: zero ? 0n : f | BigInt(flags) | (xd ? 1n << 63n : 0n),
      size: 8,
    })),
  fc.constantFrom(...ROOTS).map((v): Op => ({ kind: 'paging.cr3', value: v })),
  fc.constantFrom(...VAS).map((va): Op => ({ kind: 'paging.invlpg', va: gva(va) })),
  fc.constant<Op>({ kind: 'paging.tlb.flush' }),
  fc
    .tuple(fc.constantFrom(...VAS), fc.integer({ min: 0, max: 0xfff }), intentArb, fc.boolean())
    .map(([va, off, intent, user]): Op => ({
      kind: 'paging.access',
      va: gva(va + BigInt(off)),
      intent,
      mode: user ? 'user' : 'kernel',
    })),
  fc
    .constantFrom(...VAS)
    .map((va): Op => ({ kind: 'paging.access', va: gva(va), intent: 'read', mode: 'kernel' })),
  // The hypervisor moves a guest frame to another machine frame (injective: base + k*16 MiB +
  // the frame's own offset), sometimes read-only or not executable.
  fc
    .tuple(
      fc.constantFrom(...FRAMES.filter((f) => f !== 0x300000n)),
      fc.integer({ min: 1, max: 3 }),
      fc.boolean(),
      fc.boolean(),
    )
    .map(([g, k, w, x]): Op => ({
      kind: 'virt.host-map',
      gpa: gpa(g),
      hpa: hpa(0x4000000n + BigInt(k) * 0x1000000n + g),
      size: '4K',
      read: true,
      write: w,
      execute: x,
    })),
)

// A page the guest writes through a writable mapping and later uses as a table (CR3 or a table
// entry): the VMM must take write permission away when it starts shadowing it.
const reuseArb: fc.Arbitrary<Op[]> = fc
  .tuple(fc.constantFrom(0x600000n, 0x402000n), fc.constantFrom(...ROOTS, 0x104000n))
  .map(([va, f]) => [
    mapOp(va, f, true, true),
    { kind: 'paging.access', va: gva(va + 8n), intent: 'write', mode: 'user' },
    { kind: 'paging.cr3', value: f },
  ])
const opsArb: fc.Arbitrary<Op[]> = fc
  .array(
    fc.oneof({ weight: 6, arbitrary: opArb.map((o) => [o]) }, { weight: 1, arbitrary: reuseArb }),
    {
      minLength: 1,
      maxLength: 30,
    },
  )
  .map((xs) => xs.flat())

type Expect =
  | { kind: 'pa'; pa: bigint }
  | { kind: 'fault'; errorCode: number; cr2: bigint }
  | { kind: 'unresolved' }

/** The guest tables, then the P2M, on the state before the access. */
function reference(m: Machine, va: bigint, intent: Intent, mode: 'user' | 'kernel'): Expect {
  const t = translateNoSideEffects(m.paging, gva(va), intent, mode)
  if (!t) throw new Error('no translation')
  const tableRefs = t.events.flatMap((e) => (e.kind === 'paging.ref' ? [e.addr] : []))
  if (tableRefs.some((a) => !m.virt.p2m.has(gfnOf(a)))) return { kind: 'unresolved' }
  if (t.outcome.result === 'fault') {
    const f = t.outcome.fault
    if (f.vector !== 14) throw new Error('unexpected #GP')
    return { kind: 'fault', errorCode: f.errorCode, cr2: f.cr2 }
  }
  const guestPa = t.outcome.pa
  const e = m.virt.p2m.get(gfnOf(guestPa))
  if (!e || !e.read) return { kind: 'unresolved' }
  if (intent === 'write' && !e.write) return { kind: 'unresolved' }
  if (intent === 'fetch' && m.paging.control.eferNxe && !e.execute) return { kind: 'unresolved' }
  return { kind: 'pa', pa: e.hpa | (guestPa & 0xfffn) }
}

describe('shadow MMU property', () => {
  it('keeps every shadow entry the composition of guest entry and P2M, never maps a guest table writable, and translates like guest tables + P2M', () => {
    const base = boot()
    fc.assert(
      fc.property(opsArb, (ops) => {
        let m = base
        for (const op of ops) {
          const ref = op.kind === 'paging.access' ? reference(m, op.va, op.intent, op.mode) : null
          const s = step(m, op)
          if (!s) {
            // The only refusal random activity can meet: a guest large page (PS is never poked,
            // so none) or a map onto a large-page slot; anything else is a bug.
            throw new Error(`refused ${op.kind}`)
          }
          m = s.m
          const sh = m.virt.shadow
          expect(inconsistencies(m.paging, m.virt, sh)).toEqual([])
          expect(writableGuestTables(m.virt, sh)).toEqual([])
          if (ref) {
            const sum = (s.events as ShadowEvent[]).find((e) => e.kind === 'shadow.access')
            if (!sum || sum.kind !== 'shadow.access') throw new Error('no summary')
            if (ref.kind === 'pa') expect(sum.pa).toBe(ref.pa)
            else if (ref.kind === 'fault') {
              expect(sum.result).toBe('fault')
              expect(sum.induced).toBe('guest')
              expect(sum.fault).toEqual({ vector: 14, errorCode: ref.errorCode, cr2: ref.cr2 })
            } else {
              expect(sum.result).toBe('exit')
              expect(sum.pa).toBeNull()
            }
          }
        }
      }),
      { numRuns: 300, seed: 20261123 },
    )
    // 300 runs of up to 90 steps, each checking every shadow entry: seconds on a busy machine.
  }, 60_000)
})
