// The host-memory model's ops. Each works on a private copy of the state (arrays copied once
// per command) and records an event with a snapshot of the state after it, so one command
// (an inflate: the guest's choice, then the host freeing frames) is several steps.
import { hpa } from '../core/addr.ts'
import { type Result, err, ok } from '../core/result.ts'
import type { P2mEntry } from '../virt/types.ts'
import type { OcError } from './errors.ts'
import type { HostFault, KsmScanned, OcEvent, Rho, ShareOutcome } from './events.ts'
import type { OcOp } from './ops.ts'
import {
  framesToHigh,
  freeState,
  heldActive,
  heldPages,
  idleCost,
  ksmCounters,
  pageChecksum,
  pageHash,
  sharesPerPage,
  xorshift,
} from './rules.ts'
import {
  type Balloon,
  type GuestPage,
  type HostFrame,
  type KsmItem,
  type KsmState,
  type OcState,
  type OcVm,
  type P2mSlot,
  type ShareEntry,
  IDLE_TAX_DEFAULT_PCT,
  OC_MAX_VMS,
  OOM_DEFLATE_PAGES,
  ZERO,
} from './types.ts'

export interface OcStep {
  readonly state: OcState
  readonly events: readonly OcEvent[]
}

type Mut<T> = { -readonly [K in keyof T]: T[K] }
interface WVm extends Omit<Mut<OcVm>, 'guest' | 'p2m' | 'balloon' | 'disk'> {
  guest: GuestPage[]
  p2m: P2mSlot[]
  balloon: Mut<Omit<Balloon, 'pages'>> & { pages: number[] }
  disk: string[]
}
interface Work extends Omit<Mut<OcState>, 'frames' | 'swap' | 'vms' | 'shareTable'> {
  frames: HostFrame[]
  swap: ({ vm: number; gfn: number; content: string } | null)[]
  vms: WVm[]
  shareTable: ShareEntry[]
  events: OcEvent[]
}

/** Raised inside a command when it cannot go on; turned into the command's error. */
class Refusal {
  constructor(readonly error: OcError) {}
}

function work(s: OcState): Work {
  return {
    ...s,
    frames: [...s.frames],
    swap: [...s.swap],
    vms: s.vms.map((v) => ({
      ...v,
      guest: [...v.guest],
      p2m: [...v.p2m],
      balloon: { ...v.balloon, pages: [...v.balloon.pages] },
      disk: [...v.disk],
    })),
    shareTable: [...s.shareTable],
    events: [],
  }
}

function snapshot(w: Work): OcState {
  return {
    frames: [...w.frames],
    swap: [...w.swap],
    swapOuts: w.swapOuts,
    swapIns: w.swapIns,
    vms: w.vms.map((v) => ({
      ...v,
      guest: [...v.guest],
      p2m: [...v.p2m],
      balloon: { ...v.balloon, pages: [...v.balloon.pages] },
      disk: [...v.disk],
    })),
    shareTable: [...w.shareTable],
    ksm: w.ksm,
    taxPct: w.taxPct,
    rng: w.rng,
    seed: w.seed,
    writes: w.writes,
  }
}

/** An event without its snapshot, per variant (so literals are checked against their kind). */
type Body = OcEvent extends infer T ? (T extends OcEvent ? Omit<T, 'after'> : never) : never
function emit(w: Work, e: Body): void {
  w.events.push({ ...e, after: snapshot(w) } as OcEvent)
}

const entry = (mfn: number, write: boolean): P2mEntry => ({
  hpa: hpa(BigInt(mfn) << 12n),
  read: true,
  write,
  execute: true,
})
export const mfnOfEntry = (e: P2mEntry): number => Number(e.hpa >> 12n)
const mapped = (mfn: number, write: boolean): P2mSlot => ({
  kind: 'mapped',
  entry: entry(mfn, write),
})

function vmIndex(w: Work, name: string): number {
  if (w.frames.length === 0) throw new Refusal({ code: 'no-host' })
  const i = w.vms.findIndex((v) => v.name === name)
  if (i < 0) throw new Refusal({ code: 'no-vm', name })
  return i
}

function checkGfn(v: WVm, gfn: number): void {
  if (gfn >= v.pages) throw new Refusal({ code: 'gfn-range', gfn, pages: v.pages })
}

/** The contents a guest page has in the host right now (null: no backing). */
export function hostContent(s: OcState, vm: number, gfn: number): string | null {
  const slot = s.vms[vm]?.p2m[gfn]
  if (slot === undefined || slot.kind === 'none') return null
  if (slot.kind === 'zero') return ZERO
  if (slot.kind === 'swapped') return s.swap[slot.slot]?.content ?? null
  const f = s.frames[mfnOfEntry(slot.entry)]
  return f === undefined || f.kind === 'free' ? null : f.content
}

