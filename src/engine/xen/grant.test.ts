import { describe, expect, it } from 'vitest'
import {
  GNTST,
  GTF_accept_transfer,
  GTF_permit_access,
  GTF_readonly,
  GTF_reading,
  GTF_transfer_committed,
  GTF_transfer_completed,
  GTF_writing,
  GRANT_ENTRIES_PER_FRAME,
  type GrantDomain,
  copyGrant,
  endAccess,
  grantAccess,
  grantEntry,
  grantTransfer,
  mapGrant,
  newGrantDomain,
  readPage,
  transferGrant,
  unmapGrant,
  writePage,
} from './grant.ts'

const world = (): readonly GrantDomain[] => [newGrantDomain(0), newGrantDomain(1)]
function must<T>(r: { ok: true; value: T } | { ok: false; error: { message: string } }): T {
  if (!r.ok) throw new Error(r.error.message)
  return r.value
}

describe('grant flags (hw-facts §5.4)', () => {
  it('bit positions', () => {
    expect([GTF_permit_access, GTF_accept_transfer]).toEqual([1, 2])
    expect([GTF_readonly, GTF_reading, GTF_writing]).toEqual([4, 8, 16])
    expect([GTF_transfer_committed, GTF_transfer_completed]).toEqual([4, 8])
    expect(GNTST.bad_gntref).toBe(-3)
    expect(GNTST.bad_copy_arg).toBe(-10)
  })
  it('the first grant is ref 8 (0..7 reserved) with permit_access, domid and frame', () => {
    const g = must(grantAccess(world(), 1, 0, 0x123, false))
    expect(g.value).toBe(8)
    expect(grantEntry(g.domains, 1, 8)).toEqual({ flags: 1, domid: 0, frame: 0x123 })
    const ro = must(grantAccess(g.domains, 1, 0, 0x124, true))
    expect(ro.value).toBe(9)
    expect(grantEntry(ro.domains, 1, 9)?.flags).toBe(GTF_permit_access | GTF_readonly)
  })
})

describe('map and unmap', () => {
  it('map sets GTF_reading|GTF_writing; end-access fails while mapped and works after unmap', () => {
    const g = must(grantAccess(world(), 1, 0, 0x200, false))
    const m = mapGrant(g.domains, 0, 1, 8, false)
    expect(m.event).toMatchObject({ status: 0, handle: 0 })
    expect(grantEntry(m.domains, 1, 8)?.flags).toBe(1 | GTF_reading | GTF_writing)
    const busy = must(endAccess(m.domains, 1, 8))
    expect(busy.value).toBe(false)
    const u = unmapGrant(m.domains, 0, 0)
    expect(grantEntry(u.domains, 1, 8)?.flags).toBe(1)
    const done = must(endAccess(u.domains, 1, 8))
    expect(done.value).toBe(true)
    expect(grantEntry(done.domains, 1, 8)?.flags).toBe(0)
  })
  it('read-only map sets only GTF_reading; a read-only grant refuses a writable map', () => {
    const g = must(grantAccess(world(), 1, 0, 0x200, true))
    expect(mapGrant(g.domains, 0, 1, 8, false).event).toMatchObject({
      status: GNTST.general_error,
      handle: null,
    })
    const m = mapGrant(g.domains, 0, 1, 8, true)
    expect(grantEntry(m.domains, 1, 8)?.flags).toBe(1 | GTF_readonly | GTF_reading)
  })
  it('only the named domain may map; bad refs and handles give their GNTST codes', () => {
    const g = must(grantAccess([...world(), newGrantDomain(2)], 1, 0, 0x200, false))
    expect(mapGrant(g.domains, 2, 1, 8, false).event).toMatchObject({ status: -1 })
    expect(mapGrant(g.domains, 0, 1, 9999, false).event).toMatchObject({ status: -3 })
    expect(mapGrant(g.domains, 0, 7, 8, false).event).toMatchObject({ status: -2 })
    expect(unmapGrant(g.domains, 0, 5).event).toMatchObject({ status: -4 })
  })
  it('two mappings: GTF_writing stays while a writable one remains', () => {
    const g = must(grantAccess(world(), 1, 0, 0x200, false))
    const m1 = mapGrant(g.domains, 0, 1, 8, true)
    const m2 = mapGrant(m1.domains, 0, 1, 8, false)
    const u = unmapGrant(m2.domains, 0, 0)
    expect(grantEntry(u.domains, 1, 8)?.flags).toBe(1 | GTF_reading | GTF_writing)
    const u2 = unmapGrant(u.domains, 0, 1)
    expect(grantEntry(u2.domains, 1, 8)?.flags).toBe(1)
  })
})

