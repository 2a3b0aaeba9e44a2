// The shadow-paging VMM (`mmu shadow`), KVM style (hw-facts §8). The guest OS runs its own
// 4-level tables in guest-physical memory (paging.mem); the hardware walks shadow tables in
// host memory that map guest-virtual straight to machine addresses. The VMM fills them lazily
// on hidden page faults, write-protects the guest tables it shadows, emulates the guest's
// stores into them, switches shadow roots on MOV to CR3 and drops entries on INVLPG.
import { type Gpa, type Gva, type Hpa, gpa, hpa } from '../core/addr.ts'
import type { EngineError } from '../core/errors.ts'
import type { EngineEvent } from '../core/event.ts'
import { type Result, err, ok } from '../core/result.ts'
import { allocFrame } from '../memory/alloc.ts'
import { type PhysMem, readPhys, writePhys, zeroFrame } from '../memory/phys.ts'
import { applyPaging, currentPcid, walkContext } from '../paging/apply.ts'
import { PTE_P, PTE_PS, decodeEntry } from '../paging/entry.ts'
import type { PagingEvent } from '../paging/events.ts'
import { isCanonical, levelIndex } from '../paging/geometry.ts'
import type { PagingOp } from '../paging/ops.ts'
import { PF_P, PF_WR } from '../paging/pf.ts'
import { tlbFillLeaf, tlbLookup, tlbMatches, tlbRemove, tlbTouch } from '../paging/tlb.ts'
import type { ControlBit, PagingState, TlbEntry } from '../paging/types.ts'
import { type WalkContext, permissionFault, rootBase, walk } from '../paging/walk.ts'
import type { VirtOp } from '../virt/ops.ts'
import type { Mmu, MmuOp, VirtMachine } from '../virt/mmu.ts'
import { type VirtResult, noPkru, p2mLookup, p2mMap, p2mTranslate } from '../virt/p2m.ts'
import type { VirtState } from '../virt/types.ts'
import { EXIT_REASON, basicExit } from '../vmx/exitReasons.ts'
import { PF_INTR_INFO } from '../vmx/interruption.ts'
import type { ShadowCitationId } from './cite.ts'
import {
  SHADOW_GEOMETRY,
  composeEntry,
  decodeCtx,
  findPage,
  guestEntry,
  hardwareControl,
  isShadowedGfn,
  levelSpec,
  shadowEntry,
  supervisorWriteEntry,
} from './compose.ts'
import type { ShadowError } from './errors.ts'
import type {
  GuestRefSummary,
  ShadowEvent,
  ShadowExitInfo,
  ShadowHandled,
  ShadowRefSummary,
  SyncCause,
  SyncPart,
} from './events.ts'
import { type ShadowCounters, type ShadowPage, type ShadowState, totalExits } from './types.ts'

/**
 * The hardware walks the shadow tables with paging/'s walk, which types the physical addresses
 * it reads as the guest OS's (Gpa). Shadow tables live in host memory and the real CR3 holds a
 * host-physical root, so what that walk reports here (and what it caches in the TLB) is
 * host-physical. This is the one place that says so (core/addr.ts).
 */
const onHost = (a: Gpa): Hpa => hpa(a)

const shadowErr = (e: ShadowError): VirtResult => err({ code: 'shadow', error: e })
const pagingErr = (e: Extract<EngineError, { code: 'paging' }>['error']): VirtResult =>
  err({ code: 'paging', error: e })

/** Working copy of the machine while one op runs (the inputs are never mutated). */
interface Cx {
  paging: PagingState
  virt: VirtState
  sh: ShadowState
  events: EngineEvent[]
}

const emit = (cx: Cx, e: ShadowEvent | PagingEvent): void => {
  cx.events.push(e)
}

function count(c: ShadowCounters, reason: ShadowExitInfo['reason']): ShadowCounters {
  const x = c.exits
  const exits =
    reason === EXIT_REASON.EXCEPTION_NMI
      ? { ...x, exception: x.exception + 1 }
      : reason === EXIT_REASON.INVLPG
        ? { ...x, invlpg: x.invlpg + 1 }
        : reason === EXIT_REASON.CR_ACCESS
          ? { ...x, crAccess: x.crAccess + 1 }
          : { ...x, wrmsr: x.wrmsr + 1 }
  return { ...c, exits }
}

function vmExit(
  cx: Cx,
  exit: ShadowExitInfo,
  cause: Extract<ShadowEvent, { kind: 'shadow.exit' }>['cause'],
  va: Gva | null,
): void {
  const cite: ShadowCitationId =
    exit.reason === EXIT_REASON.EXCEPTION_NMI
      ? 'vmx-exit-exception'
      : exit.reason === EXIT_REASON.INVLPG
        ? 'vmx-exit-invlpg'
        : exit.reason === EXIT_REASON.CR_ACCESS
          ? 'vmx-exit-cr'
          : 'vmx-exit-wrmsr'
  cx.sh = { ...cx.sh, counters: count(cx.sh.counters, exit.reason) }
  emit(cx, { kind: 'shadow.exit', exit, cause, va, cite })
}