function nextRandom(w: Work, n: number): number {
  w.rng = xorshift(w.rng)
  return w.rng % n
}

/** Host swap: a private frame's contents to a swap slot, the frame freed. */
function swapOut(w: Work, vm: number, gfn: number, why: 'command' | 'no-frame' | 'reclaim'): void {
  const v = w.vms[vm] as WVm
  const slot = v.p2m[gfn] as P2mSlot
  if (slot.kind !== 'mapped') throw new Refusal({ code: 'not-backed', gfn, where: slot.kind })
  const mfn = mfnOfEntry(slot.entry)
  const f = w.frames[mfn] as HostFrame
  if (f.kind !== 'private') throw new Refusal({ code: 'not-backed', gfn, where: 'shared' })
  let s = w.swap.indexOf(null)
  if (s < 0) s = w.swap.push(null) - 1
  w.swap[s] = { vm, gfn, content: f.content }
  w.frames[mfn] = { kind: 'free' }
  v.p2m[gfn] = { kind: 'swapped', slot: s }
  w.swapOuts++
  emit(w, { kind: 'mem.swap-out', vm, gfn, mfn, slot: s, why, cite: 'oc-swap' })
}

/** A free frame, swapping out a random private frame (not `keep`) when there is none. */
function allocFrame(w: Work, keep: { vm: number; gfn: number }): number {
  const free = w.frames.findIndex((f) => f.kind === 'free')
  if (free >= 0) return free
  const victims: number[] = []
  w.frames.forEach((f, i) => {
    if (f.kind === 'private' && !(f.vm === keep.vm && f.gfn === keep.gfn)) victims.push(i)
  })
  if (victims.length === 0) throw new Refusal({ code: 'host-full', need: 1, free: 0 })
  const f = w.frames[victims[nextRandom(w, victims.length)] as number] as Extract<
    HostFrame,
    { kind: 'private' }
  >
  swapOut(w, f.vm, f.gfn, 'no-frame')
  return w.frames.findIndex((x) => x.kind === 'free')
}

/** Drops one reference to a shared frame; frees it (and its table or tree entry) at zero. */
function dropShared(w: Work, mfn: number): number {
  const f = w.frames[mfn] as Extract<HostFrame, { kind: 'shared' }>
  const refs = f.refs - 1
  if (refs > 0) {
    w.frames[mfn] = { ...f, refs }
    return refs
  }
  w.frames[mfn] = { kind: 'free' }
  w.shareTable = w.shareTable.filter((e) => !(e.kind === 'shared' && e.mfn === mfn))
  w.ksm = { ...w.ksm, stable: w.ksm.stable.filter((n) => n.mfn !== mfn) }
  return 0
}

/** KSM's rmap item of a page back to volatile once it no longer maps a KSM page. */
function ksmForget(w: Work, vm: number, gfn: number, content: string): void {
  const i = w.ksm.items.findIndex((it) => it.vm === vm && it.gfn === gfn)
  if (i < 0) return
  const items = [...w.ksm.items]
  items[i] = { vm, gfn, checksum: pageChecksum(content), status: 'volatile' }
  w.ksm = { ...w.ksm, items }
}

/**
 * Makes a guest page usable for a read or a write, as the host's fault handler would: a
 * swapped page is read back, a write to a shared or zero page gets a private copy, a page
 * with no backing a fresh frame. Returns what the host did, or null when nothing was needed.
 */
