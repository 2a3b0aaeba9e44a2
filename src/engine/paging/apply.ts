import { type Gpa, type Gva, gpa } from '../core/addr.ts'
import { type Result, err, ok } from '../core/result.ts'
import { allocFrame, frameAllocator, reserveRange } from '../memory/alloc.ts'
import { type PhysMem, readPhys, writePhys, zeroFrame } from '../memory/phys.ts'
import { bits, encodeEntry, entryAddress, paePdpteReserved, psMapsPage, PTE_P } from './entry.ts'
import type { PagingError } from './errors.ts'
import type { PagingEvent, PagingOutcome, RefSummary, TlbFlushReason } from './events.ts'
import { enumerateMappings } from './dump.ts'
import { geometryOf, isCanonical, levelIndex, sizeLabel, teachGeometryProblem } from './geometry.ts'
import type { PagingOp } from './ops.ts'
import { tlbConfigure, tlbFillLeaf, tlbLookup, tlbMatches, tlbRemove, tlbTouch } from './tlb.ts'
import {
  type AccessIntent,
  type AccessMode,
  CONTROL_FIELD,
  type Geometry,
  PAGE_SIZE_BYTES,
  type PagingState,
  type PdpteRegister,
  type TlbEntry,
} from './types.ts'
import { type WalkContext, accessFault, rootBase, walk } from './walk.ts'

export interface PagingStep {
  readonly state: PagingState
  readonly events: readonly PagingEvent[]
}

type Step = Result<PagingStep, PagingError>

const CR3_NOFLUSH = 1n << 63n

export const geometryOfState = (s: PagingState): Geometry => geometryOf(s.mode, s.teach)

/** PCID tag of new TLB entries: CR3 bits 11:0 with CR4.PCIDE=1, else 000H (hw-facts §7). */
export const currentPcid = (s: PagingState): number =>
  s.control.cr4Pcide && s.cr3 !== null ? Number(s.cr3 & 0xfffn) : 0

export function walkContext(s: PagingState): WalkContext | null {
  if (s.cr3 === null) return null
  return {
    geometry: geometryOfState(s),
    maxPhyAddr: s.maxPhyAddr,
    control: s.control,
    cr3: s.cr3,
    pdptes: s.pdptes,
  }
}

/** Width of physical addresses in this mode (32-bit 4 KiB frames: 32; teaching: vaBits). */
function physBits(s: PagingState, g: Geometry): number {
  if (g.format === 'teach') return g.vaBits
  if (g.format === 'legacy32') return 32
  return s.maxPhyAddr
}

/** Linear-address check: #GP for non-canonical (64-bit), bad input beyond 32/teach bits. */
function checkVa(g: Geometry, va: bigint): PagingError | 'gp' | null {
  if (g.canonical) return isCanonical(va, g.vaBits) ? null : 'gp'
  return va >> BigInt(g.vaBits) === 0n
    ? null
    : { code: 'address-too-wide', what: 'va', addr: va, bits: g.vaBits }
}

function flushEvent(
  reason: TlbFlushReason,
  removed: readonly TlbEntry[],
  kept: number,
): PagingEvent {
  return {
    kind: 'paging.tlb.flush',
    reason,
    removed,
    kept,
    cite: 'sdm3-4.10.4',
  }
}

function flush(
  s: PagingState,
  reason: TlbFlushReason,
  drop: (e: TlbEntry) => boolean,
): { state: PagingState; event: PagingEvent } {
  const r = tlbRemove(s.tlb, drop)
  return {
    state: { ...s, tlb: r.tlb },
    event: flushEvent(reason, r.removed, r.tlb.entries.length),
  }
}

/**
 * MOV to CR3 (hw-facts §1.3, §7; SDM3 §4.4.1 for PAE). Reserved bits give #GP as an event
 * and leave the state alone. PAE loads the four PDPTE registers here.
 */
