// Grant tables, v1 entries (hw-facts §5.4). A domain offers one of its frames to another
// domain by writing {flags, domid, frame} into its own table; the other domain names it by
// (domain, grant_ref) in GNTTABOP_map_grant_ref, GNTTABOP_copy or GNTTABOP_transfer.
import { type Result, err, ok } from '../core/result.ts'
import type { XenError } from './errors.ts'

/** Type field, bits 1:0. */
export const GTF_invalid = 0
export const GTF_permit_access = 1
export const GTF_accept_transfer = 2
export const GTF_transitive = 3
export const GTF_type_mask = 3
/** Subflags: readonly is set by the guest; reading/writing by Xen while a mapping exists. */
export const GTF_readonly = 1 << 2
export const GTF_reading = 1 << 3
export const GTF_writing = 1 << 4
/** Transfer subflags share bits 2 and 3. */
export const GTF_transfer_committed = 1 << 2
export const GTF_transfer_completed = 1 << 3

export const GNTMAP_device_map = 1 << 0
export const GNTMAP_host_map = 1 << 1
export const GNTMAP_readonly = 1 << 2

export const GNTCOPY_source_gref = 1 << 0
export const GNTCOPY_dest_gref = 1 << 1

export const GNTTABOP = { map_grant_ref: 0, unmap_grant_ref: 1, transfer: 4, copy: 5 } as const

/** The first 8 refs are reserved (0 console, 1 xenstore). */
export const GNTTAB_NR_RESERVED_ENTRIES = 8
/**
 * The model's table is one 4 KiB frame of 8-byte v1 entries: 512 refs. Xen starts every
 * table at INITIAL_NR_GRANT_FRAMES = 1 (xen/arch/x86/include/asm/grant_table.h) and
 * nr_grant_entries() = nr_grant_frames << PAGE_SHIFT / sizeof(grant_entry_v1_t)
 * (xen/common/grant_table.c); the model never grows it (no GNTTABOP_setup_table).
 */
export const GRANT_ENTRIES_PER_FRAME = 4096 / 8

export const GNTST = {
  okay: 0,
  general_error: -1,
  bad_domain: -2,
  bad_gntref: -3,
  bad_handle: -4,
  bad_virt_addr: -5,
  bad_dev_addr: -6,
  no_device_space: -7,
  permission_denied: -8,
  bad_page: -9,
  bad_copy_arg: -10,
  address_too_big: -11,
  eagain: -12,
  no_space: -13,
} as const
export type GntstName = keyof typeof GNTST

export interface GrantEntry {
  readonly flags: number
  /** The domain granted access. */
  readonly domid: number
  /** GFN the grant refers to (for a completed transfer: the frame received). */
  readonly frame: number
}

/** One mapping a domain holds (Xen's maptrack); the index is the handle. */
export interface MapTrack {
  readonly grantDom: number
  readonly ref: number
  readonly readonly: boolean
}

export interface GrantDomain {
  readonly domid: number
  /** Index = grant_ref. */
  readonly entries: readonly GrantEntry[]
  /** Handles of mappings this domain made; null once unmapped. */
  readonly maptrack: readonly (MapTrack | null)[]
  /** What each of this domain's frames holds, as a short label (the model's "memory"). */
  readonly pages: ReadonlyMap<number, string>
}

