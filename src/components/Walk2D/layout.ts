// The 2-D grid of a nested walk (hw-facts §3.2, Bhargava Fig. 1(b)): one row per guest level
// plus the data row, one column per EPT level plus the guest-entry column. Pure: computed from
// the frame alone (the machine keeps the last access's walk, as the VMCS keeps exit info).
import {
  type EngineEvent,
  type EptEvent,
  type EptTlbEntry,
  type EptWalkRecord,
  type Machine,
  EPT_VIOLATION_QUALIFICATION_BITS,
} from '../../engine/index.ts'
import { type BuildView, isBuildEvent, layoutBuild } from './build.ts'

export type CellState = 'done' | 'current' | 'pending' | 'unused' | 'unreached' | 'cached' | 'psc'

export interface GridCell {
  readonly n: number | null
  readonly state: CellState
  readonly dim: 'nested' | 'guest'
  readonly level: number
  readonly addr: bigint | null
  readonly raw: bigint | null
  /** True when this reference found the entry not present (the walk stops here). */
  readonly stop: boolean
}

export interface GridRow {
  /** Guest level whose entry is located (5..1), or 0 for the data GPA. */
  readonly row: number
  /** The guest-physical address this row's EPT walk translates. */
  readonly gpa: bigint | null
  /** Nested cells, EPT level m first. */
  readonly nested: readonly GridCell[]
  /** The guest entry read in this row (null in the data row). */
  readonly guest: GridCell | null
}

type Ref = EptWalkRecord['refs'][number]

export interface CurrentRef {
  readonly ref: Ref
  /** Page holding the entry (host-physical). */
  readonly tablePage: bigint
}

export interface QualBit {
  readonly bit: number
  readonly set: boolean
}

export interface TlbRow {
  readonly entry: EptTlbEntry
  readonly hit: boolean
  readonly filled: boolean
  /** The entry this access's walk will fill when it ends (the frame shows the machine after). */
  readonly pending: boolean
}

/** The part of the panel a step is about (the stage scrolls to it; see useStageFocus). */
export type Walk2DFocus =
  /** The grid cell of the reference this step makes. */
  | 'cell'
  /** The grid cells a cache hit (guest-physical or paging-structure) lets the walk skip. */
  | 'cached'
  /** The access's outcome: the address reached, the fault, or the VM exit. */
  | 'outcome'
  /** The TLB rows hit, filled, or about to be filled. */
  | 'tlb-rows'
  /** The TLB as a whole (a VPID change, a world switch). */
  | 'tlb'
  /** What a flush removed. */
  | 'flush'
  /** The build view's entry, table, CR3, EPTP or mode this step wrote (BuildView.focus). */
  | 'build'
  /** The hardware A/D write this step shows (AdWrite). */
  | 'ad'

/** A hardware A/D-bit write into an entry the walk just read (ept.guest-ad, ept.ad). */
export interface AdWrite {
  readonly dim: 'guest' | 'nested'
  readonly name: string
  readonly addr: bigint
  readonly old: bigint
  readonly raw: bigint
  readonly set: string
}

export interface Walk2DLayout {
  readonly focus: Walk2DFocus | null
  /**
   * The tables being built, shown instead of the grid before the first access and on every
   * step that builds (a `map`, a `host map`, a CR3 or EPTP load): the grid would not change.
   */
  readonly build: BuildView | null
  readonly ad: AdWrite | null
  /** The guest has made an access under EPT (the grid has something to show). */
  readonly walked: boolean
  readonly mmu: string
  readonly record: EptWalkRecord | null
  readonly vpid: number
  readonly columns: readonly number[]
  readonly rows: readonly GridRow[]
  /** References made up to and including this step. */
  readonly done: number
  readonly total: number
  /** n guest levels walked, m EPT levels: the full-miss count (n+1)(m+1)-1. */
  readonly n: number
  readonly m: number
  readonly current: CurrentRef | null
  /** True while this frame is one of the access's own steps. */
  readonly live: boolean
  /**
   * The outcome box is drawn: after the walk's last reference, and for a VM exit only from
   * the violation (or misconfiguration) step on, so the reference that found the bad entry
   * and the exit it causes are two pictures.
   */
  readonly outcomeShown: boolean
  readonly qualBits: readonly QualBit[]
  readonly tlb: readonly TlbRow[]
  readonly tlbCapacity: number
  readonly flush: Extract<EptEvent, { kind: 'ept.tlb.flush' }> | null
}

/** Guest levels the hardware walks in memory, per mode (PAE's PDPTEs are registers). */
function guestRows(mode: string, guestLevels: number): number[] {
  if (guestLevels === 0) return []
  if (mode === 'la57') return [5, 4, 3, 2, 1]
  if (mode === 'pae' || mode === 'x86-32') return [2, 1]
  if (mode === 'teach') return Array.from({ length: guestLevels }, (_, i) => guestLevels - i)
  return [4, 3, 2, 1]
}

