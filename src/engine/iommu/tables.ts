// The IOMMU's tables as 64-bit words in host memory: entry encodings (hw-facts-2 §2.5), the
// second-level map/unmap a driver does, and the translation hardware does for one request,
// with every table reference, the caches and the fault it raises.
import { type Hpa, hpa } from '../core/addr.ts'
import { VMX_EPT_READABLE_MASK, VMX_EPT_WRITABLE_MASK, EPT_LARGE_PAGE } from '../ept/entry.ts'
import type { EntryWrite, IommuEvent } from './events.ts'
import {
  ADDR_MASK,
  type ContextCacheEntry,
  FAULT_REASON,
  FAULT_RECORDS,
  type FaultReason,
  type FaultRecord,
  type IommuState,
  IRT_ENTRIES,
  type IotlbEntry,
  SL_RSVD,
  type Walk,
  type WalkEnd,
  type WalkRef,
  type WalkStep,
  levelsOfAw,
  widthOfAw,
} from './types.ts'

// A second-level entry's R, W and PS bits sit where EPT's do (bits 0, 1, 7): the same names.
export const SL_R = VMX_EPT_READABLE_MASK
export const SL_W = VMX_EPT_WRITABLE_MASK
export const SL_PS = EPT_LARGE_PAGE
export const PRESENT = 1n

/** Root entry low qword bits 11:1 are reserved; the high qword is reserved in legacy mode. */
export const ROOT_LO_RSVD = 0xffen
/** Context entry: low bits 11:4; high bit 7 and bits 63:24. */
export const CTX_LO_RSVD = 0xff0n
export const CTX_HI_RSVD = (0xffff_ffff_ff00_0000n | 0x80n) & ((1n << 64n) - 1n)

export type Mem = ReadonlyMap<bigint, bigint>
export const read64 = (m: Mem, a: bigint): bigint => m.get(a) ?? 0n

/** A copy of memory with some words written (tables are small; copies keep the engine pure). */
export function writeAll(m: Mem, ws: readonly (readonly [bigint, bigint])[]): Mem {
  const n = new Map(m)
  for (const [a, v] of ws) {
    if (v === 0n) n.delete(a)
    else n.set(a, v)
  }
  return n
}

export const rootEntry = (ctp: Hpa): bigint => ctp | PRESENT
export const contextLo = (slpt: Hpa, tt: number): bigint => slpt | (BigInt(tt) << 2n) | PRESENT
export const contextHi = (did: number, aw: number): bigint => (BigInt(did) << 8n) | BigInt(aw)

/** Level-L index of an IOVA: the same 9-bit scheme as the x86 and EPT walks. */
export const slIndex = (iova: bigint, level: number): number =>
  Number((iova >> (12n + 9n * BigInt(level - 1))) & 0x1ffn)

/** The owner of a host address: the guest whose RAM holds it, or null. */
export function ownerOf(s: IommuState, a: bigint): string | null {
  for (const v of s.vms) if (a >= v.base && a < v.base + BigInt(v.pages) * 4096n) return v.name
  return null
}

function allocTable(s: { nextTable: bigint }): Hpa {
  const a = hpa(s.nextTable)
  s.nextTable += 0x1000n
  return a
}

/**
 * Writes leaf entries for `pages` 4 KiB pages of a domain, allocating missing second-level
 * tables (non-leaf entries get R and W: permission is decided at the leaf).
 */
export function mapPages(
  s: IommuState,
  root: Hpa,
  aw: number,
  iova: bigint,
  target: Hpa,
  pages: number,
  r: boolean,
  w: boolean,
): { state: IommuState; tables: number; leaves: EntryWrite[] } {
  const mem = new Map(s.mem)
  const alloc = { nextTable: s.nextTable }
  let tables = 0
  const leaves: EntryWrite[] = []
  const perm = (r ? SL_R : 0n) | (w ? SL_W : 0n)
  for (let p = 0; p < pages; p++) {
    const va = iova + BigInt(p) * 4096n
    let table: bigint = root
    for (let level = levelsOfAw(aw); level > 1; level--) {
      const addr = table + 8n * BigInt(slIndex(va, level))
      let e = mem.get(addr) ?? 0n
      if ((e & (SL_R | SL_W)) === 0n) {
        const t = allocTable(alloc)
        tables++
        e = t | SL_R | SL_W
        mem.set(addr, e)
      }
      table = e & ADDR_MASK
    }
    const idx = slIndex(va, 1)
    const addr = table + 8n * BigInt(idx)
    const lo = (target + BigInt(p) * 4096n) | perm
    mem.set(addr, lo)
    leaves.push({ table: 'sl', level: 1, addr: hpa(addr), index: idx, lo, hi: null })
  }
  return { state: { ...s, mem, nextTable: alloc.nextTable }, tables, leaves }
}

