import { type Gva, type Hpa, gpa, gva, hpa } from '../core/addr.ts'
import type { EngineError } from '../core/errors.ts'
import type { EngineEvent } from '../core/event.ts'
import { type Result, err, ok } from '../core/result.ts'
import { allocFrame, reserveRange } from '../memory/alloc.ts'
import { type PhysMem, readPhys, writePhys, zeroFrame } from '../memory/phys.ts'
import { currentPcid, walkContext, applyPaging, geometryOfState } from '../paging/apply.ts'
import type { PagingOp } from '../paging/ops.ts'
import type { PagingState } from '../paging/types.ts'
import { permissionFault } from '../paging/walk.ts'
import type { VirtOp } from '../virt/ops.ts'
import type { Mmu, VirtMachine } from '../virt/mmu.ts'
import { HOST_PAGE_BYTES } from '../virt/p2m.ts'
import type { VirtState } from '../virt/types.ts'
import {
  decodeEptEntry,
  decodeEptp,
  encodeEptLeaf,
  encodeEptTable,
  encodeEptp,
  eptIndex,
  eptLevels,
  eptpProblem,
} from './entry.ts'
import type { EptError } from './errors.ts'
import type {
  EptEvent,
  EptMappingRow,
  EptOutcome,
  EptRefSummary,
  EptTlbFlushReason,
} from './events.ts'
import type { EptOp } from './ops.ts'
import {
  type TlbTag,
  eptTlbFill,
  eptTlbFind,
  eptTlbMatches,
  eptTlbRemove,
  eptTlbTouch,
} from './tlb.ts'
import type { EptState, EptTlbEntry, EptWalkRecord, GpaCacheEntry, PscEntry } from './types.ts'
import { type EptConfig, type NestedResult, nestedWalk } from './walk2d.ts'
import { type EptLoopPattern, eptBulk, eptLoop } from './bulk.ts'
import { EXIT_REASON } from '../vmx/exitReasons.ts'

type R = Result<VirtStepOut, EngineError>
interface VirtStepOut {
  readonly paging: PagingState
  readonly virt: VirtState
  readonly events: readonly EngineEvent[]
}

const eptErr = (e: EptError): Result<never, EngineError> => err({ code: 'ept', error: e })

function flushEvent(
  reason: EptTlbFlushReason,
  removed: readonly EptTlbEntry[],
  kept: number,
  cacheDropped = 0,
): EptEvent {
  return {
    kind: 'ept.tlb.flush',
    reason,
    removed,
    kept,
    cacheDropped,
    cite:
      reason === 'invept'
        ? 'ept-invept'
        : reason === 'invvpid'
          ? 'ept-invvpid'
          : reason === 'ept-violation'
            ? 'ept-violation-invalidate'
            : reason === 'vm-transition'
              ? 'ept-vpid'
              : 'ept-guest-cr3',
  }
}

/** Drops entries; the flush event is emitted even when nothing went (the class sees "0"). */
function flushTlb(
  ept: EptState,
  reason: EptTlbFlushReason,
  drop: (e: EptTlbEntry) => boolean,
  psc: (e: PscEntry) => boolean = () => false,
  gpa: (e: GpaCacheEntry) => boolean = () => false,
): { ept: EptState; event: EptEvent } {
  const r = eptTlbRemove(ept.tlb, drop)
  // The same operations drop paging-structure-cache entries (hw-facts §7, §3.3).
  const c = ept.caches
  const caches = { ...c, psc: c.psc.filter((e) => !psc(e)), gpa: c.gpa.filter((e) => !gpa(e)) }
  const cacheDropped = c.psc.length - caches.psc.length + (c.gpa.length - caches.gpa.length)
  const event = flushEvent(reason, r.removed, r.tlb.entries.length, cacheDropped)
  return { ept: { ...ept, tlb: r.tlb, caches }, event }
}

const tagOf = (paging: PagingState, ept: EptState): TlbTag => ({
  vpid: ept.vpid,
  pcid: currentPcid(paging),
  eptp: ept.eptp ?? 0n,
})

