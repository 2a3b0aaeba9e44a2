import { type Gva, gva } from '../core/addr.ts'
import type { PagingEvent } from './events.ts'
import type { Tlb, TlbEntry, TlbPolicy } from './types.ts'
import type { WalkLeaf } from './walk.ts'

/** Small on purpose: with 8 entries a class sees eviction after a few accesses. */
export const DEFAULT_TLB: Tlb = { capacity: 8, policy: 'lru', entries: [], clock: 0 }

export const pageOf = (va: bigint, pageBytes: bigint): bigint => va & ~(pageBytes - 1n)

/** Does `e` translate `va` under PCID `pcid`? Global entries match every PCID (hw-facts §7). */
export const tlbMatches = (e: TlbEntry, va: Gva, pcid: number): boolean =>
  (e.global || e.pcid === pcid) && pageOf(va, e.pageBytes) === e.va

export function tlbLookup(tlb: Tlb, va: Gva, pcid: number): TlbEntry | null {
  return tlb.entries.find((e) => tlbMatches(e, va, pcid)) ?? null
}

/** Marks `e` as used now (LRU bookkeeping). */
export function tlbTouch(tlb: Tlb, e: TlbEntry): Tlb {
  const clock = tlb.clock + 1
  return {
    ...tlb,
    clock,
    entries: tlb.entries.map((x) => (x === e ? { ...x, used: clock } : x)),
  }
}

/** The entry the policy evicts: oldest use (LRU) or oldest insertion (FIFO). */
export function victim(tlb: Tlb): TlbEntry | null {
  const key = (e: TlbEntry): number => (tlb.policy === 'lru' ? e.used : e.inserted)
  let v: TlbEntry | null = null
  for (const e of tlb.entries) if (v === null || key(e) < key(v)) v = e
  return v
}

export interface TlbFill {
  readonly tlb: Tlb
  readonly entry: TlbEntry
  readonly evicted: TlbEntry | null
  readonly replaced: readonly TlbEntry[]
}

/** Inserts a translation; an older entry for the same page and PCID is replaced first. */
export function tlbFill(tlb: Tlb, e: Omit<TlbEntry, 'inserted' | 'used'>): TlbFill {
  const clock = tlb.clock + 1
  const entry: TlbEntry = { ...e, inserted: clock, used: clock }
  const same = (x: TlbEntry): boolean =>
    (x.global || x.pcid === e.pcid) && pageOf(e.va, x.pageBytes) === x.va
  const replaced = tlb.entries.filter(same)
  let entries = tlb.entries.filter((x) => !same(x))
  let evicted: TlbEntry | null = null
  if (tlb.capacity <= 0) return { tlb: { ...tlb, clock }, entry, evicted: null, replaced }
  if (entries.length >= tlb.capacity) {
    evicted = victim({ ...tlb, entries })
    entries = entries.filter((x) => x !== evicted)
  }
  return { tlb: { ...tlb, clock, entries: [...entries, entry] }, entry, evicted, replaced }
}

/**
 * Caches a walk that did not fault (SDM3 §4.10.2): the leaf's page holding `va`, tagged with
 * `pcid`. The fill event is null when the TLB has no capacity (nothing was cached).
 */
export function tlbFillLeaf(
  tlb: Tlb,
  va: Gva,
  pcid: number,
  leaf: WalkLeaf,
  global: boolean,
): {
  readonly tlb: Tlb
  readonly event: Extract<PagingEvent, { kind: 'paging.tlb.fill' }> | null
} {
  const f = tlbFill(tlb, {
    pcid,
    va: gva(pageOf(va, leaf.pageBytes)),
    pageBytes: leaf.pageBytes,
    pa: leaf.frame,
    rw: leaf.rights.rw,
    us: leaf.rights.us,
    xd: leaf.rights.xd,
    pkey: leaf.pkey,
    dirty: leaf.dirty,
    global,
  })
  if (f.tlb.capacity <= 0) return { tlb: f.tlb, event: null }
  return {
    tlb: f.tlb,
    event: {
      kind: 'paging.tlb.fill',
      entry: f.entry,
      evicted: f.evicted,
      policy: f.tlb.policy,
      occupancy: f.tlb.entries.length,
      capacity: f.tlb.capacity,
      cite: 'sdm3-4.10.2',
    },
  }
}

/** Removes the entries `drop` selects; returns the new TLB and what went. */
export function tlbRemove(
  tlb: Tlb,
  drop: (e: TlbEntry) => boolean,
): { readonly tlb: Tlb; readonly removed: readonly TlbEntry[] } {
  const removed = tlb.entries.filter(drop)
  if (removed.length === 0) return { tlb, removed }
  return { tlb: { ...tlb, entries: tlb.entries.filter((e) => !drop(e)) }, removed }
}

export function tlbConfigure(tlb: Tlb, capacity: number, policy: TlbPolicy): Tlb {
  // Shrinking evicts by the new policy until the entries fit.
  let t: Tlb = { ...tlb, capacity, policy }
  while (t.entries.length > Math.max(0, capacity)) {
    const v = victim(t)
    t = { ...t, entries: t.entries.filter((e) => e !== v) }
  }
  return t
}