function loadCr3(s: PagingState, value: bigint): Step {
  const g = geometryOfState(s)
  const events: PagingEvent[] = []
  const gp = (reason: 'cr3-reserved-bit' | 'pdpte-reserved-bit', base: Gpa): Step =>
    ok({
      state: s,
      events: [
        ...events,
        {
          kind: 'paging.cr3',
          value,
          base,
          pcid: 0,
          noFlush: false,
          pdptes: null,
          fault: { vector: 13, reason },
          cite: reason === 'pdpte-reserved-bit' ? 'sdm3-4.4.1' : 'sdm3-4.10.1',
        },
      ],
    })
  let v = value
  let noFlush = false
  if (g.format === 'long') {
    if ((value & CR3_NOFLUSH) !== 0n) {
      // Bit 63 means "no flush" only with PCIDE; it is never stored in CR3 (hw-facts §7).
      if (!s.control.cr4Pcide) return gp('cr3-reserved-bit', rootBase(g, value, s.maxPhyAddr))
      noFlush = true
      v = value & ~CR3_NOFLUSH
    }
    if (v >> BigInt(s.maxPhyAddr) !== 0n)
      return gp('cr3-reserved-bit', rootBase(g, v, s.maxPhyAddr))
  } else {
    const w = g.format === 'teach' ? g.vaBits : 32
    if (value >> BigInt(w) !== 0n)
      return err({ code: 'address-too-wide', what: 'cr3', addr: value, bits: w })
  }
  const base = rootBase(g, v, s.maxPhyAddr)
  let pdptes: readonly PdpteRegister[] | null = null
  if (g.format === 'pae') {
    const regs: PdpteRegister[] = []
    let bad = false
    for (let i = 0; i < 4; i++) {
      const addr = gpa(base + BigInt(i * 8))
      const raw = readPhys(s.mem, addr, 8)
      const reservedSet = (raw & PTE_P) !== 0n ? raw & paePdpteReserved(s.maxPhyAddr) : 0n
      if (reservedSet !== 0n) bad = true
      events.push({
        kind: 'paging.pdpte.load',
        index: i,
        addr,
        raw,
        reservedSet,
        cite: 'sdm3-4.4.1',
      })
      regs.push({ addr, raw })
    }
    if (bad) return gp('pdpte-reserved-bit', base)
    pdptes = regs
  }
  let next: PagingState = { ...s, cr3: v, pdptes }
  const pcid = currentPcid(next)
  events.push({
    kind: 'paging.cr3',
    value,
    base,
    pcid,
    noFlush,
    pdptes,
    fault: null,
    cite: 'sdm3-4.10.4',
  })
  if (!noFlush) {
    // PCIDE=0: every non-global entry goes. PCIDE=1: the new PCID's non-global entries go.
    const f = flush(next, 'cr3-load', (e) =>
      s.control.cr4Pcide ? !e.global && e.pcid === pcid : !e.global,
    )
    next = f.state
    events.push(f.event)
  }
  return ok({ state: next, events })
}

function setMode(s: PagingState, op: Extract<PagingOp, { kind: 'paging.mode' }>): Step {
  const teach = { ...s.teach, ...op.teach }
  if (op.mode === 'teach') {
    const problem = teachGeometryProblem(teach)
    if (problem) return err({ code: 'bad-geometry', message: problem })
  }
  const maxPhyAddr = op.maxPhyAddr ?? s.maxPhyAddr
  if (!Number.isInteger(maxPhyAddr) || maxPhyAddr < 32 || maxPhyAddr > 52)
    return err({ code: 'bad-maxphyaddr', bits: maxPhyAddr })
  const g = geometryOf(op.mode, teach)
  const events: PagingEvent[] = [
    {
      kind: 'paging.mode',
      mode: op.mode,
      teach: op.mode === 'teach' ? teach : null,
      levels: g.levels.map((l) => l.name),
      vaBits: g.vaBits,
      maxPhyAddr,
      cite:
        op.mode === 'teach'
          ? 'teach-mode'
          : op.mode === 'x86-32'
            ? 'sdm3-4.3'
            : op.mode === 'pae'
              ? 'sdm3-4.4.2'
              : 'sdm3-4.5',
    },
  ]
  let control = s.control
  // PCIDE exists only in IA-32e mode: leaving it clears the bit first.
  if (control.cr4Pcide && g.format !== 'long') {
    control = { ...control, cr4Pcide: false }
    events.push({ kind: 'paging.control', bit: 'cr4.pcide', on: false, cite: 'sdm3-4.10.1' })
  }
  const allocBase = op.mode === 'teach' ? 1n << BigInt(teach.vaBits - 1) : s.allocBase
  const pageBytes = op.mode === 'teach' ? 1n << BigInt(teach.pageBits) : 4096n
  let next: PagingState = {
    ...s,
    mode: op.mode,
    teach,
    maxPhyAddr,
    control,
    cr3: null,
    pdptes: null,
    alloc: frameAllocator(allocBase, pageBytes),
  }
  // A paging-mode change (MOV to CR0/CR4/EFER) flushes every TLB entry, globals included.
  if (s.tlb.entries.length > 0) {
    const f = flush(next, 'mode', () => true)
    next = f.state
    events.push(f.event)
  }
  return ok({ state: next, events })
}

