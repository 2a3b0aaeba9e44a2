import { type Gva, gpa, gva, hpa } from '../core/addr.ts'
// Many guest accesses under `mmu ept` in one call (`ept loop`): the machine after all of them
// and what they did (hits, misses, references, where a fault or exit stopped the loop), with
// exactly the state `access` one by one would leave: the same TLB entries in the same order
// with the same LRU stamps and clock, the same guest and EPT A/D bits, the same caches, and
// `lastWalk` of the last access.
//
// How: the last access and any access that does not end in a translation (a fault, an exit)
// run through the per-access code (`access` in apply.ts, passed in), so their events, TLB and
// cache effects are the real ones. Every other access runs here on private working copies made
// once per call: guest RAM and host memory as frame-number -> Uint8Array maps copied on the
// first write to a frame, the TLB as an array of slots updated in place, the EPTP, the guest
// geometry and every reserved-bit mask decoded once, entries read as two 32-bit halves with
// no bigint and no event objects. A walk that finds anything but a translation is undone (its
// A/D writes restored) and handed to `access`. Configurations the fast path does not model
// (paging-structure caches on, a guest not in 4-/5-level paging, addresses past 2^52) run
// `access` for every access.
import type { EngineError } from '../core/errors.ts'
import { type Result, err, ok } from '../core/result.ts'
import { FRAME_BYTES, type PhysMem } from '../memory/phys.ts'
import { currentPcid, geometryOfState, walkContext } from '../paging/apply.ts'
import { PTE_PS, bits, reservedMask } from '../paging/entry.ts'
import type { AccessIntent, PagingState } from '../paging/types.ts'
import { permissionFault, rootBase } from '../paging/walk.ts'
import type { VirtMachine } from '../virt/mmu.ts'
import type { VirtResult } from '../virt/p2m.ts'
import type { VirtState } from '../virt/types.ts'
import {
  EPT_LARGE_PAGE,
  EPT_MEMORY_TYPES,
  decodeEptp,
  eptLevels,
  eptReservedMask,
} from './entry.ts'
import type { EptError } from './errors.ts'
import type { EptEvent, EptLoopStop } from './events.ts'
import type { EptOp } from './ops.ts'
import type { EptTlbEntry } from './types.ts'

/** The generated pattern of `ept loop`: access i is at `loopVa(p, i)`. */
export type EptLoopPattern = Omit<Extract<EptOp, { kind: 'ept.loop' }>, 'kind'>

/** What the accesses did; the stopping access (if any) is counted. */
export interface EptLoopCounts {
  readonly accesses: number
  readonly hits: number
  readonly misses: number
  /** Memory references of every walk (24 per 4/4 miss without caches). */
  readonly refs: number
  readonly pageFaults: number
  readonly generalProtection: number
  readonly violations: number
  readonly misconfigs: number
}

export interface EptLoopResult {
  readonly paging: PagingState
  readonly virt: VirtState
  readonly counts: EptLoopCounts
  readonly stopped: EptLoopStop | null
  /** Accesses that ran on the private copies (the rest went through `access`). */
  readonly fast: number
}

type EptAccessOp = { readonly kind: 'paging.access'; readonly va: Gva } & Pick<
  EptLoopPattern,
  'intent' | 'mode'
>
/** The per-access code (apply.ts `access`), the reference every access here must equal. */
export type EptAccessFn = (m: VirtMachine, op: EptAccessOp) => VirtResult

/** More than this in one command is refused: a step must stay a step. */
export const EPT_LOOP_MAX = 10_000_000

/** The address of access `i`: VA + i * stride, modulo `pages` pages when given. */
export function loopVa(p: EptLoopPattern, i: number): Gva {
  const off = BigInt(i) * p.stride
  return gva(p.va + (p.pages === null ? off : off % (BigInt(p.pages) << 12n)))
}

