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

/** `e` with a new LRU stamp, field by field: a spread of this 17-field object is far slower. */
function withUsed(e: EptTlbEntry, used: number): EptTlbEntry {
  return {
    // The order every entry is made in (afterWalk, bulk.ts), so JSON of the TLB is unchanged.
    vpid: e.vpid,
    pcid: e.pcid,
    eptp: e.eptp,
    va: e.va,
    pageBytes: e.pageBytes,
    gpa: e.gpa,
    hpa: e.hpa,
    rw: e.rw,
    us: e.us,
    xd: e.xd,
    eptR: e.eptR,
    eptW: e.eptW,
    eptX: e.eptX,
    dirty: e.dirty,
    global: e.global,
    inserted: e.inserted,
    used,
  }
}

/**
 * A hit: `e` gets the next LRU stamp. Only the touched entry is rebuilt; the others are shared
 * with the previous TLB (the array of at most `capacity` references is copied, not mapped).
 */
export function eptTlbTouch(tlb: EptTlb, e: EptTlbEntry, at = tlb.entries.indexOf(e)): EptTlb {
  const clock = tlb.clock + 1
  if (at < 0) return { capacity: tlb.capacity, entries: tlb.entries, clock }
  const entries = tlb.entries.slice()
  entries[at] = withUsed(e, clock)
  return { capacity: tlb.capacity, entries, clock }
}

/** The index of the entry that translates `va` under tag `t`, or -1. */
export function eptTlbFind(tlb: EptTlb, va: Gva, t: TlbTag): number {
  const es = tlb.entries
  for (let i = 0; i < es.length; i++) {
    const e = es[i]!
    // The cheap number tags first: most entries differ in VPID or PCID, not in page.
    if (e.vpid === t.vpid && (e.global || e.pcid === t.pcid) && e.eptp === t.eptp)
      if ((va & ~(e.pageBytes - 1n)) === e.va) return i
  }
  return -1
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
