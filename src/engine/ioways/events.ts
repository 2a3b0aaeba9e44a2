import type { KindSet } from '../core/module.ts'
import type { IoWay, WayResult } from './types.ts'

/** Each event carries every result so far, so any step draws the table from itself. */
export type IoWaysEvent =
  | {
      readonly kind: 'ioways.way'
      readonly way: IoWay
      readonly result: WayResult
      readonly results: readonly WayResult[]
      readonly cite: 'ioways-way'
    }
  | {
      readonly kind: 'ioways.table'
      readonly k: number
      readonly results: readonly WayResult[]
      readonly cite: 'ioways-table'
    }

export const IOWAYS_EVENT_KINDS = {
  'ioways.way': true,
  'ioways.table': true,
} as const satisfies KindSet<IoWaysEvent['kind']>
