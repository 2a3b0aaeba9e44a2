import type { KindSet } from '../core/module.ts'
import type { IoWay } from './types.ts'

export type IoWaysError =
  | { readonly code: 'k-range'; readonly k: number; readonly max: number }
  | { readonly code: 'nothing-run' }
  | { readonly code: 'mixed-k'; readonly k: number; readonly had: number }
  /** A model refused a step of the workload (a bug in the workload, reported, never thrown). */
  | { readonly code: 'model'; readonly way: IoWay; readonly step: string; readonly detail: string }

export const IOWAYS_ERROR_KINDS = {
  'k-range': true,
  'nothing-run': true,
  'mixed-k': true,
  model: true,
} as const satisfies KindSet<IoWaysError['code']>