// The last decoded EPTP: it changes only on `eptp`/`host map`, so an access does not decode it
// (BigInt masks and shifts) again. A pure memo: the same inputs always give an equal config.
let lastConfig: EptConfig | null = null

function config(paging: PagingState, ept: EptState): EptConfig | null {
  if (ept.eptp === null) return null
  const c = lastConfig
  if (
    c !== null &&
    c.eptp.raw === ept.eptp &&
    c.maxPhyAddr === paging.maxPhyAddr &&
    c.execOnly === ept.execOnly
  )
    return c
  lastConfig = {
    eptp: decodeEptp(ept.eptp, paging.maxPhyAddr),
    maxPhyAddr: paging.maxPhyAddr,
    execOnly: ept.execOnly,
  }
  return lastConfig
}

// Canonical linear addresses by width (hw-facts §1.2): bits 63:(w-1) all 0 or all 1. The two
// allowed values of those top bits per width, computed once instead of per access.
const canonicalTops = new Map<number, { readonly shift: bigint; readonly ones: bigint }>()
function canonical(va: bigint, vaBits: number): boolean {
  let t = canonicalTops.get(vaBits)
  if (t === undefined) {
    t = { shift: BigInt(vaBits - 1), ones: (1n << BigInt(65 - vaBits)) - 1n }
    canonicalTops.set(vaBits, t)
  }
  const top = va >> t.shift
  return top === 0n || top === t.ones
}

type EptAccessOp = Extract<PagingOp, { kind: 'paging.access' | 'paging.translate' }>
type AccessEvent = Extract<EptEvent, { kind: 'ept.access' }>
type WalkOutcome = NestedResult['outcome']

/** The `ept.access` summary that ends every access and translate. */
function summarizer(op: EptAccessOp, cfg: EptConfig, vpid: number) {
  return (
    outcome: EptOutcome,
    tlb: 'hit' | 'miss' | null,
    refs: readonly EptRefSummary[],
    guestLevels: number,
  ): AccessEvent => summaryEvent(op, cfg, vpid, outcome, tlb, refs, guestLevels)
}

function summaryEvent(
  op: EptAccessOp,
  cfg: EptConfig,
  vpid: number,
  outcome: EptOutcome,
  tlb: 'hit' | 'miss' | null,
  refs: readonly EptRefSummary[],
  guestLevels: number,
): AccessEvent {
  return {
    kind: 'ept.access',
    va: op.va,
    intent: op.intent,
    mode: op.mode,
    tlb,
    refs,
    guestLevels,
    eptLevels: cfg.eptp.levels,
    vpid,
    outcome,
    translateOnly: op.kind === 'paging.translate',
    cite:
      outcome.result === 'exit'
        ? outcome.exit.reason === EXIT_REASON.EPT_VIOLATION
          ? 'ept-violation'
          : 'ept-misconfig'
        : outcome.result === 'fault'
          ? 'ept-fault-order'
          : 'ept-2d-walk',
  }
}

function outcomeOf(o: WalkOutcome): EptOutcome {
  if (o.kind === 'ok')
    return { result: 'ok', hpa: o.leaf.hpa, gpa: o.leaf.gpa, pageBytes: o.leaf.pageBytes }
  return o.kind === 'fault' ? { result: 'fault', fault: o.fault } : { result: 'exit', exit: o.exit }
}

/**
 * `access` and `translate` under EPT (hw-facts §3, §7): #GP for a non-canonical address, the
 * combined TLB (access only), the nested walk, then what its outcome does to the TLB and the
 * caches. `translate` is the same walk without A/D writes, TLB or caches.
 */