function hostUse(
  w: Work,
  vm: number,
  gfn: number,
  write: boolean,
  forPageout = false,
): HostFault | null {
  const v = w.vms[vm] as WVm
  const slot = v.p2m[gfn] as P2mSlot
  const fault = (
    kind: HostFault['kind'],
    mfn: number,
    from: number | null,
    refsLeft: number | null,
    s: number | null,
  ): HostFault => ({
    gfn,
    kind,
    mfn,
    from,
    refsLeft,
    slot: s,
  })
  switch (slot.kind) {
    case 'none': {
      const mfn = allocFrame(w, { vm, gfn })
      w.frames[mfn] = { kind: 'private', vm, gfn, content: ZERO }
      v.p2m[gfn] = mapped(mfn, true)
      return fault('fresh', mfn, null, null, null)
    }
    case 'swapped': {
      const content = w.swap[slot.slot]?.content ?? ZERO
      const mfn = allocFrame(w, { vm, gfn })
      w.frames[mfn] = { kind: 'private', vm, gfn, content }
      w.swap[slot.slot] = null
      v.p2m[gfn] = mapped(mfn, true)
      w.swapIns++
      emit(w, { kind: 'mem.swap-in', vm, gfn, slot: slot.slot, mfn, forPageout, cite: 'oc-swap' })
      return fault('swap-in', mfn, null, null, slot.slot)
    }
    case 'zero': {
      if (!write) return null
      const mfn = allocFrame(w, { vm, gfn })
      w.frames[mfn] = { kind: 'private', vm, gfn, content: ZERO }
      v.p2m[gfn] = mapped(mfn, true)
      ksmForget(w, vm, gfn, ZERO)
      return fault('cow-zero', mfn, null, null, null)
    }
    case 'mapped': {
      if (!write || slot.entry.write) return null
      const from = mfnOfEntry(slot.entry)
      const f = w.frames[from] as Extract<HostFrame, { kind: 'shared' }>
      if (f.refs === 1) {
        // The last reference: the frame becomes this page's own again, no copy needed.
        w.frames[from] = { kind: 'private', vm, gfn, content: f.content }
        dropTableEntry(w, from)
        v.p2m[gfn] = mapped(from, true)
        if (f.by === 'ksm') ksmForget(w, vm, gfn, f.content)
        return fault('unshare-last', from, from, 0, null)
      }
      const mfn = allocFrame(w, { vm, gfn })
      w.frames[mfn] = { kind: 'private', vm, gfn, content: f.content }
      v.p2m[gfn] = mapped(mfn, true)
      const refsLeft = dropShared(w, from)
      if (f.by === 'ksm') ksmForget(w, vm, gfn, f.content)
      return fault('cow', mfn, from, refsLeft, null)
    }
  }
}

function dropTableEntry(w: Work, mfn: number): void {
  w.shareTable = w.shareTable.filter((e) => !(e.kind === 'shared' && e.mfn === mfn))
  w.ksm = { ...w.ksm, stable: w.ksm.stable.filter((n) => n.mfn !== mfn) }
}

/** Stores `content` into a guest page (the host side first, then the guest's belief). */
function store(w: Work, vm: number, gfn: number, content: string): HostFault | null {
  const fault = hostUse(w, vm, gfn, true)
  const v = w.vms[vm] as WVm
  const slot = v.p2m[gfn] as Extract<P2mSlot, { kind: 'mapped' }>
  w.frames[mfnOfEntry(slot.entry)] = { kind: 'private', vm, gfn, content }
  return fault
}

interface Reclaimed {
  picked: number[]
  fromFree: number[]
  dropped: number[]
  pagedOut: number[]
  doublePaged: number[]
  faults: HostFault[]
}

/**
 * The guest OS finds `count` pages: its free list first, then it drops clean page-cache pages,
 * then it pages anonymous pages out to its own disk (inactive before active). Kernel pages and
 * pages already in the balloon never go. Each paged-out page is read first (by the disk
 * driver), so a page the host had swapped comes back from host swap: double paging.
 */
function guestReclaim(w: Work, vm: number, count: number, exclude: ReadonlySet<number>): Reclaimed {
  const v = w.vms[vm] as WVm
  const r: Reclaimed = {
    picked: [],
    fromFree: [],
    dropped: [],
    pagedOut: [],
    doublePaged: [],
    faults: [],
  }
  const take = (pred: (p: GuestPage) => boolean, how: 'free' | 'drop' | 'page'): void => {
    for (let g = 0; g < v.pages && r.picked.length < count; g++) {
      const p = v.guest[g] as GuestPage
      if (exclude.has(g) || !pred(p)) continue
      if (how === 'page') {
        const f = hostUse(w, vm, g, false, true)
        if (f !== null) {
          r.faults.push(f)
          if (f.kind === 'swap-in') r.doublePaged.push(g)
        }
        v.disk.push(p.content ?? ZERO)
        v.guestWrites++
        r.pagedOut.push(g)
      } else if (how === 'drop') r.dropped.push(g)
      else r.fromFree.push(g)
      v.guest[g] = { use: 'free', active: false, content: p.content }
      r.picked.push(g)
    }
  }
  take((p) => p.use === 'free', 'free')
  take((p) => p.use === 'cache' && !p.active, 'drop')
  take((p) => p.use === 'cache', 'drop')
  take((p) => p.use === 'anon' && !p.active, 'page')
  take((p) => p.use === 'anon', 'page')
  return r
}