function poke(s: PagingState, op: Extract<PagingOp, { kind: 'paging.poke' }>): Step {
  const g = geometryOfState(s)
  const w = g.format === 'teach' ? g.vaBits : s.maxPhyAddr
  if ((op.addr + BigInt(op.size) - 1n) >> BigInt(w) !== 0n)
    return err({ code: 'address-too-wide', what: 'pa', addr: op.addr, bits: w })
  const value = op.value & ((1n << BigInt(op.size * 8)) - 1n)
  const old = readPhys(s.mem, op.addr, op.size)
  return ok({
    state: { ...s, mem: writePhys(s.mem, op.addr, op.size, value) },
    // A plain store: the TLB is not told (the OS must INVLPG), which is the point.
    events: [{ kind: 'paging.poke', addr: op.addr, size: op.size, value, old, cite: 'vmscope-op' }],
  })
}

function map(s0: PagingState, op: Extract<PagingOp, { kind: 'paging.map' }>): Step {
  const g = geometryOfState(s0)
  const events: PagingEvent[] = []
  const tables: Gpa[] = []
  // Which level holds the leaf, and how large the page is.
  let pageBytes: bigint
  let target = 1
  if (op.size === null || (op.size === '4K' && g.format !== 'teach')) {
    pageBytes = 1n << g.pageShift
  } else {
    pageBytes = PAGE_SIZE_BYTES[op.size]
    const spec = g.levels.find((l) => l.largePage === pageBytes)
    if (!spec) return err({ code: 'size-not-in-mode', size: op.size, mode: g.mode })
    if (g.format === 'legacy32' && !s0.control.cr4Pse) return err({ code: 'pse-off' })
    target = spec.level
  }
  if (op.noExecute && (g.format === 'legacy32' || g.format === 'teach'))
    return err({ code: 'flag-not-in-mode', flag: 'nx', mode: g.mode })
  if (op.global && g.format === 'teach')
    return err({ code: 'flag-not-in-mode', flag: 'g', mode: g.mode })
  // Keys live in bits 62:59 of 4-/5-level entries only (SDM3 §4.6.2).
  if (op.pkey !== undefined && op.pkey !== 0 && g.format !== 'long')
    return err({ code: 'flag-not-in-mode', flag: 'pkey', mode: g.mode })
  const vaProblem = checkVa(g, op.va)
  if (vaProblem === 'gp')
    return err({ code: 'address-too-wide', what: 'va', addr: op.va, bits: g.vaBits })
  if (vaProblem) return err(vaProblem)
  const label = sizeLabel(pageBytes)
  if (op.va % pageBytes !== 0n)
    return err({ code: 'misaligned', what: 'va', addr: op.va, size: label })
  if (op.pa % pageBytes !== 0n)
    return err({ code: 'misaligned', what: 'pa', addr: op.pa, size: label })
  const paBits =
    g.format === 'legacy32' && target === 2 ? Math.min(s0.maxPhyAddr, 40) : physBits(s0, g)
  if ((op.pa + pageBytes - 1n) >> BigInt(paBits) !== 0n)
    return err({ code: 'address-too-wide', what: 'pa', addr: op.pa, bits: paBits })

  let s = s0
  const tablePage = g.format === 'teach' ? 1n << g.pageShift : 4096n
  const allocLimit =
    1n << BigInt(g.format === 'long' ? s.maxPhyAddr : g.format === 'teach' ? g.vaBits : 32)
  const take = (level: number, name: string): Gpa | null => {
    const a = allocFrame(s.alloc, s.mem, tablePage, allocLimit)
    if (!a) return null
    const frame = gpa(a.frame)
    // A new table page starts zeroed: every entry not present.
    let mem: PhysMem = zeroFrame(s.mem, frame)
    if (tablePage !== 4096n) {
      mem = s.mem
      for (let off = 0n; off < tablePage; off += 8n) mem = writePhys(mem, frame + off, 8, 0n)
    }
    s = { ...s, alloc: a.alloc, mem }
    tables.push(frame)
    events.push({ kind: 'paging.alloc', frame, level, name, cite: 'vmscope-op' })
    return frame
  }
  const root = g.levels[0]
  if (s.cr3 === null && root) {
    const frame = take(root.level, root.name)
    if (frame === null) return err({ code: 'no-free-frame' })
    const r = loadCr3(s, frame)
    if (!r.ok) return r
    s = r.value.state
    events.push(...r.value.events)
  }
  const ctx = walkContext(s)
  if (!ctx) return err({ code: 'no-cr3' })
  let tableBase = rootBase(g, ctx.cr3, s.maxPhyAddr)
  let pdptChanged = false
  let leafAddr = gpa(0n)
  for (const spec of g.levels) {
    const addr = gpa(tableBase + levelIndex(spec, op.va) * BigInt(g.entryBytes))
    const old = readPhys(s.mem, addr, g.entryBytes)
    if (spec.level === target) {
      const raw = encodeEntry(g.format, {
        addr: op.pa,
        rw: op.writable,
        us: op.user,
        g: op.global,
        xd: op.noExecute,
        ps: target > 1,
        pkey: op.pkey ?? 0,
      })
      s = { ...s, mem: writePhys(s.mem, addr, g.entryBytes, raw) }
      events.push({
        kind: 'paging.entry.write',
        level: spec.level,
        name: spec.name,
        addr,
        old,
        raw,
        cite: 'sdm3-f4-7',
      })
      leafAddr = addr
      break
    }
    if ((old & PTE_P) !== 0n) {
      if (psMapsPage(ctx, spec, old))
        return err({ code: 'map-conflict', va: op.va, level: spec.level })
      tableBase =
        g.format === 'pae' && spec.level === 3
          ? gpa(old & bits(s.maxPhyAddr - 1, 12))
          : entryAddress(ctx, spec, old)
      continue
    }
    const frame = take(spec.level - 1, g.levels.find((l) => l.level === spec.level - 1)?.name ?? '')
    if (frame === null) return err({ code: 'no-free-frame' })
    // Intermediate entries allow everything (P|R/W|U/S, no XD): rights are the AND/OR over all
    // levels (hw-facts §1.4), so the leaf alone then decides and `map`'s flags mean what they say.
    // A PAE PDPTE has no R/W or U/S (they are reserved there, SDM3 Table 4-8): P only.
    const raw =
      g.format === 'pae' && spec.level === 3
        ? PTE_P | frame
        : encodeEntry(g.format, { addr: frame, rw: true, us: true })
    s = { ...s, mem: writePhys(s.mem, addr, g.entryBytes, raw) }
    events.push({
      kind: 'paging.entry.write',
      level: spec.level,
      name: spec.name,
      addr,
      old,
      raw,
      cite: 'vmscope-op',
    })
    if (g.format === 'pae' && spec.level === 3) pdptChanged = true
    tableBase = frame
  }
  s = { ...s, alloc: reserveRange(s.alloc, op.pa, pageBytes) }
  events.push({
    kind: 'paging.map',
    va: op.va,
    pa: op.pa,
    pageBytes,
    writable: op.writable,
    user: op.user,
    noExecute: op.noExecute,
    global: op.global,
    pkey: op.pkey ?? 0,
    leafAddr,
    tables,
    cite: 'vmscope-op',
  })
  if (pdptChanged && s.cr3 !== null) {
    // The PDPTE registers only change on MOV to CR3, so an OS that edits its PDPT reloads CR3.
    const r = loadCr3(s, s.cr3)
    if (!r.ok) return r
    s = r.value.state
    events.push(...r.value.events)
  }
  return ok({ state: s, events })
}

