import { type Result, err, ok } from '../core/result.ts'
import type { IoWaysError } from './errors.ts'
import type { IoWaysEvent } from './events.ts'
import type { IoWaysOp } from './ops.ts'
import { runWay } from './run.ts'
import { IO_WAYS, type IoWaysState, type WayResult } from './types.ts'

export interface IoWaysStep {
  readonly state: IoWaysState
  readonly events: readonly IoWaysEvent[]
}

/** Results kept one per way, in the order of IO_WAYS. */
const withResult = (rs: readonly WayResult[], r: WayResult): WayResult[] =>
  [...rs.filter((x) => x.way !== r.way), r].sort(
    (a, b) => IO_WAYS.indexOf(a.way) - IO_WAYS.indexOf(b.way),
  )

export function applyIoWays(s: IoWaysState, op: IoWaysOp): Result<IoWaysStep, IoWaysError> {
  switch (op.kind) {
    case 'ioways.way': {
      // A table compares like with like: one k for every row.
      if (s.k !== null && s.k !== op.k && s.results.length > 0)
        return err({ code: 'mixed-k', k: op.k, had: s.k })
      const r = runWay(op.way, op.k)
      if (!r.ok) return r
      const results = withResult(s.results, r.value)
      return ok({
        state: { k: op.k, results },
        events: [{ kind: 'ioways.way', way: op.way, result: r.value, results, cite: 'ioways-way' }],
      })
    }
    case 'ioways.run': {
      // A new run starts a new table.
      let results: WayResult[] = []
      const events: IoWaysEvent[] = []
      for (const w of op.ways) {
        const r = runWay(w, op.k)
        if (!r.ok) return r
        results = withResult(results, r.value)
        events.push({ kind: 'ioways.way', way: w, result: r.value, results, cite: 'ioways-way' })
      }
      events.push({ kind: 'ioways.table', k: op.k, results, cite: 'ioways-table' })
      return ok({ state: { k: op.k, results }, events })
    }
    case 'ioways.table':
      if (s.k === null || s.results.length === 0) return err({ code: 'nothing-run' })
      return ok({
        state: s,
        events: [{ kind: 'ioways.table', k: s.k, results: s.results, cite: 'ioways-table' }],
      })
  }
}