export type GrantEvent =
  | {
      readonly kind: 'grant.access'
      readonly dom: number
      readonly ref: number
      readonly entry: GrantEntry
      readonly cite: 'xen-gnt-entry'
    }
  | {
      readonly kind: 'grant.map'
      readonly dom: number
      readonly grantDom: number
      readonly ref: number
      readonly readonly: boolean
      readonly status: number
      readonly statusName: GntstName
      readonly handle: number | null
      /** Flags of the granting entry after the call. */
      readonly flags: number | null
      readonly detail: string
      readonly cite: 'xen-gnt-map'
    }
  | {
      readonly kind: 'grant.unmap'
      readonly dom: number
      readonly handle: number
      readonly grantDom: number | null
      readonly ref: number | null
      readonly status: number
      readonly statusName: GntstName
      readonly flags: number | null
      readonly cite: 'xen-gnt-unmap'
    }
  | {
      readonly kind: 'grant.copy'
      readonly dom: number
      readonly source: CopyPtr
      readonly dest: CopyPtr
      readonly len: number
      readonly status: number
      readonly statusName: GntstName
      readonly detail: string
      readonly cite: 'xen-gnt-copy'
    }
  | {
      readonly kind: 'grant.transfer'
      readonly dom: number
      readonly frame: number
      readonly targetDom: number
      readonly ref: number
      /** The frame number the page has in the target domain now. */
      readonly received: number | null
      readonly status: number
      readonly statusName: GntstName
      readonly flags: number | null
      readonly cite: 'xen-gnt-transfer'
    }
  | {
      readonly kind: 'grant.end'
      readonly dom: number
      readonly ref: number
      readonly ended: boolean
      /** Flags seen when trying to revoke. */
      readonly flags: number
      /** For a transfer grant: the frame received, else null. */
      readonly frame: number | null
      /** The entry as it was before the revocation (a step-by-step picture draws it). */
      readonly before: GrantEntry
      readonly cite: 'xen-gnt-end' | 'xen-gnt-transfer'
    }

/** One side of GNTTABOP_copy: a grant ref of `dom`, or a frame of the calling domain. */
export type CopyPtr =
  | { readonly kind: 'gref'; readonly dom: number; readonly ref: number; readonly offset: number }
  | { readonly kind: 'gmfn'; readonly dom: number; readonly frame: number; readonly offset: number }

export interface GrantStep<T = null> {
  readonly domains: readonly GrantDomain[]
  readonly event: GrantEvent
  readonly value: T
}

export function newGrantDomain(domid: number): GrantDomain {
  const empty: GrantEntry = { flags: GTF_invalid, domid: 0, frame: 0 }
  return {
    domid,
    entries: Array.from({ length: GNTTAB_NR_RESERVED_ENTRIES }, () => empty),
    maptrack: [],
    pages: new Map(),
  }
}

export function flagNames(flags: number): string[] {
  const type = flags & GTF_type_mask
  const out: string[] = [
    ['GTF_invalid', 'GTF_permit_access', 'GTF_accept_transfer', 'GTF_transitive'][type] ?? '',
  ]
  if (type === GTF_accept_transfer) {
    if (flags & GTF_transfer_committed) out.push('GTF_transfer_committed')
    if (flags & GTF_transfer_completed) out.push('GTF_transfer_completed')
  } else {
    if (flags & GTF_readonly) out.push('GTF_readonly')
    if (flags & GTF_reading) out.push('GTF_reading')
    if (flags & GTF_writing) out.push('GTF_writing')
  }
  return out
}

const find = (gds: readonly GrantDomain[], domid: number): GrantDomain | undefined =>
  gds.find((g) => g.domid === domid)
const replace = (gds: readonly GrantDomain[], g: GrantDomain): readonly GrantDomain[] =>
  gds.map((x) => (x.domid === g.domid ? g : x))

const EMPTY_ENTRY: GrantEntry = { flags: GTF_invalid, domid: 0, frame: 0 }

/** A ref Xen's bounds check rejects: ref >= nr_grant_entries() (or not a u32 at all). */
const outsideTable = (ref: number): boolean =>
  !Number.isInteger(ref) || ref < 0 || ref >= GRANT_ENTRIES_PER_FRAME

/**
 * The entry behind a ref inside the table. The shared frame starts zeroed, so an entry the
 * granter never filled reads as flags 0 (GTF_invalid), domid 0, frame 0.
 */
const entryAt = (g: GrantDomain, ref: number): GrantEntry => g.entries[ref] ?? EMPTY_ENTRY

function setEntry(g: GrantDomain, ref: number, e: GrantEntry): GrantDomain {
  const entries = [...g.entries]
  while (entries.length < ref) entries.push({ flags: GTF_invalid, domid: 0, frame: 0 })
  entries[ref] = e
  return { ...g, entries }
}

function freeRef(g: GrantDomain): number | null {
  for (let r = GNTTAB_NR_RESERVED_ENTRIES; r < GRANT_ENTRIES_PER_FRAME; r++) {
    const e = g.entries[r]
    if (!e || e.flags === GTF_invalid) return r
  }
  return null
}