function access(
  s: PagingState,
  op: Extract<PagingOp, { kind: 'paging.access' | 'paging.translate' }>,
): Step {
  const g = geometryOfState(s)
  const vaProblem = checkVa(g, op.va)
  const done = (
    outcome: PagingOutcome,
    tlb: 'hit' | 'miss' | null,
    refs: readonly RefSummary[],
  ): PagingEvent =>
    op.kind === 'paging.access'
      ? {
          kind: 'paging.access',
          va: op.va,
          intent: op.intent,
          mode: op.mode,
          outcome,
          tlb,
          refs,
          cite: outcome.result === 'ok' ? 'sdm3-4.6' : 'sdm3-4.7',
        }
      : {
          kind: 'paging.translate',
          va: op.va,
          intent: op.intent,
          mode: op.mode,
          outcome,
          refs,
          cite: 'sdm3-4.6',
        }
  if (vaProblem === 'gp') {
    // A non-canonical address never reaches the TLB or the walk: #GP(0), not #PF (hw-facts §1.2).
    const e = done({ result: 'fault', fault: { vector: 13, reason: 'non-canonical' } }, null, [])
    return ok({ state: s, events: [{ ...e, cite: 'sdm1-3.3.7.1' }] })
  }
  if (vaProblem) return err(vaProblem)
  const ctx = walkContext(s)
  if (!ctx) return err({ code: 'no-cr3' })

  if (op.kind === 'paging.translate') {
    const w = walk(ctx, s.mem, op.va, op.intent, op.mode, false)
    const outcome: PagingOutcome = w.outcome.ok
      ? { result: 'ok', pa: w.outcome.pa, pageBytes: w.outcome.leaf.pageBytes }
      : { result: 'fault', fault: w.outcome.fault }
    return ok({ state: s, events: [...w.events, done(outcome, null, w.refs)] })
  }

  const pcid = currentPcid(s)
  const events: PagingEvent[] = []
  const hit = tlbLookup(s.tlb, op.va, pcid)
  let why: 'absent' | 'clean' | 'denied' = 'absent'
  if (hit) {
    const denied = accessFault(hit, hit.pkey, op.intent, op.mode, s.control, g.format)
    // A read through a clean leaf did not cache write permission: a write walks again to set D.
    const clean = op.intent === 'write' && !hit.dirty
    if (!denied && !clean) {
      const tlb = tlbTouch(s.tlb, hit)
      const pa = gpa(hit.pa | (op.va & (hit.pageBytes - 1n)))
      return ok({
        state: { ...s, tlb },
        events: [
          { kind: 'paging.tlb.hit', va: op.va, pcid, entry: hit, cite: 'sdm3-4.10.2' },
          done({ result: 'ok', pa, pageBytes: hit.pageBytes }, 'hit', []),
        ],
      })
    }
    // A cached entry that forbids the access is not trusted: the walk runs again (QEMU does
    // the same); a fault then also drops the entry (SDM3 §4.10.4.1, faults invalidate).
    why = clean ? 'clean' : 'denied'
  }
  events.push({
    kind: 'paging.tlb.miss',
    va: op.va,
    pcid,
    why,
    cite: why === 'clean' ? 'qemu-walk' : 'sdm3-4.10.2',
  })
  const w = walk(ctx, s.mem, op.va, op.intent, op.mode, true)
  events.push(...w.events)
  let next: PagingState = { ...s, mem: w.mem }
  if (!w.outcome.ok) {
    // Delivering #PF invalidates the faulting page's TLB entries for the current PCID.
    const r = tlbRemove(next.tlb, (e) => e.pcid === pcid && tlbMatches(e, op.va, pcid))
    if (r.removed.length > 0) {
      next = { ...next, tlb: r.tlb }
      events.push(flushEvent('page-fault', r.removed, r.tlb.entries.length))
    }
    events.push(done({ result: 'fault', fault: w.outcome.fault }, 'miss', w.refs))
    return ok({ state: next, events })
  }
  const leaf = w.outcome.leaf
  // Only successful translations are cached (SDM3 §4.10.2); G counts only with CR4.PGE.
  const f = tlbFillLeaf(next.tlb, op.va, pcid, leaf, leaf.g && s.control.cr4Pge)
  next = { ...next, tlb: f.tlb }
  if (f.event) events.push(f.event)
  events.push(done({ result: 'ok', pa: w.outcome.pa, pageBytes: leaf.pageBytes }, 'miss', w.refs))
  return ok({ state: next, events })
}