function access({ paging, virt }: VirtMachine, op: EptAccessOp): R {
  const ept = virt.ept
  const cfg = config(paging, ept)
  if (cfg === null) return eptErr({ code: 'no-eptp', op: op.kind })
  // Guest paging on: CR3 loaded (walkContext is built only if the walk runs).
  const guestOn = paging.cr3 !== null
  const g = geometryOfState(paging)
  if (guestOn && g.canonical && !canonical(op.va, g.vaBits)) {
    // #GP before the TLB and the walk (hw-facts §1.2), delivered to the guest.
    const gp: EptOutcome = { result: 'fault', fault: { vector: 13, reason: 'non-canonical' } }
    return ok({ paging, virt, events: [summaryEvent(op, cfg, ept.vpid, gp, null, [], 0)] })
  }
  if (!guestOn && op.va >> BigInt(paging.maxPhyAddr) !== 0n)
    return eptErr({ code: 'address-too-wide', what: 'gpa', addr: op.va })

  const tag = tagOf(paging, ept)
  const translateOnly = op.kind === 'paging.translate'
  const events: EngineEvent[] = []
  if (!translateOnly) {
    const t = lookupTlb(paging, ept, op, tag)
    if ('hit' in t) {
      // The hit path: no walk context, no decoding; the TLB and lastWalk are all that change.
      const o = t.hit
      const offset = op.va & (o.pageBytes - 1n)
      const hitOutcome: EptOutcome = {
        result: 'ok',
        hpa: hpa(o.hpa | offset),
        gpa: gpa(o.gpa | offset),
        pageBytes: o.pageBytes,
      }
      const done = summaryEvent(op, cfg, ept.vpid, hitOutcome, 'hit', [], 0)
      const next: EptState = {
        eptp: ept.eptp,
        vpid: ept.vpid,
        execOnly: ept.execOnly,
        tlb: eptTlbTouch(ept.tlb, o, t.at),
        lastWalk: { access: done, refs: [], stop: null, cacheHits: [] },
        caches: ept.caches,
      }
      // `{ ...virt }` then a store: V8's fast clone (see liftVirt).
      const v: { -readonly [K in keyof VirtState]: VirtState[K] } = { ...virt }
      v.ept = next
      return ok({ paging, virt: v, events: [t.event, done] })
    }
    events.push(t.event)
  }
  const summary = summarizer(op, cfg, ept.vpid)
  const guest = walkContext(paging)
  const w = nestedWalk({
    cfg,
    guest,
    guestMem: paging.mem,
    host: virt.host,
    va: op.va,
    intent: op.intent,
    mode: op.mode,
    sideEffects: !translateOnly,
    caches: ept.caches,
    tag,
  })
  events.push(...w.events)
  if (translateOnly) {
    // No A/D writes, no TLB, no caches: the machine is as it was.
    events.push(summary(outcomeOf(w.outcome), null, w.refs, w.guestLevels))
    return ok({ paging, virt: { ...virt }, events })
  }
  const pge = guest !== null && paging.control.cr4Pge
  const after = afterWalk({ ...ept, caches: w.caches }, w.outcome, op.va, tag, pge)
  const done = summary(outcomeOf(w.outcome), 'miss', w.refs, w.guestLevels)
  events.push(...after.events, done)
  const next: EptState = { ...after.ept, lastWalk: record(done, events) }
  return ok({
    paging: { ...paging, mem: w.guestMem },
    virt: { ...virt, host: w.host, ept: next },
    events,
  })
}

/** The combined TLB: an entry that allows the access, or the miss event saying why not. */
function lookupTlb(
  paging: PagingState,
  ept: EptState,
  op: EptAccessOp,
  tag: TlbTag,
):
  | { readonly hit: EptTlbEntry; readonly at: number; readonly event: EptEvent }
  | { readonly event: EptEvent } {
  const at = eptTlbFind(ept.tlb, op.va, tag)
  const hit = at < 0 ? undefined : ept.tlb.entries[at]
  let why: 'absent' | 'clean' | 'denied' = 'absent'
  if (hit) {
    const format = geometryOfState(paging).format
    const denied =
      permissionFault(hit, op.intent, op.mode, paging.control, format) !== null ||
      !(op.intent === 'read' ? hit.eptR : op.intent === 'write' ? hit.eptW : hit.eptX)
    const clean = op.intent === 'write' && !hit.dirty
    if (!denied && !clean) {
      const event: EptEvent = {
        kind: 'ept.tlb.hit',
        va: op.va,
        vpid: tag.vpid,
        pcid: tag.pcid,
        entry: hit,
        cite: 'ept-tlb',
      }
      return { hit, at, event }
    }
    why = clean ? 'clean' : 'denied'
  }
  return {
    event: {
      kind: 'ept.tlb.miss',
      va: op.va,
      vpid: tag.vpid,
      pcid: tag.pcid,
      why,
      cite: 'ept-tlb',
    },
  }
}