/** Pins of (grantDom, ref) held by every domain's maptrack: Xen's active-entry counts. */
function pins(gds: readonly GrantDomain[], grantDom: number, ref: number): MapTrack[] {
  return gds.flatMap((g) =>
    g.maptrack.filter((m): m is MapTrack => m !== null && m.grantDom === grantDom && m.ref === ref),
  )
}

/**
 * The guest publishes an entry: domid, frame, write barrier, then flags with the type
 * (gnttab_grant_foreign_access). The lowest free ref at or above 8 is used.
 */
export function grantAccess(
  gds: readonly GrantDomain[],
  dom: number,
  remoteDom: number,
  frame: number,
  readonly: boolean,
): Result<GrantStep<number>, XenError> {
  const g = find(gds, dom)
  if (!g) return err({ code: 'no-such-domain', message: `there is no domain ${dom}` })
  if (!find(gds, remoteDom)) {
    return err({ code: 'no-such-domain', message: `there is no domain ${remoteDom}` })
  }
  const ref = freeRef(g)
  if (ref === null) return err({ code: 'grant', message: `domain ${dom}'s grant table is full` })
  const entry: GrantEntry = {
    flags: GTF_permit_access | (readonly ? GTF_readonly : 0),
    domid: remoteDom,
    frame,
  }
  return ok({
    domains: replace(gds, setEntry(g, ref, entry)),
    event: { kind: 'grant.access', dom, ref, entry, cite: 'xen-gnt-entry' },
    value: ref,
  })
}

/** gnttab_grant_foreign_transfer: offer to receive a page from `remoteDom`. */
export function grantTransfer(
  gds: readonly GrantDomain[],
  dom: number,
  remoteDom: number,
): Result<GrantStep<number>, XenError> {
  const g = find(gds, dom)
  if (!g) return err({ code: 'no-such-domain', message: `there is no domain ${dom}` })
  const ref = freeRef(g)
  if (ref === null) return err({ code: 'grant', message: `domain ${dom}'s grant table is full` })
  const entry: GrantEntry = { flags: GTF_accept_transfer, domid: remoteDom, frame: 0 }
  return ok({
    domains: replace(gds, setEntry(g, ref, entry)),
    event: { kind: 'grant.access', dom, ref, entry, cite: 'xen-gnt-entry' },
    value: ref,
  })
}

/** GNTTABOP_map_grant_ref: `dom` maps (grantDom, ref). Failures are GNTST statuses. */
export function mapGrant(
  gds: readonly GrantDomain[],
  dom: number,
  grantDom: number,
  ref: number,
  readonly: boolean,
): GrantStep<number | null> {
  const me = find(gds, dom)
  const rd = find(gds, grantDom)
  const fail = (statusName: GntstName, detail: string): GrantStep<number | null> => ({
    domains: gds,
    event: {
      kind: 'grant.map',
      dom,
      grantDom,
      ref,
      readonly,
      status: GNTST[statusName],
      statusName,
      handle: null,
      flags: rd && !outsideTable(ref) ? entryAt(rd, ref).flags : null,
      detail,
      cite: 'xen-gnt-map',
    },
    value: null,
  })
  if (!me || !rd) return fail('bad_domain', `there is no domain ${me ? grantDom : dom}`)
  // xen/common/grant_table.c map_grant_ref: "if ( unlikely(ref >= nr_grant_entries(rgt)) )
  // PIN_FAIL(unlock_out, GNTST_bad_gntref, ...)": only a ref beyond the table is bad_gntref.
  if (outsideTable(ref)) {
    return fail(
      'bad_gntref',
      `grant ref ${ref} is at or beyond the end of domain ${grantDom}'s table (${GRANT_ENTRIES_PER_FRAME} entries)`,
    )
  }
  const e = entryAt(rd, ref)
  // A ref inside the table goes to _set_status_v1: "if ( !act->pin && (((scombo.flags & mask)
  // != GTF_permit_access) || (scombo.domid != ldomid)) ) PIN_FAIL(done, GNTST_general_error"
  // (an unused entry has flags 0, so it fails here). A pinned entry keeps its checked type and
  // domid (the active entry's domid is compared instead); the model's entry cannot change
  // while pinned, so checking the entry again gives the same answer.
  if ((e.flags & GTF_type_mask) !== GTF_permit_access || e.domid !== dom) {
    return fail(
      'general_error',
      `entry ${ref} of domain ${grantDom} does not permit access to domain ${dom} (flags ${hexFlags(e.flags)}, domid ${e.domid})`,
    )
  }
  if (!readonly && e.flags & GTF_readonly) {
    return fail('general_error', `entry ${ref} is GTF_readonly: map it with GNTMAP_readonly`)
  }
  const flags = e.flags | GTF_reading | (readonly ? 0 : GTF_writing)
  const handle = me.maptrack.findIndex((m) => m === null)
  const h = handle >= 0 ? handle : me.maptrack.length
  const maptrack = [...me.maptrack]
  maptrack[h] = { grantDom, ref, readonly }
  let next = replace(gds, { ...me, maptrack })
  const rd2 = find(next, grantDom) ?? rd
  next = replace(next, setEntry(rd2, ref, { ...e, flags }))
  return {
    domains: next,
    event: {
      kind: 'grant.map',
      dom,
      grantDom,
      ref,
      readonly,
      status: GNTST.okay,
      statusName: 'okay',
      handle: h,
      flags,
      detail: '',
      cite: 'xen-gnt-map',
    },
    value: h,
  }
}

