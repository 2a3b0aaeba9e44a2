// View model of the comparison panel: the same guest access under native paging, shadow paging
// and EPT, one column each, counted from the trace up to this step (a scenario runs the three
// one after the other; `mmu` starts each on a fresh machine, so a column is what happened since
// its own `mmu` line). Pure: the component only renders it.
import type { EngineEvent, Frame } from '../../engine/index.ts'

export type CompareMmu = 'native' | 'shadow' | 'ept'
export const COMPARE_MMUS: readonly CompareMmu[] = ['native', 'shadow', 'ept']

/** The last access a column has made, as the hardware did it. */
export interface CompareAccess {
  readonly va: bigint
  readonly result: 'ok' | 'fault' | 'exit'
  /** Memory references the processor made for it (every table entry it read). */
  readonly refs: number
  /** Guest table entries the VMM read in software (shadow paging's hidden faults). */
  readonly vmmRefs: number
  readonly tlb: 'hit' | 'miss' | null
  /** Where it ended: host-physical (native: physical) address, or null on a fault or exit. */
  readonly pa: bigint | null
}

export type CompareMetric = 'access' | 'exits' | 'guestTables' | 'vmmTables' | 'tableWrites'

export interface CompareColumn {
  readonly mmu: CompareMmu
  /** waiting: not run yet at this step; now: this step runs under it; done: run earlier. */
  readonly status: 'waiting' | 'now' | 'done'
  readonly access: CompareAccess | null
  /** VM exits so far under this MMU (native has no hypervisor: always 0). */
  readonly exits: number
  /** Page-table pages the guest OS built. */
  readonly guestTables: number
  /** Tables the hypervisor keeps: shadow pages, or EPT tables (null for native). */
  readonly vmmTables: number | null
  /** Guest stores into its own page tables, and how many of them exited to the VMM. */
  readonly tableWrites: number
  readonly trappedWrites: number
}

export interface CompareLayout {
  readonly columns: readonly CompareColumn[]
  /** The cell this step changed (column and metric), for the stage focus. */
  readonly changed: { readonly mmu: CompareMmu; readonly metric: CompareMetric } | null
}

const isCompared = (m: string): m is CompareMmu => m === 'native' || m === 'shadow' || m === 'ept'

interface Tally {
  access: CompareAccess | null
  exits: number
  guestTables: number
  vmmTables: number
  tableWrites: number
  trappedWrites: number
  /** Guest frames that hold page tables (to tell a store into a table from a data store). */
  tableFrames: Set<bigint>
}

const fresh = (): Tally => ({
  access: null,
  exits: 0,
  guestTables: 0,
  vmmTables: 0,
  tableWrites: 0,
  trappedWrites: 0,
  tableFrames: new Set(),
})

/** An access summary event as the column shows it (its result is its outcome's). */
function accessOf(
  e: {
    readonly va: bigint
    readonly tlb: 'hit' | 'miss' | null
    readonly refs: readonly unknown[]
    readonly outcome?: { readonly result: 'ok' | 'fault' | 'exit' }
  },
  vmmRefs: number,
  pa: bigint | null,
): CompareAccess {
  return {
    va: e.va,
    result: e.outcome?.result ?? 'ok',
    refs: e.refs.length,
    vmmRefs,
    tlb: e.tlb,
    pa,
  }
}

/** What one event adds to its column, and which metric it changed. */
function count(t: Tally, e: EngineEvent): CompareMetric | null {
  switch (e.kind) {
    case 'paging.alloc':
      t.guestTables++
      t.tableFrames.add(e.frame >> 12n)
      return 'guestTables'
    case 'paging.poke':
      // A guest store that went straight to memory: no exit (native, or EPT).
      if (!t.tableFrames.has(e.addr >> 12n)) return null
      t.tableWrites++
      return 'tableWrites'
    case 'shadow.alloc':
    case 'ept.table':
      t.vmmTables++
      return 'vmmTables'
    case 'shadow.exit':
    case 'ept.violation':
    case 'ept.misconfig':
      t.exits++
      return 'exits'
    case 'paging.entry.write':
      t.tableWrites++
      return 'tableWrites'
    case 'shadow.pt-write':
      // A guest store into a write-protected (shadowed) table: it exited and was emulated.
      t.tableWrites++
      t.trappedWrites++
      return 'tableWrites'
    case 'paging.access':
      t.access = accessOf(e, 0, e.outcome.result === 'ok' ? e.outcome.pa : null)
      return 'access'
    case 'shadow.access':
      t.access = { ...accessOf(e, e.guestRefs.length, e.pa), result: e.result }
      return 'access'
    case 'ept.access':
      if (e.translateOnly) return null
      t.access = accessOf(e, 0, e.outcome.result === 'ok' ? e.outcome.hpa : null)
      return 'access'
    default:
      return null
  }
}

/** The three columns as they stand at frame `index` of `frames`. */
export function layoutCompare(frames: readonly Frame[], index: number): CompareLayout {
  const tallies = new Map<CompareMmu, Tally>()
  const seen = new Set<CompareMmu>()
  let changed: CompareLayout['changed'] = null
  const last = Math.min(index, frames.length - 1)
  for (let i = 0; i <= last; i++) {
    const f = frames[i]
    if (!f) continue
    const mmu = f.machine.virt.mmu
    if (f.event.kind === 'virt.mmu' && isCompared(f.event.mmu)) {
      // `mmu` starts a fresh machine: the column counts from here.
      tallies.set(f.event.mmu, fresh())
      seen.add(f.event.mmu)
      if (i === last) changed = { mmu: f.event.mmu, metric: 'access' }
      continue
    }
    if (!isCompared(mmu)) continue
    seen.add(mmu)
    let t = tallies.get(mmu)
    if (!t) {
      t = fresh()
      tallies.set(mmu, t)
    }
    const metric = count(t, f.event)
    if (i === last && metric) changed = { mmu, metric }
  }
  const current = frames[last]?.machine.virt.mmu ?? null
  const columns = COMPARE_MMUS.map((mmu): CompareColumn => {
    const t = tallies.get(mmu) ?? fresh()
    return {
      mmu,
      status: mmu === current ? 'now' : seen.has(mmu) ? 'done' : 'waiting',
      access: t.access,
      exits: t.exits,
      guestTables: t.guestTables,
      vmmTables: mmu === 'native' ? null : t.vmmTables,
      tableWrites: t.tableWrites,
      trappedWrites: t.trappedWrites,
    }
  })
  return { columns, changed }
}