const pfExit = (va: Gva | null, errorCode: number): ShadowExitInfo => ({
  ...basicExit('EXCEPTION_NMI'),
  qualification: va,
  intrInfo: PF_INTR_INFO,
  errorCode,
})

function bump(cx: Cx, field: 'hiddenFaults' | 'reflectedFaults' | 'ptWrites'): void {
  const c = cx.sh.counters
  cx.sh = { ...cx.sh, counters: { ...c, [field]: c[field] + 1 } }
}

function setHost(cx: Cx, host: PhysMem): void {
  cx.virt = { ...cx.virt, host }
}

/** Drops TLB entries (the VMM's INVLPG/flush after it changed shadow entries). */
function invalidateTlb(
  cx: Cx,
  drop: (e: TlbEntry) => boolean,
  why: 'fault' | 'sync' = 'sync',
): void {
  const r = tlbRemove(cx.paging.tlb, drop)
  if (r.removed.length === 0) return
  cx.paging = { ...cx.paging, tlb: r.tlb }
  emit(cx, {
    kind: 'shadow.tlb',
    why,
    removed: r.removed.length,
    kept: r.tlb.entries.length,
    cite: 'kvm-mmu-shadow',
  })
}

const ADDR = ((1n << 52n) - 1n) & ~0xfffn

/**
 * Writes one shadow entry and reports it. Level-1 changes invalidate the TLB entries of the old
 * machine frame; higher levels flush the TLB (the VMM cannot tell which addresses went through).
 */
function writeShadow(
  cx: Cx,
  page: ShadowPage,
  index: number,
  next: bigint,
  cause: SyncCause,
  va: Gva | null,
): boolean {
  const old = shadowEntry(cx.virt.host, page, index)
  if (old === next) return false
  const addr = hpa(page.hpa + BigInt(index * 8))
  setHost(cx, writePhys(cx.virt.host, addr, 8, next))
  const graw = guestEntry(cx.paging.mem, page, index)
  const c = page.level === 1 ? composeEntry(cx.paging, cx.virt, cx.sh, 1, graw) : null
  const gframe = decodeEntry(decodeCtx(cx.paging), levelSpec(page.level), graw).addr
  // The P2M side only matters for a present guest leaf (a dropped entry has none).
  const p = page.level === 1 && (graw & PTE_P) !== 0n ? p2mLookup(cx.virt, gframe) : null
  emit(cx, {
    kind: 'shadow.sync',
    action: (old & PTE_P) === 0n ? 'fill' : (next & PTE_P) === 0n ? 'drop' : 'update',
    cause,
    level: page.level,
    name: levelSpec(page.level).name,
    va,
    guest: { gpa: gpa(page.gfn + BigInt(index * 8)), raw: graw },
    p2m: p ? { gpa: gframe, hpa: p.hpa, write: p.write, execute: p.execute } : null,
    shadow: { addr, old, raw: next },
    rights:
      (next & PTE_P) === 0n || !c?.rights
        ? null
        : cause === 'cr0-wp'
          ? { ...c.rights, writable: true }
          : c.rights,
    cite:
      cause === 'invlpg'
        ? 'kvm-mmu-invlpg'
        : cause === 'pt-write' || cause === 'write-protect'
          ? 'kvm-mmu-wp'
          : cause === 'cr0-wp'
            ? 'kvm-mmu-cr0wp'
            : 'kvm-mmu-pf',
  })
  if ((old & PTE_P) !== 0n) {
    if (page.level === 1) {
      const frame = hpa(old & ADDR)
      invalidateTlb(cx, (e) => onHost(e.pa) === frame)
    } else invalidateTlb(cx, () => true)
  }
  return true
}

/**
 * Brings shadow entry `index` of `page` in line with its guest entry. A guest write to an
 * upper-level table drops the shadow entry; at the last level the VMM refreshes it from the new
 * guest entry (or drops it when there is nothing to build), as classic KVM's kvm_mmu_pte_write
 * did (mmu_pte_write_new_pte refreshed last-level sptes only; newer KVM just zaps).
 */
function syncIndex(
  cx: Cx,
  page: ShadowPage,
  index: number,
  cause: SyncCause,
  va: Gva | null,
): void {
  const drop =
    cause === 'invlpg' || cause === 'host-map' || (cause === 'pt-write' && page.level > 1)
  const c = drop
    ? null
    : composeEntry(cx.paging, cx.virt, cx.sh, page.level, guestEntry(cx.paging.mem, page, index))
  writeShadow(cx, page, index, c?.raw ?? 0n, cause, va)
}

