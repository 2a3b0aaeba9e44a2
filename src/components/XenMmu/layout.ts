// View model of the XenMmu panel: the guest's page tables (machine frame numbers inside), the
// P2M, Xen's page_info per frame, the request being checked and the counters. Pure: the
// component only renders it.
import {
  type EngineEvent,
  type Frame,
  type Mfn,
  type PageInfo,
  PGT_NAME,
  PT_LEVEL,
  type PendingCall,
  type PgtType,
  type XenPvCheck,
  type XenPvCounters,
  type XenPvRefusal,
  type XenPvVerdict,
  entryMfn,
  mfn as toMfn,
  mfnOf,
  presentEntries,
  readPhys,
  savedTransitions,
} from '../../engine/index.ts'

/** At most this many entries per table are listed (plus the highlighted one). */
export const MAX_ROWS = 6

export type RowMark = 'update' | 'walk' | null

export interface EntryRow {
  readonly index: number
  readonly ma: bigint
  readonly raw: bigint
  readonly present: boolean
  readonly target: bigint
  readonly rw: boolean
  readonly us: boolean
  readonly mark: RowMark
  /** For the entry an update is checking: what it held and what was asked. */
  readonly old: bigint | null
  readonly asked: bigint | null
}

export interface TableView {
  readonly mfn: bigint
  readonly level: number
  readonly count: number
  readonly pinned: boolean
  readonly isBase: boolean
  readonly rows: readonly EntryRow[]
  /** Present entries not listed. */
  readonly more: number
}

export interface PageRow {
  readonly mfn: bigint
  readonly gfn: bigint | null
  readonly owned: boolean
  readonly info: PageInfo
  readonly typeName: string
  /** page_info before this step's request, when it changed. */
  readonly before: PageInfo | null
  readonly mark: boolean
}

export type Focus =
  | {
      readonly kind: 'update'
      readonly index: number
      readonly entry: number | null
      readonly entryMa: bigint
      readonly val: bigint
      readonly old: bigint
      readonly level: number | null
      readonly pageType: PgtType
      readonly checks: readonly XenPvCheck[]
      readonly verdict: XenPvVerdict
      readonly refusal: XenPvRefusal | null
    }
  | {
      readonly kind: 'mmuext'
      readonly index: number
      readonly entry: number | null
      readonly cmd: string
      readonly number: number
      readonly arg: bigint | null
      readonly checks: readonly XenPvCheck[]
      readonly verdict: XenPvVerdict
      readonly refusal: XenPvRefusal | null
    }
  | {
      readonly kind: 'hypercall'
      readonly call: string
      readonly number: number
      readonly count: number
      readonly done: number
      readonly rc: number
      readonly errno: string | null
    }
  | {
      readonly kind: 'access'
      readonly va: bigint
      readonly ma: bigint | null
      readonly errorCode: number | null
      readonly refs: number
    }
  | {
      readonly kind: 'direct-write'
      readonly addr: bigint
      readonly mfn: bigint
      readonly va: bigint
      readonly errorCode: number
      readonly ptwr: 'emulated' | 'refused' | 'unaligned' | 'not-l1'
      readonly entryMa: bigint
      readonly now: bigint
      readonly checks: readonly XenPvCheck[]
      readonly refusal: XenPvRefusal | null
    }
  | {
      readonly kind: 'm2p'
      readonly index: number
      readonly entry: number | null
      readonly mfn: bigint
      readonly val: bigint
      readonly old: bigint | null
      readonly checks: readonly XenPvCheck[]
      readonly verdict: XenPvVerdict
      readonly refusal: XenPvRefusal | null
    }
  | { readonly kind: 'queued'; readonly entry: number; readonly call: PendingCall }
  | { readonly kind: 'begin' }

/** The part of the panel a step is about (the stage scrolls to it; see useStageFocus). */
export type XenMmuSpot =
  /** A guest-table row: the entry an update writes, or the one a walk reads. */
  | { readonly kind: 'row'; readonly ma: bigint }
  /** A frame's row in Xen's view (page_info, P2M). */
  | { readonly kind: 'page'; readonly mfn: bigint }
  /** The box describing the request, the hypercall or the access. */
  | { readonly kind: 'box' }
  /** The base table in the caption. */
  | { readonly kind: 'base' }

export interface XenMmuLayout {
  readonly spot: XenMmuSpot | null
  readonly active: boolean
  readonly baseMfn: bigint | null
  readonly counters: XenPvCounters & { readonly saved: number }
  readonly multicall: readonly PendingCall[] | null
  readonly tables: readonly TableView[]
  readonly pages: readonly PageRow[]
  readonly focus: Focus | null
}

const P = 1n
const RW = 2n
const US = 4n