/** What the walk's outcome does to the combined TLB and the paging-structure caches. */
function afterWalk(
  ept: EptState,
  o: WalkOutcome,
  va: Gva,
  tag: TlbTag,
  pge: boolean,
): { readonly ept: EptState; readonly events: readonly EngineEvent[] } {
  if (o.kind === 'ok') {
    // Only translations that do not fault are cached (SDM3 §4.10.2), as combined mappings.
    const leaf = o.leaf
    const f = eptTlbFill(ept.tlb, {
      ...tag,
      va: gva(va & ~(leaf.pageBytes - 1n)),
      pageBytes: leaf.pageBytes,
      gpa: gpa(leaf.gpa & ~(leaf.pageBytes - 1n)),
      hpa: hpa(leaf.hpa & ~(leaf.pageBytes - 1n)),
      rw: leaf.rights.rw,
      us: leaf.rights.us,
      xd: leaf.rights.xd,
      eptR: leaf.ept.r,
      eptW: leaf.ept.w,
      eptX: leaf.ept.x,
      dirty: leaf.dirty,
      global: pge && leaf.global,
    })
    const filled: EptEvent = {
      kind: 'ept.tlb.fill',
      entry: f.entry,
      evicted: f.evicted,
      occupancy: f.tlb.entries.length,
      capacity: f.tlb.capacity,
      cite: 'ept-tlb',
    }
    return { ept: { ...ept, tlb: f.tlb }, events: f.tlb.capacity > 0 ? [filled] : [] }
  }
  if (o.kind === 'fault') {
    // Delivering #PF invalidates the page's entries for the current VPID and PCID.
    const r = eptTlbRemove(ept.tlb, (e) => !e.global && eptTlbMatches(e, va, tag))
    if (r.removed.length === 0) return { ept, events: [] }
    const event = flushEvent('guest-page-fault', r.removed, r.tlb.entries.length)
    return { ept: { ...ept, tlb: r.tlb }, events: [event] }
  }
  // The violation drops cached guest-physical mappings of the faulting GPA (hw-facts §7).
  const gpaPage = (e: GpaCacheEntry): boolean =>
    e.eptp === tag.eptp && (o.exit.gpa & ~(e.pageBytes - 1n)) === e.gpa
  const next = { ...ept, caches: { ...ept.caches, gpa: ept.caches.gpa.filter((e) => !gpaPage(e)) } }
  if (ept.vpid === 0) {
    // Without VPID the VM exit (and the entry after it) drops every VPID-0000H mapping.
    const f = flushTlb(
      next,
      'vm-transition',
      (e) => e.vpid === 0,
      (e) => e.vpid === 0,
    )
    return { ept: f.ept, events: [f.event] }
  }
  const r = eptTlbRemove(next.tlb, (e) => eptTlbMatches(e, va, tag))
  if (r.removed.length === 0) return { ept: next, events: [] }
  const event = flushEvent('ept-violation', r.removed, r.tlb.entries.length)
  return { ept: { ...next, tlb: r.tlb }, events: [event] }
}

function record(
  access: Extract<EptEvent, { kind: 'ept.access' }>,
  events: readonly EngineEvent[],
): EptWalkRecord {
  const refs: Extract<EptEvent, { kind: 'ept.nested-ref' | 'ept.guest-ref' }>[] = []
  const cacheHits: Extract<EptEvent, { kind: 'ept.cache-hit' }>[] = []
  let stop: EptWalkRecord['stop'] = null
  for (const e of events) {
    if (e.kind === 'ept.nested-ref' || e.kind === 'ept.guest-ref') refs.push(e)
    if (e.kind === 'ept.violation' || e.kind === 'ept.misconfig') stop = e
    if (e.kind === 'ept.cache-hit') cacheHits.push(e)
  }
  return { access, refs, stop, cacheHits }
}