/** Shadowing guest table `gfn` makes it write-protected: writable leaves onto it lose R/W. */
function writeProtect(cx: Cx, gfn: Gpa): void {
  const m = p2mLookup(cx.virt, gfn)
  if (!m) return
  const parts: SyncPart[] = []
  for (const page of cx.sh.pages) {
    if (page.level !== 1) continue
    for (let i = 0; i < 512; i++) {
      const old = shadowEntry(cx.virt.host, page, i)
      if ((old & PTE_P) === 0n || (old & ADDR) !== m.hpa) continue
      const c = composeEntry(cx.paging, cx.virt, cx.sh, 1, guestEntry(cx.paging.mem, page, i))
      const next = c?.raw ?? 0n
      if (next === old) continue
      const addr = hpa(page.hpa + BigInt(i * 8))
      setHost(cx, writePhys(cx.virt.host, addr, 8, next))
      parts.push({ addr, old, raw: next })
    }
  }
  if (parts.length === 0) return
  emit(cx, { kind: 'shadow.write-protect', gfn, entries: parts, cite: 'kvm-mmu-wp' })
  invalidateTlb(cx, (e) => onHost(e.pa) === m.hpa)
}

/** A new shadow page in host memory for guest table `gfn` at `level`. */
function allocPage(cx: Cx, gfn: Gpa, level: number): ShadowPage | null {
  const a = allocFrame(cx.virt.hostAlloc, cx.virt.host)
  if (!a) return null
  const fresh = !isShadowedGfn(cx.sh, gfn)
  const frame = hpa(a.frame)
  cx.virt = { ...cx.virt, hostAlloc: a.alloc, host: zeroFrame(cx.virt.host, frame) }
  const page: ShadowPage = { hpa: frame, gfn, level }
  cx.sh = { ...cx.sh, pages: [...cx.sh.pages, page] }
  emit(cx, {
    kind: 'shadow.alloc',
    hpa: frame,
    gfn,
    level,
    name: levelSpec(level).name,
    pages: cx.sh.pages.length,
    cite: 'kvm-mmu-shadow',
  })
  if (fresh) writeProtect(cx, gfn)
  return page
}

/** Installs the shadow root for the guest CR3 now loaded (cached or new). */
function switchRoot(cx: Cx): boolean {
  const cr3 = cx.paging.cr3
  if (cr3 === null) return true
  const gfn = rootBase(SHADOW_GEOMETRY, cr3, cx.paging.maxPhyAddr)
  const cached = findPage(cx.sh, gfn, 4)
  const page = cached ?? allocPage(cx, gfn, 4)
  if (!page) return false
  cx.sh = { ...cx.sh, root: page.hpa }
  emit(cx, {
    kind: 'shadow.root',
    gcr3: cr3,
    hpa: page.hpa,
    reused: cached !== null,
    roots: cx.sh.pages.filter((p) => p.level === 4).length,
    cite: 'kvm-mmu-cr3',
  })
  return true
}

/** Discards every shadow page (their role no longer matches) and frees their host frames. */
function zapAll(cx: Cx, why: ControlBit | 'paging-mode'): void {
  const pages = cx.sh.pages
  if (pages.length === 0 && cx.sh.root === null) return
  const frames = new Map(cx.virt.host.frames)
  let lowest = cx.virt.hostAlloc.next
  for (const p of pages) {
    frames.delete(p.hpa >> 12n)
    if (p.hpa < lowest) lowest = p.hpa
  }
  cx.virt = {
    ...cx.virt,
    host: { frames },
    hostAlloc: { ...cx.virt.hostAlloc, next: lowest },
  }
  cx.sh = { ...cx.sh, pages: [], root: null }
  emit(cx, { kind: 'shadow.zap', pages: pages.length, why, cite: 'kvm-mmu-role' })
  invalidateTlb(cx, () => true)
}

function convertWalkEvents(cx: Cx, events: readonly PagingEvent[], who: 'hardware' | 'vmm'): void {
  for (const e of events) {
    if (e.kind === 'paging.ref') {
      // The VMM reads guest tables (guest-physical, shown at their host address through the
      // P2M; an unbacked one keeps its GPA there); the hardware reads the shadow tables.
      const guestAddr = who === 'vmm' ? e.addr : null
      const addr = who === 'vmm' ? (p2mTranslate(cx.virt, e.addr) ?? hpa(e.addr)) : onHost(e.addr)
      emit(cx, {
        kind: 'shadow.ref',
        who,
        va: e.va,
        level: e.level,
        name: e.name,
        index: e.index,
        addr,
        gpa: guestAddr,
        raw: e.raw,
        flags: e.flags,
        cite: who === 'hardware' ? 'kvm-mmu-shadow' : 'kvm-mmu-pf',
      })
    } else if (e.kind === 'paging.ad' && who === 'vmm') {
      emit(cx, {
        kind: 'shadow.guest-ad',
        level: e.level,
        name: e.name,
        gpa: e.addr,
        old: e.old,
        raw: e.raw,
        set: e.set,
        cite: 'kvm-mmu-dirty',
      })
    } else emit(cx, e)
  }
}

function shadowCtx(cx: Cx): WalkContext | null {
  if (cx.sh.root === null) return null
  return {
    geometry: SHADOW_GEOMETRY,
    maxPhyAddr: cx.paging.maxPhyAddr,
    control: hardwareControl(cx.paging),
    cr3: cx.sh.root,
    pdptes: null,
  }
}

