// What the host-memory panels draw from one frame: the host's frames (owner, shared, free),
// its swap, each guest's pages as the guest sees them beside where the host keeps them, the
// counts in words, the reclamation numbers, and the cells the step is about. A command makes
// several steps with one machine, so an overcommit event's own snapshot (`after`) is drawn.
import {
  type EngineEvent,
  type FreeState,
  type GuestUse,
  type OcEvent,
  type OcState,
  type Rho,
  freeState,
  idleCost,
  isModuleEvent,
  ksmCounters,
  mfnOfEntry,
  sharesPerPage,
  heldActive,
  heldPages,
} from '../../engine/index.ts'

export type HostCell =
  | { readonly kind: 'free'; readonly mfn: number; readonly focus: boolean }
  | {
      readonly kind: 'private'
      readonly mfn: number
      readonly vm: number
      readonly gfn: number
      readonly focus: boolean
    }
  | {
      readonly kind: 'shared'
      readonly mfn: number
      readonly refs: number
      readonly by: 'esx' | 'ksm'
      readonly focus: boolean
    }

/** Where the host keeps a guest page. */
export type Backing = 'frame' | 'shared' | 'zero' | 'swapped' | 'none'

export interface GuestCell {
  readonly gfn: number
  readonly use: GuestUse
  readonly active: boolean
  readonly backing: Backing
  /** The machine frame behind it, when there is one. */
  readonly mfn: number | null
  readonly focus: boolean
}

export interface GuestRow {
  readonly vm: number
  readonly name: string
  readonly cells: readonly GuestCell[]
  readonly counts: Readonly<Record<GuestUse, number>> & { readonly active: number }
  readonly host: Readonly<Record<Backing, number>>
  readonly numPages: number
  readonly actual: number
  readonly features: { readonly mustTellHost: boolean; readonly deflateOnOom: boolean }
  readonly diskPages: number
  readonly guestWrites: number
  readonly mergeable: boolean
  readonly shares: number
  /** This step is about the VM as a whole (its balloon config, its boot). */
  readonly focus: boolean
}

export interface ReclaimView {
  readonly taxPct: number
  readonly k: number
  readonly state: FreeState
  readonly free: number
  readonly total: number
  readonly rho: readonly Rho[]
  /** The step's reclaim decision, when the step is one. */
  readonly decision: {
    readonly victim: number | null
    readonly method: 'none' | 'balloon' | 'swap'
    readonly needed: number
  } | null
  readonly focus: boolean
}

/**
 * Each guest's short tag for the cells: the shortest prefix of its name no other guest's name
 * starts with (web, batch, cron: w, b, c), so a cell reads w12 however long the names are.
 */
export function guestTags(names: readonly string[]): string[] {
  return names.map((n, i) => {
    for (let k = 1; k < n.length; k++) {
      const p = n.slice(0, k)
      if (names.every((m, j) => j === i || !m.startsWith(p))) return p
    }
    return n
  })
}

export type HostMemoryLayout =
  | { readonly kind: 'empty' }
  | {
      readonly kind: 'host'
      readonly cells: readonly HostCell[]
      readonly counts: {
        readonly free: number
        readonly private: number
        readonly shared: number
        readonly refs: number
      }
      readonly swap: readonly ({ readonly vm: number; readonly gfn: number } | null)[]
      readonly swapOuts: number
      readonly swapIns: number
      readonly guests: readonly GuestRow[]
      readonly reclaim: ReclaimView
      /** The swap row is what the step is about. */
      readonly swapFocus: number | null
      /**
       * False when the step is about the sharing panel's tables (a share, a KSM scan): the
       * stage then keeps that panel's one focus in view, and this one marks cells only.
       */
      readonly focusHere: boolean
    }

const isOc = (e: EngineEvent | null): e is OcEvent => e !== null && isModuleEvent('overcommit', e)

/** The model as this step shows it: the event's own snapshot, else the machine's. */
export const ocOf = (s: OcState, e: EngineEvent | null): OcState => (isOc(e) ? e.after : s)

interface Focus {
  readonly frames: ReadonlySet<number>
  readonly pages: ReadonlySet<string>
  readonly vm: number | null
  readonly swap: number | null
  readonly reclaim: boolean
}

const key = (vm: number, gfn: number): string => `${vm}:${gfn}`