/** Why the pattern is refused, or null. */
export function loopProblem(p: EptLoopPattern): string | null {
  if (!Number.isSafeInteger(p.count) || p.count < 0 || p.count > EPT_LOOP_MAX)
    return `COUNT must be 0 to ${EPT_LOOP_MAX}`
  if (p.stride < 0n) return 'stride must not be negative'
  if (p.pages !== null && (!Number.isSafeInteger(p.pages) || p.pages < 1 || p.pages > 2 ** 32))
    return 'pages must be 1 to 2^32'
  if (p.va < 0n || p.va >= 1n << 64n) return 'VA must be a 64-bit address'
  return null
}

const eptErr = (e: EptError): Result<never, EngineError> => err({ code: 'ept', error: e })

const TWO20 = 1 << 20
const TWO52 = 2 ** 52
/** A frame that was never written: reads as zero, never written itself. */
const ZERO = new Uint8Array(FRAME_BYTES)

/** Splits a bigint mask of bits 63:0 into its low and high 32-bit halves. */
/** Bits 31:0 of the 8 bytes at `off` of a frame (little-endian); `off + 4` gives 63:32. */
const u32 = (f: Uint8Array, off: number): number =>
  (f[off]! | (f[off + 1]! << 8) | (f[off + 2]! << 16) | (f[off + 3]! << 24)) >>> 0

const halves = (m: bigint): [number, number] => [
  Number(m & 0xffffffffn),
  Number((m >> 32n) & 0xffffffffn),
]

/**
 * A private working copy of one PhysMem for the length of a call: frames by number, copied on
 * their first write (the input's frames are never written), and an undo log of the bytes a
 * walk changed so a walk that ends in a fault can be taken back.
 */
class WorkMem {
  private base: PhysMem
  private readonly frames = new Map<number, Uint8Array>()
  private readonly owned = new Set<number>()
  private readonly undoFrame: Uint8Array[] = []
  private readonly undoIndex: number[] = []
  private readonly undoOld: number[] = []
  private undoN = 0
  constructor(base: PhysMem) {
    this.base = base
  }
  frame(fn: number): Uint8Array {
    let f = this.frames.get(fn)
    if (f === undefined) {
      f = this.base.frames.get(BigInt(fn)) ?? ZERO
      this.frames.set(fn, f)
    }
    return f
  }
  /** ORs `mask` into byte `index` of frame `fn`, copying the frame first if it is shared. */
  or(fn: number, index: number, mask: number): void {
    let f = this.frame(fn)
    const old = f[index]!
    if ((old | mask) === old) return
    if (!this.owned.has(fn)) {
      f = f === ZERO ? new Uint8Array(FRAME_BYTES) : f.slice()
      this.frames.set(fn, f)
      this.owned.add(fn)
    }
    this.undoFrame[this.undoN] = f
    this.undoIndex[this.undoN] = index
    this.undoOld[this.undoN++] = old
    f[index] = old | mask
  }
  /** Keeps the writes made since the last commit. */
  commit(): void {
    this.undoN = 0
  }
  /** Takes back the writes made since the last commit, newest first. */
  rollback(): void {
    for (let k = this.undoN - 1; k >= 0; k--)
      this.undoFrame[k]![this.undoIndex[k]!] = this.undoOld[k]!
    this.commit()
  }
  /** An immutable snapshot of the copy; the frames in it are never written again. */
  snapshot(): PhysMem {
    if (this.owned.size === 0) return this.base
    const frames = new Map(this.base.frames)
    for (const fn of this.owned) frames.set(BigInt(fn), this.frames.get(fn) ?? ZERO)
    this.owned.clear()
    this.base = { frames }
    return this.base
  }
  /** Starts again from `mem` (after an access ran outside). */
  reset(mem: PhysMem): void {
    this.base = mem
    this.frames.clear()
    this.owned.clear()
    this.commit()
  }
}