/** The host frees what backed pages the guest gave the balloon. */
function releaseBacking(
  w: Work,
  vm: number,
  pfns: readonly number[],
): { freed: number[]; slots: number } {
  const v = w.vms[vm] as WVm
  const freed: number[] = []
  let slots = 0
  for (const g of pfns) {
    const slot = v.p2m[g] as P2mSlot
    if (slot.kind === 'mapped') {
      const mfn = mfnOfEntry(slot.entry)
      const f = w.frames[mfn] as HostFrame
      if (f.kind === 'shared') {
        if (dropShared(w, mfn) === 0) freed.push(mfn)
      } else {
        w.frames[mfn] = { kind: 'free' }
        freed.push(mfn)
      }
    } else if (slot.kind === 'swapped') {
      w.swap[slot.slot] = null
      slots++
    }
    v.p2m[g] = { kind: 'none' }
    w.ksm = { ...w.ksm, items: w.ksm.items.filter((it) => !(it.vm === vm && it.gfn === g)) }
  }
  // A hint whose page left can no longer be trusted: drop it.
  w.shareTable = w.shareTable.filter(
    (e) => !(e.kind === 'hint' && e.vm === vm && pfns.includes(e.gfn)),
  )
  return { freed, slots }
}

function setBalloon(w: Work, vm: number, numPages: number): void {
  const v = w.vms[vm] as WVm
  v.balloon.numPages = numPages
  emit(w, { kind: 'mem.balloon', vm, numPages, actual: v.balloon.actual, cite: 'oc-balloon' })
  const b = v.balloon
  if (numPages > b.actual) {
    const want = numPages - b.actual
    const r = guestReclaim(w, vm, want, new Set())
    for (const g of r.picked) v.guest[g] = { use: 'balloon', active: false, content: null }
    b.pages.push(...r.picked)
    emit(w, {
      kind: 'mem.inflate',
      vm,
      pfns: r.picked,
      fromFree: r.fromFree,
      dropped: r.dropped,
      pagedOut: r.pagedOut,
      doublePaged: r.doublePaged,
      short: want - r.picked.length,
      cite: r.picked.length < want ? 'oc-balloon-oom' : 'oc-guest-choice',
    })
    if (r.picked.length === 0) return
    const { freed, slots } = releaseBacking(w, vm, r.picked)
    b.actual += r.picked.length
    emit(w, {
      kind: 'mem.inflate-ack',
      vm,
      pfns: r.picked,
      freed,
      swapSlotsFreed: slots,
      actual: b.actual,
      numPages,
      cite: 'oc-balloon',
    })
  } else if (numPages < b.actual) {
    const n = b.actual - numPages
    const pfns = b.pages.splice(b.pages.length - n, n)
    for (const g of pfns) v.guest[g] = { use: 'free', active: false, content: null }
    b.actual -= n
    emit(w, {
      kind: 'mem.deflate',
      vm,
      pfns,
      mustTellHost: b.mustTellHost,
      actual: b.actual,
      numPages,
      cite: 'oc-balloon-deflate',
    })
  }
}

function newVm(w: Work, op: Extract<OcOp, { kind: 'mem.vm' }>): void {
  if (w.frames.length === 0) throw new Refusal({ code: 'no-host' })
  if (w.vms.some((v) => v.name === op.name)) throw new Refusal({ code: 'vm-exists', name: op.name })
  if (w.vms.length >= OC_MAX_VMS) throw new Refusal({ code: 'too-many-vms', max: OC_MAX_VMS })
  const used = op.kernel + op.cache + op.anon
  if (used > op.pages) throw new Refusal({ code: 'layout', used, pages: op.pages })
  // The guest touches all its RAM as it boots (it zeroes its free pages), so every page gets
  // a frame: free pages too, which is what makes ballooning them worth something.
  const free = w.frames.filter((f) => f.kind === 'free').length
  if (op.pages > free) throw new Refusal({ code: 'host-full', need: op.pages, free })
  const vm = w.vms.length
  const guest: GuestPage[] = []
  // Anonymous pages are the workload's, active first; then page cache.
  let active = op.active
  for (let g = 0; g < op.pages; g++) {
    if (g < op.kernel) guest.push({ use: 'kernel', active: true, content: `${op.image}:k${g}` })
    else if (g < op.kernel + op.anon) {
      const j = g - op.kernel
      const isZero = j >= op.anon - op.zero
      guest.push({ use: 'anon', active: active-- > 0, content: isZero ? ZERO : `${op.name}:a${j}` })
    } else if (g < used) {
      const j = g - op.kernel - op.anon
      guest.push({ use: 'cache', active: active-- > 0, content: `${op.image}:c${j}` })
    } else guest.push({ use: 'free', active: false, content: ZERO })
  }
  const p2m: P2mSlot[] = guest.map(() => ({ kind: 'none' }))
  w.vms.push({
    name: op.name,
    pages: op.pages,
    shares: op.shares,
    guest,
    p2m,
    balloon: {
      numPages: 0,
      actual: 0,
      mustTellHost: op.mustTellHost,
      deflateOnOom: op.deflateOnOom,
      pages: [],
    },
    disk: [],
    guestWrites: 0,
    guestReads: 0,
    mergeable: false,
  })
  for (let g = 0; g < op.pages; g++) {
    const mfn = w.frames.findIndex((f) => f.kind === 'free')
    w.frames[mfn] = { kind: 'private', vm, gfn: g, content: guest[g]?.content ?? ZERO }
    p2m[g] = mapped(mfn, true)
  }
  emit(w, {
    kind: 'mem.vm',
    vm,
    name: op.name,
    pages: op.pages,
    backed: op.pages,
    image: op.image,
    cite: 'oc-guest-choice',
  })
}