describe('copy and transfer', () => {
  it('copy moves the page contents; flags are unchanged afterwards', () => {
    let ds = writePage(world(), 1, 0x200, 'hello')
    ds = must(grantAccess(ds, 1, 0, 0x200, true)).domains
    const c = copyGrant(
      ds,
      0,
      { kind: 'gref', dom: 1, ref: 8, offset: 0 },
      { kind: 'gmfn', dom: 0, frame: 0x300, offset: 0 },
      100,
    )
    expect(c.event).toMatchObject({ status: 0 })
    expect(readPage(c.domains, 0, 0x300)).toBe('hello')
    expect(grantEntry(c.domains, 1, 8)?.flags).toBe(1 | GTF_readonly)
  })
  it('copy rules: no page crossing, no writing a read-only grant, gmfn only for oneself', () => {
    const ds = must(grantAccess(world(), 1, 0, 0x200, true)).domains
    const gref = { kind: 'gref', dom: 1, ref: 8, offset: 4000 } as const
    const mine = { kind: 'gmfn', dom: 0, frame: 0x300, offset: 0 } as const
    expect(copyGrant(ds, 0, gref, mine, 200).event).toMatchObject({ status: GNTST.bad_copy_arg })
    expect(copyGrant(ds, 0, mine, { ...gref, offset: 0 }, 10).event).toMatchObject({
      status: GNTST.general_error,
    })
    expect(
      copyGrant(ds, 0, { kind: 'gmfn', dom: 1, frame: 0x200, offset: 0 }, mine, 10).event,
    ).toMatchObject({ status: GNTST.permission_denied })
  })
  it('transfer needs accept_transfer naming the giver; sets committed and completed', () => {
    let ds = writePage(world(), 0, 0x500, 'packet')
    const t = must(grantTransfer(ds, 1, 0))
    ds = t.domains
    const x = transferGrant(ds, 0, 0x500, 1, t.value)
    expect(x.event).toMatchObject({ status: 0 })
    const e = grantEntry(x.domains, 1, t.value)
    expect(e?.flags).toBe(GTF_accept_transfer | GTF_transfer_committed | GTF_transfer_completed)
    expect(readPage(x.domains, 1, e?.frame ?? -1)).toBe('packet')
    expect(readPage(x.domains, 0, 0x500)).toBeNull()
    const end = must(endAccess(x.domains, 1, t.value))
    expect(end.event).toMatchObject({ ended: true, frame: e?.frame })
  })
})

// xen/common/grant_table.c: map_grant_ref and acquire_grant_for_copy return GNTST_bad_gntref
// only for ref >= nr_grant_entries() (512 for the one v1 frame a table starts with); a ref
// inside the table whose entry the granter never filled fails in _set_status_v1 with
// GNTST_general_error.
describe('unused entries inside the table vs refs beyond it', () => {
  const granted = (): readonly GrantDomain[] =>
    must(grantAccess(world(), 1, 0, 0x200, false)).domains
  it('the table is one 4 KiB frame of 8-byte v1 entries: 512 refs', () => {
    expect(GRANT_ENTRIES_PER_FRAME).toBe(512)
  })
  it('map of a never-filled ref inside the table is GNTST_general_error (-1), flags 0', () => {
    for (const ref of [9, 100, 511]) {
      expect(mapGrant(granted(), 0, 1, ref, false).event).toMatchObject({
        status: GNTST.general_error,
        statusName: 'general_error',
        handle: null,
        flags: 0,
      })
    }
  })
  it('map of a reserved ref (0..7) the granter never filled is GNTST_general_error too', () => {
    expect(mapGrant(granted(), 0, 1, 1, true).event).toMatchObject({
      status: GNTST.general_error,
    })
  })
  it('map of ref 512 and beyond is GNTST_bad_gntref (-3), with no entry flags', () => {
    for (const ref of [512, 9999]) {
      expect(mapGrant(granted(), 0, 1, ref, false).event).toMatchObject({
        status: GNTST.bad_gntref,
        statusName: 'bad_gntref',
        flags: null,
      })
    }
  })
  it('copy from an unused ref is general_error; from ref 512 bad_gntref', () => {
    const dst = { kind: 'gmfn', dom: 0, frame: 0x300, offset: 0 } as const
    const src = (ref: number) => ({ kind: 'gref', dom: 1, ref, offset: 0 }) as const
    expect(copyGrant(granted(), 0, src(100), dst, 10).event).toMatchObject({
      status: GNTST.general_error,
    })
    expect(copyGrant(granted(), 0, src(512), dst, 10).event).toMatchObject({
      status: GNTST.bad_gntref,
    })
  })
})

// gnttab_copy_one: lock both domains (frame pointers only for DOMID_SELF, else
// permission_denied; then bad_domain), claim source then destination (grant checks), and only
// then gnttab_copy_buf checks "copy beyond page area" (bad_copy_arg).
describe('GNTTABOP_copy checks in Xen order', () => {
  const ds = (): readonly GrantDomain[] => must(grantAccess(world(), 1, 0, 0x200, true)).domains
  const mine = { kind: 'gmfn', dom: 0, frame: 0x300, offset: 0 } as const
  it('a bad source ref is reported before a page crossing', () => {
    const src = { kind: 'gref', dom: 1, ref: 600, offset: 4000 } as const
    expect(copyGrant(ds(), 0, src, mine, 200).event).toMatchObject({
      status: GNTST.bad_gntref,
    })
  })
  it('a frame of another domain is permission_denied even if that domain does not exist', () => {
    const other = { kind: 'gmfn', dom: 9, frame: 0x1, offset: 0 } as const
    expect(copyGrant(ds(), 0, other, mine, 10).event).toMatchObject({
      status: GNTST.permission_denied,
    })
  })
  it('the destination domain is looked up before the source grant is checked', () => {
    const src = { kind: 'gref', dom: 1, ref: 600, offset: 0 } as const
    const nowhere = { kind: 'gref', dom: 9, ref: 8, offset: 0 } as const
    expect(copyGrant(ds(), 0, src, nowhere, 10).event).toMatchObject({
      status: GNTST.bad_domain,
    })
  })
})
