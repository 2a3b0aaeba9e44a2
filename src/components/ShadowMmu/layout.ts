// View model of the ShadowMmu panel, computed from one frame: the guest's table entries, the
// P2M entries and the shadow entries for one address side by side, the entry being synced,
// the counters, and which kind of page fault the step belongs to. Pure (no React).
import {
  type EngineEvent,
  type Machine,
  PTE_P,
  type ShadowCounters,
  composeEntry,
  decodeCtx,
  decodeEntry,
  levelIndex,
  p2mLookup,
  readPhys,
  rootBase,
  SHADOW_GEOMETRY,
  totalExits,
} from '../../engine/index.ts'

export interface EntryView {
  readonly addr: bigint
  readonly raw: bigint
  readonly present: boolean
  readonly flags: readonly { readonly name: string; readonly on: boolean }[]
  /** Next table or page frame (guest-physical for guest entries, host-physical for shadow). */
  readonly next: bigint
}

export interface P2mView {
  readonly gpa: bigint
  readonly hpa: bigint | null
  readonly perms: string
}

/** The shadow entry against what the VMM would build from the guest entry and the P2M now. */
export type SyncState = 'in-sync' | 'absent' | 'stale' | 'nothing'

export interface PathRow {
  readonly level: number
  readonly name: string
  readonly guest: EntryView | null
  readonly p2m: P2mView | null
  readonly shadow: EntryView | null
  readonly state: SyncState
  /** The shadow entry is read-only although the guest allows writes: why. */
  readonly readOnlyWhy: 'clean' | 'pt-page' | 'p2m' | null
  readonly current: boolean
}

export interface SyncView {
  readonly action: 'fill' | 'update' | 'drop'
  readonly cause: string
  readonly name: string
  readonly level: number
  readonly guestGpa: bigint
  readonly guestRaw: bigint
  readonly p2m: { readonly gpa: bigint; readonly hpa: bigint; readonly perms: string } | null
  readonly shadowAddr: bigint
  readonly old: bigint
  readonly raw: bigint
  readonly writable: boolean | null
}

/** Which side of the guest/hypervisor divide the current step is on. */
export type Induced = 'guest' | 'hypervisor' | 'pending' | null

export interface ShadowLayout {
  readonly active: boolean
  readonly mmu: string
  readonly va: bigint | null
  readonly guestCr3: bigint | null
  readonly shadowRoot: bigint | null
  readonly rows: readonly PathRow[]
  readonly sync: SyncView | null
  readonly counters: ShadowCounters
  readonly totalExits: number
  readonly pages: number
  readonly roots: readonly {
    readonly gcr3: bigint
    readonly hpa: bigint
    readonly active: boolean
  }[]
  readonly induced: Induced
  /** The exit this step shows, if it is one. */
  readonly exit: { readonly reason: number; readonly name: string } | null
  readonly fault: { readonly errorCode: number; readonly cr2: bigint } | null
}

const FLAG_BITS: readonly [string, bigint][] = [
  ['P', 1n],
  ['RW', 2n],
  ['US', 4n],
  ['A', 0x20n],
  ['D', 0x40n],
  ['XD', 1n << 63n],
]
const ADDR = ((1n << 52n) - 1n) & ~0xfffn

function entryView(addr: bigint, raw: bigint): EntryView {
  return {
    addr,
    raw,
    present: (raw & PTE_P) !== 0n,
    flags: FLAG_BITS.map(([name, m]) => ({ name, on: (raw & m) !== 0n })),
    next: raw & ADDR,
  }
}

const perms = (e: { read: boolean; write: boolean; execute: boolean }): string =>
  (e.read ? 'r' : '-') + (e.write ? 'w' : '-') + (e.execute ? 'x' : '-')

/** The address a step is about, or null. */
export function focusVa(e: EngineEvent): bigint | null {
  switch (e.kind) {
    case 'shadow.access':
    case 'shadow.ref':
    case 'shadow.resume':
    case 'paging.map':
    case 'paging.tlb.hit':
    case 'paging.tlb.miss':
      return e.va
    case 'shadow.exit':
    case 'shadow.sync':
      return e.va
    case 'shadow.inject':
      return e.cr2
    default:
      return null
  }
}

function inducedOf(e: EngineEvent): Induced {
  switch (e.kind) {
    case 'shadow.inject':
      return 'guest'
    case 'shadow.access':
      return e.induced === 'none' ? null : e.induced
    case 'shadow.exit':
      return e.cause === 'shadow-pf' ? 'pending' : e.cause === 'pt-write' ? 'hypervisor' : null
    case 'shadow.ref':
      return e.who === 'vmm' ? 'pending' : null
    case 'shadow.guest-ad':
    case 'shadow.resume':
    case 'shadow.pt-write':
    case 'shadow.alloc':
      return 'hypervisor'
    case 'shadow.sync':
      return e.cause === 'fault' || e.cause === 'pt-write' ? 'hypervisor' : null
    default:
      return null
  }
}