/** One TLB entry on the private copy: matching fields as numbers, the rest to rebuild it. */
interface Slot {
  /** The entry object, or null for one filled here and not yet built. */
  entry: EptTlbEntry | null
  used: number
  inserted: number
  /** Page start as a 4 KiB page number, and how many 4 KiB pages the entry covers. */
  readonly vpn: number
  readonly pages: number
  /** Same VPID and EPTP, and global or the same PCID: the tags this call looks up with. */
  readonly eligible: boolean
  /** Allows this call's access: the intent, the mode, the EPT rights and D for a write. */
  readonly usable: boolean
  readonly gfn: number
  readonly hfn: number
  readonly rw: boolean
  readonly us: boolean
  readonly xd: boolean
  readonly r: boolean
  readonly w: boolean
  readonly x: boolean
  readonly dirty: boolean
  readonly global: boolean
}

interface EptLevelFast {
  /** Divisor of the page number that brings this level's index down to bits 8:0. */
  readonly div: number
  /** 4 KiB pages of a PS=1 leaf here, or 0 where PS is not a page size. */
  readonly large: number
  readonly rsvdLo: number
  readonly rsvdHi: number
  readonly rsvdLargeLo: number
  readonly rsvdLargeHi: number
}

/** A guest level has the same shape, plus its level number. */
interface GuestLevel extends EptLevelFast {
  readonly level: number
}

const INTENT_BIT: Record<AccessIntent, number> = { read: 1, write: 2, fetch: 4 }

/**
 * Runs the pattern. Returns the machine after the last access (or after the one that faulted
 * or exited), the counts and where it stopped; an error only for refused input.
 */
export function eptBulk(
  m: VirtMachine,
  p: EptLoopPattern,
  access: EptAccessFn,
): Result<EptLoopResult, EngineError> {
  const why = loopProblem(p)
  if (why !== null) return eptErr({ code: 'bad-loop', why })
  if (m.virt.ept.eptp === null) return eptErr({ code: 'no-eptp', op: 'ept.loop' })
  const counts = {
    accesses: 0,
    hits: 0,
    misses: 0,
    refs: 0,
    pageFaults: 0,
    generalProtection: 0,
    violations: 0,
    misconfigs: 0,
  }
  let stopped: EptLoopStop | null = null
  let last: VirtMachine = m
  /** One access through the per-access code; `stop` when it ended the loop. */
  const slow = (state: VirtMachine, i: number): Result<VirtMachine, EngineError> | 'stop' => {
    const va = loopVa(p, i)
    const r = access(state, { kind: 'paging.access', va, intent: p.intent, mode: p.mode })
    if (!r.ok) return r
    const done = r.value.events.at(-1) as EptEvent | undefined
    counts.accesses++
    if (done?.kind === 'ept.access') {
      if (done.tlb === 'hit') counts.hits++
      else if (done.tlb === 'miss') counts.misses++
      counts.refs += done.refs.length
      const o = done.outcome
      if (o.result !== 'ok') {
        if (o.result === 'exit')
          if (o.exit.name === 'EPT_VIOLATION') counts.violations++
          else counts.misconfigs++
        else if (o.fault.vector === 14) counts.pageFaults++
        else counts.generalProtection++
        stopped = { index: i, va, outcome: o }
      }
    }
    last = { paging: r.value.paging, virt: r.value.virt }
    return stopped === null ? ok(last) : 'stop'
  }
  const finish = (fast: number): Result<EptLoopResult, EngineError> =>
    ok({ paging: last.paging, virt: last.virt, counts: { ...counts }, stopped, fast })
  if (p.count === 0) return finish(0)

  const fastRun = prepare(m, p)
  if (fastRun === null) {
    let state = m
    for (let i = 0; i < p.count; i++) {
      const r = slow(state, i)
      if (r === 'stop') break
      if (!r.ok) return r
      state = r.value
    }
    return finish(0)
  }
  const f = fastRun
  let fast = 0
  for (let i = 0; i < p.count; i++) {
    const outcome = i === p.count - 1 ? -1 : f.step(i)
    if (outcome >= 0) {
      // Done on the private copies: a hit (0 references) or a walk that translated.
      fast++
      counts.accesses++
      if (outcome === 0) counts.hits++
      else {
        counts.misses++
        counts.refs += outcome
      }
      continue
    }
    // The last access, a fault or exit, or something the fast path does not model.
    const r = slow(f.materialize(), i)
    if (r === 'stop') break
    if (!r.ok) return r
    if (i < p.count - 1) f.reimport(r.value)
  }
  return finish(fast)
}