const done = (cx: Cx): VirtResult =>
  ok({ paging: cx.paging, virt: { ...cx.virt, shadow: cx.sh }, events: cx.events })

/** One hardware walk of the shadow tables; fills the TLB on success. */
function hardwareWalk(
  cx: Cx,
  ctx: WalkContext,
  op: Extract<PagingOp, { kind: 'paging.access' }>,
  refs: ShadowRefSummary[],
) {
  const w = walk(ctx, cx.virt.host, op.va, op.intent, op.mode, true)
  setHost(cx, w.mem)
  convertWalkEvents(cx, w.events, 'hardware')
  refs.push(...w.refs.map((r) => ({ level: r.level, addr: onHost(r.addr) })))
  if (!w.outcome.ok) return w.outcome
  const f = tlbFillLeaf(cx.paging.tlb, op.va, 0, w.outcome.leaf, false)
  cx.paging = { ...cx.paging, tlb: f.tlb }
  if (f.event) emit(cx, f.event)
  return { ok: true as const, pa: onHost(w.outcome.pa) }
}

type AccessOp = Extract<PagingOp, { kind: 'paging.access' }>
type AccessSummary = Omit<
  Extract<ShadowEvent, { kind: 'shadow.access' }>,
  'kind' | 'va' | 'intent' | 'mode' | 'counters' | 'shadowPages' | 'cite'
>
/** Ends an access with its `shadow.access` summary (counters as they are now). */
type Report = (s: AccessSummary) => VirtResult

function reporter(cx: Cx, op: AccessOp): Report {
  return (s) => {
    emit(cx, {
      kind: 'shadow.access',
      va: op.va,
      intent: op.intent,
      mode: op.mode,
      counters: cx.sh.counters,
      shadowPages: cx.sh.pages.length,
      cite: s.induced === 'guest' ? 'kvm-mmu-pf' : 'kvm-mmu-shadow',
      ...s,
    })
    return done(cx)
  }
}

/**
 * `access` under shadow paging: the TLB, then the hardware walk of the shadow tables; when that
 * faults, the VM exit and the VMM's handling of the #PF (vmmHandlePf).
 */
function access(cx: Cx, op: AccessOp): VirtResult {
  cx.sh = { ...cx.sh, lastVa: op.va }
  const report = reporter(cx, op)
  if (!isCanonical(op.va, SHADOW_GEOMETRY.vaBits))
    // #GP comes before any walk and is not intercepted here (only #PF is in the bitmap).
    return report({
      result: 'fault',
      induced: 'none',
      handled: null,
      pa: null,
      gpa: null,
      tlb: null,
      refs: [],
      guestRefs: [],
      exit: null,
      fault: { vector: 13 },
    })
  const gctx = walkContext(cx.paging)
  const sctx = shadowCtx(cx)
  if (!gctx || !sctx) return pagingErr({ code: 'no-cr3' })

  const hitPa = tlbStep(cx, op)
  if (hitPa !== null)
    return report({
      result: 'ok',
      induced: 'none',
      handled: null,
      pa: hitPa,
      gpa: null,
      tlb: 'hit',
      refs: [],
      guestRefs: [],
      exit: null,
      fault: null,
    })
  const refs: ShadowRefSummary[] = []
  const first = hardwareWalk(cx, sctx, op, refs)
  if (first.ok)
    return report({
      result: 'ok',
      induced: 'none',
      handled: null,
      pa: first.pa,
      gpa: null,
      tlb: 'miss',
      refs,
      guestRefs: [],
      exit: null,
      fault: null,
    })

  // The shadow walk faulted: #PF is in the exception bitmap, so it is a VM exit (hw-facts §8).
  invalidateTlb(cx, (e) => tlbMatches(e, op.va, currentPcid(cx.paging)), 'fault')
  const exit = pfExit(op.va, first.fault.errorCode)
  vmExit(cx, exit, 'shadow-pf', op.va)
  return vmmHandlePf(cx, { op, gctx, report, refs, exit })
}

/** The TLB lookup: the physical address on a usable hit, null on a miss (both reported). */
function tlbStep(cx: Cx, op: AccessOp): Hpa | null {
  const pcid = currentPcid(cx.paging)
  const hit = tlbLookup(cx.paging.tlb, op.va, pcid)
  let why: 'absent' | 'clean' | 'denied' = 'absent'
  if (hit) {
    const denied = permissionFault(hit, op.intent, op.mode, hardwareControl(cx.paging), 'long')
    const clean = op.intent === 'write' && !hit.dirty
    if (!denied && !clean) {
      cx.paging = { ...cx.paging, tlb: tlbTouch(cx.paging.tlb, hit) }
      emit(cx, { kind: 'paging.tlb.hit', va: op.va, pcid, entry: hit, cite: 'sdm3-4.10.2' })
      return hpa(onHost(hit.pa) | (op.va & (hit.pageBytes - 1n)))
    }
    why = clean ? 'clean' : 'denied'
  }
  emit(cx, { kind: 'paging.tlb.miss', va: op.va, pcid, why, cite: 'sdm3-4.10.2' })
  return null
}

