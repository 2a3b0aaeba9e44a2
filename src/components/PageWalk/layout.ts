import {
  type AccessIntent,
  type AccessMode,
  type EngineEvent,
  type EntryFlags,
  type Gva,
  type PageFaultReason,
  type PagingGeneralProtection,
  type PagingOutcome,
  type PagingState,
  PF_ERROR_CODE_BITS,
  geometryOf,
  hasXd,
  levelIndex,
  presentEntries,
  readPhys,
  rootBase,
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
  /** The flag's bit position in the entry (hw-facts §1.3), so a click can flip it. */
  readonly bit: bigint
}

/** An entry next to the one the walk used, in the same table. */
export interface Neighbour {
  readonly index: number
  readonly raw: bigint
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
  /** The entry is in memory (not a PAE PDPTE register), so poking it changes the walk. */
  readonly inMemory: boolean
  readonly before: Neighbour | null
  readonly after: Neighbour | null
}

/** One 4 KiB frame in use, and what the page tables say it is. */
export interface MemFrame {
  readonly base: bigint
  /** A table's level name (PML4, PDPT, PD, PT...), 'data' for a mapped page, null if neither. */
  readonly role: string | null
  /** Read or written by the walk shown. */
  readonly touched: boolean
  /** What this step does to the frame outside a walk: allocates it as a table, writes an entry in it, or loads CR3 with it. */
  readonly step: 'alloc' | 'write' | 'cr3' | null
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

/** A #PF error-code bit the panel draws (the engine's PF_ERROR_CODE_BITS, hw-facts §1.5). */
export type ErrorBitKey = (typeof PF_ERROR_CODE_BITS)[number]['key']

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

export interface RightsView {
  readonly bits: readonly { readonly name: string; readonly on: boolean }[]
  readonly pkru: number
  /** The walked leaf's protection key and its PKRU bits (4-/5-level paging with CR4.PKE). */
  readonly key: { readonly pkey: number; readonly ad: boolean; readonly wd: boolean } | null
}

/** The part of the panel a step is about (the stage scrolls to it; see useStageFocus). */
export type PageWalkFocus =
  /** The entry read (a reference), the leaf of a finished walk, an entry just written. */
  | { readonly kind: 'card'; readonly level: number }
  /** The #PF (or #GP) box with its error code. */
  | { readonly kind: 'fault' }
  /** The TLB row hit or filled. */
  | { readonly kind: 'tlb-row' }
  /** The TLB as a whole: a miss, a flush, a new size. */
  | { readonly kind: 'tlb' }
  /** The A/D bits just set. */
  | { readonly kind: 'ad' }
  /** A frame in the memory strip: a table just allocated, or one just written. */
  | { readonly kind: 'frame'; readonly base: bigint }
  /** The address split into its fields (a new mapping). */
  | { readonly kind: 'fields' }
  /** The paging mode. */
  | { readonly kind: 'mode' }
  /** The rights controls: a control bit or PKRU just changed. */
  | { readonly kind: 'rights' }

export interface PageWalkLayout {
  readonly focus: PageWalkFocus | null
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
  /** The walk is a preview for an address of an earlier step (no access is made here). */
  readonly preview: boolean
  /** Frames in use, lowest first (at most MEM_STRIP_LIMIT). */
  readonly memory: readonly MemFrame[]
  readonly memoryMore: number
  /** What a TLB flush at this step removed (a CR3 load, INVLPG, a PCID switch). */
  readonly flush: {
    readonly reason: string
    readonly removed: number
    readonly kept: number
  } | null
  /**
   * The controls of the rights checks besides the entries (SDM3 §4.6): drawn once any is away
   * from its boot value (CR0.WP on, SMEP, SMAP, EFLAGS.AC, CR4.PKE off, PKRU 0), else null.
   */
  readonly rights: RightsView | null
  /** A/D bits the processor just wrote (hw-facts §1.6). */
  readonly ad: {
    readonly name: string
    readonly set: string
    readonly addr: bigint
    readonly old: bigint
    readonly raw: bigint
  } | null
}

// Bit positions from hw-facts §1.3 (SDM3 Fig. 4-7).
const BADGES: readonly [string, keyof EntryFlags, bigint][] = [
  ['P', 'p', 0n],
  ['R/W', 'rw', 1n],
  ['U/S', 'us', 2n],
  ['A', 'a', 5n],
  ['D', 'd', 6n],
  ['PS', 'ps', 7n],
  ['G', 'g', 8n],
  ['XD', 'xd', 63n],
]

/** The rights controls (null while all hold their boot values); `leaf`: the walk's last entry. */
function rightsView(s: PagingState, format: string, leaf: RefLike | undefined): RightsView | null {
  const c = s.control
  if (c.cr0Wp && !c.cr4Smep && !c.cr4Smap && !c.eflagsAc && !c.cr4Pke && c.pkru === 0) return null
  const pkey =
    c.cr4Pke && format === 'long' && leaf?.flags.leaf && leaf.flags.p ? leaf.flags.pkey : null
  return {
    bits: [
      { name: 'CR0.WP', on: c.cr0Wp },
      { name: 'CR4.SMEP', on: c.cr4Smep },
      { name: 'CR4.SMAP', on: c.cr4Smap },
      { name: 'EFLAGS.AC', on: c.eflagsAc },
      { name: 'CR4.PKE', on: c.cr4Pke },
    ],
    pkru: c.pkru,
    key:
      pkey === null
        ? null
        : {
            pkey,
            ad: ((c.pkru >>> (2 * pkey)) & 1) === 1,
            wd: ((c.pkru >>> (2 * pkey + 1)) & 1) === 1,
          },
  }
}

export const MEM_STRIP_LIMIT = 48
const FRAME = 0x1000n

/**
 * What each frame holds, found by following present entries from CR3: tables by level name,
 * mapped 4 KiB pages as data (large pages are too big for the strip). Bounded, so a hostile
 * script cannot make the panel crawl.
 */
function scanRoles(s: PagingState, cr3: bigint): Map<bigint, string> {
  const roles = new Map<bigint, string>()
  const g = geometryOf(s.mode, s.teach)
  if (g.format === 'teach' || g.format === 'pae') return roles
  const entryBytes = g.entryBytes === 4 ? 4 : 8
  let budget = 64
  const visit = (base: bigint, depth: number): void => {
    const spec = g.levels[depth]
    if (!spec || budget-- <= 0 || roles.has(base)) return
    roles.set(base, spec.name.replace(/E$/, ''))
    for (const { raw } of presentEntries(s.mem, base, entryBytes, 1 << Number(spec.indexBits))) {
      const leaf = spec.level === 1 || (spec.largePage !== null && (raw & 0x80n) !== 0n)
      // Address bits M-1:12 (hw-facts §1.3); 31:12 in 32-bit paging.
      const next =
        g.format === 'legacy32'
          ? raw & 0xfffff000n
          : raw & ((1n << BigInt(s.maxPhyAddr)) - 1n) & ~(FRAME - 1n)
      if (leaf) {
        if (spec.level === 1 && !roles.has(next)) roles.set(next, 'data')
      } else visit(next, depth + 1)
    }
  }
  visit(rootBase(g, cr3, s.maxPhyAddr), 0)
  return roles
}

// The roles depend only on memory, CR3, the mode and MAXPHYADDR. Memory snapshots are shared
// between steps that do not write it, so most steps find their answer here.
const rolesCache = new WeakMap<PagingState['mem'], Map<string, Map<bigint, string>>>()

/** What each frame holds (which level's table, or data), found by walking from CR3. */
function frameRoles(s: PagingState): Map<bigint, string> {
  if (s.cr3 === null) return new Map()
  // The teaching mode has no roles (scanRoles), so its geometry need not be in the key.
  const key = `${s.cr3}|${s.mode}|${s.maxPhyAddr}`
  let byKey = rolesCache.get(s.mem)
  if (!byKey) rolesCache.set(s.mem, (byKey = new Map()))
  let roles = byKey.get(key)
  if (!roles) byKey.set(key, (roles = scanRoles(s, s.cr3)))
  return roles
}

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
): { va: Gva; intent: AccessIntent | null; mode: AccessMode | null } | null {
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

/** The linear address a step is about, or null (a poke, a CR3 load...). */
export const focusVa = (ev: EngineEvent): Gva | null => focus(ev)?.va ?? null

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
    bits: PF_ERROR_CODE_BITS.map((b) => ({ ...b, set: ((f.errorCode >> b.bit) & 1) === 1 })),
  }
}