function touch(w: Work, vm: number, count: number): void {
  const v = w.vms[vm] as WVm
  const r = guestReclaim(w, vm, count, new Set())
  const oomDeflated: number[] = []
  let cite: 'oc-guest-choice' | 'oc-balloon-oom' = 'oc-guest-choice'
  // Out of memory: with DEFLATE_ON_OOM the OOM notifier takes pages back from the balloon.
  if (r.picked.length < count && v.balloon.deflateOnOom && v.balloon.pages.length > 0) {
    const n = Math.min(count - r.picked.length, OOM_DEFLATE_PAGES, v.balloon.pages.length)
    const pfns = v.balloon.pages.splice(v.balloon.pages.length - n, n)
    v.balloon.actual -= n
    oomDeflated.push(...pfns)
    r.picked.push(...pfns)
    cite = 'oc-balloon-oom'
  }
  const faults = [...r.faults]
  for (const g of r.picked) {
    w.writes++
    const content = `${v.name}:a${v.pages + w.writes}`
    // The host side first: a swap-in on the way shows the page as it was.
    const f = store(w, vm, g, content)
    if (f !== null) faults.push(f)
    v.guest[g] = { use: 'anon', active: true, content }
  }
  emit(w, {
    kind: 'mem.touch',
    vm,
    allocated: r.picked,
    dropped: r.dropped,
    pagedOut: r.pagedOut,
    doublePaged: r.doublePaged,
    oomDeflated,
    short: count - r.picked.length,
    faults,
    cite,
  })
}

function write(w: Work, op: Extract<OcOp, { kind: 'mem.write' }>): void {
  const vm = vmIndex(w, op.vm)
  const v = w.vms[vm] as WVm
  checkGfn(v, op.to)
  for (let g = op.from; g <= op.to; g++)
    if (v.guest[g]?.use === 'balloon') throw new Refusal({ code: 'in-balloon', gfn: g })
  const faults: HostFault[] = []
  const gfns: number[] = []
  let last = ''
  for (let g = op.from; g <= op.to; g++) {
    w.writes++
    const content = op.content ?? `${v.name}:w${w.writes}`
    last = content
    const f = store(w, vm, g, content)
    if (f !== null) faults.push(f)
    const p = v.guest[g] as GuestPage
    v.guest[g] = { use: p.use === 'free' ? 'anon' : p.use, active: true, content }
    gfns.push(g)
  }
  emit(w, { kind: 'mem.write', vm, gfns, content: last, faults, cite: 'oc-esx-share' })
}