function control(s: PagingState, op: Extract<PagingOp, { kind: 'paging.control' }>): Step {
  const field = CONTROL_FIELD[op.bit]
  const was = s.control[field]
  const g = geometryOfState(s)
  if (op.bit === 'cr4.pcide' && op.on && !was) {
    // Setting PCIDE needs IA-32e mode and CR3[11:0] = 0, else MOV to CR4 raises #GP.
    if (g.format !== 'long') return err({ code: 'pcide-needs-long-mode' })
    const pcid = s.cr3 === null ? 0 : Number(s.cr3 & 0xfffn)
    if (pcid !== 0) return err({ code: 'pcide-needs-pcid-0', pcid })
  }
  let next: PagingState = { ...s, control: { ...s.control, [field]: op.on } }
  const events: PagingEvent[] = [
    {
      kind: 'paging.control',
      bit: op.bit,
      on: op.on,
      cite: op.bit === 'cr4.pcide' ? 'sdm3-4.10.1' : 'sdm3-4.6',
    },
  ]
  const pcid = currentPcid(s)
  // MOV to CR4 flush rules (hw-facts §7).
  let f: { state: PagingState; event: PagingEvent } | null = null
  if (op.bit === 'cr4.pge' && was !== op.on) f = flush(next, 'cr4-pge', () => true)
  else if (op.bit === 'cr4.pcide' && was && !op.on) f = flush(next, 'cr4-pcide-off', () => true)
  else if (op.bit === 'cr4.smep' && !was && op.on)
    f = flush(next, 'cr4-smep-on', (e) => e.pcid === pcid)
  if (f) {
    next = f.state
    events.push({ ...f.event, cite: 'sdm3-4.10.4' })
  }
  return ok({ state: next, events })
}

