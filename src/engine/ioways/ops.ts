import type { KindSet } from '../core/module.ts'
import type { IoWay } from './types.ts'

/** Every operation of the five-ways comparison (CONSOLE.md `io ...`). */
export type IoWaysOp =
  /** Run one way's workload (send k, receive k) on a fresh copy of its model. */
  | { readonly kind: 'ioways.way'; readonly way: IoWay; readonly k: number }
  /** Run all five (or the listed ways) and then show the table. */
  | { readonly kind: 'ioways.run'; readonly ways: readonly IoWay[]; readonly k: number }
  /** Show the table of the ways run so far. */
  | { readonly kind: 'ioways.table' }

export const IOWAYS_OP_KINDS = {
  'ioways.way': true,
  'ioways.run': true,
  'ioways.table': true,
} as const satisfies KindSet<IoWaysOp['kind']>