/** `host map` under EPT: the VMM writes EPT entries, allocating zeroed table pages. */
function hostMap(
  { paging, virt: virt0 }: VirtMachine,
  op: Extract<VirtOp, { kind: 'virt.host-map' }>,
): R {
  const bytes = HOST_PAGE_BYTES[op.size]
  const maxPa = 1n << BigInt(paging.maxPhyAddr)
  if (op.gpa % bytes !== 0n)
    return eptErr({ code: 'misaligned', what: 'gpa', addr: op.gpa, size: op.size })
  if (op.hpa % bytes !== 0n)
    return eptErr({ code: 'misaligned', what: 'hpa', addr: op.hpa, size: op.size })
  if (op.gpa + bytes > maxPa) return eptErr({ code: 'address-too-wide', what: 'gpa', addr: op.gpa })
  if (op.hpa + bytes > maxPa) return eptErr({ code: 'address-too-wide', what: 'hpa', addr: op.hpa })
  if (!op.read && !op.write && !op.execute) return eptErr({ code: 'no-permissions' })
  let virt = virt0
  const events: EngineEvent[] = []
  const tables: Hpa[] = []
  const take = (level: number, name: string): Hpa | null => {
    const a = allocFrame(virt.hostAlloc, virt.host, 4096n, maxPa)
    if (!a) return null
    const frame = hpa(a.frame)
    virt = { ...virt, hostAlloc: a.alloc, host: zeroFrame(virt.host, frame) }
    tables.push(frame)
    events.push({ kind: 'ept.table', hpa: frame, level, name, cite: 'ept-host-map' })
    return frame
  }
  if (virt.ept.eptp === null) {
    // No EPTP yet: the VMM allocates the root and points a 4-level EPTP at it (A/D off, WB).
    const root = take(4, 'EPT PML4')
    if (root === null) return eptErr({ code: 'no-free-frame' })
    const raw = encodeEptp(root, 4, false)
    virt = { ...virt, ept: { ...virt.ept, eptp: raw } }
    events.push({
      kind: 'ept.eptp',
      raw,
      root,
      levels: 4,
      ad: false,
      memoryType: 6,
      previous: null,
      cite: 'ept-eptp',
    })
  }
  const eptp = decodeEptp(virt.ept.eptp ?? 0n, paging.maxPhyAddr)
  const target = op.size === '4K' ? 1 : op.size === '2M' ? 2 : 3
  let base = eptp.root
  let leafAddr = hpa(0n)
  for (const l of eptLevels(eptp.levels)) {
    const addr = hpa(base + eptIndex(l, op.gpa) * 8n)
    const old = readPhys(virt.host, addr, 8)
    // The hypervisor's store into its EPT table, shown as its own step.
    const put = (raw: bigint): void => {
      virt = { ...virt, host: writePhys(virt.host, addr, 8, raw) }
      events.push({
        kind: 'ept.entry-write',
        level: l.level,
        name: l.name,
        gpa: op.gpa,
        addr,
        old,
        raw,
        flags: decodeEptEntry(l, raw, paging.maxPhyAddr),
        cite: 'ept-entry',
      })
    }
    if (l.level === target) {
      put(encodeEptLeaf(op.hpa, op.read, op.write, op.execute, target > 1))
      leafAddr = addr
      break
    }
    const f = decodeEptEntry(l, old, paging.maxPhyAddr)
    if (f.present) {
      if (f.leaf) return eptErr({ code: 'map-conflict', gpa: op.gpa, level: l.level })
      base = f.addr
      continue
    }
    const lower = eptLevels(eptp.levels).find((x) => x.level === l.level - 1)
    const frame = take(l.level - 1, lower?.name.replace(/E$/, '') ?? '')
    if (frame === null) return eptErr({ code: 'no-free-frame' })
    put(encodeEptTable(frame))
    base = frame
  }
  virt = { ...virt, hostAlloc: reserveRange(virt.hostAlloc, op.hpa, bytes) }
  events.push({
    kind: 'ept.map',
    gpa: op.gpa,
    hpa: op.hpa,
    size: op.size,
    r: op.read,
    w: op.write,
    x: op.execute,
    leafAddr,
    tables,
    cite: 'ept-host-map',
  })
  // EPT changes are plain stores: cached translations stay until INVEPT (hw-facts §7).
  return ok({ paging, virt, events })
}

