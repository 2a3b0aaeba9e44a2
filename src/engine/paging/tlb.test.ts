import { gva } from '../core/addr.ts'
import { describe, expect, it } from 'vitest'
import type { PagingEvent } from './events.ts'
import type { PagingOp } from './ops.ts'
import { makePagingState } from './state.ts'
import { acc, lastAccess, lastErrorCode, mapOp, poke, runOps } from './testkit.ts'

const tlbOf = (events: readonly PagingEvent[]) => lastAccess(events).tlb
const set = (bit: Extract<PagingOp, { kind: 'paging.control' }>['bit'], on: boolean): PagingOp => ({
  kind: 'paging.control',
  bit,
  on,
})

describe('TLB (hw-facts §7)', () => {
  const maps: PagingOp[] = [
    mapOp(0x1000n, 0xa000n, { w: true }),
    mapOp(0x2000n, 0xb000n, { w: true, g: true }),
    mapOp(0x3000n, 0xc000n, { w: true }),
  ]

  it('a second access hits and makes no memory reference', () => {
    const { events } = runOps([...maps, acc(0x1234n), acc(0x1238n)])
    expect(tlbOf(events)).toBe('hit')
    expect(lastAccess(events).refs).toEqual([])
    expect(lastAccess(events).outcome).toMatchObject({ result: 'ok', pa: 0xa238n })
  })

  it('a read through a clean leaf does not cache write permission: the write walks to set D', () => {
    const { events } = runOps([...maps, acc(0x1000n), acc(0x1000n, 'write')])
    const miss = events.filter((e) => e.kind === 'paging.tlb.miss').at(-1)
    expect(miss).toMatchObject({ why: 'clean' })
    expect(tlbOf(events)).toBe('miss')
    expect(events.filter((e) => e.kind === 'paging.ad').at(-1)).toMatchObject({
      level: 1,
      set: 'D',
    })
    // Now D is cached: the next write hits.
    expect(
      tlbOf(runOps([...maps, acc(0x1000n), acc(0x1000n, 'write'), acc(0x1000n, 'write')]).events),
    ).toBe('hit')
  })

  it('a stale entry is used until INVLPG (the OS must invalidate after changing a PTE)', () => {
    const r = runOps([...maps, acc(0x1000n)])
    const leaf = r.events.find((e) => e.kind === 'paging.map' && e.va === 0x1000n)
    const pte = leaf?.kind === 'paging.map' ? leaf.leafAddr : 0n
    const stale = runOps([poke(pte, 0n), acc(0x1000n)], r.state)
    expect(tlbOf(stale.events)).toBe('hit')
    const fresh = runOps([{ kind: 'paging.invlpg', va: gva(0x1fffn) }, acc(0x1000n)], stale.state)
    expect(tlbOf(fresh.events)).toBe('miss')
    expect(lastErrorCode(fresh.events)).toBe(0)
  })

  it('MOV to CR3 drops non-global entries; a global one survives with CR4.PGE', () => {
    const r = runOps([...maps, acc(0x1000n), acc(0x2000n)])
    const cr3 = r.state.cr3 ?? 0n
    const after = runOps([{ kind: 'paging.cr3', value: cr3 }], r.state)
    expect(after.state.tlb.entries.map((e) => e.va)).toEqual([0x2000n])
    expect(tlbOf(runOps([acc(0x2000n)], after.state).events)).toBe('hit')
    expect(tlbOf(runOps([acc(0x1000n)], after.state).events)).toBe('miss')
  })

  it('G without CR4.PGE is not global; toggling PGE flushes everything', () => {
    const r = runOps([set('cr4.pge', false), ...maps, acc(0x2000n)])
    expect(r.state.tlb.entries[0]?.global).toBe(false)
    const g = runOps([...maps, acc(0x2000n), set('cr4.pge', false)])
    expect(g.state.tlb.entries).toEqual([])
  })

  it('INVLPG removes a global entry for that page too', () => {
    const r = runOps([
      ...maps,
      acc(0x2000n),
      acc(0x1000n),
      { kind: 'paging.invlpg', va: gva(0x2000n) },
    ])
    expect(r.state.tlb.entries.map((e) => e.va)).toEqual([0x1000n])
  })

  it('PCIDs tag entries; bit 63 of the CR3 operand skips the flush', () => {
    const base = runOps([...maps, set('cr4.pcide', true)])
    const root = base.state.cr3 ?? 0n
    const p1 = runOps([{ kind: 'paging.cr3', value: root | 1n }, acc(0x1000n)], base.state)
    expect(p1.state.tlb.entries[0]?.pcid).toBe(1)
    // PCID 2 does not see PCID 1's entry (and keeps it).
    const p2 = runOps([{ kind: 'paging.cr3', value: root | 2n }, acc(0x1000n)], p1.state)
    expect(tlbOf(p2.events)).toBe('miss')
    expect(p2.state.tlb.entries.map((e) => e.pcid).sort()).toEqual([1, 2])
    // Back to PCID 1 with bit 63: no invalidation, the old entry hits.
    const back = runOps(
      [{ kind: 'paging.cr3', value: (1n << 63n) | root | 1n }, acc(0x1000n)],
      p2.state,
    )
    expect(tlbOf(back.events)).toBe('hit')
    expect(back.state.cr3).toBe(root | 1n)
    // Without bit 63 the new PCID's non-global entries go.
    const flushed = runOps([{ kind: 'paging.cr3', value: root | 1n }], p2.state)
    expect(flushed.state.tlb.entries.map((e) => e.pcid)).toEqual([2])
  })

  it('bit 63 without PCIDE is a reserved bit: #GP', () => {
    const r = runOps([...maps])
    const out = runOps([{ kind: 'paging.cr3', value: (1n << 63n) | (r.state.cr3 ?? 0n) }], r.state)
    expect(out.events.at(-1)).toMatchObject({ kind: 'paging.cr3', fault: { vector: 13 } })
  })

  it('clearing PCIDE flushes all PCIDs', () => {
    const base = runOps([...maps, set('cr4.pcide', true)])
    const root = base.state.cr3 ?? 0n
    const r = runOps(
      [
        { kind: 'paging.cr3', value: root | 1n },
        acc(0x1000n),
        acc(0x2000n),
        set('cr4.pcide', false),
      ],
      base.state,
    )
    expect(r.state.tlb.entries).toEqual([])
  })

  it('LRU evicts the least recently used, FIFO the oldest', () => {
    const seq = [acc(0x1000n), acc(0x2000n), acc(0x1000n), acc(0x3000n)]
    const lru = runOps([...maps, ...seq], makePagingState({ tlbCapacity: 2, tlbPolicy: 'lru' }))
    expect(lru.state.tlb.entries.map((e) => e.va).sort((a, b) => (a < b ? -1 : 1))).toEqual([
      0x1000n,
      0x3000n,
    ])
    const fifo = runOps([...maps, ...seq], makePagingState({ tlbCapacity: 2, tlbPolicy: 'fifo' }))
    expect(fifo.state.tlb.entries.map((e) => e.va).sort((a, b) => (a < b ? -1 : 1))).toEqual([
      0x2000n,
      0x3000n,
    ])
    const fill = fifo.events.filter((e) => e.kind === 'paging.tlb.fill').at(-1)
    expect(fill).toMatchObject({
      policy: 'fifo',
      occupancy: 2,
      capacity: 2,
      evicted: { va: 0x1000n },
    })
  })

  it('a page fault drops the stale entry that denied the access', () => {
    const r = runOps([mapOp(0x1000n, 0xa000n), acc(0x1000n), acc(0x1000n, 'write')])
    expect(lastErrorCode(r.events)).toBe(0x3)
    expect(r.state.tlb.entries).toEqual([])
  })

  it('shrinking the TLB evicts by policy', () => {
    const r = runOps([
      ...maps,
      acc(0x1000n),
      acc(0x2000n),
      acc(0x3000n),
      { kind: 'paging.tlb.config', capacity: 1 },
    ])
    expect(r.state.tlb.entries.map((e) => e.va)).toEqual([0x3000n])
  })
})
