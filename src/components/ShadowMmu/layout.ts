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
  supervisorWriteEntry,
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

/** The part of the panel a step is about (the stage scrolls to it; see useStageFocus). */
export type ShadowFocus =
  /** A row of the path table: the entry referenced or synced, a guest entry written. */
  | { readonly kind: 'row'; readonly level: number }
  /** This step's VM exit or fault. */
  | { readonly kind: 'now' }
  /** The sync card (an entry synced off the path shown). */
  | { readonly kind: 'sync' }
  /** The fault-kind lane this step belongs to, or the note that it is not known yet. */
  | { readonly kind: 'lane' }
  /** One counter. */
  | { readonly kind: 'counter'; readonly key: 'exits' | 'pages' }
  /** The shadow roots (a CR3 switch). */
  | { readonly kind: 'roots' }
  /** The guest and shadow CR3 in the caption. */
  | { readonly kind: 'cr3' }
  /** The step note (StepNote). */
  | { readonly kind: 'note' }
  /** The P2M run a `host map` made. */
  | { readonly kind: 'p2m' }

/** A run of contiguous P2M frames (one `host map` of 2 MiB is 512 frames). */
export interface P2mRange {
  readonly gpa: bigint
  readonly hpa: bigint
  readonly bytes: bigint
  readonly perms: string
  /** This step's `host map` made (part of) it. */
  readonly newest: boolean
}

/**
 * What a step does that the path table cannot show (no address yet, or off the path): the
 * guest's own table writes and allocations (ordinary stores, no exit), a TLB flush or miss,
 * the VMM allocating a shadow page or switching roots, the command's cost.
 */
export type StepNote =
  | { readonly kind: 'alloc'; readonly name: string; readonly gpa: bigint }
  | { readonly kind: 'write'; readonly name: string; readonly addr: bigint; readonly raw: bigint }
  | { readonly kind: 'map'; readonly va: bigint; readonly pa: bigint }
  | { readonly kind: 'flush'; readonly reason: string; readonly removed: number }
  | { readonly kind: 'miss'; readonly va: bigint }
  | {
      readonly kind: 'shadow-alloc'
      readonly name: string
      readonly gfn: bigint
      readonly hpa: bigint
      readonly pages: number
    }
  | { readonly kind: 'root'; readonly gcr3: bigint; readonly hpa: bigint; readonly reused: boolean }
  | { readonly kind: 'cost'; readonly exits: number; readonly hiddenFaults: number }
  /** The guest changed a control bit (CR0.WP, EFER.NXE, SMEP, SMAP, ...). */
  | { readonly kind: 'control'; readonly bit: string; readonly on: boolean }
  /** Every shadow page discarded: the bit is part of their role (hw-facts §8). */
  | { readonly kind: 'zap'; readonly why: string; readonly pages: number }
  | {
      readonly kind: 'done'
      readonly va: bigint
      readonly pa: bigint
      readonly tlb: 'hit' | 'miss' | null
      readonly exits: number
    }

/** P2M runs drawn at most (a hostile script could map thousands of scattered frames). */
export const P2M_ROWS = 8

