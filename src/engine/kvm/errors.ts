import type { KindSet } from '../core/module.ts'

/** What the KVM/QEMU model refuses, with the numbers that made it refuse. */
export type KvmError =
  | { readonly code: 'no-vm' }
  | { readonly code: 'no-e1000' }
  | { readonly code: 'e1000-exists' }
  | { readonly code: 'driver-not-ready' }
  | { readonly code: 'bar-overlaps-ram'; readonly bar0: number; readonly ramBytes: number }
  | { readonly code: 'misaligned-bar'; readonly bar0: number; readonly size: number }
  /** QEMU's e1000 MMIO region takes 32-bit accesses only (e1000_mmio_ops min/max 4). */
  | { readonly code: 'mmio-size'; readonly size: number }
  | { readonly code: 'ring-full'; readonly free: number; readonly want: number }
  | { readonly code: 'frame-too-long'; readonly len: number; readonly max: number }

export const KVM_ERROR_KINDS = {
  'no-vm': true,
  'no-e1000': true,
  'e1000-exists': true,
  'driver-not-ready': true,
  'bar-overlaps-ram': true,
  'misaligned-bar': true,
  'mmio-size': true,
  'ring-full': true,
  'frame-too-long': true,
} as const satisfies KindSet<KvmError['code']>