/** A #PF the shadow walk raised, as the VMM's handler receives it. */
interface PfExit {
  readonly op: AccessOp
  readonly gctx: WalkContext
  readonly report: Report
  /** Shadow references so far; the retried walk adds its own. */
  readonly refs: ShadowRefSummary[]
  readonly exit: ShadowExitInfo
}

/** The summary of an access that exited (a TLB miss, the shadow references and the exit). */
const reportExit = (pf: PfExit, s: Omit<AccessSummary, 'tlb' | 'refs' | 'exit'>): VirtResult =>
  pf.report({ tlb: 'miss', refs: pf.refs, exit: pf.exit, ...s })

/**
 * The VMM's #PF handler: it walks the guest's tables in software (no side effects until it
 * knows the outcome). A fault the guest's own tables make is reflected to the guest; else the
 * fault was the hypervisor's (hidden) and fixHiddenFault handles it.
 */
function vmmHandlePf(cx: Cx, pf: PfExit): VirtResult {
  const { op } = pf
  const probe = walk(pf.gctx, cx.paging.mem, op.va, op.intent, op.mode, false)
  const unbackedTable = probe.refs.find((r) => p2mLookup(cx.virt, r.addr) === null)
  if (unbackedTable) {
    convertWalkEvents(
      cx,
      probe.events.filter((e) => e.kind === 'paging.ref' && e.addr === unbackedTable.addr),
      'vmm',
    )
    bump(cx, 'hiddenFaults')
    return reportExit(pf, {
      result: 'exit',
      induced: 'hypervisor',
      handled: 'unbacked',
      pa: null,
      gpa: gpa(unbackedTable.addr & ~0xfffn),
      guestRefs: [],
      fault: null,
    })
  }
  const guestRefs: GuestRefSummary[] = probe.refs.map((r) => ({
    level: r.level,
    gpa: r.addr,
    hpa: p2mTranslate(cx.virt, r.addr) ?? hpa(r.addr),
  }))

  if (!probe.outcome.ok) {
    // Guest-induced: the guest's own tables fault. Reflect it with the guest's error code.
    convertWalkEvents(cx, probe.events, 'vmm')
    const f = probe.outcome.fault
    bump(cx, 'reflectedFaults')
    emit(cx, {
      kind: 'shadow.inject',
      vector: 14,
      errorCode: f.errorCode,
      cr2: f.cr2,
      reason: f.reason,
      level: f.level,
      intrInfo: PF_INTR_INFO,
      cite: 'vmx-inject-pf',
    })
    return reportExit(pf, {
      result: 'fault',
      induced: 'guest',
      handled: 'inject',
      pa: null,
      gpa: null,
      guestRefs,
      fault: { vector: 14, errorCode: f.errorCode, cr2: f.cr2 },
    })
  }
  const largeRef = probe.events.find(
    (e) => e.kind === 'paging.ref' && e.level > 1 && e.flags.p && (e.raw & PTE_PS) !== 0n,
  )
  if (largeRef && largeRef.kind === 'paging.ref')
    return shadowErr({ code: 'large-page', va: op.va, level: largeRef.level })
  return fixHiddenFault(cx, pf, guestRefs)
}

/**
 * A hypervisor-induced fault: the guest's tables allow the access. The VMM walks them again
 * with the A/D updates a real walk would make (it makes them for the guest, hw-facts §1.6, §8),
 * builds the missing shadow entries, then emulates a store into a guest table or resumes the
 * guest, whose retried walk now succeeds.
 */
function fixHiddenFault(cx: Cx, pf: PfExit, guestRefs: readonly GuestRefSummary[]): VirtResult {
  const { op } = pf
  const w = walk(pf.gctx, cx.paging.mem, op.va, op.intent, op.mode, true)
  cx.paging = { ...cx.paging, mem: w.mem }
  convertWalkEvents(cx, w.events, 'vmm')
  bump(cx, 'hiddenFaults')
  if (!w.outcome.ok) return pagingErr({ code: 'no-cr3' })
  const gpa = w.outcome.pa
  const frame = w.outcome.leaf.frame
  const handledAs = (handled: ShadowHandled, pa: Hpa | null): VirtResult =>
    reportExit(pf, {
      result: 'exit',
      induced: 'hypervisor',
      handled,
      pa,
      gpa,
      guestRefs,
      fault: null,
    })
  const backing = p2mLookup(cx.virt, frame)
  if (!backing || !backing.read) return handledAs('unbacked', null)

  const failed = fillShadowPath(cx, op.va)
  if (failed !== null) return failed

  const dataHpa = hpa(backing.hpa | (gpa & 0xfffn))
  const nxe = cx.paging.control.eferNxe
  if (
    (op.intent === 'write' && !backing.write) ||
    (op.intent === 'fetch' && nxe && !backing.execute)
  )
    return handledAs('p2m-denied', null)
  if (op.intent === 'write' && isShadowedGfn(cx.sh, frame)) {
    emulateTableWrite(cx, op.va, gpa, dataHpa, frame)
    return handledAs('emulate', dataHpa)
  }
  // Guest CR0.WP=0: a supervisor write to a page the guest's tables make read-only is allowed
  // (SDM3 §4.6.1), but the host keeps WP=1, so the VMM switches the path to KVM's second encoding.
  const wp0 =
    op.intent === 'write' &&
    op.mode === 'kernel' &&
    !cx.paging.control.cr0Wp &&
    !w.outcome.leaf.rights.rw
  if (wp0) supervisorWritePath(cx, op.va)
  emit(cx, { kind: 'shadow.resume', va: op.va, cite: 'kvm-mmu-pf' })
  const retryCtx = shadowCtx(cx)
  if (!retryCtx) return pagingErr({ code: 'no-cr3' })
  const again = hardwareWalk(cx, retryCtx, op, pf.refs)
  return handledAs(wp0 ? 'cr0-wp' : 'fill', again.ok ? again.pa : null)
}

