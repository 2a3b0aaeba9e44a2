import type { KindSet } from '../core/module.ts'
import type { FeatureName, SettableStatus } from './spec.ts'
import type { Backend, IrqMode, QueueName } from './types.ts'

/** One buffer of a chain the driver adds: guest-physical address, length, device-writable. */
export interface BufSpec {
  readonly addr: bigint
  readonly len: number
  readonly write: boolean
}

/** Every operation of the virtio-net model (CONSOLE.md `virtio ...`). */
export type VirtioOp =
  | { readonly kind: 'virtio.device'; readonly backend: Backend; readonly irq: IrqMode }
  /** The driver writes device_status: one more bit in order, or 0 (reset). */
  | { readonly kind: 'virtio.status'; readonly set: SettableStatus | 'reset' }
  | {
      readonly kind: 'virtio.features'
      readonly features: readonly FeatureName[]
      readonly unknown: readonly number[]
    }
  | {
      readonly kind: 'virtio.queue'
      readonly queue: QueueName
      readonly size: number
      readonly desc: bigint
      readonly avail: bigint
      readonly used: bigint
    }
  /** virtqueue_add: a chain of buffers, or one INDIRECT descriptor whose table is at `indirect`. */
  | {
      readonly kind: 'virtio.add'
      readonly bufs: readonly BufSpec[]
      readonly indirect: bigint | null
    }
  | { readonly kind: 'virtio.kick' }
  /** The backend serves the queue: up to `max` chains, or all available (null). */
  | { readonly kind: 'virtio.process'; readonly max: number | null }
  /** The driver's interrupt handler: reads ISR (INTx), reclaims used chains, re-arms. */
  | { readonly kind: 'virtio.reclaim' }
  | { readonly kind: 'virtio.event'; readonly which: 'used' | 'avail'; readonly value: number }
  | { readonly kind: 'virtio.flag'; readonly which: 'avail' | 'used'; readonly on: boolean }
  /** Raw writes for experiments the driver would never make (a loop, a wild index). */
  | {
      readonly kind: 'virtio.desc'
      readonly index: number
      readonly addr: bigint
      readonly len: number
      readonly flags: number
      readonly next: number
    }
  | { readonly kind: 'virtio.publish'; readonly head: number }
  /** n one-buffer packets through add, kick check, process, reclaim, counted, not stepped. */
  | { readonly kind: 'virtio.burst'; readonly n: number; readonly len: number }
  /** The driver posts n receive buffers (one WRITE descriptor each), then the kick check. */
  | { readonly kind: 'virtio.rx-post'; readonly n: number }
  /** `count` frames of `len` bytes arrive from the tap for the guest; the backend serves them. */
  | { readonly kind: 'virtio.rx-arrive'; readonly len: number; readonly count: number }
  /** The driver's receive poll: take every used buffer, re-post as many, kick check, re-arm. */
  | { readonly kind: 'virtio.rx-reap' }

export const VIRTIO_OP_KINDS = {
  'virtio.device': true,
  'virtio.status': true,
  'virtio.features': true,
  'virtio.queue': true,
  'virtio.add': true,
  'virtio.kick': true,
  'virtio.process': true,
  'virtio.reclaim': true,
  'virtio.event': true,
  'virtio.flag': true,
  'virtio.desc': true,
  'virtio.publish': true,
  'virtio.burst': true,
  'virtio.rx-post': true,
  'virtio.rx-arrive': true,
  'virtio.rx-reap': true,
} as const satisfies KindSet<VirtioOp['kind']>
