import {
  type AccessIntent,
  type AccessMode,
  type EngineEvent,
  type EntryFlags,
  type PageFaultReason,
  type PagingGeneralProtection,
  type PagingOutcome,
  type PagingState,
  geometryOf,
  hasXd,
  levelIndex,
  translateNoSideEffects,
} from '../../engine/index.ts'

/** One field of the linear address: a level's index or the page offset (hw-facts §1.1). */
export interface AddrField {
  readonly name: string
  readonly hi: number
  readonly lo: number
  readonly value: bigint
  readonly offset: boolean
}

export interface FlagBadge {
  readonly name: string
  readonly on: boolean
}

/** One paging-structure entry the walk read. */
export interface WalkCard {
  readonly level: number
  readonly name: string
  readonly tableBase: bigint
  readonly index: number
  /** tableBase + index × entry size (hw-facts §1.1). */
  readonly addr: bigint
  readonly raw: bigint
  readonly badges: readonly FlagBadge[]
  readonly present: boolean
  readonly leaf: boolean
  /** Next table, or the page frame when leaf. */
  readonly next: bigint
  readonly current: boolean
  readonly faulted: boolean
}

export interface TlbRow {
  readonly pcid: number
  readonly global: boolean
  readonly va: bigint
  readonly pa: bigint
  readonly pageBytes: bigint
  readonly rw: boolean
  readonly us: boolean
  readonly xd: boolean
  readonly dirty: boolean
  readonly hit: boolean
  readonly filled: boolean
  /** Filled when the walk under way at this step ends (the frame holds the command's end state). */
  readonly pending: boolean
}

/** #PF error-code bits (hw-facts §1.5). */
export const ERROR_CODE_BITS = [
  { bit: 0, name: 'P', key: 'p' },
  { bit: 1, name: 'W/R', key: 'wr' },
  { bit: 2, name: 'U/S', key: 'us' },
  { bit: 3, name: 'RSVD', key: 'rsvd' },
  { bit: 4, name: 'I/D', key: 'id' },
] as const

export type ErrorBitKey = (typeof ERROR_CODE_BITS)[number]['key']

export interface FaultBit {
  readonly bit: number
  readonly name: string
  readonly key: ErrorBitKey
  readonly set: boolean
}

export type FaultView =
  | {
      readonly vector: 14
      readonly errorCode: number
      readonly cr2: bigint
      readonly reason: PageFaultReason
      readonly level: number
      readonly bits: readonly FaultBit[]
    }
  | { readonly vector: 13; readonly reason: PagingGeneralProtection['reason'] }

export interface PageWalkLayout {
  readonly mode: string
  /** Bytes per entry: 8, or 4 in 32-bit paging (hw-facts §1.1). */
  readonly entryBytes: number
  readonly va: bigint | null
  readonly intent: AccessIntent | null
  readonly accessMode: AccessMode | null
  readonly fields: readonly AddrField[]
  readonly cards: readonly WalkCard[]
  /** The walk was skipped because the TLB hit. */
  readonly tlbStatus: 'hit' | 'miss' | null
  readonly tlb: readonly TlbRow[]
  readonly tlbCapacity: number
  readonly tlbPolicy: string
  readonly result: { readonly pa: bigint; readonly pageBytes: bigint } | null
  readonly fault: FaultView | null
  /** A/D bits the processor just wrote (hw-facts §1.6). */
  readonly ad: {
    readonly name: string
    readonly set: string
    readonly addr: bigint
    readonly old: bigint
    readonly raw: bigint
  } | null
}

const BADGES: readonly [string, keyof EntryFlags][] = [
  ['P', 'p'],
  ['R/W', 'rw'],
  ['U/S', 'us'],
  ['A', 'a'],
  ['D', 'd'],
  ['PS', 'ps'],
  ['G', 'g'],
  ['XD', 'xd'],
]

interface RefLike {
  readonly level: number
  readonly name: string
  readonly tableBase: bigint
  readonly index: number
  readonly addr: bigint
  readonly raw: bigint
  readonly flags: EntryFlags
}

/** The address, access kind and walk this step is about, if any. */
function focus(
  ev: EngineEvent,
): { va: bigint; intent: AccessIntent | null; mode: AccessMode | null } | null {
  switch (ev.kind) {
    case 'paging.access':
    case 'paging.translate':
      return { va: ev.va, intent: ev.intent, mode: ev.mode }
    case 'paging.ref':
    case 'paging.tlb.hit':
    case 'paging.tlb.miss':
    case 'paging.map':
      return { va: ev.va, intent: null, mode: null }
    case 'paging.tlb.fill':
      return { va: ev.entry.va, intent: null, mode: null }
    default:
      return null
  }
}

function outcomeFault(o: PagingOutcome): FaultView | null {
  if (o.result === 'ok') return null
  const f = o.fault
  if (f.vector === 13) return { vector: 13, reason: f.reason }
  return {
    vector: 14,
    errorCode: f.errorCode,
    cr2: f.cr2,
    reason: f.reason,
    level: f.level,
    bits: ERROR_CODE_BITS.map((b) => ({ ...b, set: ((f.errorCode >> b.bit) & 1) === 1 })),
  }
}