function focusOf(e: EngineEvent | null): Focus {
  const frames = new Set<number>()
  const pages = new Set<string>()
  let vm: number | null = null
  let swap: number | null = null
  let reclaim = false
  if (isOc(e))
    switch (e.kind) {
      case 'mem.host':
        break
      case 'mem.vm':
        vm = e.vm
        break
      case 'mem.write':
        for (const g of e.gfns) pages.add(key(e.vm, g))
        for (const f of e.faults) frames.add(f.mfn)
        break
      case 'mem.touch':
        for (const g of e.allocated) pages.add(key(e.vm, g))
        break
      case 'mem.balloon':
        vm = e.vm
        break
      case 'mem.inflate':
      case 'mem.deflate':
        for (const g of e.pfns) pages.add(key(e.vm, g))
        if (e.pfns.length === 0) vm = e.vm
        break
      case 'mem.inflate-ack':
        for (const m of e.freed) frames.add(m)
        for (const g of e.pfns) pages.add(key(e.vm, g))
        break
      case 'mem.share':
        pages.add(key(e.vm, e.gfn))
        if (e.mfn !== null) frames.add(e.mfn)
        if (e.other !== null) pages.add(key(e.other.vm, e.other.gfn))
        break
      case 'mem.ksm-config':
        vm = e.madvise
        break
      case 'mem.ksm-scan':
        for (const s of e.scanned) {
          pages.add(key(s.vm, s.gfn))
          if (s.mfn !== null && e.scanned.length <= 8) frames.add(s.mfn)
        }
        break
      case 'mem.swap-out':
        frames.add(e.mfn)
        pages.add(key(e.vm, e.gfn))
        swap = e.slot
        break
      case 'mem.swap-in':
        frames.add(e.mfn)
        pages.add(key(e.vm, e.gfn))
        swap = e.slot
        break
      case 'mem.pageout':
        pages.add(key(e.vm, e.gfn))
        break
      case 'mem.tax':
      case 'mem.reclaim':
        reclaim = true
        break
    }
  return { frames, pages, vm, swap, reclaim }
}

export function layoutHostMemory(
  machineState: OcState,
  event: EngineEvent | null,
): HostMemoryLayout {
  const s = ocOf(machineState, event)
  if (s.frames.length === 0) return { kind: 'empty' }
  const f = focusOf(event)
  const cells = s.frames.map((fr, mfn): HostCell => {
    const focus = f.frames.has(mfn)
    if (fr.kind === 'free') return { kind: 'free', mfn, focus }
    if (fr.kind === 'private') return { kind: 'private', mfn, vm: fr.vm, gfn: fr.gfn, focus }
    return { kind: 'shared', mfn, refs: fr.refs, by: fr.by, focus }
  })
  let free = 0
  let priv = 0
  let shared = 0
  let refs = 0
  for (const c of cells) {
    if (c.kind === 'free') free++
    else if (c.kind === 'private') priv++
    else {
      shared++
      refs += c.refs
    }
  }
  const guests = s.vms.map((v, vm): GuestRow => {
    const counts = { kernel: 0, free: 0, cache: 0, anon: 0, balloon: 0, active: 0 }
    const host = { frame: 0, shared: 0, zero: 0, swapped: 0, none: 0 }
    const gcells = v.guest.map((p, gfn): GuestCell => {
      const slot = v.p2m[gfn]
      let backing: Backing = 'none'
      let mfn: number | null = null
      if (slot?.kind === 'mapped') {
        mfn = mfnOfEntry(slot.entry)
        backing = slot.entry.write ? 'frame' : 'shared'
      } else if (slot?.kind === 'zero') backing = 'zero'
      else if (slot?.kind === 'swapped') backing = 'swapped'
      counts[p.use]++
      if (p.active && p.use !== 'free' && p.use !== 'balloon') counts.active++
      host[backing]++
      return { gfn, use: p.use, active: p.active, backing, mfn, focus: f.pages.has(key(vm, gfn)) }
    })
    return {
      vm,
      name: v.name,
      cells: gcells,
      counts,
      host,
      numPages: v.balloon.numPages,
      actual: v.balloon.actual,
      features: { mustTellHost: v.balloon.mustTellHost, deflateOnOom: v.balloon.deflateOnOom },
      diskPages: v.disk.length,
      guestWrites: v.guestWrites,
      mergeable: v.mergeable,
      shares: v.shares,
      focus: f.vm === vm,
    }
  })
  const rho = s.vms.map((v, vm): Rho => {
    const pages = heldPages(v)
    const active = heldActive(v)
    return {
      vm,
      shares: v.shares,
      pages,
      active,
      rho: sharesPerPage(v.shares, pages, active, s.taxPct),
    }
  })
  const decision =
    isOc(event) && event.kind === 'mem.reclaim'
      ? { victim: event.victim, method: event.method, needed: event.needed }
      : null
  return {
    kind: 'host',
    cells,
    counts: { free, private: priv, shared, refs },
    swap: s.swap.map((x) => (x === null ? null : { vm: x.vm, gfn: x.gfn })),
    swapOuts: s.swapOuts,
    swapIns: s.swapIns,
    guests,
    reclaim: {
      taxPct: s.taxPct,
      k: idleCost(s.taxPct),
      state: freeState(free, cells.length),
      free,
      total: cells.length,
      rho,
      decision,
      focus: f.reclaim,
    },
    swapFocus: f.swap,
    focusHere: !(
      isOc(event) &&
      (event.kind === 'mem.share' ||
        event.kind === 'mem.ksm-scan' ||
        event.kind === 'mem.ksm-config')
    ),
  }
}