/**
 * Guest CR0.WP=0 (KVM FNAME(page_fault): `pte_access |= ACC_WRITE_MASK; &= ~ACC_USER_MASK`):
 * every shadow entry on `va`'s path that is read-only becomes writable and supervisor-only
 * (supervisorWriteEntry). KVM's upper-level sptes carry full rights, so it changes only the
 * leaf; here upper shadow entries copy the guest's R/W, so a read-only one changes the same way.
 */
function supervisorWritePath(cx: Cx, va: Gva): void {
  let page = cx.sh.pages.find((p) => p.hpa === cx.sh.root && p.level === 4)
  for (const spec of SHADOW_GEOMETRY.levels) {
    if (!page) return
    const index = Number(levelIndex(spec, va))
    const g = guestEntry(cx.paging.mem, page, index)
    const c = composeEntry(cx.paging, cx.virt, cx.sh, spec.level, g)
    const next = c ? supervisorWriteEntry(cx.paging, spec.level, c) : null
    if (next !== null) writeShadow(cx, page, index, next, 'cr0-wp', va)
    if (spec.level === 1) return
    page =
      findPage(cx.sh, decodeEntry(decodeCtx(cx.paging), spec, g).addr, spec.level - 1) ?? undefined
  }
}

/** Builds the missing shadow entries for `va`, top down, allocating shadow pages on the way. */
function fillShadowPath(cx: Cx, va: Gva): VirtResult | null {
  const rootPage = cx.sh.pages.find((p) => p.hpa === cx.sh.root && p.level === 4)
  if (!rootPage) return pagingErr({ code: 'no-cr3' })
  let page: ShadowPage = rootPage
  for (const spec of SHADOW_GEOMETRY.levels) {
    const index = Number(levelIndex(spec, va))
    if (spec.level > 1) {
      const g = guestEntry(cx.paging.mem, page, index)
      const childGfn = decodeEntry(decodeCtx(cx.paging), spec, g).addr
      const child =
        findPage(cx.sh, childGfn, spec.level - 1) ?? allocPage(cx, childGfn, spec.level - 1)
      if (!child) return shadowErr({ code: 'host-full' })
      syncIndex(cx, page, index, 'fault', va)
      page = child
    } else syncIndex(cx, page, index, 'fault', va)
  }
  return null
}

/**
 * A store into a guest page table: the shadow keeps it read-only, so the VMM does the store
 * itself (`access` carries no data: the bytes stay as they are) and resyncs the entry.
 */
function emulateTableWrite(cx: Cx, va: Gva, at: Gpa, atHost: Hpa, frame: Gpa): void {
  const entryGpa = gpa(at & ~7n)
  const value = readPhys(cx.paging.mem, entryGpa, 8)
  bump(cx, 'ptWrites')
  emit(cx, {
    kind: 'shadow.pt-write',
    via: 'access',
    gpa: entryGpa,
    hpa: hpa(atHost & ~7n),
    size: 8,
    old: value,
    value,
    va,
    cite: 'kvm-mmu-wp',
  })
  for (const p of cx.sh.pages.filter((x) => x.gfn === frame))
    syncIndex(cx, p, Number((entryGpa & 0xfffn) >> 3n), 'pt-write', null)
}

/** A guest store to guest-physical [addr, addr+size): traps if it touches a shadowed table. */
function guestStore(
  cx: Cx,
  via: 'poke' | 'map',
  addr: Gpa,
  size: number,
  old: bigint,
  value: bigint,
  native: PagingEvent,
): void {
  const first = gpa(addr & ~0xfffn)
  const last = gpa((addr + BigInt(size) - 1n) & ~0xfffn)
  const hit = [first, last].some((f) => isShadowedGfn(cx.sh, f))
  if (!hit) {
    emit(cx, native)
    return
  }
  vmExit(cx, pfExit(null, PF_P | PF_WR), 'pt-write', null)
  bump(cx, 'hiddenFaults')
  bump(cx, 'ptWrites')
  emit(cx, {
    kind: 'shadow.pt-write',
    via,
    gpa: addr,
    hpa: p2mTranslate(cx.virt, addr),
    size,
    old,
    value,
    va: null,
    cite: 'kvm-mmu-wp',
  })
  for (let e = addr & ~7n; e < addr + BigInt(size); e += 8n) {
    const gfn = gpa(e & ~0xfffn)
    for (const p of cx.sh.pages.filter((x) => x.gfn === gfn))
      syncIndex(cx, p, Number((e & 0xfffn) >> 3n), 'pt-write', null)
  }
}