/** Pure: never mutates `s`, never throws on bad input. */
export function applyPaging(s: PagingState, op: PagingOp): Step {
  switch (op.kind) {
    case 'paging.mode':
      return setMode(s, op)
    case 'paging.poke':
      return poke(s, op)
    case 'paging.cr3':
      return loadCr3(s, op.value)
    case 'paging.map':
      return map(s, op)
    case 'paging.access':
    case 'paging.translate':
      return access(s, op)
    case 'paging.invlpg': {
      // INVLPG: the page's entries for the current PCID plus any global entry for it (§7).
      const pcid = currentPcid(s)
      const f = flush(s, 'invlpg', (e) => tlbMatches(e, op.va, pcid))
      return ok({ state: f.state, events: [f.event] })
    }
    case 'paging.tlb.flush': {
      // Everything, globals and all PCIDs included (as INVPCID type 2 or toggling CR4.PGE).
      const f = flush(s, 'tlb-flush', () => true)
      return ok({ state: f.state, events: [f.event] })
    }
    case 'paging.tlb.config': {
      const capacity = op.capacity ?? s.tlb.capacity
      if (!Number.isInteger(capacity) || capacity < 0 || capacity > 4096)
        return err({ code: 'bad-tlb-size', capacity })
      const policy = op.policy ?? s.tlb.policy
      const tlb = tlbConfigure(s.tlb, capacity, policy)
      const removed = s.tlb.entries.filter((e) => !tlb.entries.includes(e))
      const events: PagingEvent[] = [
        { kind: 'paging.tlb.config', capacity, policy, cite: 'sdm3-4.10.2' },
      ]
      if (removed.length > 0) events.push(flushEvent('resize', removed, tlb.entries.length))
      return ok({ state: { ...s, tlb }, events })
    }
    case 'paging.control':
      return control(s, op)
    case 'paging.pkru':
      // WRPKRU changes no translation and flushes nothing: keys are checked at each use.
      return ok({
        state: { ...s, control: { ...s.control, pkru: op.value } },
        events: [{ kind: 'paging.pkru', old: s.control.pkru, value: op.value, cite: 'sdm3-4.6.2' }],
      })
    case 'paging.info': {
      const ctx = walkContext(s)
      const dump = ctx ? enumerateMappings(ctx, s.mem) : { rows: [], truncated: false }
      return ok({
        state: s,
        events: [
          {
            kind: 'paging.dump',
            mode: s.mode,
            cr3: s.cr3,
            pcid: currentPcid(s),
            mappings: dump.rows,
            truncated: dump.truncated,
            tlb: s.tlb.entries,
            tlbCapacity: s.tlb.capacity,
            tlbPolicy: s.tlb.policy,
            cite: 'sdm3-4.5',
          },
        ],
      })
    }
  }
}

/**
 * The walk without side effects, for info panels and hover: no A/D writes, no TLB lookup or
 * fill. Null when the address is out of range for the mode or CR3 was never loaded.
 */
export function translateNoSideEffects(
  s: PagingState,
  va: Gva,
  intent: AccessIntent = 'read',
  mode: AccessMode = 'kernel',
): { readonly outcome: PagingOutcome; readonly events: readonly PagingEvent[] } | null {
  const r = access(s, { kind: 'paging.translate', va, intent, mode })
  if (!r.ok) return null
  const last = r.value.events.at(-1)
  return last?.kind === 'paging.translate'
    ? { outcome: last.outcome, events: r.value.events }
    : null
}