/** Every leaf of the EPT tables, GPA order, at most `limit` rows (for `ept info`). */
export function eptMappings(
  host: PhysMem,
  eptpRaw: bigint,
  maxPhyAddr: number,
  limit = 64,
): EptMappingRow[] {
  const eptp = decodeEptp(eptpRaw, maxPhyAddr)
  const levels = eptLevels(eptp.levels)
  const rows: EptMappingRow[] = []
  const visit = (depth: number, base: Hpa, gpaHigh: bigint): void => {
    const l = levels[depth]
    if (!l) return
    for (let i = 0n; i < 512n && rows.length < limit; i++) {
      const raw = readPhys(host, base + i * 8n, 8)
      const f = decodeEptEntry(l, raw, maxPhyAddr)
      if (!f.present) continue
      const guestAddr = gpa(gpaHigh | (i << l.shift))
      if (f.leaf)
        rows.push({
          gpa: guestAddr,
          hpa: f.addr,
          pageBytes: l.largePage !== null && f.large ? l.largePage : 4096n,
          level: l.level,
          r: f.r,
          w: f.w,
          x: f.x,
          a: f.a,
          d: f.d,
        })
      else visit(depth + 1, f.addr, guestAddr)
    }
  }
  visit(0, eptp.root, 0n)
  return rows
}

/** Guest ops that change what the TLB may hold: the current VPID's entries go (hw-facts §7). */
function guestOp({ paging, virt }: VirtMachine, op: PagingOp): R {
  const r = applyPaging(paging, op)
  if (!r.ok) return err({ code: 'paging', error: r.error })
  // paging.tlb is not used under EPT: the combined TLB below is, so its flush events replace these.
  const events: EngineEvent[] = r.value.events.filter((e) => e.kind !== 'paging.tlb.flush')
  let ept = virt.ept
  const vpid = ept.vpid
  const before = paging
  const after = r.value.state
  let flush: { reason: EptTlbFlushReason; drop: (e: EptTlbEntry) => boolean } | null = null
  if (op.kind === 'paging.cr3') {
    const loaded = events.some((e) => e.kind === 'paging.cr3' && e.fault === null && !e.noFlush)
    const pcid = currentPcid(after)
    if (loaded)
      flush = {
        reason: 'guest-cr3',
        drop: (e) => e.vpid === vpid && !e.global && (!after.control.cr4Pcide || e.pcid === pcid),
      }
  } else if (op.kind === 'paging.mode') {
    flush = { reason: 'guest-mode', drop: (e) => e.vpid === vpid }
  } else if (op.kind === 'paging.control') {
    const was = before.control
    const now = after.control
    if (was.cr4Pge !== now.cr4Pge || (was.cr4Pcide && !now.cr4Pcide))
      flush = { reason: 'guest-cr4', drop: (e) => e.vpid === vpid }
    else if (!was.cr4Smep && now.cr4Smep) {
      const pcid = currentPcid(before)
      flush = { reason: 'guest-cr4', drop: (e) => e.vpid === vpid && e.pcid === pcid }
    }
  } else if (op.kind === 'paging.map' && events.some((e) => e.kind === 'paging.cr3')) {
    // `map` loaded CR3 for its first table: a CR3 load like any other.
    flush = { reason: 'guest-cr3', drop: (e) => e.vpid === vpid && !e.global }
  }
  if (flush) {
    const f = flushTlb(ept, flush.reason, flush.drop, (e) => e.vpid === vpid)
    ept = f.ept
    // `map`'s own first CR3 load says nothing unless it dropped something.
    const dropped =
      f.event.kind === 'ept.tlb.flush' && f.event.removed.length + f.event.cacheDropped > 0
    if (dropped || op.kind !== 'paging.map') events.push(f.event)
  }
  return ok({ paging: after, virt: { ...virt, ept }, events })
}