/** Everything the PageWalk panel draws, from one frame's paging state and event alone. */
/**
 * `later`: the events of this step's command after it. The frame holds the machine after the
 * whole command (one `map` is ten events), so the memory strip leaves out the tables the
 * command allocates later and the pages its later entries link, and does not name a frame by
 * a role a later entry gives it.
 */
export function layoutPageWalk(
  s: PagingState,
  ev: EngineEvent,
  previewVa: Gva | null = null,
  later: readonly EngineEvent[] = [],
): PageWalkLayout {
  const g = geometryOf(s.mode, s.teach)
  const xd = hasXd(g.format)
  const ownFocus = focus(ev)
  // A step with no address of its own (a poke, a CR3 load) shows how an earlier step's
  // address translates now, so a flipped bit shows up at once.
  const preview = ownFocus === null && previewVa !== null && s.cr3 !== null
  const f = ownFocus ?? (preview ? { va: previewVa, intent: null, mode: null } : null)
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
  } else if (preview && va !== null) {
    const t = translateNoSideEffects(s, va)
    refs = (t?.events ?? []).flatMap((e) => (e.kind === 'paging.ref' ? [e] : []))
  } else if (ev.kind === 'paging.tlb.hit') {
    tlbStatus = 'hit'
  } else if (ev.kind === 'paging.tlb.miss') {
    tlbStatus = 'miss'
  }
  const faultLevel = fault?.vector === 14 ? fault.level : null

  const entries = 1n << (g.levels[0]?.indexBits ?? 9n)
  const neighbour = (r: RefLike, d: number): Neighbour | null => {
    const i = r.index + d
    if (i < 0 || BigInt(i) >= entries) return null
    const addr = r.addr + BigInt(d * g.entryBytes)
    return { index: i, raw: readPhys(s.mem, addr, g.entryBytes) }
  }
  const cards: WalkCard[] = refs.map((r) => ({
    level: r.level,
    name: r.name,
    tableBase: r.tableBase,
    index: r.index,
    addr: r.addr,
    raw: r.raw,
    badges: BADGES.filter(([n]) => xd || n !== 'XD').map(([name, k, bit]) => ({
      name,
      on: r.flags[k] === true,
      bit,
    })),
    present: r.flags.p,
    leaf: r.flags.leaf,
    next: r.flags.addr,
    current: r.level === currentLevel,
    faulted: r.level === faultLevel,
    inMemory: !(g.format === 'pae' && r.level === 3),
    before: g.format === 'pae' && r.level === 3 ? null : neighbour(r, -1),
    after: g.format === 'pae' && r.level === 3 ? null : neighbour(r, 1),
  }))

  const roles = frameRoles(s)
  const touched = new Set<bigint>(refs.map((r) => r.tableBase & ~(FRAME - 1n)))
  if (result) touched.add(result.pa & ~(FRAME - 1n))
  const inUse = [...s.mem.frames.keys()].map((n) => n * FRAME)
  for (const b of roles.keys()) if (!s.mem.frames.has(b / FRAME)) inUse.push(b)
  const laterAlloc = new Set<bigint>()
  const laterLinked = new Set<bigint>()
  for (const e of later)
    if (e.kind === 'paging.alloc') laterAlloc.add(e.frame & ~(FRAME - 1n))
    else if (e.kind === 'paging.entry.write')
      // Address bits M-1:12 (hw-facts §1.3); 31:12 in 32-bit paging.
      laterLinked.add(
        g.format === 'legacy32'
          ? e.raw & 0xfffff000n
          : e.raw & ((1n << BigInt(s.maxPhyAddr)) - 1n) & ~(FRAME - 1n),
      )
  const notYet = (base: bigint): boolean =>
    laterAlloc.has(base) || (laterLinked.has(base) && !s.mem.frames.has(base / FRAME))
  const all = [...new Set(inUse)]
    .filter((b) => !notYet(b))
    .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))
  const stepFrame: readonly [bigint, MemFrame['step']] | null =
    ev.kind === 'paging.alloc'
      ? [ev.frame, 'alloc']
      : ev.kind === 'paging.entry.write' || ev.kind === 'paging.poke'
        ? [ev.addr & ~(FRAME - 1n), 'write']
        : ev.kind === 'paging.cr3'
          ? [ev.base & ~(FRAME - 1n), 'cr3']
          : null
  const memory: MemFrame[] = all.slice(0, MEM_STRIP_LIMIT).map((base) => ({
    base,
    role: laterLinked.has(base) ? null : (roles.get(base) ?? null),
    touched: touched.has(base),
    step: stepFrame !== null && stepFrame[0] === base ? stepFrame[1] : null,
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

  const inStrip = (addr: bigint): PageWalkFocus | null => {
    const base = addr & ~(FRAME - 1n)
    return memory.some((m) => m.base === base) ? { kind: 'frame', base } : null
  }
  const cardAt = (addr: bigint): PageWalkFocus | null => {
    const c = cards.find((c) => c.addr === addr)
    return c ? { kind: 'card', level: c.level } : null
  }
  const lastCard = cards.at(-1)
  const rights = rightsView(s, g.format, refs.at(-1))
  const rowMarked = tlb.some((r) => r.hit || r.filled)
  let focusOn: PageWalkFocus | null
  switch (ev.kind) {
    case 'paging.ref':
      focusOn = { kind: 'card', level: ev.level }
      break
    case 'paging.access':
    case 'paging.translate':
      focusOn = fault
        ? { kind: 'fault' }
        : rowMarked
          ? { kind: 'tlb-row' }
          : lastCard
            ? { kind: 'card', level: lastCard.level }
            : null
      break
    case 'paging.tlb.hit':
    case 'paging.tlb.fill':
      focusOn = rowMarked ? { kind: 'tlb-row' } : { kind: 'tlb' }
      break
    case 'paging.tlb.miss':
    case 'paging.tlb.flush':
    case 'paging.tlb.config':
      focusOn = { kind: 'tlb' }
      break
    case 'paging.ad':
      focusOn = { kind: 'ad' }
      break
    case 'paging.alloc':
      focusOn = inStrip(ev.frame)
      break
    case 'paging.entry.write':
    case 'paging.poke':
      focusOn = cardAt(ev.addr) ?? inStrip(ev.addr)
      break
    case 'paging.cr3':
      focusOn = cards[0] ? { kind: 'card', level: cards[0].level } : inStrip(ev.base)
      break
    case 'paging.map':
      focusOn = fields.length > 0 ? { kind: 'fields' } : null
      break
    case 'paging.mode':
      focusOn = { kind: 'mode' }
      break
    case 'paging.control':
    case 'paging.pkru':
      focusOn = rights ? { kind: 'rights' } : null
      break
    default:
      focusOn = null
  }

  return {
    flush:
      ev.kind === 'paging.tlb.flush'
        ? { reason: ev.reason, removed: ev.removed.length, kept: ev.kept }
        : null,
    focus: focusOn,
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
    preview,
    memory,
    memoryMore: Math.max(0, all.length - MEM_STRIP_LIMIT),
    rights,
    ad:
      ev.kind === 'paging.ad'
        ? { name: ev.name, set: ev.set, addr: ev.addr, old: ev.old, raw: ev.raw }
        : null,
  }
}