function focusOf(e: EngineEvent): Focus | null {
  switch (e.kind) {
    case 'xenpv.update':
      return {
        kind: 'update',
        index: e.index,
        entry: e.entry,
        entryMa: e.entryMa,
        val: e.val,
        old: e.old,
        level: e.level,
        pageType: e.pageType,
        checks: e.checks,
        verdict: e.verdict,
        refusal: e.refusal,
      }
    case 'xenpv.m2p':
      return {
        kind: 'm2p',
        index: e.index,
        entry: e.entry,
        mfn: e.mfn,
        val: e.val,
        old: e.old,
        checks: e.checks,
        verdict: e.verdict,
        refusal: e.refusal,
      }
    case 'xenpv.mmuext':
      return {
        kind: 'mmuext',
        index: e.index,
        entry: e.entry,
        cmd: e.cmd,
        number: e.number,
        arg: e.arg,
        checks: e.checks,
        verdict: e.verdict,
        refusal: e.refusal,
      }
    case 'xenpv.hypercall':
      return {
        kind: 'hypercall',
        call: e.call,
        number: e.number,
        count: e.count,
        done: e.done,
        rc: e.rc,
        errno: e.errno,
      }
    case 'xenpv.access':
      return {
        kind: 'access',
        va: e.va,
        ma: e.outcome.result === 'ok' ? e.outcome.pa : null,
        errorCode:
          e.outcome.result === 'fault' && e.outcome.fault.vector === 14
            ? e.outcome.fault.errorCode
            : null,
        refs: e.refs.length,
      }
    case 'xenpv.direct-write':
      return {
        kind: 'direct-write',
        addr: e.addr,
        mfn: e.mfn,
        va: e.va,
        errorCode: e.fault.errorCode,
        ptwr: e.ptwr,
        entryMa: e.entryMa,
        now: e.now,
        checks: e.checks,
        refusal: e.refusal,
      }
    case 'xenpv.multicall-queue':
      return { kind: 'queued', entry: e.entry, call: e.call }
    case 'xenpv.multicall-begin':
      return { kind: 'begin' }
    default:
      return null
  }
}

/** Machine addresses of entries this step is about (the update's entry, or the walk's refs). */
function marked(e: EngineEvent): { update: bigint | null; walk: Set<bigint> } {
  if (e.kind === 'xenpv.update' || e.kind === 'xenpv.direct-write')
    return { update: e.entryMa, walk: new Set() }
  if (e.kind === 'xenpv.access') return { update: null, walk: new Set(e.refs.map((r) => r.addr)) }
  if (e.kind === 'paging.ref') return { update: null, walk: new Set([e.addr]) }
  return { update: null, walk: new Set() }
}

/** Frames this step touches: the update's changes, the mmuext's argument, the store's frame. */
function touched(e: EngineEvent): Set<Mfn> {
  if (e.kind === 'xenpv.update' || e.kind === 'xenpv.mmuext') {
    const s = new Set(e.changes.map((c) => c.mfn))
    if (e.refusal) s.add(e.refusal.mfn)
    if (e.kind === 'xenpv.update') s.add(mfnOf(e.entryMa))
    if (e.kind === 'xenpv.mmuext' && e.arg !== null && e.cmd !== 'invlpg_local') s.add(toMfn(e.arg))
    return s
  }
  if (e.kind === 'xenpv.m2p') return new Set([e.mfn])
  if (e.kind === 'xenpv.direct-write')
    return new Set([e.mfn, ...e.changes.map((c) => c.mfn), ...(e.refusal ? [e.refusal.mfn] : [])])
  return new Set()
}