/** INVLPG in the guest: that page's entries for the current VPID and PCID, plus globals. */
function invlpg(
  { paging, virt }: VirtMachine,
  op: Extract<PagingOp, { kind: 'paging.invlpg' }>,
): R {
  const tag = tagOf(paging, virt.ept)
  // INVLPG also drops every paging-structure-cache entry of the current PCID (hw-facts §7).
  const f = flushTlb(
    virt.ept,
    'guest-invlpg',
    (e) => eptTlbMatches({ ...e, eptp: tag.eptp }, op.va, tag),
    (e) => e.vpid === tag.vpid && e.pcid === tag.pcid,
  )
  return ok({ paging, virt: { ...virt, ept: f.ept }, events: [f.event] })
}

function tlbFlush({ paging, virt }: VirtMachine): R {
  const vpid = virt.ept.vpid
  const f = flushTlb(
    virt.ept,
    'guest-flush',
    (e) => e.vpid === vpid,
    (e) => e.vpid === vpid,
  )
  return ok({ paging, virt: { ...virt, ept: f.ept }, events: [f.event] })
}

function tlbConfig(
  { paging, virt }: VirtMachine,
  op: Extract<PagingOp, { kind: 'paging.tlb.config' }>,
): R {
  const capacity = op.capacity ?? virt.ept.tlb.capacity
  if (!Number.isInteger(capacity) || capacity < 0 || capacity > 4096)
    return err({ code: 'paging', error: { code: 'bad-tlb-size', capacity } })
  let tlb = { ...virt.ept.tlb, capacity }
  const removed: EptTlbEntry[] = []
  while (tlb.entries.length > capacity) {
    let v: EptTlbEntry | null = null
    for (const e of tlb.entries) if (v === null || e.used < v.used) v = e
    removed.push(...tlb.entries.filter((e) => e === v))
    tlb = { ...tlb, entries: tlb.entries.filter((e) => e !== v) }
  }
  const events: EngineEvent[] = [
    { kind: 'paging.tlb.config', capacity, policy: 'lru', cite: 'sdm3-4.10.2' },
  ]
  if (removed.length > 0) events.push(flushEvent('resize', removed, tlb.entries.length))
  return ok({ paging, virt: { ...virt, ept: { ...virt.ept, tlb } }, events })
}

/** `mmu ept`, registered in virt/apply.ts. */
export const eptMmu: Mmu<'ept'> = {
  kind: 'ept',
  access,
  translate: access,
  hostMap,
  invlpg,
  tlbFlush,
  tlbConfig,
  cr3: guestOp,
  mode: guestOp,
  control: guestOp,
  map: guestOp,
  poke: guestOp,
  info: guestOp,
}

