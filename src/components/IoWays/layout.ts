// View model of the five-ways panel: one column per way (run, running at this step, or not run
// yet), one row per counter with every way's number and its share of that row's largest, the
// exits by reason and the path of the first frame each way sent and received. Pure.
import {
  COUNTERS,
  type CounterName,
  type EngineEvent,
  IO_WAYS,
  type IoWay,
  type IoWaysState,
  type PathLayer,
  type WayResult,
} from '../../engine/index.ts'

export interface IoWaysColumn {
  readonly way: IoWay
  readonly status: 'waiting' | 'now' | 'done'
  readonly result: WayResult | null
}

export interface IoWaysRow {
  readonly counter: CounterName
  /** The largest value in the row (bars are drawn against it; 0 when every way has 0). */
  readonly max: number
}

export interface IoWaysLayout {
  readonly k: number | null
  readonly columns: readonly IoWaysColumn[]
  readonly rows: readonly IoWaysRow[]
  /** The table step: every column is done and the whole table is the focus. */
  readonly table: boolean
}

export type { PathLayer }

export function layoutIoWays(s: IoWaysState, event: EngineEvent | null): IoWaysLayout {
  // Each event carries the results as they stood after it, so a step draws its own moment.
  const own =
    event?.kind === 'ioways.way' || event?.kind === 'ioways.table' ? event.results : s.results
  const now = event?.kind === 'ioways.way' ? event.way : null
  const k = event?.kind === 'ioways.table' ? event.k : (own[0]?.k ?? s.k)
  const columns = IO_WAYS.map((way): IoWaysColumn => {
    const result = own.find((r) => r.way === way) ?? null
    return { way, status: way === now ? 'now' : result ? 'done' : 'waiting', result }
  })
  const rows = COUNTERS.map((counter) => ({
    counter,
    max: Math.max(0, ...own.map((r) => r.counts[counter])),
  }))
  return { k, columns, rows, table: event?.kind === 'ioways.table' }
}