/** ESX: hash one page and look it up in the global table (WAL02 §4.2). */
function shareOne(w: Work, vm: number, gfn: number): void {
  const v = w.vms[vm] as WVm
  const slot = v.p2m[gfn] as P2mSlot
  const base = { kind: 'mem.share' as const, vm, gfn, cite: 'oc-esx-share' as const }
  if (slot.kind !== 'mapped') {
    emit(w, {
      ...base,
      hash: '',
      outcome: 'not-backed',
      mfn: null,
      freed: null,
      other: null,
      refs: 0,
    })
    return
  }
  const own = mfnOfEntry(slot.entry)
  const frame = w.frames[own] as HostFrame
  if (frame.kind === 'free') throw new Refusal({ code: 'not-backed', gfn, where: 'free' })
  const hash = pageHash(frame.content)
  if (frame.kind === 'shared') {
    emit(w, {
      ...base,
      hash,
      outcome: 'already-shared',
      mfn: own,
      freed: null,
      other: null,
      refs: frame.refs,
    })
    return
  }
  const content = frame.content
  const at = w.shareTable.findIndex((e) => e.hash === hash)
  const e = w.shareTable[at]
  const out = (
    outcome: ShareOutcome,
    mfn: number | null,
    freed: number | null,
    other: { vm: number; gfn: number } | null,
    refs: number,
  ) => emit(w, { ...base, hash, outcome, mfn, freed, other, refs })
  if (e === undefined) {
    w.shareTable.push({ kind: 'hint', hash, vm, gfn })
    out('hint', own, null, null, 1)
    return
  }
  if (e.kind === 'hint') {
    if (e.vm === vm && e.gfn === gfn) return out('already-hinted', own, null, null, 1)
    // The hint page is not write-protected: it may have changed since it was hashed.
    const hintSlot = w.vms[e.vm]?.p2m[e.gfn]
    const hintFrame = hintSlot?.kind === 'mapped' ? w.frames[mfnOfEntry(hintSlot.entry)] : undefined
    if (hintFrame?.kind !== 'private' || pageHash(hintFrame.content) !== hash) {
      w.shareTable[at] = { kind: 'hint', hash, vm, gfn }
      return out('stale-hint', own, null, { vm: e.vm, gfn: e.gfn }, 1)
    }
    if (hintFrame.content !== content)
      return out('collision', own, null, { vm: e.vm, gfn: e.gfn }, 1)
    const mfn = mfnOfEntry((hintSlot as Extract<P2mSlot, { kind: 'mapped' }>).entry)
    w.frames[mfn] = { kind: 'shared', content, refs: 2, by: 'esx' }
    ;(w.vms[e.vm] as WVm).p2m[e.gfn] = mapped(mfn, false)
    v.p2m[gfn] = mapped(mfn, false)
    w.frames[own] = { kind: 'free' }
    w.shareTable[at] = { kind: 'shared', hash, mfn }
    return out('merged', mfn, own, { vm: e.vm, gfn: e.gfn }, 2)
  }
  const shared = w.frames[e.mfn] as HostFrame
  if (shared.kind !== 'shared' || shared.content !== content)
    return out('collision', own, null, null, 1)
  w.frames[e.mfn] = { ...shared, refs: shared.refs + 1 }
  v.p2m[gfn] = mapped(e.mfn, false)
  w.frames[own] = { kind: 'free' }
  out('joined', e.mfn, own, null, shared.refs + 1)
}

/** The pages ksmd walks: every backed page of each madvised VM, in VM then frame order. */
function ksmOrder(w: Work): { vm: number; gfn: number }[] {
  const order: { vm: number; gfn: number }[] = []
  w.vms.forEach((v, vm) => {
    if (!v.mergeable) return
    for (let g = 0; g < v.pages; g++) order.push({ vm, gfn: g })
  })
  return order
}

function setItem(k: KsmState, item: KsmItem): KsmState {
  const i = k.items.findIndex((it) => it.vm === item.vm && it.gfn === item.gfn)
  const items = [...k.items]
  if (i < 0) items.push(item)
  else items[i] = item
  return { ...k, items }
}

/** One page through ksmd's cmp_and_merge_page (ksm.rst; mm/ksm.c). */
function ksmOne(w: Work, vm: number, gfn: number): KsmScanned {
  const v = w.vms[vm] as WVm
  const slot = v.p2m[gfn] as P2mSlot
  const done = (outcome: KsmScanned['outcome'], mfn: number | null): KsmScanned => ({
    vm,
    gfn,
    outcome,
    mfn,
  })
  if (slot.kind === 'none' || slot.kind === 'swapped') return done('skipped', null)
  const item = w.ksm.items.find((it) => it.vm === vm && it.gfn === gfn)
  if (slot.kind === 'zero') return done('already', null)
  const mfn = mfnOfEntry(slot.entry)
  const frame = w.frames[mfn] as HostFrame
  if (frame.kind === 'free') return done('skipped', null)
  if (frame.kind === 'shared') return done(frame.by === 'ksm' ? 'already' : 'skipped', mfn)
  const content = frame.content
  // (1) The stable tree: merge with an existing KSM page.
  const node = w.ksm.stable.find((n) => n.content === content)
  if (node !== undefined) {
    const f = w.frames[node.mfn] as Extract<HostFrame, { kind: 'shared' }>
    w.frames[node.mfn] = { ...f, refs: f.refs + 1 }
    w.frames[mfn] = { kind: 'free' }
    v.p2m[gfn] = mapped(node.mfn, false)
    w.ksm = setItem(w.ksm, { vm, gfn, checksum: pageChecksum(content), status: 'stable' })
    return done('stable-merge', node.mfn)
  }
  // (2) Changed since the last scan: remember the checksum, leave it alone (volatile).
  const sum = pageChecksum(content)
  if (item === undefined || item.checksum !== sum) {
    w.ksm = setItem(w.ksm, { vm, gfn, checksum: sum, status: 'volatile' })
    return done('volatile', mfn)
  }
  if (w.ksm.useZeroPages && content === ZERO) {
    w.frames[mfn] = { kind: 'free' }
    v.p2m[gfn] = { kind: 'zero' }
    w.ksm = setItem(w.ksm, { ...item, status: 'zero' })
    return done('zero', null)
  }
  // (3) The unstable tree, compared against each candidate's contents as they are now.
  const at = w.ksm.unstable.findIndex(
    (u) => !(u.vm === vm && u.gfn === gfn) && hostContentW(w, u.vm, u.gfn) === content,
  )
  const cand = w.ksm.unstable[at]
  if (cand !== undefined) {
    const cslot = (w.vms[cand.vm] as WVm).p2m[cand.gfn] as Extract<P2mSlot, { kind: 'mapped' }>
    const kmfn = mfnOfEntry(cslot.entry)
    w.frames[kmfn] = { kind: 'shared', content, refs: 2, by: 'ksm' }
    ;(w.vms[cand.vm] as WVm).p2m[cand.gfn] = mapped(kmfn, false)
    v.p2m[gfn] = mapped(kmfn, false)
    w.frames[mfn] = { kind: 'free' }
    const unstable = w.ksm.unstable.filter((_, i) => i !== at)
    const stable = [...w.ksm.stable, { content, mfn: kmfn }].sort((a, b) =>
      a.content < b.content ? -1 : 1,
    )
    let k: KsmState = { ...w.ksm, unstable, stable }
    k = setItem(k, { vm, gfn, checksum: sum, status: 'stable' })
    k = setItem(k, {
      vm: cand.vm,
      gfn: cand.gfn,
      checksum: pageChecksum(content),
      status: 'stable',
    })
    w.ksm = k
    return done('unstable-merge', kmfn)
  }
  const unstable = [
    ...w.ksm.unstable.filter((u) => !(u.vm === vm && u.gfn === gfn)),
    { content, vm, gfn },
  ]
  w.ksm = setItem({ ...w.ksm, unstable }, { vm, gfn, checksum: sum, status: 'unstable' })
  return done('unstable-insert', mfn)
}