/** The EPT hypervisor's own ops (`eptp`, `vpid`, `ept ...`); only under `mmu ept`. */
export function applyEptOp(paging: PagingState, virt: VirtState, op: EptOp): R {
  if (virt.mmu !== 'ept') return eptErr({ code: 'not-ept', op: op.kind, mmu: virt.mmu })
  const ept = virt.ept
  const done = (next: EptState, events: EngineEvent[]): R =>
    ok({ paging, virt: { ...virt, ept: next }, events })
  switch (op.kind) {
    case 'ept.eptp': {
      const raw = encodeEptp(op.root, op.levels, op.ad, op.memoryType)
      const why = eptpProblem(raw, paging.maxPhyAddr)
      if (why !== null || op.root % 4096n !== 0n)
        return eptErr({ code: 'bad-eptp', raw, why: why ?? 'the root table must be 4 KiB aligned' })
      const d = decodeEptp(raw, paging.maxPhyAddr)
      // The root page belongs to the VMM now: table allocation must not reuse it.
      const virt2 = { ...virt, hostAlloc: reserveRange(virt.hostAlloc, d.root, 4096n) }
      return ok({
        paging,
        virt: { ...virt2, ept: { ...ept, eptp: raw } },
        events: [
          {
            kind: 'ept.eptp',
            raw,
            root: d.root,
            levels: d.levels,
            ad: d.adEnabled,
            memoryType: d.memoryType,
            previous: ept.eptp,
            cite: 'ept-eptp',
          },
        ],
      })
    }
    case 'ept.vpid':
      if (!Number.isInteger(op.vpid) || op.vpid < 0 || op.vpid > 0xffff)
        return eptErr({ code: 'bad-vpid', vpid: op.vpid })
      return done({ ...ept, vpid: op.vpid }, [
        { kind: 'ept.vpid', vpid: op.vpid, previous: ept.vpid, cite: 'ept-vpid' },
      ])
    case 'ept.cap':
      return done({ ...ept, execOnly: op.execOnly }, [
        { kind: 'ept.cap', execOnly: op.execOnly, cite: 'ept-cap' },
      ])
    case 'ept.invept': {
      // Single context: combined mappings made under that EPTP (all VPIDs); global: all.
      const target = op.eptp ?? ept.eptp
      const mine = (e: { readonly eptp: bigint }): boolean => op.type === 2 || e.eptp === target
      // INVEPT drops guest-physical and combined mappings: the TLB and both caches.
      const f = flushTlb(ept, 'invept', mine, mine, mine)
      return done(f.ept, [f.event])
    }
    case 'ept.invvpid': {
      const { type, vpid, va } = op
      // Type 2 spares VPID 0000H; INVVPID ignores EPTP and PCID (hw-facts §7).
      const drop = (e: EptTlbEntry): boolean =>
        type === 0
          ? e.vpid === vpid && (va & ~(e.pageBytes - 1n)) === e.va
          : type === 1
            ? e.vpid === vpid
            : type === 2
              ? e.vpid !== 0
              : e.vpid === vpid && !e.global
      if (type !== 2 && vpid === 0) return eptErr({ code: 'bad-vpid', vpid })
      const f = flushTlb(ept, 'invvpid', drop, (e) => (type === 2 ? e.vpid !== 0 : e.vpid === vpid))
      return done(f.ept, [f.event])
    }
    case 'ept.world-switch': {
      const events: EngineEvent[] = [{ kind: 'ept.world-switch', vpid: ept.vpid, cite: 'ept-vpid' }]
      if (ept.vpid !== 0) return done(ept, events)
      const f = flushTlb(
        ept,
        'vm-transition',
        (e) => e.vpid === 0,
        (e) => e.vpid === 0,
      )
      return done(f.ept, [...events, f.event])
    }
    case 'ept.caches': {
      const events: EngineEvent[] = [{ kind: 'ept.caches', enabled: op.enabled, cite: 'ept-pwc' }]
      if (op.enabled) return done({ ...ept, caches: { ...ept.caches, enabled: true } }, events)
      const f = flushTlb(
        { ...ept, caches: { ...ept.caches, enabled: false } },
        'caches-off',
        () => false,
        () => true,
        () => true,
      )
      return done(f.ept, [...events, f.event])
    }
    case 'ept.loop':
      return eptLoop({ paging, virt }, op, access)
    case 'ept.info':
      return done(ept, [
        {
          kind: 'ept.info',
          eptp: ept.eptp,
          vpid: ept.vpid,
          execOnly: ept.execOnly,
          mappings: ept.eptp === null ? [] : eptMappings(virt.host, ept.eptp, paging.maxPhyAddr),
          tlb: ept.tlb.entries,
          tlbCapacity: ept.tlb.capacity,
          cite: 'ept-tlb',
        },
      ])
  }
}

/** ept/bulk.ts with this module's per-access code: COUNT accesses and the machine after them. */
export const runEptBulk = (m: VirtMachine, p: EptLoopPattern) => eptBulk(m, p, access)
