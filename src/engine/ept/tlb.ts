// The combined-mapping TLB under EPT (hw-facts §7): entries tagged by VPID, PCID and EPTP.
import type { Gva } from '../core/addr.ts'
import type { EptTlb, EptTlbEntry } from './types.ts'

const pageOf = (va: bigint, bytes: bigint): bigint => va & ~(bytes - 1n)

/** The tags a combined mapping is looked up by: VPID, PCID and EPTP. */
export type TlbTag = Pick<EptTlbEntry, 'vpid' | 'pcid' | 'eptp'>

/** Global entries match every PCID of their VPID, never another VPID (hw-facts §7). */
export const eptTlbMatches = (e: EptTlbEntry, va: Gva, t: TlbTag): boolean =>
  e.vpid === t.vpid &&
  e.eptp === t.eptp &&
  (e.global || e.pcid === t.pcid) &&
  pageOf(va, e.pageBytes) === e.va

export const eptTlbLookup = (tlb: EptTlb, va: Gva, t: TlbTag): EptTlbEntry | null =>
  tlb.entries.find((e) => eptTlbMatches(e, va, t)) ?? null

export function eptTlbTouch(tlb: EptTlb, e: EptTlbEntry): EptTlb {
  const clock = tlb.clock + 1
  return { ...tlb, clock, entries: tlb.entries.map((x) => (x === e ? { ...x, used: clock } : x)) }
}

/** Inserts a translation (LRU eviction); an older entry for the same page and tags goes first. */
export function eptTlbFill(
  tlb: EptTlb,
  e: Omit<EptTlbEntry, 'inserted' | 'used'>,
): { readonly tlb: EptTlb; readonly entry: EptTlbEntry; readonly evicted: EptTlbEntry | null } {
  const clock = tlb.clock + 1
  const entry: EptTlbEntry = { ...e, inserted: clock, used: clock }
  let entries = tlb.entries.filter((x) => !eptTlbMatches(x, e.va, e))
  let evicted: EptTlbEntry | null = null
  if (tlb.capacity <= 0) return { tlb: { ...tlb, clock }, entry, evicted }
  if (entries.length >= tlb.capacity) {
    for (const x of entries) if (evicted === null || x.used < evicted.used) evicted = x
    entries = entries.filter((x) => x !== evicted)
  }
  return { tlb: { ...tlb, clock, entries: [...entries, entry] }, entry, evicted }
}

export function eptTlbRemove(
  tlb: EptTlb,
  drop: (e: EptTlbEntry) => boolean,
): { readonly tlb: EptTlb; readonly removed: readonly EptTlbEntry[] } {
  const removed = tlb.entries.filter(drop)
  if (removed.length === 0) return { tlb, removed }
  return { tlb: { ...tlb, entries: tlb.entries.filter((e) => !drop(e)) }, removed }
}