function cost(cx: Cx, before: ShadowCounters): void {
  const exits = totalExits(cx.sh.counters) - totalExits(before)
  if (exits === 0) return
  emit(cx, {
    kind: 'shadow.cost',
    exits,
    hiddenFaults: cx.sh.counters.hiddenFaults - before.hiddenFaults,
    counters: cx.sh.counters,
    shadowPages: cx.sh.pages.length,
    cite: 'kvm-mmu-shadow',
  })
}

function nativeStep(cx: Cx, op: PagingOp): Result<readonly PagingEvent[], EngineError> {
  const r = applyPaging(cx.paging, op)
  if (!r.ok) return err({ code: 'paging', error: r.error })
  cx.paging = r.value.state
  return ok(r.value.events)
}

/** The op's native events, in order. */
function emitAll(cx: Cx, events: readonly PagingEvent[]): void {
  for (const e of events) emit(cx, e)
}

/** Ends an op that may have left the guest: the cost summary, then the new machine. */
function finish(cx: Cx, before: ShadowCounters): VirtResult {
  cost(cx, before)
  return done(cx)
}

/** MOV to a control register exits (CR_ACCESS, exit qualification = the CR number). */
function crExit(cx: Cx, cr: bigint, cause: 'cr3' | 'control'): void {
  vmExit(
    cx,
    { ...basicExit('CR_ACCESS'), qualification: cr, intrInfo: null, errorCode: null },
    cause,
    null,
  )
}

/** MOV to CR3 exits; the VMM switches to the shadow root of the new guest root. */
function cr3(cx: Cx, op: Extract<PagingOp, { kind: 'paging.cr3' }>): VirtResult {
  const before = cx.sh.counters
  crExit(cx, 3n, 'cr3')
  const r = nativeStep(cx, op)
  if (!r.ok) return r
  emitAll(cx, r.value)
  const faulted = r.value.some((e) => e.kind === 'paging.cr3' && e.fault !== null)
  if (!faulted && !switchRoot(cx)) return shadowErr({ code: 'host-full' })
  return finish(cx, before)
}

/** The guest OS builds its mapping; each store into a shadowed table traps. */
function map(cx: Cx, op: Extract<PagingOp, { kind: 'paging.map' }>): VirtResult {
  if (op.size === '2M' || op.size === '1G' || op.size === '4M')
    return shadowErr({ code: 'large-page', va: op.va, level: op.size === '1G' ? 3 : 2 })
  const before = cx.sh.counters
  const r = nativeStep(cx, op)
  if (!r.ok) return r
  for (const e of r.value) {
    if (e.kind === 'paging.entry.write') {
      guestStore(cx, 'map', e.addr, 8, e.old, e.raw, e)
    } else if (e.kind === 'paging.cr3' && e.fault === null) {
      crExit(cx, 3n, 'cr3')
      emit(cx, e)
      if (!switchRoot(cx)) return shadowErr({ code: 'host-full' })
    } else emit(cx, e)
  }
  return finish(cx, before)
}

function poke(cx: Cx, op: Extract<PagingOp, { kind: 'paging.poke' }>): VirtResult {
  const before = cx.sh.counters
  const r = nativeStep(cx, op)
  if (!r.ok) return r
  for (const e of r.value) {
    if (e.kind === 'paging.poke') guestStore(cx, 'poke', e.addr, e.size, e.old, e.value, e)
    else emit(cx, e)
  }
  return finish(cx, before)
}

/** INVLPG exits; the VMM drops the last-level shadow entry for the address, then the TLB's. */
function invlpg(cx: Cx, op: Extract<PagingOp, { kind: 'paging.invlpg' }>): VirtResult {
  const before = cx.sh.counters
  vmExit(
    cx,
    { ...basicExit('INVLPG'), qualification: op.va, intrInfo: null, errorCode: null },
    'invlpg',
    op.va,
  )
  // Follow the shadow tables to the last-level entry for this address and drop it.
  let page = cx.sh.pages.find((p) => p.hpa === cx.sh.root && p.level === 4) ?? null
  while (page) {
    const index = Number(levelIndex(levelSpec(page.level), op.va))
    const s = shadowEntry(cx.virt.host, page, index)
    if ((s & PTE_P) === 0n) break
    if (page.level === 1) {
      syncIndex(cx, page, index, 'invlpg', op.va)
      break
    }
    const child = hpa(s & ADDR)
    page = cx.sh.pages.find((p) => p.hpa === child) ?? null
  }
  const r = nativeStep(cx, op)
  if (!r.ok) return r
  emitAll(cx, r.value)
  return finish(cx, before)
}

const ROLE_BITS: readonly ControlBit[] = ['cr0.wp', 'efer.nxe', 'cr4.smep', 'cr4.smap']