const hexFlags = (f: number): string => '0x' + f.toString(16)

/**
 * GNTTABOP_unmap_grant_ref: drop the pin; GTF_writing / GTF_reading clear with the last one.
 * A handle beyond the maptrack table or one already unmapped is GNTST_bad_handle
 * (xen/common/grant_table.c unmap_common: "op->handle >= lgt->maptrack_limit" and "Zero flags
 * for d%d handle").
 */
export function unmapGrant(
  gds: readonly GrantDomain[],
  dom: number,
  handle: number,
): GrantStep<boolean> {
  const me = find(gds, dom)
  const m = me?.maptrack[handle]
  if (!me || !m) {
    return {
      domains: gds,
      event: {
        kind: 'grant.unmap',
        dom,
        handle,
        grantDom: null,
        ref: null,
        status: GNTST.bad_handle,
        statusName: 'bad_handle',
        flags: null,
        cite: 'xen-gnt-unmap',
      },
      value: false,
    }
  }
  const maptrack = [...me.maptrack]
  maptrack[handle] = null
  let next = replace(gds, { ...me, maptrack })
  const left = pins(next, m.grantDom, m.ref)
  const rd = find(next, m.grantDom)
  let flags: number | null = null
  const e = rd?.entries[m.ref]
  if (rd && e) {
    flags = e.flags & ~(GTF_reading | GTF_writing)
    if (left.length > 0) flags |= GTF_reading
    if (left.some((x) => !x.readonly)) flags |= GTF_writing
    next = replace(next, setEntry(rd, m.ref, { ...e, flags }))
  }
  return {
    domains: next,
    event: {
      kind: 'grant.unmap',
      dom,
      handle,
      grantDom: m.grantDom,
      ref: m.ref,
      status: GNTST.okay,
      statusName: 'okay',
      flags,
      cite: 'xen-gnt-unmap',
    },
    value: true,
  }
}

type CopyFail = { ok: false; name: GntstName; detail: string }

/**
 * gnttab_copy_lock_domain (xen/common/grant_table.c): "Only DOMID_SELF may reference via
 * frame": a frame pointer naming another domain is GNTST_permission_denied, checked before the
 * domain lookup (GNTST_bad_domain). The model writes the caller's own id for DOMID_SELF.
 */
function lockCopyDomain(gds: readonly GrantDomain[], caller: number, p: CopyPtr): CopyFail | null {
  if (p.kind === 'gmfn' && p.dom !== caller) {
    return {
      ok: false,
      name: 'permission_denied',
      detail: 'copy by frame number is only allowed for the calling domain (DOMID_SELF)',
    }
  }
  return find(gds, p.dom)
    ? null
    : { ok: false, name: 'bad_domain', detail: `there is no domain ${p.dom}` }
}

