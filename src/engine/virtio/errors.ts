import type { KindSet } from '../core/module.ts'

/** What the virtio model refuses, with the numbers that made it refuse. */
export type VirtioError =
  | { readonly code: 'no-device' }
  | { readonly code: 'no-queue' }
  /** A status bit out of the order of virtio 1.x §3.1.1. */
  | { readonly code: 'status-order'; readonly want: string; readonly missing: string }
  | { readonly code: 'status-set'; readonly bit: string }
  | { readonly code: 'features-late'; readonly status: number }
  | { readonly code: 'queue-late' }
  | { readonly code: 'queue-early' }
  | { readonly code: 'queue-size'; readonly size: number; readonly max: number }
  | {
      readonly code: 'misaligned'
      readonly part: 'desc' | 'avail' | 'used'
      readonly addr: bigint
      readonly align: number
    }
  | { readonly code: 'overlap'; readonly a: string; readonly b: string }
  | { readonly code: 'not-live' }
  | { readonly code: 'no-space'; readonly need: number; readonly free: number }
  | { readonly code: 'no-feature'; readonly feature: string }
  | { readonly code: 'index-range'; readonly index: number; readonly size: number }
  | { readonly code: 'flags-with-event-idx'; readonly which: 'avail' | 'used' }
  | { readonly code: 'empty-chain' }
  | { readonly code: 'burst-size'; readonly n: number; readonly max: number }
  | { readonly code: 'burst-busy'; readonly pending: number }
  | { readonly code: 'no-rx-queue' }
  | { readonly code: 'rx-frame'; readonly len: number; readonly max: number }

export const VIRTIO_ERROR_KINDS = {
  'no-device': true,
  'no-queue': true,
  'status-order': true,
  'status-set': true,
  'features-late': true,
  'queue-late': true,
  'queue-early': true,
  'queue-size': true,
  misaligned: true,
  overlap: true,
  'not-live': true,
  'no-space': true,
  'no-feature': true,
  'index-range': true,
  'flags-with-event-idx': true,
  'empty-chain': true,
  'burst-size': true,
  'burst-busy': true,
  'no-rx-queue': true,
  'rx-frame': true,
} as const satisfies KindSet<VirtioError['code']>
