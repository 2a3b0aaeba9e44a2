import type { KindSet } from '../core/module.ts'
import type { FeatureName } from './spec.ts'
import type {
  Backend,
  Desc,
  IrqMode,
  QueueLayout,
  QueueName,
  VirtioCounts,
  VirtioDevice,
} from './types.ts'

/** A descriptor where the device or driver touched it: the ring's table or an indirect one. */
export interface DescAt extends Desc {
  readonly table: 'ring' | 'indirect'
  readonly index: number
  readonly gpa: bigint
}

/** Why a chain stopped the device (QEMU virtio_error / vhost vq_err). */
export type BrokenWhy =
  | 'loop'
  | 'next-range'
  | 'head-range'
  | 'avail-jump'
  | 'write-order'
  | 'indirect-next'
  | 'indirect-nested'
  | 'indirect-len'
  | 'indirect-feature'

/** Every event carries the device as it stands right after it, so each step draws itself. */
interface Snap {
  readonly snap: VirtioDevice
}

export type VirtioEvent = Snap &
  (
    | {
        readonly kind: 'virtio.device'
        readonly backend: Backend
        readonly irq: IrqMode
        readonly vendor: number
        readonly device: number
        readonly bar: bigint
        readonly notifyAddr: bigint
        readonly offered: readonly FeatureName[]
        readonly cite: 'vio-pci'
      }
    | {
        readonly kind: 'virtio.status'
        readonly wrote: number
        /** device_status as the driver reads it back. */
        readonly status: number
        /** FEATURES_OK written but refused: the read-back has it clear. */
        readonly refused: readonly number[] | null
        readonly cite: 'vio-status'
      }
    | {
        readonly kind: 'virtio.features'
        readonly wrote: readonly FeatureName[]
        readonly unknown: readonly number[]
        readonly cite: 'vio-features'
      }
    | {
        readonly kind: 'virtio.queue'
        readonly queue: QueueName
        readonly layout: QueueLayout
        readonly notifyAddr: bigint
        readonly cite: 'vio-layout'
      }
    | {
        readonly kind: 'virtio.desc'
        readonly desc: DescAt
        readonly by: 'driver' | 'raw'
        readonly cite: 'vio-chain'
      }
    | {
        readonly kind: 'virtio.avail-ring'
        readonly slot: number
        readonly head: number
        readonly gpa: bigint
        readonly cite: 'vio-publish'
      }
    | {
        readonly kind: 'virtio.avail-idx'
        readonly old: number
        readonly new: number
        readonly gpa: bigint
        readonly cite: 'vio-publish'
      }
    | {
        readonly kind: 'virtio.kick-check'
        readonly old: number
        readonly new: number
        /** avail_event under EVENT_IDX, else null (the flag decides). */
        readonly event: number | null
        readonly noNotify: boolean
        readonly need: boolean
        readonly cite: 'vio-event-idx' | 'vio-notify-flags'
      }
    | {
        readonly kind: 'virtio.notify'
        readonly addr: bigint
        readonly value: number
        readonly cite: 'vio-pci'
      }
    | {
        readonly kind: 'virtio.exit'
        readonly reason: number
        readonly gpa: bigint
        /** notify: the doorbell store; isr: the ISR read; irq-kick: KVM kicks the running vCPU
         *  (an IPI, external-interrupt exit 1) to inject an interrupt raised by another thread. */
        readonly what: 'notify' | 'isr' | 'irq-kick'
        readonly cite: 'vio-qemu-kick' | 'vio-rx-kick'
      }
    | {
        readonly kind: 'virtio.kvm'
        /** exit-mmio: KVM_RUN returns KVM_EXIT_MMIO; ioeventfd: the store signals the kick
         *  eventfd in KVM; resume: VM entry again. */
        readonly action: 'exit-mmio' | 'ioeventfd' | 'resume'
        readonly gpa: bigint
        readonly cite: 'vio-qemu-kick' | 'vio-vhost' | 'vio-rx-kick'
      }
    | {
        readonly kind: 'virtio.backend'
        readonly backend: Backend
        /** notify: QEMU's virtio_queue_notify on the vCPU thread; wake: the vhost worker; isr:
         *  QEMU answers the ISR read. */
        readonly action: 'notify' | 'wake' | 'isr'
        /** A vhost wake by the tap socket (a frame to receive), not by the kick eventfd. */
        readonly socket?: true
        readonly cite: 'vio-qemu-kick' | 'vio-vhost' | 'vio-interrupt'
      }
    | {
        readonly kind: 'virtio.pop'
        readonly head: number
        readonly slot: number
        readonly chain: readonly DescAt[]
        readonly outBytes: number
        readonly inBytes: number
        readonly cite: 'vio-chain'
      }
    | { readonly kind: 'virtio.empty'; readonly availIdx: number; readonly cite: 'vio-used' }
    | {
        readonly kind: 'virtio.tx'
        readonly head: number
        readonly bytes: number
        readonly hdr: number
        readonly backend: Backend
        readonly cite: 'vio-copy'
      }
    | {
        readonly kind: 'virtio.used-ring'
        readonly slot: number
        readonly id: number
        readonly len: number
        readonly gpa: bigint
        readonly cite: 'vio-used'
      }
    | {
        readonly kind: 'virtio.used-idx'
        readonly old: number
        readonly new: number
        readonly gpa: bigint
        readonly cite: 'vio-used'
      }
    | {
        readonly kind: 'virtio.avail-event'
        readonly value: number
        readonly by: 'device' | 'raw'
        readonly cite: 'vio-used' | 'vio-event-idx'
      }
    | {
        readonly kind: 'virtio.irq-check'
        readonly old: number
        readonly new: number
        readonly event: number | null
        readonly noInterrupt: boolean
        /** No interrupt decision before: the first is always sent. */
        readonly first: boolean
        readonly need: boolean
        readonly cite: 'vio-interrupt' | 'vio-event-idx' | 'vio-notify-flags'
      }
    | {
        readonly kind: 'virtio.interrupt'
        readonly irq: IrqMode
        readonly path: 'qemu' | 'irqfd'
        readonly cite: 'vio-interrupt' | 'vio-vhost'
      }
    | { readonly kind: 'virtio.isr'; readonly value: number; readonly cite: 'vio-interrupt' }
    | {
        readonly kind: 'virtio.reclaim'
        readonly head: number
        readonly len: number
        readonly freed: number
        readonly cite: 'vio-used'
      }
    | { readonly kind: 'virtio.nothing-used'; readonly usedIdx: number; readonly cite: 'vio-used' }
    | {
        readonly kind: 'virtio.used-event'
        readonly value: number
        readonly by: 'driver' | 'raw'
        readonly cite: 'vio-event-idx'
      }
    | {
        readonly kind: 'virtio.flag'
        readonly which: 'avail' | 'used'
        readonly on: boolean
        readonly cite: 'vio-notify-flags'
      }
    | {
        readonly kind: 'virtio.broken'
        readonly why: BrokenWhy
        readonly backend: Backend
        readonly head: number
        /** The offending index or length, and the queue size it broke. */
        readonly at: number
        readonly size: number
        /** The descriptors walked before the check failed. */
        readonly chain: readonly DescAt[]
        readonly cite: 'vio-broken'
      }
    | { readonly kind: 'virtio.stopped'; readonly why: BrokenWhy; readonly cite: 'vio-broken' }
    /** A frame for the guest reaches the backend from the tap. QEMU's I/O thread reads it into
     *  its own buffer (a copy); vhost's worker is woken by the tap socket and leaves it there. */
    | {
        readonly kind: 'virtio.rx-arrive'
        readonly bytes: number
        readonly backend: Backend
        readonly copied: boolean
        readonly cite: 'vio-rx'
      }
    /** No receive buffer: the frame waits (QEMU's net queue or the tap socket), nothing dropped. */
    | {
        readonly kind: 'virtio.rx-wait'
        readonly bytes: number
        readonly waiting: number
        readonly backend: Backend
        readonly cite: 'vio-rx-wait'
      }
    /** The device writes virtio_net_hdr and the frame into the chain's writable buffer. */
    | {
        readonly kind: 'virtio.rx'
        readonly head: number
        readonly gpa: bigint
        readonly hdr: number
        readonly bytes: number
        /** hdr + bytes: what the used element's len says. */
        readonly written: number
        readonly numBuffers: number | null
        readonly backend: Backend
        readonly cite: 'vio-rx'
      }
    | {
        readonly kind: 'virtio.burst'
        readonly n: number
        readonly len: number
        readonly from: { readonly avail: number; readonly used: number }
        readonly to: { readonly avail: number; readonly used: number }
        /** What the burst itself added to the counters. */
        readonly added: VirtioCounts
        readonly cite: 'vio-event-idx'
      }
  )

export const VIRTIO_EVENT_KINDS = {
  'virtio.device': true,
  'virtio.status': true,
  'virtio.features': true,
  'virtio.queue': true,
  'virtio.desc': true,
  'virtio.avail-ring': true,
  'virtio.avail-idx': true,
  'virtio.kick-check': true,
  'virtio.notify': true,
  'virtio.exit': true,
  'virtio.kvm': true,
  'virtio.backend': true,
  'virtio.pop': true,
  'virtio.empty': true,
  'virtio.tx': true,
  'virtio.used-ring': true,
  'virtio.used-idx': true,
  'virtio.avail-event': true,
  'virtio.irq-check': true,
  'virtio.interrupt': true,
  'virtio.isr': true,
  'virtio.reclaim': true,
  'virtio.nothing-used': true,
  'virtio.used-event': true,
  'virtio.flag': true,
  'virtio.broken': true,
  'virtio.stopped': true,
  'virtio.burst': true,
  'virtio.rx-arrive': true,
  'virtio.rx-wait': true,
  'virtio.rx': true,
} as const satisfies KindSet<VirtioEvent['kind']>