/** The leaf entry's address for an IOVA, or null where a table on the way is missing. */
export function leafAddr(m: Mem, root: Hpa, aw: number, iova: bigint): bigint | null {
  let table: bigint = root
  for (let level = levelsOfAw(aw); level > 1; level--) {
    const e = read64(m, table + 8n * BigInt(slIndex(iova, level)))
    if ((e & (SL_R | SL_W)) === 0n || (e & SL_PS) !== 0n) return null
    table = e & ADDR_MASK
  }
  return table + 8n * BigInt(slIndex(iova, 1))
}

interface Request {
  readonly sid: number
  readonly iova: bigint
  readonly write: boolean
}

export interface Translation {
  readonly state: IommuState
  readonly events: IommuEvent[]
}

/** Records a fault in the next fault recording register, or sets PFO when it is still full. */
export function recordFault(
  s: IommuState,
  sid: number,
  fr: FaultReason,
  read: boolean,
  fi: bigint,
): { state: IommuState; index: number | null; record: FaultRecord } {
  const hi = BigInt(sid) | (BigInt(fr) << 32n) | (read ? 1n << 62n : 0n) | (1n << 63n)
  const record: FaultRecord = { lo: fi, hi, sid, fr, read, fi }
  const i = s.nextRecord
  if (s.faults[i] !== null) return { state: { ...s, pfo: true }, index: null, record }
  const faults = s.faults.map((f, j) => (j === i ? record : f))
  return {
    state: { ...s, faults, nextRecord: (i + 1) % FAULT_RECORDS },
    index: i,
    record,
  }
}

function refEvent(req: Request, r: WalkRef): IommuEvent {
  const cite =
    r.table === 'root'
      ? 'vtd-root'
      : r.table === 'context'
        ? 'vtd-context'
        : r.table === 'irte'
          ? 'vtd-ir'
          : 'vtd-slpte'
  return { kind: 'iommu.ref', sid: req.sid, iova: req.iova, cite, ...r }
}