export interface ShadowLayout {
  readonly focus: ShadowFocus | null
  readonly p2m: readonly P2mRange[]
  readonly p2mMore: number
  readonly note: StepNote | null
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

// The P2M changes only on `host map`: its runs are computed once per map.
const runsCache = new WeakMap<Machine['virt']['p2m'], Omit<P2mRange, 'newest'>[]>()

function p2mRuns(p2m: Machine['virt']['p2m']): Omit<P2mRange, 'newest'>[] {
  const hit = runsCache.get(p2m)
  if (hit) return hit
  const frames = [...p2m.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
  const runs: Omit<P2mRange, 'newest'>[] = []
  for (const [gfn, pe] of frames) {
    const g = gfn << 12n
    const last = runs.at(-1)
    const p = perms(pe)
    if (last && last.gpa + last.bytes === g && last.hpa + last.bytes === pe.hpa && last.perms === p)
      runs[runs.length - 1] = { ...last, bytes: last.bytes + 0x1000n }
    else runs.push({ gpa: g, hpa: pe.hpa, bytes: 0x1000n, perms: p })
  }
  runsCache.set(p2m, runs)
  return runs
}

function noteOf(e: EngineEvent): StepNote | null {
  switch (e.kind) {
    case 'paging.alloc':
      return { kind: 'alloc', name: e.name, gpa: e.frame }
    case 'paging.entry.write':
      return { kind: 'write', name: e.name, addr: e.addr, raw: e.raw }
    case 'paging.map':
      return { kind: 'map', va: e.va, pa: e.pa }
    case 'paging.tlb.flush':
      return { kind: 'flush', reason: e.reason, removed: e.removed.length }
    case 'paging.tlb.miss':
      return { kind: 'miss', va: e.va }
    case 'shadow.alloc':
      return { kind: 'shadow-alloc', name: e.name, gfn: e.gfn, hpa: e.hpa, pages: e.pages }
    case 'shadow.root':
      return { kind: 'root', gcr3: e.gcr3, hpa: e.hpa, reused: e.reused }
    case 'shadow.cost':
      return { kind: 'cost', exits: e.exits, hiddenFaults: e.hiddenFaults }
    case 'paging.control':
      return { kind: 'control', bit: e.bit.toUpperCase(), on: e.on }
    case 'shadow.zap':
      return {
        kind: 'zap',
        why: e.why === 'paging-mode' ? e.why : e.why.toUpperCase(),
        pages: e.pages,
      }
    // An access that ended without an exit or a fault: its outcome (the others show in Now).
    case 'shadow.access':
      return e.result === 'ok' && e.pa !== null && e.exit === null && e.fault === null
        ? { kind: 'done', va: e.va, pa: e.pa, tlb: e.tlb, exits: 0 }
        : null
    default:
      return null
  }
}

/**
 * `later`: the events of this step's command after it. The frame holds the machine after the
 * whole command, so the shadow pages it allocates later are not counted yet.
 */
export function layoutShadow(
  m: Machine,
  e: EngineEvent,
  va: bigint | null,
  later: readonly EngineEvent[] = [],
): ShadowLayout {
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
      // With guest CR0.WP=0 KVM's second encoding (writable, supervisor-only) is in sync too.
      const state: SyncState = !shadow?.present
        ? composed
          ? 'absent'
          : 'nothing'
        : composed &&
            (composed.raw === sraw || supervisorWriteEntry(paging, spec.level, composed) === sraw)
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
  const induced = inducedOf(e)
  const row = (level: number | null | undefined): ShadowFocus | null =>
    level !== null && level !== undefined && rows.some((r) => r.level === level)
      ? { kind: 'row', level }
      : null
  const current = rows.find((r) => r.current)?.level
  let focus: ShadowFocus | null = null
  if (active)
    switch (e.kind) {
      case 'shadow.ref':
        focus = row(current)
        break
      case 'shadow.sync':
        focus = row(current) ?? { kind: 'sync' }
        break
      case 'shadow.exit':
      case 'shadow.inject':
        focus = exit || fault ? { kind: 'now' } : null
        break
      case 'shadow.access':
        focus = exit || fault ? { kind: 'now' } : row(rows.at(-1)?.level)
        break
      case 'shadow.pt-write':
      case 'shadow.guest-ad':
      case 'shadow.resume':
        focus = induced ? { kind: 'lane' } : null
        break
      case 'shadow.alloc':
        focus = { kind: 'counter', key: 'pages' }
        break
      case 'shadow.cost':
        focus = { kind: 'counter', key: 'exits' }
        break
      case 'shadow.root':
        focus = { kind: 'roots' }
        break
      case 'paging.entry.write':
        focus = row(rows.find((r) => r.guest?.addr === e.addr)?.level)
        break
      case 'paging.map':
        // The guest's leaf entry the mapping wrote.
        focus = row(rows.find((r) => r.guest?.addr === e.leafAddr)?.level)
        break
      case 'paging.cr3':
        focus = { kind: 'cr3' }
        break
    }
  const mapped = e.kind === 'virt.p2m-map' ? e.gpa : null
  const runs = active ? p2mRuns(m.virt.p2m) : []
  const note = active ? noteOf(e) : null
  // A step with a note and no other focus is about the note.
  if (active && focus === null && note !== null) focus = { kind: 'note' }
  if (active && mapped !== null) focus = { kind: 'p2m' }
  return {
    focus,
    p2m: runs.slice(0, P2M_ROWS).map((r) => ({
      ...r,
      newest: mapped !== null && mapped >= r.gpa && mapped < r.gpa + r.bytes,
    })),
    p2mMore: Math.max(0, runs.length - P2M_ROWS),
    note,
    active,
    mmu: m.virt.mmu,
    va,
    guestCr3: paging.cr3,
    shadowRoot: sh.root,
    rows,
    sync,
    counters: sh.counters,
    totalExits: totalExits(sh.counters),
    pages: sh.pages.length - later.filter((x) => x.kind === 'shadow.alloc').length,
    roots,
    induced,
    exit,
    fault,
  }
}