/** Everything the PageWalk panel draws, from one frame's paging state and event alone. */
export function layoutPageWalk(s: PagingState, ev: EngineEvent): PageWalkLayout {
  const g = geometryOf(s.mode, s.teach)
  const xd = hasXd(g.format)
  const f = focus(ev)
  const va = f?.va ?? null

  const fields: AddrField[] =
    va === null
      ? []
      : [
          ...g.levels.map((l) => ({
            name: l.name.replace(/E$/, ''),
            hi: Number(l.shift + l.indexBits) - 1,
            lo: Number(l.shift),
            value: levelIndex(l, va),
            offset: false,
          })),
          {
            name: 'offset',
            hi: Number(g.pageShift) - 1,
            lo: 0,
            value: va & ((1n << g.pageShift) - 1n),
            offset: true,
          },
        ]

  // The walk: the access's own references (recomputed without side effects on this frame's
  // state, so A bits read as memory now holds them), or the ones up to this reference.
  let refs: RefLike[] = []
  let fault: FaultView | null = null
  let result: PageWalkLayout['result'] = null
  let tlbStatus: 'hit' | 'miss' | null = null
  let currentLevel: number | null = null
  if (ev.kind === 'paging.access' || ev.kind === 'paging.translate') {
    fault = outcomeFault(ev.outcome)
    if (ev.outcome.result === 'ok') result = { pa: ev.outcome.pa, pageBytes: ev.outcome.pageBytes }
    tlbStatus = ev.kind === 'paging.access' ? ev.tlb : null
    if (tlbStatus !== 'hit') {
      const t = translateNoSideEffects(s, ev.va, ev.intent, ev.mode)
      refs = (t?.events ?? []).flatMap((e) => (e.kind === 'paging.ref' ? [e] : []))
    }
  } else if (ev.kind === 'paging.ref') {
    const t = translateNoSideEffects(s, ev.va)
    refs = [
      ...(t?.events ?? []).flatMap((e) =>
        e.kind === 'paging.ref' && e.level > ev.level ? [e] : [],
      ),
      ev,
    ]
    currentLevel = ev.level
  } else if (ev.kind === 'paging.tlb.fill') {
    // The walk just finished; its entries as memory now holds them.
    const t = translateNoSideEffects(s, ev.entry.va)
    refs = (t?.events ?? []).flatMap((e) => (e.kind === 'paging.ref' ? [e] : []))
  } else if (ev.kind === 'paging.tlb.hit') {
    tlbStatus = 'hit'
  } else if (ev.kind === 'paging.tlb.miss') {
    tlbStatus = 'miss'
  }
  const faultLevel = fault?.vector === 14 ? fault.level : null

  const cards: WalkCard[] = refs.map((r) => ({
    level: r.level,
    name: r.name,
    tableBase: r.tableBase,
    index: r.index,
    addr: r.addr,
    raw: r.raw,
    badges: BADGES.filter(([n]) => xd || n !== 'XD').map(([name, k]) => ({
      name,
      on: r.flags[k] === true,
    })),
    present: r.flags.p,
    leaf: r.flags.leaf,
    next: r.flags.addr,
    current: r.level === currentLevel,
    faulted: r.level === faultLevel,
  }))

  const pcid = s.control.cr4Pcide && s.cr3 !== null ? Number(s.cr3 & 0xfffn) : 0
  const hitVa =
    ev.kind === 'paging.tlb.hit'
      ? ev.va
      : ev.kind === 'paging.access' && ev.tlb === 'hit'
        ? ev.va
        : null
  const fill = ev.kind === 'paging.tlb.fill' ? ev.entry : null
  const walkVa =
    ev.kind === 'paging.ref' || (ev.kind === 'paging.tlb.miss' && ev.why !== 'denied')
      ? ev.va
      : null
  const tlb: TlbRow[] = s.tlb.entries.map((e) => ({
    pcid: e.pcid,
    global: e.global,
    va: e.va,
    pa: e.pa,
    pageBytes: e.pageBytes,
    rw: e.rw,
    us: e.us,
    xd: e.xd,
    dirty: e.dirty,
    hit:
      hitVa !== null &&
      hitVa >= e.va &&
      hitVa < e.va + e.pageBytes &&
      (e.global || e.pcid === pcid),
    filled: fill !== null && fill.va === e.va && fill.pcid === e.pcid,
    pending:
      walkVa !== null &&
      walkVa >= e.va &&
      walkVa < e.va + e.pageBytes &&
      (e.global || e.pcid === pcid),
  }))

  return {
    mode: s.mode,
    entryBytes: g.entryBytes,
    va,
    intent: f?.intent ?? null,
    accessMode: f?.mode ?? null,
    fields,
    cards,
    tlbStatus,
    tlb,
    tlbCapacity: s.tlb.capacity,
    tlbPolicy: s.tlb.policy,
    result,
    fault,
    ad:
      ev.kind === 'paging.ad'
        ? { name: ev.name, set: ev.set, addr: ev.addr, old: ev.old, raw: ev.raw }
        : null,
  }
}