/** One DMA request through the IOMMU: every cache lookup and table reference as an event. */
export function translate(
  s0: IommuState,
  req: Request,
  owner: (a: bigint) => string | null,
): Translation {
  const events: IommuEvent[] = []
  const steps: WalkStep[] = []
  let s = s0
  let did: number | null = null
  const ref = (r: WalkRef): void => {
    steps.push({ kind: 'ref', ...r })
    events.push(refEvent(req, r))
  }
  const finish = (end: WalkEnd): Translation => {
    const walk: Walk = { ...req, msi: false, steps, did, end }
    return { state: { ...s, lastWalk: walk }, events }
  }
  const fault = (fr: FaultReason): Translation => {
    const r = recordFault(s, req.sid, fr, !req.write, req.iova & ~0xfffn)
    s = r.state
    const wouldHit = owner(req.iova)
    events.push({
      kind: 'iommu.fault',
      steps: [...steps],
      sid: req.sid,
      iova: req.iova,
      write: req.write,
      msi: false,
      fr,
      index: r.index,
      record: r.record,
      wouldHit,
      cite: 'vtd-fault',
    })
    return finish({ kind: 'fault', fr, record: r.index })
  }
  const done = (a: Hpa, via: 'off' | 'pass-through' | 'iotlb' | 'walk'): Translation => {
    const who = owner(a)
    events.push({
      kind: 'iommu.dma',
      steps: [...steps],
      sid: req.sid,
      iova: req.iova,
      write: req.write,
      hpa: a,
      via,
      did,
      owner: who,
      cite:
        via === 'off'
          ? 'vtd-gcmd'
          : via === 'pass-through'
            ? 'vtd-context'
            : via === 'iotlb'
              ? 'vtd-iotlb'
              : 'vtd-slpte',
    })
    return finish({ kind: 'ok', hpa: a, owner: who, via })
  }

  if (!s.enabled || s.rtaddr === null) return done(hpa(req.iova), 'off')

  // The context cache answers by source-ID; otherwise root[bus] then context[devfn].
  let ctx: ContextCacheEntry | null = s.contextCache.find((c) => c.sid === req.sid) ?? null
  const contextHit = ctx !== null
  steps.push({ kind: 'cache', cache: 'context', hit: contextHit })
  events.push({
    kind: 'iommu.cache',
    cache: 'context',
    hit: contextHit,
    sid: req.sid,
    did: ctx?.did ?? null,
    iova: req.iova,
    cite: 'vtd-iotlb',
  })
  if (ctx === null) {
    const bus = req.sid >> 8
    const devfn = req.sid & 0xff
    const ra = s.rtaddr + 16n * BigInt(bus)
    const rlo = read64(s.mem, ra)
    const rhi = read64(s.mem, ra + 8n)
    ref({ table: 'root', level: 0, addr: hpa(ra), index: bus, lo: rlo, hi: rhi })
    if ((rlo & PRESENT) === 0n) return fault(FAULT_REASON.rootNotPresent)
    if ((rlo & ROOT_LO_RSVD) !== 0n || rhi !== 0n) return fault(FAULT_REASON.rootReserved)
    const ca = (rlo & ADDR_MASK) + 16n * BigInt(devfn)
    const clo = read64(s.mem, ca)
    const chi = read64(s.mem, ca + 8n)
    ref({ table: 'context', level: 0, addr: hpa(ca), index: devfn, lo: clo, hi: chi })
    if ((clo & PRESENT) === 0n) return fault(FAULT_REASON.contextNotPresent)
    if ((clo & CTX_LO_RSVD) !== 0n || (chi & CTX_HI_RSVD) !== 0n)
      return fault(FAULT_REASON.contextReserved)
    const tt = Number((clo >> 2n) & 3n)
    const aw = Number(chi & 7n)
    // TT 11 is reserved; AW must be one CAP.SAGAW offers (39 or 48 bits): else FR 3.
    if (tt === 3 || (tt !== 2 && aw !== 1 && aw !== 2)) return fault(FAULT_REASON.contextInvalid)
    ctx = {
      sid: req.sid,
      did: Number((chi >> 8n) & 0xffffn),
      tt,
      aw,
      root: hpa(clo & ADDR_MASK),
    }
    s = { ...s, contextCache: [...s.contextCache, ctx] }
  }
  did = ctx.did
  if (ctx.tt === 2) return done(hpa(req.iova), 'pass-through')
  const width = widthOfAw(ctx.aw)
  if (req.iova >= 1n << BigInt(width)) return fault(FAULT_REASON.beyondWidth)

  const page = req.iova >> 12n
  const off = req.iova & 0xfffn
  const hit = s.iotlb.find((t) => t.did === ctx.did && t.page === page) ?? null
  const iotlbHit = hit !== null
  steps.push({ kind: 'cache', cache: 'iotlb', hit: iotlbHit })
  events.push({
    kind: 'iommu.cache',
    cache: 'iotlb',
    hit: iotlbHit,
    sid: req.sid,
    did: ctx.did,
    iova: req.iova,
    cite: 'vtd-iotlb',
  })
  if (hit !== null) {
    if (req.write ? !hit.write : !hit.read)
      return fault(req.write ? FAULT_REASON.writeDenied : FAULT_REASON.readDenied)
    return done(hpa(hit.frame | off), 'iotlb')
  }

  let table: bigint = ctx.root
  let r = true
  let w = true
  for (let level = levelsOfAw(ctx.aw); level >= 1; level--) {
    const idx = slIndex(req.iova, level)
    const a = table + 8n * BigInt(idx)
    const e = read64(s.mem, a)
    ref({ table: 'sl', level, addr: hpa(a), index: idx, lo: e, hi: null })
    // QEMU checks permission (a not-present entry included) before reserved bits.
    if ((e & (req.write ? SL_W : SL_R)) === 0n)
      return fault(req.write ? FAULT_REASON.writeDenied : FAULT_REASON.readDenied)
    if ((e & SL_RSVD) !== 0n) return fault(FAULT_REASON.pagingReserved)
    r &&= (e & SL_R) !== 0n
    w &&= (e & SL_W) !== 0n
    const large = level > 1 && (e & SL_PS) !== 0n
    if (level === 1 || large) {
      const span = 12n + 9n * BigInt(level - 1)
      const base = e & ADDR_MASK & ~((1n << span) - 1n)
      const out = hpa(base | (req.iova & ((1n << span) - 1n)))
      const entry: IotlbEntry = { did: ctx.did, page, frame: hpa(out & ~0xfffn), read: r, write: w }
      s = {
        ...s,
        iotlb: [...s.iotlb.filter((t) => !(t.did === ctx.did && t.page === page)), entry],
      }
      return done(out, 'walk')
    }
    table = e & ADDR_MASK
  }
  /* c8 ignore next */
  return fault(FAULT_REASON.readDenied)
}

