// Xen's page-type bookkeeping (mm.c get_page_type/_put_page_type, get_page_from_lNe,
// promote_lN_table, hw-facts §5.6), on a working copy that the caller keeps only on success.
import { type Mfn, hpaOfMfn, mfn as toMfn } from '../core/addr.ts'
import { type PhysMem, readPhys } from '../memory/phys.ts'
import { PTE_P, PTE_RW, bits } from '../paging/entry.ts'
import type { PageChange, ValidationFrame, XenPvRefusal, XenPvRule } from './events.ts'
import {
  ERRNO,
  type ErrnoName,
  NO_PAGE_INFO,
  PT_LEVEL,
  type PageInfo,
  type PgtType,
  ptType,
} from './types.ts'

export const ENTRIES_PER_TABLE = 512
/** Frame number field of an entry, bits 51:12 (hw-facts §1.3, §5.6 caveat). */
export const ENTRY_FRAME = bits(51, 12)
export const entryMfn = (raw: bigint): Mfn => toMfn((raw & ENTRY_FRAME) >> 12n)

// hw-facts §5.6 (Xen arch_init_memory): flags Xen allows. Flag positions: P 0, RW 1, US 2,
// PWT 3, PCD 4, A 5, D 6, PS/PAT 7, G 8, avail 11:9, avail-high 62:52, NX 63.
const BASE_ALLOWED = bits(2, 0) | bits(6, 5) | bits(11, 9) | bits(62, 52) | (1n << 63n)
const FLAG_BITS = bits(11, 0) | bits(63, 52)
/** L1: G allowed too; PWT, PCD, PAT refused for a domain without I/O memory. */
const L1_DISALLOW = FLAG_BITS & ~(BASE_ALLOWED | (1n << 8n))
/** L2-L4: only the base set (PS, G, PWT, PCD refused). */
const LN_DISALLOW = FLAG_BITS & ~BASE_ALLOWED
export const disallowMask = (level: number): bigint => (level === 1 ? L1_DISALLOW : LN_DISALLOW)

/** A mutable working copy of the page-info table for one request. */
export class PageBook {
  private readonly pages: Map<Mfn, PageInfo>
  private readonly before = new Map<Mfn, PageInfo>()

  constructor(
    readonly mem: PhysMem,
    pages: ReadonlyMap<Mfn, PageInfo>,
    private readonly owned: (mfn: Mfn) => boolean,
  ) {
    this.pages = new Map(pages)
  }

  isOwned(mfn: Mfn): boolean {
    return this.owned(mfn)
  }

  info(mfn: Mfn): PageInfo {
    return this.pages.get(mfn) ?? NO_PAGE_INFO
  }

  set(mfn: Mfn, next: PageInfo): void {
    if (!this.before.has(mfn)) this.before.set(mfn, this.info(mfn))
    if (next.type === 'none' && next.count === 0 && !next.pinned && !next.linear)
      this.pages.delete(mfn)
    else this.pages.set(mfn, next)
  }

  /** Adds `d` to linear_pt_count (kept absent at 0, so page_info reads as before). */
  addLinear(mfn: Mfn, d: number): void {
    const i = this.info(mfn)
    const n = (i.linear ?? 0) + d
    const next: PageInfo = {
      type: i.type,
      count: i.count,
      validated: i.validated,
      pinned: i.pinned,
    }
    this.set(mfn, n === 0 ? next : { ...next, linear: n })
  }

  snapshot(): ReadonlyMap<Mfn, PageInfo> {
    return new Map(this.pages)
  }

  changes(): PageChange[] {
    const out: PageChange[] = []
    for (const [mfn, before] of this.before) {
      const after = this.info(mfn)
      if (
        before.type !== after.type ||
        before.count !== after.count ||
        before.validated !== after.validated ||
        before.pinned !== after.pinned ||
        (before.linear ?? 0) !== (after.linear ?? 0)
      )
        out.push({ mfn, before, after })
    }
    return out.sort((a, b) => (a.mfn < b.mfn ? -1 : a.mfn > b.mfn ? 1 : 0))
  }
}

export function refusal(
  rule: XenPvRule,
  errno: ErrnoName,
  mfn: Mfn,
  extra: Partial<Omit<XenPvRefusal, 'rule' | 'rc' | 'errno' | 'mfn'>> = {},
): XenPvRefusal {
  return {
    rule,
    rc: -ERRNO[errno],
    errno,
    mfn,
    has: null,
    hasCount: 0,
    needs: null,
    bits: 0n,
    wasPinned: false,
    slot: null,
    within: [],
    ...extra,
  }
}

const readEntry = (mem: PhysMem, mfn: Mfn, i: number): bigint =>
  readPhys(mem, hpaOfMfn(mfn) + BigInt(i * 8), 8)

/**
 * get_page_type: take one reference of `type` on `mfn`. At count 0 the type may change, and
 * a new page-table type validates every present entry (promote_lN_table), which takes the
 * references those entries need. Returns the refusal, or null on success. `errno` is what a
 * type conflict returns at this call site.
 */
