// JSON fields and text lines of the five-ways comparison (CONSOLE.md `io ...`).
//   io way:        way, k, counts {exits {REASON: n}, exits_total, userspace, copies,
//                  interrupts, kicks, dma}, send_path [layer...], recv_path [layer...], events
//                  (how many model events the workload made)
//   io five-ways:  one such object per way, then the table's fields
//   io table:      k, rows [{way, counts}]
// Layers: guest, kvm, qemu, vhost, tap, device, iommu. counts are tallied from each way's own
// model events over the workload only (setup excluded); exits' keys are basic exit reasons.
import {
  COUNTERS,
  type IoWaysError,
  type IoWaysEvent,
  type WayCounts,
  type WayResult,
  exhaustive,
} from '../../engine/index.ts'
import type { JsonObject } from '../format.ts'

export const wayCountsJson = (c: WayCounts): JsonObject => ({
  exits: Object.fromEntries(Object.entries(c.exits).map(([r, n]) => [r, n])),
  exits_total: c.exitsTotal,
  userspace: c.userspace,
  copies: c.copies,
  interrupts: c.interrupts,
  kicks: c.kicks,
  dma: c.dma,
})

const resultJson = (r: WayResult): JsonObject => ({
  way: r.way,
  k: r.k,
  counts: wayCountsJson(r.counts),
  send_path: [...r.sendPath],
  recv_path: [...r.recvPath],
  events: r.events,
})

export function ioWaysEventJson(e: IoWaysEvent): JsonObject {
  switch (e.kind) {
    case 'ioways.way':
      return resultJson(e.result)
    case 'ioways.table':
      return {
        k: e.k,
        rows: e.results.map((r) => ({ way: r.way, counts: wayCountsJson(r.counts) })),
      }
    default:
      return exhaustive(e)
  }
}

const exitText = (c: WayCounts): string => {
  const by = Object.entries(c.exits).map(([r, n]) => `${n}x${r}`)
  return by.length > 0 ? `${c.exitsTotal} exits (${by.join(', ')})` : '0 exits'
}

const rowText = (r: WayResult): string =>
  `${r.way}: ${exitText(r.counts)}, ${r.counts.userspace} to user space, ${r.counts.copies} copies, ${r.counts.interrupts} interrupts, ${r.counts.kicks} doorbells, ${r.counts.dma} DMAs`

export function ioWaysEventText(e: IoWaysEvent): string {
  switch (e.kind) {
    case 'ioways.way':
      return `send ${e.result.k} + receive ${e.result.k} frames, ${rowText(e.result)}`
    case 'ioways.table':
      return [
        `k = ${e.k}: ${COUNTERS.join(', ')}`,
        ...e.results.map(
          (r) =>
            `  ${r.way.padEnd(13)} ${COUNTERS.map((c) => String(r.counts[c]).padStart(4)).join(' ')}`,
        ),
      ].join('\n')
    default:
      return exhaustive(e)
  }
}

export function describeIoWaysError(e: IoWaysError): string {
  switch (e.code) {
    case 'k-range':
      return `k = ${e.k}: each way really runs its model frame by frame, so k is 1 to ${e.max}`
    case 'nothing-run':
      return 'no way has run yet: `io way WAY` or `io five-ways` first'
    case 'mixed-k':
      return `the table holds runs with k = ${e.had}; a row with k = ${e.k} would not compare like with like: use k=${e.had}, or \`io five-ways k=${e.k}\` for a new table`
    case 'model':
      return `${e.way}: the model refused ${e.step} (${e.detail})`
    default:
      return exhaustive(e)
  }
}