/** gnttab_copy_claim_buf: one side of a copy to (domain, frame), checking the grant. */
function claimCopyBuf(
  gds: readonly GrantDomain[],
  caller: number,
  p: CopyPtr,
  writing: boolean,
): { ok: true; dom: number; frame: number } | CopyFail {
  const g = find(gds, p.dom)
  if (!g) return { ok: false, name: 'bad_domain', detail: `there is no domain ${p.dom}` }
  if (p.kind === 'gmfn') return { ok: true, dom: p.dom, frame: p.frame }
  // acquire_grant_for_copy: "if ( unlikely(gref >= nr_grant_entries(rgt)) ) PIN_FAIL(
  // gt_unlock_out, GNTST_bad_gntref, ...)"; a ref inside the table that is not permit_access
  // for the caller fails in _set_status with GNTST_general_error, as for map.
  if (outsideTable(p.ref)) {
    return {
      ok: false,
      name: 'bad_gntref',
      detail: `grant ref ${p.ref} is at or beyond the end of domain ${p.dom}'s table (${GRANT_ENTRIES_PER_FRAME} entries)`,
    }
  }
  const e = entryAt(g, p.ref)
  if ((e.flags & GTF_type_mask) !== GTF_permit_access || e.domid !== caller) {
    return {
      ok: false,
      name: 'general_error',
      detail: `entry ${p.ref} of domain ${p.dom} does not permit access to domain ${caller}`,
    }
  }
  if (writing && e.flags & GTF_readonly) {
    return {
      ok: false,
      name: 'general_error',
      detail: `entry ${p.ref} is GTF_readonly: it cannot be a copy destination`,
    }
  }
  return { ok: true, dom: p.dom, frame: e.frame }
}

/**
 * GNTTABOP_copy: the hypervisor copies between the two frames. Xen pins the grants only
 * for the duration of the copy, so the entries' flags are unchanged afterwards. The checks
 * run in gnttab_copy_one's order: both domains (lock), the source, the destination (claim),
 * then gnttab_copy_buf's "copy beyond page area" (GNTST_bad_copy_arg).
 */
export function copyGrant(
  gds: readonly GrantDomain[],
  dom: number,
  source: CopyPtr,
  dest: CopyPtr,
  len: number,
): GrantStep<boolean> {
  const ev = (name: GntstName, detail: string): GrantEvent => ({
    kind: 'grant.copy',
    dom,
    source,
    dest,
    len,
    status: GNTST[name],
    statusName: name,
    detail,
    cite: 'xen-gnt-copy',
  })
  const refuse = (f: CopyFail): GrantStep<boolean> => ({
    domains: gds,
    event: ev(f.name, f.detail),
    value: false,
  })
  const locked = lockCopyDomain(gds, dom, source) ?? lockCopyDomain(gds, dom, dest)
  if (locked) return refuse(locked)
  const s = claimCopyBuf(gds, dom, source, false)
  if (!s.ok) return refuse(s)
  const d = claimCopyBuf(gds, dom, dest, true)
  if (!d.ok) return refuse(d)
  for (const p of [source, dest]) {
    if (p.offset < 0 || len < 0 || p.offset + len > 4096) {
      return refuse({
        ok: false,
        name: 'bad_copy_arg',
        detail: `offset ${p.offset} + len ${len} crosses the 4 KiB page`,
      })
    }
  }
  const content = find(gds, s.dom)?.pages.get(s.frame) ?? '(zeros)'
  const dd = find(gds, d.dom)
  if (!dd) return { domains: gds, event: ev('bad_domain', ''), value: false }
  const pages = new Map(dd.pages)
  pages.set(d.frame, content)
  return { domains: replace(gds, { ...dd, pages }), event: ev('okay', ''), value: true }
}

/**
 * GNTTABOP_transfer: `dom` gives away its frame; the target must have an accept_transfer
 * entry naming `dom`. Xen records the frame and sets committed, then completed.
 */