export function layoutXenMmu(frame: Frame): XenMmuLayout {
  const m = frame.machine
  const x = m.virt.xenpv
  const e = frame.event
  const mem = m.paging.mem
  const mark = marked(e)
  const touch = touched(e)
  const changes = new Map(
    e.kind === 'xenpv.update' || e.kind === 'xenpv.mmuext' || e.kind === 'xenpv.direct-write'
      ? e.changes.map((c) => [c.mfn, c.before] as const)
      : [],
  )
  // Frames the domain owns, and what Xen's machine-to-phys table says of each: the builder's
  // entry (the P2M's inverse) unless the guest changed it with MMU_MACHPHYS_UPDATE.
  const ownedGfn = new Map<Mfn, bigint>()
  for (const [gfn, p] of m.virt.p2m) ownedGfn.set(mfnOf(p.hpa), gfn)
  const gfnOf = new Map([...ownedGfn, ...x.m2p])

  const tables: TableView[] = []
  for (const [mfn, info] of x.pages) {
    const level = PT_LEVEL[info.type]
    if (level === null || info.count === 0) continue
    const rows: EntryRow[] = []
    const base = mfn << 12n
    const presentRaw = new Map(presentEntries(mem, base, 8, 512).map((p) => [p.index, p.raw]))
    const present = presentRaw.size
    // Rows worth drawing: the present entries and any marked one (a refused update or a
    // walk through a not-present entry), in index order.
    const markedIdx = [mark.update, ...mark.walk]
      .filter((a): a is bigint => a !== null && a >= base && a < base + 4096n)
      .map((a) => Number((a - base) / 8n))
    const indices = [...new Set([...presentRaw.keys(), ...markedIdx])].sort((a, b) => a - b)
    let unmarked = 0
    for (const i of indices) {
      const ma = base + BigInt(i * 8)
      const raw = presentRaw.get(i) ?? readPhys(mem, ma, 8)
      const isP = (raw & P) !== 0n
      const rowMark: RowMark = mark.update === ma ? 'update' : mark.walk.has(ma) ? 'walk' : null
      if (!isP && rowMark === null) continue
      if (rowMark === null) {
        if (unmarked >= MAX_ROWS) continue
        unmarked++
      }
      const isUpdate =
        (e.kind === 'xenpv.update' || e.kind === 'xenpv.direct-write') && rowMark === 'update'
      const asked =
        e.kind === 'xenpv.update' ? e.val : e.kind === 'xenpv.direct-write' ? e.value : null
      const old = e.kind === 'xenpv.update' || e.kind === 'xenpv.direct-write' ? e.old : null
      rows.push({
        index: i,
        ma,
        raw,
        present: isP,
        target: entryMfn(raw),
        rw: (raw & RW) !== 0n,
        us: (raw & US) !== 0n,
        mark: rowMark,
        old: isUpdate ? old : null,
        asked: isUpdate ? asked : null,
      })
    }
    tables.push({
      mfn,
      level,
      count: info.count,
      pinned: info.pinned,
      isBase: x.baseMfn === mfn,
      rows,
      more: present - rows.filter((r) => r.present).length,
    })
  }
  tables.sort((a, b) => b.level - a.level || (a.mfn < b.mfn ? -1 : a.mfn > b.mfn ? 1 : 0))

  const frames = new Set<Mfn>([...gfnOf.keys(), ...x.pages.keys(), ...changes.keys()])
  const pages: PageRow[] = [...frames]
    .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))
    .map((mfn) => {
      const info = x.pages.get(mfn) ?? { type: 'none', count: 0, validated: false, pinned: false }
      return {
        mfn,
        gfn: gfnOf.get(mfn) ?? null,
        owned: ownedGfn.has(mfn),
        info,
        typeName: PGT_NAME[info.type],
        before: changes.get(mfn) ?? null,
        mark: touch.has(mfn),
      }
    })
  const focus = focusOf(e)
  const hasRow = (ma: bigint): boolean => tables.some((tv) => tv.rows.some((r) => r.ma === ma))
  const page = (mfn: bigint | null): XenMmuSpot | null =>
    mfn !== null && pages.some((p) => p.mfn === mfn) ? { kind: 'page', mfn } : null
  const box: XenMmuSpot | null = focus ? { kind: 'box' } : null
  let spot: XenMmuSpot | null
  switch (e.kind) {
    case 'xenpv.update':
    case 'xenpv.direct-write':
      spot = hasRow(e.entryMa) ? { kind: 'row', ma: e.entryMa } : box
      break
    case 'paging.ref':
    case 'paging.ad':
    case 'paging.poke':
      spot = hasRow(e.addr) ? { kind: 'row', ma: e.addr } : null
      break
    case 'xenpv.map': {
      // The leaf entry the mapping wrote.
      const leaf = tables
        .filter((tv) => tv.level === 1)
        .flatMap((tv) => tv.rows)
        .find((r) => r.raw === e.leafVal)
      spot = leaf ? { kind: 'row', ma: leaf.ma } : null
      break
    }
    case 'xenpv.mmuext':
      spot = page(e.cmd === 'invlpg_local' ? null : e.arg) ?? box
      break
    case 'xenpv.m2p':
      spot = page(e.mfn) ?? box
      break
    case 'virt.p2m-map':
      spot = page(e.hpa >> 12n)
      break
    case 'paging.alloc':
      spot = page(e.frame >> 12n)
      break
    case 'paging.cr3':
      spot = x.baseMfn === null ? null : { kind: 'base' }
      break
    default:
      spot = box
  }
  return {
    spot,
    active: m.virt.mmu === 'xen-pv',
    baseMfn: x.baseMfn,
    counters: { ...x.counters, saved: savedTransitions(x.counters) },
    multicall: x.multicall,
    tables,
    pages,
    focus,
  }
}