interface FastRun {
  /** Access i: 0 = TLB hit, n > 0 = a walk of n references that translated, -1 = not here. */
  step(i: number): number
  /** The machine as the accesses so far left it. */
  materialize(): VirtMachine
  /** Continue from a machine an access outside produced. */
  reimport(m: VirtMachine): void
}

/**
 * The fast path for this machine and pattern, or null when the configuration is one it does
 * not model (then every access runs through `access`).
 */
function prepare(m0: VirtMachine, p: EptLoopPattern): FastRun | null {
  let m = m0
  const paging = m.paging
  const ept = m.virt.ept
  const guest = walkContext(paging)
  if (guest === null || ept.eptp === null || ept.caches.enabled) return null
  const g = geometryOfState(paging)
  if (g.format !== 'long' || g.entryBytes !== 8) return null
  const maxPa = paging.maxPhyAddr
  if (maxPa > 52 || maxPa < 13) return null

  // The pattern as numbers: page number and offset of VA, the step, the wrap.
  const startVpn = Number(p.va >> 12n)
  const startOff = Number(p.va & 0xfffn)
  const span = p.pages === null ? 0 : p.pages * FRAME_BYTES
  const strideN = p.pages === null ? p.stride : p.stride % BigInt(span)
  if (strideN * BigInt(Math.max(1, p.count)) >= 1n << 52n && p.pages === null) return null
  const step = Number(strideN)

  // Tags, control bits and rights tables: fixed for the whole call.
  const tag = { vpid: ept.vpid, pcid: currentPcid(paging), eptp: ept.eptp }
  const pge = paging.control.cr4Pge
  const write = p.intent === 'write'
  const want = INTENT_BIT[p.intent]
  const guestDenied: boolean[] = []
  for (let k = 0; k < 8; k++) {
    const r = { rw: (k & 4) !== 0, us: (k & 2) !== 0, xd: (k & 1) !== 0 }
    guestDenied.push(permissionFault(r, p.intent, p.mode, paging.control, g.format) !== null)
  }
  const usable = (s: Omit<Slot, 'usable' | 'eligible' | 'entry' | 'used' | 'inserted'>): boolean =>
    !guestDenied[(s.rw ? 4 : 0) | (s.us ? 2 : 0) | (s.xd ? 1 : 0)] &&
    (write ? s.w : p.intent === 'read' ? s.r : s.x) &&
    !(write && !s.dirty)

  // Canonical linear addresses as page numbers: bits 51:(vaBits-13) all equal.
  const lowLimit = 2 ** (g.vaBits - 13)
  const highStart = TWO52 - lowLimit
  const canonicalVpn = (vpn: number): boolean => vpn < lowLimit || (vpn >= highStart && vpn < TWO52)

  // Guest levels with their reserved bits for PS=0 and PS=1 (the only input they depend on).
  const gLevels: GuestLevel[] = g.levels.map((spec) => {
    const [rsvdLo, rsvdHi] = halves(reservedMask(guest, spec, 0n))
    const [rsvdLargeLo, rsvdLargeHi] = halves(reservedMask(guest, spec, PTE_PS))
    return {
      level: spec.level,
      div: 2 ** (Number(spec.shift) - 12),
      large: spec.largePage === null || spec.level === 1 ? 0 : Number(spec.largePage >> 12n),
      rsvdLo,
      rsvdHi,
      rsvdLargeLo,
      rsvdLargeHi,
    }
  })
  if (g.levels.some((s) => s.indexBits !== 9n)) return null
  const [addrLo, addrHi] = halves(bits(maxPa - 1, 12))
  const frameOf = (lo: number, hi: number): number => ((lo & addrLo) >>> 12) + (hi & addrHi) * TWO20
  const rootFn = Number(rootBase(g, guest.cr3, maxPa) >> 12n)

  const eptp = decodeEptp(ept.eptp, maxPa)
  const ad = eptp.adEnabled
  const execOnly = ept.execOnly
  const eptRootFn = Number(eptp.root >> 12n)
  const eLevels: EptLevelFast[] = eptLevels(eptp.levels).map((l) => {
    const [rsvdLo, rsvdHi] = halves(eptReservedMask(l, 0n, maxPa))
    const [rsvdLargeLo, rsvdLargeHi] = halves(eptReservedMask(l, EPT_LARGE_PAGE, maxPa))
    return {
      div: 2 ** ((l.level - 1) * 9),
      large: l.largePage === null ? 0 : Number(l.largePage >> 12n),
      rsvdLo,
      rsvdHi,
      rsvdLargeLo,
      rsvdLargeHi,
    }
  })

  const gmem = new WorkMem(paging.mem)
  const hmem = new WorkMem(m.virt.host)
  let capacity = ept.tlb.capacity
  let clock = 0
  let slots: Slot[] = []
  /** The lookup's answer for `cachedVpn` (slot index, -1 none) until the TLB changes. */
  let cachedVpn = -1
  let cachedSlot = -1
  let supported = true

  const importTlb = (): void => {
    const tlb = m.virt.ept.tlb
    capacity = tlb.capacity
    clock = tlb.clock
    slots = tlb.entries.map((e) => {
      const eligible =
        e.vpid === tag.vpid && e.eptp === tag.eptp && (e.global || e.pcid === tag.pcid)
      const pages = Number(e.pageBytes >> 12n)
      // A page smaller than 4 KiB (a teaching-mode entry) is not modelled here.
      if (eligible && (pages < 1 || e.pageBytes % 4096n !== 0n)) supported = false
      const s = {
        entry: e,
        used: e.used,
        inserted: e.inserted,
        vpn: Number(e.va >> 12n),
        pages: Math.max(1, pages),
        eligible,
        gfn: 0,
        hfn: 0,
        rw: e.rw,
        us: e.us,
        xd: e.xd,
        r: e.eptR,
        w: e.eptW,
        x: e.eptX,
        dirty: e.dirty,
        global: e.global,
      }
      return { ...s, usable: usable(s) }
    })
    cachedVpn = -1
  }
  importTlb()
  if (!supported) return null

  const covers = (s: Slot, vpn: number): boolean => s.eligible && vpn - (vpn % s.pages) === s.vpn
  const lookup = (vpn: number): number => {
    for (let k = 0; k < slots.length; k++) if (covers(slots[k]!, vpn)) return k
    return -1
  }

  // Results of one EPT walk, kept here instead of in an object per walk.
  let eR = true
  let eW = true
  let eX = true
  let ePages = 1
  let eDirty = false
  let refs = 0
  /**
   * EPT walk of guest frame `gfn` for an access (`bit` 1 read, 2 write, 4 fetch): the host
   * frame, or -1 when it does not translate (violation, misconfiguration). Sets A (and D for
   * a write in the leaf) with EPT A/D on, as eptWalk does.
   */
  const eptFrame = (gfn: number, bit: number): number => {
    let base = eptRootFn
    eR = eW = eX = true
    for (const l of eLevels) {
      const off = (Math.floor(gfn / l.div) & 511) * 8
      const frameBytes = hmem.frame(base)
      const lo = u32(frameBytes, off)
      refs++
      const rwx = lo & 7
      eR = eR && (rwx & 1) !== 0
      eW = eW && (rwx & 2) !== 0
      eX = eX && (rwx & 4) !== 0
      if (rwx === 0 || rwx === 2 || rwx === 6 || (rwx === 4 && !execOnly)) return -1
      const hi = u32(frameBytes, off + 4)
      const large = l.large !== 0 && (lo & 0x80) !== 0
      if (
        ((large ? l.rsvdLargeLo : l.rsvdLo) & lo) !== 0 ||
        ((large ? l.rsvdLargeHi : l.rsvdHi) & hi) !== 0
      )
        return -1
      const frame = frameOf(lo, hi)
      if (!large && l.div !== 1) {
        if (ad) hmem.or(base, off + 1, 0x01)
        base = frame
        continue
      }
      if (EPT_MEMORY_TYPES[(lo >>> 3) & 7] === undefined) return -1
      if (!(bit === 1 ? eR : bit === 2 ? eW : eX)) return -1
      const pages = large ? l.large : 1
      let d = (lo & 0x200) !== 0
      if (ad) {
        hmem.or(base, off + 1, bit === 2 ? 0x03 : 0x01)
        d = d || bit === 2
      }
      ePages = pages
      eDirty = d
      return frame - (frame % pages) + (gfn % pages)
    }
    return -1
  }

  /** The nested walk for page `vpn`; fills the TLB and returns its references, or -1. */
  const walk = (vpn: number): number => {
    refs = 0
    let table = rootFn
    let rw = true
    let us = true
    let xd = false
    const tableBit = ad ? 2 : 1
    for (const gl of gLevels) {
      const off = (Math.floor(vpn / gl.div) & 511) * 8
      // 1. The guest entry's GPA through EPT; 2. the entry, read from guest RAM by GPA.
      const tableHfn = eptFrame(table, tableBit)
      if (tableHfn < 0) return -1
      const tableW = eW
      const tableBytes = gmem.frame(table)
      const lo = u32(tableBytes, off)
      const hi = u32(tableBytes, off + 4)
      refs++
      if ((lo & 1) === 0) return -1
      const large = gl.large !== 0 && (lo & 0x80) !== 0
      if (
        ((large ? gl.rsvdLargeLo : gl.rsvdLo) & lo) !== 0 ||
        ((large ? gl.rsvdLargeHi : gl.rsvdHi) & hi) !== 0
      )
        return -1
      rw = rw && (lo & 2) !== 0
      us = us && (lo & 4) !== 0
      xd = xd || hi >= 0x80000000
      const frame = frameOf(lo, hi)
      if (!large && gl.level !== 1) {
        if ((lo & 0x20) === 0) {
          // Setting guest A is a write to guest memory: it needs EPT W without EPT A/D.
          if (!tableW) return -1
          gmem.or(table, off, 0x20)
        }
        table = frame
        continue
      }
      if (guestDenied[(rw ? 4 : 0) | (us ? 2 : 0) | (xd ? 1 : 0)]) return -1
      const gPages = large ? gl.large : 1
      const dSet = (lo & 0x40) !== 0
      const adMask = ((lo & 0x20) === 0 ? 0x20 : 0) | (write && !dSet ? 0x40 : 0)
      if (adMask !== 0) {
        if (!tableW) return -1
        gmem.or(table, off, adMask)
      }
      // 4. The data GPA through EPT (the final translation).
      const gfn = frame - (frame % gPages) + (vpn % gPages)
      const hfn = eptFrame(gfn, want)
      if (hfn < 0) return -1
      const pages = gPages < ePages ? gPages : ePages
      fill({
        entry: null,
        used: 0,
        inserted: 0,
        vpn: vpn - (vpn % pages),
        pages,
        eligible: true,
        usable: false,
        gfn: gfn - (gfn % pages),
        hfn: hfn - (hfn % pages),
        rw,
        us,
        xd,
        r: eR,
        w: eW,
        x: eX,
        dirty: (dSet || write) && (!ad || eDirty),
        global: pge && (lo & 0x100) !== 0,
      })
      return refs
    }
    return -1
  }

  /** eptTlbFill on the private copy: same removals, LRU victim, order and stamps. */
  const fill = (s0: Slot): void => {
    const s: Slot = { ...s0, usable: usable(s0) }
    clock++
    s.used = s.inserted = clock
    cachedVpn = -1
    if (capacity <= 0) return
    if (slots.some((x) => covers(x, s.vpn))) slots = slots.filter((x) => !covers(x, s.vpn))
    const n = slots.length
    if (n >= capacity) {
      let v = 0
      for (let k = 1; k < n; k++) if (slots[k]!.used < slots[v]!.used) v = k
      slots.splice(v, 1)
    }
    slots.push(s)
  }

  const build = (s: Slot): EptTlbEntry => {
    const bytes = BigInt(s.pages) << 12n
    return {
      ...tag,
      va: gva(BigInt(s.vpn) << 12n),
      pageBytes: bytes,
      gpa: gpa(BigInt(s.gfn) << 12n),
      hpa: hpa(BigInt(s.hfn) << 12n),
      rw: s.rw,
      us: s.us,
      xd: s.xd,
      eptR: s.r,
      eptW: s.w,
      eptX: s.x,
      dirty: s.dirty,
      global: s.global,
      inserted: s.inserted,
      used: s.used,
    }
  }

  // Offset of access `offAt` from VA, stepped along (computed afresh if a caller skips).
  let off = 0
  let offAt = 0
  return {
    step(i: number): number {
      if (i !== offAt) off = Number(loopVa(p, i) - p.va)
      const pageOff = startOff + off
      const vpn = startVpn + Math.floor(pageOff / FRAME_BYTES)
      off += step
      if (span !== 0 && off >= span) off -= span
      offAt = i + 1
      if (vpn !== cachedVpn) {
        if (!canonicalVpn(vpn)) return -1
        cachedSlot = lookup(vpn)
        cachedVpn = vpn
      }
      if (cachedSlot >= 0) {
        const s = slots[cachedSlot]!
        if (s.usable) {
          s.used = ++clock
          return 0
        }
      }
      const n = walk(vpn)
      if (n < 0) {
        gmem.rollback()
        hmem.rollback()
        return -1
      }
      gmem.commit()
      hmem.commit()
      return n
    },
    materialize(): VirtMachine {
      const entries = slots.map((s) => {
        if (s.entry === null) s.entry = build(s)
        else if (s.entry.used !== s.used) s.entry = { ...s.entry, used: s.used }
        return s.entry
      })
      const e = m.virt.ept
      m = {
        paging: { ...m.paging, mem: gmem.snapshot() },
        virt: {
          ...m.virt,
          host: hmem.snapshot(),
          ept: { ...e, tlb: { ...e.tlb, entries, clock } },
        },
      }
      return m
    },
    reimport(next: VirtMachine): void {
      m = next
      gmem.reset(next.paging.mem)
      hmem.reset(next.virt.host)
      importTlb()
    },
  }
}

/** `ept loop`: the pattern run by eptBulk, told as one `ept.loop` event. */
export function eptLoop(
  m: VirtMachine,
  op: Extract<EptOp, { kind: 'ept.loop' }>,
  access: EptAccessFn,
): VirtResult {
  const r = eptBulk(m, op, access)
  if (!r.ok) return r
  const { counts: c, stopped } = r.value
  const o = stopped?.outcome
  const event: EptEvent = {
    kind: 'ept.loop',
    va: op.va,
    stride: op.stride,
    pages: op.pages,
    intent: op.intent,
    mode: op.mode,
    requested: op.count,
    count: c.accesses,
    hits: c.hits,
    misses: c.misses,
    refs: c.refs,
    vpid: m.virt.ept.vpid,
    stopped,
    cite:
      o === undefined
        ? 'ept-2d-walk'
        : o.result === 'fault'
          ? 'ept-fault-order'
          : o.exit.name === 'EPT_VIOLATION'
            ? 'ept-violation'
            : 'ept-misconfig',
  }
  return ok({ paging: r.value.paging, virt: r.value.virt, events: [event] })
}