/** How many of the record's references this frame has reached, and which one it shows. */
function position(record: EptWalkRecord, e: EngineEvent): { done: number; live: boolean } {
  const i = record.refs.findIndex((r) => r === e)
  if (i >= 0) return { done: i + 1, live: true }
  if (e.kind === 'ept.ad' || e.kind === 'ept.guest-ad' || e.kind === 'ept.cache-hit')
    return { done: e.after, live: true }
  if (e.kind === 'ept.tlb.miss' && e.va === record.access.va) return { done: 0, live: true }
  const own =
    e === record.access ||
    e === record.stop ||
    e.kind === 'ept.tlb.hit' ||
    e.kind === 'ept.tlb.fill' ||
    (e.kind === 'ept.tlb.flush' && e.reason !== 'invept' && e.reason !== 'invvpid')
  return { done: record.refs.length, live: own }
}

const EMPTY: GridCell = {
  n: null,
  state: 'unused',
  dim: 'nested',
  level: 0,
  addr: null,
  raw: null,
  stop: false,
}

/**
 * `later`: the events of this step's command after it (the frame's machine is the state after
 * the whole command; the build view takes their writes back out).
 */
export function layoutWalk2D(
  machine: Machine,
  event: EngineEvent,
  later: readonly EngineEvent[] = [],
): Walk2DLayout {
  const ept = machine.virt.ept
  const record = machine.virt.mmu === 'ept' ? ept.lastWalk : null
  const flush = event.kind === 'ept.tlb.flush' ? event : null
  const hitVa = event.kind === 'ept.tlb.hit' ? event.entry : null
  const filled = event.kind === 'ept.tlb.fill' ? event.entry : null
  // Steps before this access's fill show its entry as pending: the snapshot is taken after the
  // whole access, so the entry is already in the machine's TLB.
  const walkLive = record !== null && position(record, event).live
  const beforeFill =
    record !== null &&
    walkLive &&
    record.access.tlb === 'miss' &&
    record.access.outcome.result === 'ok' &&
    event.kind !== 'ept.tlb.fill' &&
    event !== record.access
  const tlb: TlbRow[] = ept.tlb.entries.map((entry) => ({
    entry,
    hit: hitVa !== null && entry.va === hitVa.va && entry.vpid === hitVa.vpid,
    filled: filled !== null && entry.inserted === filled.inserted,
    pending: beforeFill && entry.inserted === ept.tlb.clock,
  }))
  const rowsMarked = tlb.some((r) => r.hit || r.filled || r.pending)
  const tlbFocus: Walk2DFocus | null =
    event.kind === 'ept.tlb.hit' || event.kind === 'ept.tlb.fill' || event.kind === 'ept.tlb.miss'
      ? rowsMarked
        ? 'tlb-rows'
        : 'tlb'
      : event.kind === 'ept.tlb.flush'
        ? 'flush'
        : event.kind === 'ept.vpid' || event.kind === 'ept.world-switch'
          ? 'tlb'
          : null
  const build =
    machine.virt.mmu === 'ept' && (record === null || isBuildEvent(event))
      ? layoutBuild(machine, event, later)
      : null
  const base = {
    focus: build?.focus ? ('build' as const) : tlbFocus,
    build,
    walked: record !== null,
    mmu: machine.virt.mmu,
    vpid: ept.vpid,
    tlb,
    tlbCapacity: ept.tlb.capacity,
    flush,
  }
  if (record === null || build !== null)
    return {
      ...base,
      ad: null,
      record: null,
      columns: [],
      rows: [],
      done: 0,
      total: 0,
      n: 0,
      m: 0,
      current: null,
      live: false,
      outcomeShown: false,
      qualBits: [],
    }
  const a = record.access
  const m = a.eptLevels
  const columns = Array.from({ length: m }, (_, i) => m - i)
  const { done, live } = position(record, event)
  const finished = a.outcome.result === 'ok' && a.tlb !== 'hit'
  const stateOf = (n: number): CellState =>
    n < done ? 'done' : n === done && live && done > 0 ? 'current' : n <= done ? 'done' : 'pending'
  const levelsRows = [...guestRows(machine.paging.mode, a.guestLevels), 0]
  const lastRefRow = record.refs.at(-1)?.row
  // Whether this frame has reached a cache hit (hits carry the reference count before them).
  const hitSeen = (h: EptWalkRecord['cacheHits'][number]): boolean => {
    if (!live) return true
    if (event.kind === 'ept.tlb.miss' || done < h.after) return false
    if (done > h.after) return true
    if (event.kind === 'ept.cache-hit')
      return record.cacheHits.indexOf(event) >= record.cacheHits.indexOf(h)
    return event.kind !== 'ept.nested-ref' && event.kind !== 'ept.guest-ref'
  }
  const pscHit = record.cacheHits.find((h) => h.which === 'psc')
  const psc = pscHit && hitSeen(pscHit) ? pscHit : undefined
  const rows: GridRow[] = levelsRows.map((row) => {
    const mine = record.refs.filter((r) => r.row === row)
    // Rows a paging-structure-cache hit skipped, and EPT walks a cached guest-physical
    // mapping replaced (hw-facts §3.3).
    if (psc && row >= psc.level)
      return {
        row,
        gpa: null,
        nested: columns.map((level): GridCell => ({ ...EMPTY, level, state: 'psc' })),
        guest: { ...EMPTY, dim: 'guest', level: row, state: 'psc' },
      }
    const gpaHit = record.cacheHits.find((h) => h.which === 'gpa' && h.row === row && hitSeen(h))
    const reached = mine.length > 0
    // Rows after the one the walk stopped in were never reached; rows skipped by a guest
    // large page, and EPT levels skipped by an EPT large page, are unused.
    const missing: CellState = finished || (reached && lastRefRow !== row) ? 'unused' : 'unreached'
    const nested = columns.map((level): GridCell => {
      const r = mine.find((x) => x.kind === 'ept.nested-ref' && x.level === level)
      if (!r && gpaHit) return { ...EMPTY, level, state: 'cached' }
      if (!r)
        return { n: null, state: missing, dim: 'nested', level, addr: null, raw: null, stop: false }
      const stop = r.kind === 'ept.nested-ref' && !r.flags.present
      return { n: r.n, state: stateOf(r.n), dim: 'nested', level, addr: r.addr, raw: r.raw, stop }
    })
    const g = mine.find((x) => x.kind === 'ept.guest-ref')
    const guest: GridCell | null =
      row === 0
        ? null
        : g && g.kind === 'ept.guest-ref'
          ? {
              n: g.addr === null ? null : g.n,
              state: g.addr === null ? 'done' : stateOf(g.n),
              dim: 'guest',
              level: row,
              addr: g.addr,
              raw: g.raw,
              stop: !g.flags.p,
            }
          : {
              n: null,
              state: reached || finished ? missing : 'unreached',
              dim: 'guest',
              level: row,
              addr: null,
              raw: null,
              stop: false,
            }
    // The GPA a row translates is known only once the walk gets there.
    const first = mine[0]
    const seen = (n: number): boolean => n <= done || !live
    const gpa = first && seen(first.n) ? first.gpa : gpaHit ? gpaHit.gpa : null
    return { row, gpa, nested, guest }
  })
  const cur = live && done > 0 ? record.refs[done - 1] : undefined
  const current: CurrentRef | null = cur
    ? {
        ref: cur,
        tablePage: cur.kind === 'ept.nested-ref' ? cur.tableBase : (cur.addr ?? 0n) & ~0xfffn,
      }
    : null
  const q = record.stop?.kind === 'ept.violation' ? record.stop.qualification : null
  const qualBits: QualBit[] =
    q === null
      ? []
      : EPT_VIOLATION_QUALIFICATION_BITS.map((bit) => ({
          bit,
          set: ((q >> BigInt(bit)) & 1n) === 1n,
        }))
  const ad: AdWrite | null =
    event.kind === 'ept.guest-ad'
      ? {
          dim: 'guest',
          name: event.name,
          addr: event.hpa,
          old: event.old,
          raw: event.raw,
          set: event.set,
        }
      : event.kind === 'ept.ad'
        ? {
            dim: 'nested',
            name: event.name,
            addr: event.addr,
            old: event.old,
            raw: event.raw,
            set: event.set,
          }
        : null
  const outcome = event === a || event === record.stop
  const outcomeShown =
    !live || (done >= record.refs.length && (a.outcome.result !== 'exit' || outcome))
  const skipped = rows.some(
    (r) =>
      r.guest?.state === 'psc' || r.nested.some((c) => c.state === 'cached' || c.state === 'psc'),
  )
  // A TLB event is about the TLB even while the access it belongs to is on show.
  const focus: Walk2DFocus | null =
    event.kind === 'ept.cache-hit' && skipped
      ? 'cached'
      : ad !== null
        ? 'ad'
        : (base.focus ?? (current && a.tlb !== 'hit' ? 'cell' : outcome ? 'outcome' : null))
  return {
    ...base,
    focus,
    ad,
    record,
    columns,
    rows,
    done,
    total: record.refs.length,
    n: a.guestLevels,
    m,
    current,
    live,
    outcomeShown,
    qualBits,
  }
}