function hostContentW(w: Work, vm: number, gfn: number): string | null {
  const slot = w.vms[vm]?.p2m[gfn]
  if (slot?.kind !== 'mapped') return null
  const f = w.frames[mfnOfEntry(slot.entry)]
  return f === undefined || f.kind === 'free' ? null : f.content
}

function ksmScan(w: Work, count: number | null): void {
  const order = ksmOrder(w)
  if (order.length === 0) throw new Refusal({ code: 'nothing-to-scan' })
  const scanned: KsmScanned[] = []
  let completed = 0
  let cursor = w.ksm.cursor % order.length
  const n = count ?? order.length - cursor
  for (let i = 0; i < n; i++) {
    const p = order[cursor] as { vm: number; gfn: number }
    scanned.push(ksmOne(w, p.vm, p.gfn))
    cursor++
    if (cursor === order.length) {
      // A full scan is over: the unstable tree is thrown away and rebuilt by the next one.
      cursor = 0
      completed++
      w.ksm = { ...w.ksm, unstable: [], fullScans: w.ksm.fullScans + 1 }
    }
  }
  w.ksm = { ...w.ksm, cursor }
  emit(w, {
    kind: 'mem.ksm-scan',
    scanned,
    counters: ksmCounters(w.ksm),
    completed,
    cite: completed > 0 ? 'oc-ksm-counters' : 'oc-ksm',
  })
}

/** Host pages of a VM and how many of them are active, for the shares-per-page ratio. */
function rhoTable(w: Work): Rho[] {
  return w.vms.map((v, vm) => {
    const pages = heldPages(v as unknown as OcVm)
    const active = heldActive(v as unknown as OcVm)
    return {
      vm,
      shares: v.shares,
      pages,
      active,
      rho: sharesPerPage(v.shares, pages, active, w.taxPct),
    }
  })
}

function reclaim(w: Work): void {
  if (w.frames.length === 0) throw new Refusal({ code: 'no-host' })
  const total = w.frames.length
  const free = w.frames.filter((f) => f.kind === 'free').length
  const state = freeState(free, total)
  const needed = framesToHigh(free, total)
  const rho = rhoTable(w)
  if (state === 'high' || needed === 0) {
    emit(w, {
      kind: 'mem.reclaim',
      free,
      total,
      state,
      needed: 0,
      rho,
      victim: null,
      method: 'none',
      cite: 'oc-free-states',
    })
    return
  }
  // Min-funding revocation: the VM with the fewest shares per page pays.
  let victim: number | null = null
  for (const r of rho)
    if (r.pages > 0 && (victim === null || r.rho < (rho[victim] as Rho).rho)) victim = r.vm
  if (victim === null) throw new Refusal({ code: 'no-victim' })
  const method = state === 'soft' ? 'balloon' : 'swap'
  emit(w, {
    kind: 'mem.reclaim',
    free,
    total,
    state,
    needed,
    rho,
    victim,
    method,
    cite: 'oc-idle-tax',
  })
  const v = w.vms[victim] as WVm
  if (method === 'balloon') {
    setBalloon(w, victim, v.balloon.actual + needed)
    return
  }
  for (let i = 0; i < needed; i++) {
    const mine: number[] = []
    v.p2m.forEach((s, g) => {
      if (s.kind === 'mapped' && w.frames[mfnOfEntry(s.entry)]?.kind === 'private') mine.push(g)
    })
    if (mine.length === 0) break
    swapOut(w, victim, mine[nextRandom(w, mine.length)] as number, 'reclaim')
  }
}