/** CR0/CR4 writes and WRMSR EFER exit; a bit in the shadow pages' role zaps them all. */
function control(cx: Cx, op: Extract<PagingOp, { kind: 'paging.control' }>): VirtResult {
  if (op.bit === 'cr4.pcide' && op.on)
    return shadowErr({ code: 'control-unsupported', bit: op.bit, on: op.on })
  const before = cx.sh.counters
  const was = cx.paging.control
  if (op.bit === 'efer.nxe')
    vmExit(
      cx,
      { ...basicExit('MSR_WRITE'), qualification: null, intrInfo: null, errorCode: null },
      'control',
      null,
    )
  else if (op.bit !== 'eflags.ac') crExit(cx, op.bit === 'cr0.wp' ? 0n : 4n, 'control')
  const r = nativeStep(cx, op)
  if (!r.ok) return r
  emitAll(cx, r.value)
  const changed = JSON.stringify(was) !== JSON.stringify(cx.paging.control)
  if (changed && ROLE_BITS.includes(op.bit)) {
    zapAll(cx, op.bit)
    if (!switchRoot(cx)) return shadowErr({ code: 'host-full' })
  }
  return finish(cx, before)
}

function mode(cx: Cx, op: Extract<PagingOp, { kind: 'paging.mode' }>): VirtResult {
  if (op.mode !== 'x86-64') return shadowErr({ code: 'mode-unsupported', mode: op.mode })
  const r = nativeStep(cx, op)
  if (!r.ok) return r
  emitAll(cx, r.value)
  zapAll(cx, 'paging-mode')
  return done(cx)
}

function info(cx: Cx, op: Extract<PagingOp, { kind: 'paging.info' }>): VirtResult {
  const r = nativeStep(cx, op)
  if (!r.ok) return r
  emitAll(cx, r.value)
  emit(cx, {
    kind: 'shadow.info',
    root: cx.sh.root,
    pages: cx.sh.pages.map((p) => ({ hpa: p.hpa, gfn: p.gfn, level: p.level })),
    counters: cx.sh.counters,
    cite: 'kvm-mmu-shadow',
  })
  return done(cx)
}

/** `translate` (the guest's own view, guest-physical) and the TLB ops (the hardware's). */
function nativeOnly(
  cx: Cx,
  op: Extract<PagingOp, { kind: 'paging.translate' | 'paging.tlb.flush' | 'paging.tlb.config' }>,
): VirtResult {
  const r = nativeStep(cx, op)
  if (!r.ok) return r
  emitAll(cx, r.value)
  return done(cx)
}

/** `host map`: the P2M entry, then the shadow leaves built from the old entries are dropped. */
function hostMap(cx: Cx, op: Extract<VirtOp, { kind: 'virt.host-map' }>): VirtResult {
  const r = p2mMap(cx.paging, cx.virt, op)
  if (!r.ok) return r
  for (const e of r.value.events) cx.events.push(e)
  cx.virt = { ...r.value.virt, shadow: cx.sh }
  // Leaves built from the old P2M entries of the remapped frames are stale: drop them.
  const lo = op.gpa
  const hi =
    op.gpa + (r.value.events[0]?.kind === 'virt.p2m-map' ? sizeOf(r.value.events[0].size) : 0x1000n)
  for (const page of cx.sh.pages) {
    if (page.level !== 1) continue
    for (let i = 0; i < 512; i++) {
      const s = shadowEntry(cx.virt.host, page, i)
      if ((s & PTE_P) === 0n) continue
      const g = decodeEntry(decodeCtx(cx.paging), levelSpec(1), guestEntry(cx.paging.mem, page, i))
      if (g.addr >= lo && g.addr < hi) syncIndex(cx, page, i, 'host-map', null)
    }
  }
  return done(cx)
}

const sizeOf = (s: '4K' | '2M' | '1G'): bigint =>
  s === '4K' ? 0x1000n : s === '2M' ? 0x200000n : 0x40000000n

/** A shadow method: a non-4-level guest is refused first, then `f` runs on a working copy. */
function onCx<O extends MmuOp>(
  f: (cx: Cx, op: O) => VirtResult,
): (m: VirtMachine, op: O) => VirtResult {
  return ({ paging, virt }, op) => {
    if (paging.mode !== 'x86-64') return shadowErr({ code: 'mode-unsupported', mode: paging.mode })
    return f({ paging, virt, sh: virt.shadow, events: [] }, op)
  }
}

/** `mmu shadow`, registered in virt/apply.ts. */
export const shadowMmu: Mmu<'shadow'> = {
  kind: 'shadow',
  access: onCx(access),
  translate: onCx(nativeOnly),
  tlbFlush: onCx(nativeOnly),
  tlbConfig: onCx(nativeOnly),
  cr3: onCx(cr3),
  map: onCx(map),
  poke: onCx(poke),
  invlpg: onCx(invlpg),
  control: onCx(control),
  mode: onCx(mode),
  info: onCx(info),
  hostMap: onCx(hostMap),
  pkru: noPkru('shadow'),
}