/** One MSI through interrupt remapping: the IRTE by handle, checked against the requester. */
export function remapInterrupt(s0: IommuState, sid: number, handle: number): Translation {
  const events: IommuEvent[] = []
  const steps: WalkStep[] = []
  let s = s0
  const finish = (end: WalkEnd): Translation => {
    const walk: Walk = {
      sid,
      iova: msiAddress(handle),
      write: true,
      msi: true,
      steps,
      did: null,
      end,
    }
    return { state: { ...s, lastWalk: walk }, events }
  }
  const fault = (fr: FaultReason): Translation => {
    // An interrupt request is a write; FI bits 63:48 carry the interrupt index.
    const r = recordFault(s, sid, fr, false, BigInt(handle) << 48n)
    s = r.state
    events.push({
      kind: 'iommu.fault',
      steps: [...steps],
      sid,
      iova: msiAddress(handle),
      write: true,
      msi: true,
      fr,
      index: r.index,
      record: r.record,
      wouldHit: null,
      cite: 'vtd-fault',
    })
    return finish({ kind: 'fault', fr, record: r.index })
  }
  if (s.irta === null || handle >= IRT_ENTRIES) return fault(FAULT_REASON.irteIndex)
  const a = s.irta + 16n * BigInt(handle)
  const lo = read64(s.mem, a)
  const hi = read64(s.mem, a + 8n)
  const r: WalkRef = { table: 'irte', level: 0, addr: hpa(a), index: handle, lo, hi }
  steps.push({ kind: 'ref', ...r })
  events.push(refEvent({ sid, iova: msiAddress(handle), write: true }, r))
  if ((lo & PRESENT) === 0n) return fault(FAULT_REASON.irteNotPresent)
  const svt = Number((hi >> 18n) & 3n)
  if (svt === 1 && Number(hi & 0xffffn) !== sid) return fault(FAULT_REASON.irteSid)
  const vector = Number((lo >> 16n) & 0xffn)
  const dest = Number(lo >> 32n)
  events.push({
    kind: 'iommu.interrupt',
    steps: [...steps],
    sid,
    handle,
    vector,
    dest,
    cite: 'vtd-ir',
  })
  return finish({ kind: 'interrupt', vector, dest })
}

/** The remappable-format MSI address for a handle (SHV = 0). */
export const msiAddress = (handle: number): bigint =>
  0xfee0_0000n | (BigInt(handle & 0x7fff) << 5n) | (1n << 4n) | (BigInt((handle >> 15) & 1) << 2n)

/** An IRTE in remapped format: P, fixed delivery, physical destination, SVT = 01 on the SID. */
export const irteLo = (vector: number, dest: number): bigint =>
  PRESENT | (BigInt(vector) << 16n) | (BigInt(dest) << 32n)
export const irteHi = (sid: number): bigint => BigInt(sid) | (1n << 18n)