function run(w: Work, op: OcOp): void {
  switch (op.kind) {
    case 'mem.host': {
      const seed = op.seed >>> 0 || 1
      const fresh = work({
        frames: Array.from({ length: op.frames }, () => ({ kind: 'free' as const })),
        swap: [],
        swapOuts: 0,
        swapIns: 0,
        vms: [],
        shareTable: [],
        ksm: { useZeroPages: false, items: [], unstable: [], stable: [], cursor: 0, fullScans: 0 },
        taxPct: IDLE_TAX_DEFAULT_PCT,
        rng: seed,
        seed,
        writes: 0,
      })
      Object.assign(w, fresh)
      emit(w, { kind: 'mem.host', frames: op.frames, seed, cite: 'oc-swap' })
      return
    }
    case 'mem.vm':
      return newVm(w, op)
    case 'mem.write':
      return write(w, op)
    case 'mem.touch':
      return touch(w, vmIndex(w, op.vm), op.count)
    case 'mem.balloon':
      return setBalloon(w, vmIndex(w, op.vm), op.numPages)
    case 'mem.share': {
      const vm = vmIndex(w, op.vm)
      checkGfn(w.vms[vm] as WVm, op.gfn)
      return shareOne(w, vm, op.gfn)
    }
    case 'mem.share-scan': {
      if (w.frames.length === 0) throw new Refusal({ code: 'no-host' })
      // ESX scans pages in a random order (WAL02 §4.2): from the script's seed.
      for (let i = 0; i < op.count; i++) {
        const cands: { vm: number; gfn: number }[] = []
        w.vms.forEach((v, vm) =>
          v.p2m.forEach((s, g) => {
            if (s.kind === 'mapped' && s.entry.write) cands.push({ vm, gfn: g })
          }),
        )
        if (cands.length === 0) break
        const c = cands[nextRandom(w, cands.length)] as { vm: number; gfn: number }
        shareOne(w, c.vm, c.gfn)
      }
      return
    }
    case 'mem.ksm-madvise': {
      const vm = vmIndex(w, op.vm)
      ;(w.vms[vm] as WVm).mergeable = true
      emit(w, { kind: 'mem.ksm-config', madvise: vm, zero: w.ksm.useZeroPages, cite: 'oc-ksm' })
      return
    }
    case 'mem.ksm-zero':
      w.ksm = { ...w.ksm, useZeroPages: op.on }
      emit(w, { kind: 'mem.ksm-config', madvise: null, zero: op.on, cite: 'oc-ksm' })
      return
    case 'mem.ksm-scan':
      return ksmScan(w, op.count)
    case 'mem.swap': {
      const vm = vmIndex(w, op.vm)
      checkGfn(w.vms[vm] as WVm, op.gfn)
      return swapOut(w, vm, op.gfn, 'command')
    }
    case 'mem.pageout': {
      const vm = vmIndex(w, op.vm)
      const v = w.vms[vm] as WVm
      checkGfn(v, op.gfn)
      const p = v.guest[op.gfn] as GuestPage
      if (p.use !== 'anon') throw new Refusal({ code: 'not-anon', gfn: op.gfn, use: p.use })
      const f = hostUse(w, vm, op.gfn, false, true)
      const doublePaged = f?.kind === 'swap-in'
      v.disk.push(p.content ?? ZERO)
      v.guestWrites++
      v.guest[op.gfn] = { use: 'free', active: false, content: p.content }
      emit(w, {
        kind: 'mem.pageout',
        vm,
        gfn: op.gfn,
        diskSlot: v.disk.length - 1,
        doublePaged,
        ios: doublePaged ? 3 : 1,
        cite: 'oc-swap',
      })
      return
    }
    case 'mem.tax':
      w.taxPct = op.pct
      emit(w, { kind: 'mem.tax', pct: op.pct, k: idleCost(op.pct), cite: 'oc-idle-tax' })
      return
    case 'mem.reclaim':
      return reclaim(w)
  }
}

export function applyOvercommit(s: OcState, op: OcOp): Result<OcStep, OcError> {
  const w = work(s)
  try {
    run(w, op)
  } catch (e) {
    if (e instanceof Refusal) return err(e.error)
    throw e
  }
  return ok({ state: snapshot(w), events: w.events })
}