export function transferGrant(
  gds: readonly GrantDomain[],
  dom: number,
  frame: number,
  targetDom: number,
  ref: number,
): GrantStep<boolean> {
  const ev = (
    name: GntstName,
    flags: number | null,
    received: number | null = null,
  ): GrantEvent => ({
    kind: 'grant.transfer',
    dom,
    frame,
    targetDom,
    ref,
    received,
    status: GNTST[name],
    statusName: name,
    flags,
    cite: 'xen-gnt-transfer',
  })
  const me = find(gds, dom)
  const t = find(gds, targetDom)
  if (!me || !t) return { domains: gds, event: ev('bad_domain', null), value: false }
  // gnttab_transfer -> gnttab_prepare_for_transfer: a ref beyond the table and an entry that
  // is not exactly GTF_accept_transfer for this domain both fail, and gnttab_transfer then
  // reports GNTST_general_error (xen/common/grant_table.c); there is no bad_gntref here.
  const e = t.entries[ref]
  if (
    !e ||
    (e.flags & GTF_type_mask) !== GTF_accept_transfer ||
    e.domid !== dom ||
    e.flags & GTF_transfer_committed
  ) {
    return { domains: gds, event: ev('general_error', e?.flags ?? null), value: false }
  }
  const content = me.pages.get(frame) ?? '(zeros)'
  const myPages = new Map(me.pages)
  myPages.delete(frame)
  let next = replace(gds, { ...me, pages: myPages })
  const t2 = find(next, targetDom) ?? t
  // The page becomes a frame of the target; Xen writes its number into the entry.
  let received = 0x100
  while (t2.pages.has(received)) received++
  const tPages = new Map(t2.pages)
  tPages.set(received, content)
  const flags = e.flags | GTF_transfer_committed | GTF_transfer_completed
  next = replace(next, setEntry({ ...t2, pages: tPages }, ref, { ...e, frame: received, flags }))
  return { domains: next, event: ev('okay', flags, received), value: true }
}

/**
 * The granting guest revokes an entry. A permit_access entry can end only while Xen has
 * neither GTF_reading nor GTF_writing set, i.e. while nobody maps it. A transfer entry
 * returns the frame received (or nothing if no transfer was committed).
 */
export function endAccess(
  gds: readonly GrantDomain[],
  dom: number,
  ref: number,
): Result<GrantStep<boolean>, XenError> {
  const g = find(gds, dom)
  if (!g) return err({ code: 'no-such-domain', message: `there is no domain ${dom}` })
  const e = g.entries[ref]
  if (!e || ref < GNTTAB_NR_RESERVED_ENTRIES || (e.flags & GTF_type_mask) === GTF_invalid) {
    return err({ code: 'grant', message: `domain ${dom} has no grant ${ref} to end` })
  }
  const empty: GrantEntry = { flags: GTF_invalid, domid: 0, frame: 0 }
  if ((e.flags & GTF_type_mask) === GTF_accept_transfer) {
    const done = (e.flags & GTF_transfer_completed) !== 0
    return ok({
      domains: replace(gds, setEntry(g, ref, empty)),
      event: {
        kind: 'grant.end',
        dom,
        ref,
        ended: true,
        flags: e.flags,
        frame: done ? e.frame : null,
        before: e,
        cite: 'xen-gnt-transfer',
      },
      value: true,
    })
  }
  const busy = (e.flags & (GTF_reading | GTF_writing)) !== 0
  return ok({
    domains: busy ? gds : replace(gds, setEntry(g, ref, empty)),
    event: {
      kind: 'grant.end',
      dom,
      ref,
      ended: !busy,
      flags: e.flags,
      frame: null,
      before: e,
      cite: 'xen-gnt-end',
    },
    value: !busy,
  })
}

/** A guest writes its own frame (the model's stand-in for data in memory). */
export function writePage(
  gds: readonly GrantDomain[],
  dom: number,
  frame: number,
  content: string,
): readonly GrantDomain[] {
  const g = find(gds, dom)
  if (!g) return gds
  const pages = new Map(g.pages)
  pages.set(frame, content)
  return replace(gds, { ...g, pages })
}

/** What a domain's frame holds; mappings read through to the granting domain's frame. */
export function readPage(gds: readonly GrantDomain[], dom: number, frame: number): string | null {
  return find(gds, dom)?.pages.get(frame) ?? null
}

export function grantEntry(
  gds: readonly GrantDomain[],
  dom: number,
  ref: number,
): GrantEntry | null {
  return find(gds, dom)?.entries[ref] ?? null
}

/** The (domain, frame) a mapping handle points at, or null for a bad handle. */
export function mappedFrame(
  gds: readonly GrantDomain[],
  dom: number,
  handle: number,
): { readonly dom: number; readonly frame: number; readonly readonly: boolean } | null {
  const m = find(gds, dom)?.maptrack[handle]
  if (!m) return null
  const e = find(gds, m.grantDom)?.entries[m.ref]
  return e ? { dom: m.grantDom, frame: e.frame, readonly: m.readonly } : null
}