/** The sharing panel: ESX's hash table and KSM's trees and counters. */
export type SharingLayout =
  | { readonly kind: 'empty' }
  | {
      readonly kind: 'tables'
      readonly esx: readonly {
        readonly hash: string
        readonly kind: 'hint' | 'shared'
        /** hint: its back-reference; shared: the frame, its count and who maps it. */
        readonly ref: { readonly vm: number; readonly gfn: number } | null
        readonly mfn: number | null
        readonly refs: number
        readonly sharers: readonly { readonly vm: number; readonly gfn: number }[]
        readonly focus: boolean
      }[]
      readonly ksm: {
        readonly counters: ReturnType<typeof ksmCounters>
        readonly useZeroPages: boolean
        readonly stable: readonly {
          readonly content: string
          readonly mfn: number
          readonly refs: number
          readonly focus: boolean
        }[]
        readonly unstable: readonly {
          readonly content: string
          readonly vm: number
          readonly gfn: number
          readonly focus: boolean
        }[]
        readonly mergeable: readonly number[]
        readonly focus: boolean
      }
      readonly names: readonly string[]
      /** The step's ESX outcome, for the caption (null when the step is not a share). */
      readonly outcome: Extract<OcEvent, { kind: 'mem.share' }>['outcome'] | null
    }

export function layoutSharing(machineState: OcState, event: EngineEvent | null): SharingLayout {
  const s = ocOf(machineState, event)
  if (s.frames.length === 0) return { kind: 'empty' }
  const share = isOc(event) && event.kind === 'mem.share' ? event : null
  const scan = isOc(event) && event.kind === 'mem.ksm-scan' ? event : null
  const sharersOf = (mfn: number) => {
    const out: { vm: number; gfn: number }[] = []
    s.vms.forEach((v, vm) =>
      v.p2m.forEach((p, gfn) => {
        if (p.kind === 'mapped' && mfnOfEntry(p.entry) === mfn) out.push({ vm, gfn })
      }),
    )
    return out
  }
  const refsOf = (mfn: number): number => {
    const fr = s.frames[mfn]
    return fr?.kind === 'shared' ? fr.refs : 1
  }
  const esx = s.shareTable.map((e) => ({
    hash: e.hash,
    kind: e.kind,
    ref: e.kind === 'hint' ? { vm: e.vm, gfn: e.gfn } : null,
    mfn: e.kind === 'shared' ? e.mfn : null,
    refs: e.kind === 'shared' ? refsOf(e.mfn) : 1,
    sharers: e.kind === 'shared' ? sharersOf(e.mfn) : [],
    focus: share !== null && share.hash === e.hash,
  }))
  const scannedMfns = new Set(scan?.scanned.map((x) => x.mfn) ?? [])
  const scannedPages = new Set(scan?.scanned.map((x) => key(x.vm, x.gfn)) ?? [])
  return {
    kind: 'tables',
    esx,
    ksm: {
      counters: ksmCounters(s.ksm),
      useZeroPages: s.ksm.useZeroPages,
      stable: s.ksm.stable.map((n) => ({
        content: n.content,
        mfn: n.mfn,
        refs: refsOf(n.mfn),
        focus: scan !== null && scan.scanned.length <= 8 && scannedMfns.has(n.mfn),
      })),
      unstable: s.ksm.unstable.map((u) => ({
        ...u,
        focus: scan !== null && scan.scanned.length <= 8 && scannedPages.has(key(u.vm, u.gfn)),
      })),
      mergeable: s.vms.flatMap((v, vm) => (v.mergeable ? [vm] : [])),
      focus: scan !== null || (isOc(event) && event.kind === 'mem.ksm-config'),
    },
    names: s.vms.map((v) => v.name),
    outcome: share?.outcome ?? null,
  }
}
