import type { BrokenWhy } from './events.ts'
import type { VirtioMem } from './mem.ts'

/** Who serves the queue: QEMU in user space, or the vhost-net worker thread in the kernel. */
export type Backend = 'qemu' | 'vhost'
/** How the device interrupts: an MSI-X vector, or the INTx line with the ISR byte. */
export type IrqMode = 'msix' | 'intx'
/** virtio-net's two queues of the model: receiveq1 (0) and transmitq1 (1). */
export type QueueName = 'rx' | 'tx'

/** One 16-byte descriptor as read from guest memory. */
export interface Desc {
  readonly addr: bigint
  readonly len: number
  readonly flags: number
  readonly next: number
}

/** Where the three parts of the split ring are (queue_desc, queue_driver, queue_device). */
export interface QueueLayout {
  readonly size: number
  readonly desc: bigint
  readonly avail: bigint
  readonly used: bigint
}

/** The driver's private bookkeeping (Linux vring_virtqueue, split). */
export interface DriverSide {
  /** Free descriptor indices, the next to use first (Linux's free_head list). */
  readonly free: readonly number[]
  /** The avail idx the driver last published (avail_idx_shadow). */
  readonly availIdx: number
  /** Entries added since the last kick decision (num_added). */
  readonly added: number
  /** The next used entry to reclaim (last_used_idx). */
  readonly lastUsed: number
  /** Per head: the ring descriptors of its chain and its indirect table, if any (desc_extra). */
  readonly chains: Readonly<
    Record<number, { readonly descs: readonly number[]; readonly indirect: bigint | null }>
  >
}

/** The device's private bookkeeping (QEMU VirtQueue / vhost_virtqueue). */
export interface DeviceSide {
  readonly lastAvail: number
  readonly usedIdx: number
  /** The used idx at the last interrupt decision, and whether there was one (signalled_used). */
  readonly signalledUsed: number
  readonly signalledValid: boolean
  /** Set by a malformed chain: QEMU stops the device, vhost stops the queue. */
  readonly broken: BrokenWhy | null
}

export interface VirtQueue {
  readonly layout: QueueLayout
  readonly driver: DriverSide
  readonly device: DeviceSide
}

/** Tallied from the model's own events (count.ts), never set by hand. */
export interface VirtioCounts {
  /** VM exits (all EPT misconfigurations, 49, on the doorbell or the ISR). */
  readonly exits: number
  /** Returns from KVM_RUN to QEMU in user space (KVM_EXIT_MMIO). */
  readonly userspace: number
  /** Packet copies from guest memory into the host's socket buffers, and their bytes. */
  readonly copies: number
  readonly copiedBytes: number
  /** Used-buffer notifications delivered, and ones suppressed. */
  readonly interrupts: number
  readonly interruptsSuppressed: number
  /** Available-buffer notifications (doorbell writes), and ones suppressed. */
  readonly kicks: number
  readonly kicksSuppressed: number
  /** vhost worker wake-ups through the kick eventfd (or, on receive, the tap socket). */
  readonly wakeups: number
  readonly packets: number
  /** Packets written into the guest's receive buffers. */
  readonly received: number
}

export const VIRTIO_ZERO_COUNTS: VirtioCounts = {
  exits: 0,
  userspace: 0,
  copies: 0,
  copiedBytes: 0,
  interrupts: 0,
  interruptsSuppressed: 0,
  kicks: 0,
  kicksSuppressed: 0,
  wakeups: 0,
  packets: 0,
  received: 0,
}

export interface VirtioDevice {
  readonly backend: Backend
  readonly irq: IrqMode
  readonly status: number
  readonly offered: bigint
  /** What the driver wrote to driver_feature (may hold bits the device refuses). */
  readonly driverFeatures: bigint
  /** ISR status byte: bit 0 queue interrupt, bit 1 config change (read-to-clear). */
  readonly isr: number
  /** The transmit queue (transmitq1, index 1). */
  readonly queue: VirtQueue | null
  /** The receive queue (receiveq1, index 0), once the driver set it up. */
  readonly rx: VirtQueue | null
  /** The queue the last command worked on (the panel draws that one). */
  readonly shown: QueueName
  /**
   * Frames from the tap that found no receive buffer: QEMU's net queue holds them
   * (virtio_net_has_buffers is false), vhost leaves them in the tap socket. Their lengths.
   */
  readonly waiting: readonly number[]
  /** Guest RAM where the rings and the packets live, by guest-physical address. */
  readonly mem: VirtioMem
  readonly counts: VirtioCounts
}

export interface VirtioState {
  readonly dev: VirtioDevice | null
}

export const initialVirtioState: VirtioState = { dev: null }