export function layoutShadow(m: Machine, e: EngineEvent, va: bigint | null): ShadowLayout {
  const sh = m.virt.shadow
  const active = m.virt.mmu === 'shadow'
  const paging = m.paging
  const rows: PathRow[] = []
  const syncLevel = e.kind === 'shadow.sync' && e.va !== null && e.va === va ? e.level : null
  const refLevel = e.kind === 'shadow.ref' && e.va === va ? e.level : null
  if (active && va !== null && paging.cr3 !== null) {
    const ctx = decodeCtx(paging)
    let gTable: bigint | null = rootBase(SHADOW_GEOMETRY, paging.cr3, paging.maxPhyAddr)
    let sTable: bigint | null = sh.root
    for (const spec of SHADOW_GEOMETRY.levels) {
      const idx = levelIndex(spec, va) * 8n
      const graw: bigint | null = gTable === null ? null : readPhys(paging.mem, gTable + idx, 8)
      const guest: EntryView | null =
        gTable === null || graw === null ? null : entryView(gTable + idx, graw)
      const sraw: bigint | null = sTable === null ? null : readPhys(m.virt.host, sTable + idx, 8)
      const shadow: EntryView | null =
        sTable === null || sraw === null ? null : entryView(sTable + idx, sraw)
      let p2m: P2mView | null = null
      let readOnlyWhy: PathRow['readOnlyWhy'] = null
      const composed = graw === null ? null : composeEntry(paging, m.virt, sh, spec.level, graw)
      if (guest?.present && graw !== null) {
        const gAddr = decodeEntry(ctx, spec, graw).addr
        const pe = p2mLookup(m.virt, gAddr)
        p2m = { gpa: gAddr, hpa: pe ? pe.hpa : null, perms: pe ? perms(pe) : '---' }
        const r = composed?.rights
        if (spec.level === 1 && r && r.guestRw && !r.writable)
          readOnlyWhy = r.ptPage ? 'pt-page' : !r.guestDirty ? 'clean' : 'p2m'
      }
      const state: SyncState = !shadow?.present
        ? composed
          ? 'absent'
          : 'nothing'
        : composed && composed.raw === sraw
          ? 'in-sync'
          : 'stale'
      rows.push({
        level: spec.level,
        name: spec.name,
        guest,
        p2m,
        shadow,
        state,
        readOnlyWhy,
        current: spec.level === (syncLevel ?? refLevel),
      })
      gTable = guest?.present ? guest.next : null
      sTable = shadow?.present ? shadow.next : null
    }
  }
  let sync: SyncView | null = null
  if (e.kind === 'shadow.sync')
    sync = {
      action: e.action,
      cause: e.cause,
      name: e.name,
      level: e.level,
      guestGpa: e.guest.gpa,
      guestRaw: e.guest.raw,
      p2m: e.p2m
        ? { gpa: e.p2m.gpa, hpa: e.p2m.hpa, perms: perms({ read: true, ...e.p2m }) }
        : null,
      shadowAddr: e.shadow.addr,
      old: e.shadow.old,
      raw: e.shadow.raw,
      writable: e.rights ? e.rights.writable : null,
    }
  const roots = sh.pages
    .filter((p) => p.level === 4)
    .map((p) => ({ gcr3: p.gfn, hpa: p.hpa, active: p.hpa === sh.root }))
  const exit =
    e.kind === 'shadow.exit'
      ? { reason: e.exit.reason, name: e.exit.name }
      : e.kind === 'shadow.access' && e.exit
        ? { reason: e.exit.reason, name: e.exit.name }
        : null
  const fault =
    e.kind === 'shadow.inject'
      ? { errorCode: e.errorCode, cr2: e.cr2 }
      : e.kind === 'shadow.access' && e.fault?.vector === 14
        ? { errorCode: e.fault.errorCode, cr2: e.fault.cr2 }
        : null
  return {
    active,
    mmu: m.virt.mmu,
    va,
    guestCr3: paging.cr3,
    shadowRoot: sh.root,
    rows,
    sync,
    counters: sh.counters,
    totalExits: totalExits(sh.counters),
    pages: sh.pages.length,
    roots,
    induced: inducedOf(e),
    exit,
    fault,
  }
}