export function getType(
  book: PageBook,
  mfn: Mfn,
  type: PgtType,
  errno: ErrnoName,
): XenPvRefusal | null {
  const i = book.info(mfn)
  if (i.count > 0) {
    if (i.type !== type)
      return refusal('target-type', errno, mfn, { has: i.type, hasCount: i.count, needs: type })
    book.set(mfn, { ...i, count: i.count + 1 })
    return null
  }
  const level = PT_LEVEL[type]
  book.set(mfn, { type, count: 1, validated: level === null, pinned: false })
  if (level === null) return null
  for (let k = 0; k < ENTRIES_PER_TABLE; k++) {
    const raw = readEntry(book.mem, mfn, k)
    if ((raw & PTE_P) === 0n) continue
    const r = getEntryRef(book, level, raw, mfn).refusal
    if (r) {
      const frame: ValidationFrame = { mfn, level, index: k }
      return { ...r, within: [frame, ...r.within] }
    }
  }
  book.set(mfn, { ...book.info(mfn), validated: true })
  return null
}

/** _put_page_type: drop one reference; a page table whose count reaches 0 is devalidated. */
export function putType(book: PageBook, mfn: Mfn): void {
  const i = book.info(mfn)
  if (i.count === 0) return
  const count = i.count - 1
  const level = PT_LEVEL[i.type]
  if (count > 0 || level === null || !i.validated) {
    book.set(mfn, { ...i, count })
    return
  }
  book.set(mfn, { ...i, count: 0, validated: false })
  for (let k = 0; k < ENTRIES_PER_TABLE; k++)
    putEntryRef(book, level, readEntry(book.mem, mfn, k), mfn)
}

/** The flags check of mod_lN_entry / get_page_from_lNe. */
export function flagsRefusal(level: number, raw: bigint): XenPvRefusal | null {
  const bad = raw & disallowMask(level)
  return bad === 0n ? null : refusal('flags', 'EINVAL', entryMfn(raw), { bits: bad })
}

/** What get_page_from_lNe did: refused, or took a reference (as a linear page table or not). */
export interface EntryRef {
  readonly refusal: XenPvRefusal | null
  /** Accepted by get_lN_linear_pagetable: `self` maps its own table, `other` a peer. */
  readonly linear: 'self' | 'other' | null
}

const refused = (refusal: XenPvRefusal): EntryRef => ({ refusal, linear: null })
const TOOK: EntryRef = { refusal: null, linear: null }

/**
 * get_page_from_lNe for a present entry of the level-`level` table `container`: flags, owner
 * of the frame it names, and the type reference it needs (L1 RW: writable; Ln: the L(n-1)
 * table type). An L2-L4 entry whose frame cannot take that type may still be a linear page
 * table (mm.c get_lN_linear_pagetable, on by default: opt_pv_linear_pt): read-only, and either
 * the container itself (no reference taken) or an already-validated table of the container's
 * own level, one level deep (linear_pt_count: a table with linear entries is never a target).
 */
export function getEntryRef(book: PageBook, level: number, raw: bigint, container: Mfn): EntryRef {
  const f = flagsRefusal(level, raw)
  if (f) return refused(f)
  const target = entryMfn(raw)
  // Error codes differ by level (mm.c): L1 failures are -EBUSY, L2-L4 ones -EINVAL.
  const errno: ErrnoName = level === 1 ? 'EBUSY' : 'EINVAL'
  if (!book.isOwned(target)) return refused(refusal('target-owner', errno, target))
  if (level === 1)
    return (raw & PTE_RW) !== 0n ? refusedOr(getType(book, target, 'writable', 'EBUSY')) : TOOK
  const r = getType(book, target, ptType(level - 1), 'EINVAL')
  // Only an immediate type conflict gets here unchanged; a failed validation never leaves a
  // validated table of this level behind, so the linear check could not pass after it.
  if (r && r.rule === 'target-type' && r.within.length === 0) {
    const linear = linearRef(book, level, raw, container, target)
    if (linear) return { refusal: null, linear }
  }
  return refusedOr(r)
}

const refusedOr = (r: XenPvRefusal | null): EntryRef => (r ? refused(r) : TOOK)

/** get_lN_linear_pagetable: the kind of linear entry accepted, or null (the -EINVAL stands). */
function linearRef(
  book: PageBook,
  level: number,
  raw: bigint,
  container: Mfn,
  target: Mfn,
): 'self' | 'other' | null {
  if ((raw & PTE_RW) !== 0n) return null
  if (target === container) return 'self'
  const t = book.info(target)
  const c = book.info(container)
  if (!t.validated || t.type !== ptType(level)) return null
  // inc_linear_entries(container) needs it unused as a target; inc_linear_uses(target) needs
  // it to hold no linear entries itself.
  if ((c.linear ?? 0) < 0 || (t.linear ?? 0) > 0) return null
  book.set(target, { ...t, count: t.count + 1 })
  book.addLinear(container, 1)
  book.addLinear(target, -1)
  return 'other'
}

/** put_page_from_lNe: release what getEntryRef took (a linear entry gives back its counts). */
export function putEntryRef(book: PageBook, level: number, raw: bigint, container: Mfn): void {
  if ((raw & PTE_P) === 0n) return
  if (level === 1 && (raw & PTE_RW) === 0n) return
  const target = entryMfn(raw)
  if (level > 1 && target === container) return
  // _put_page_type with the containing table: a target of the container's own type was
  // referenced as a linear page table.
  if (level > 1 && book.info(target).type === ptType(level)) {
    book.addLinear(container, -1)
    book.addLinear(target, 1)
  }
  putType(book, target)
}
