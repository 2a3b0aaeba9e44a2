// "The same packet five ways" (issue 17, hw-facts-2 §2.1): one workload, send K frames and
// receive K frames, run through five I/O designs by running each one's own model, with the
// costs tallied from that model's events.

/** The five ways, in the order the course teaches them (full emulation to passthrough). */
export const IO_WAYS = ['e1000', 'virtio-qemu', 'virtio-vhost', 'vfio', 'sriov-vf'] as const
export type IoWay = (typeof IO_WAYS)[number]

/** What the workload moves per frame: a 60-byte frame (ETH_ZLEN), the smallest Ethernet frame. */
export const WAY_FRAME_BYTES = 60
/** K is chosen in the console; each way is a real run of its model, so K is kept small. */
export const MAX_K = 64
export const DEFAULT_K = 4

/** Where the CPU (or the device) is at one event of a frame's path. */
export type PathLayer = 'guest' | 'kvm' | 'qemu' | 'vhost' | 'tap' | 'device' | 'iommu'

/** Counts of one way over its workload, every one tallied from its model's events. */
export interface WayCounts {
  /** VM exits by basic exit reason (hw-facts.md §4.6 numbers). */
  readonly exits: Readonly<Record<number, number>>
  readonly exitsTotal: number
  /** Returns of ioctl(KVM_RUN) to QEMU in user space (KVM_EXIT_IO / KVM_EXIT_MMIO). */
  readonly userspace: number
  /** CPU copies of frame data (QEMU or the host kernel memcpy-ing a frame). */
  readonly copies: number
  /** Interrupts delivered to the guest. */
  readonly interrupts: number
  /** Notifications from the guest to the device (doorbell / tail-register writes). */
  readonly kicks: number
  /** Device DMA transfers (only a real device does DMA; the emulated ones copy instead). */
  readonly dma: number
}

export type CounterName = Exclude<keyof WayCounts, 'exits'>
export const COUNTERS: readonly CounterName[] = [
  'exitsTotal',
  'userspace',
  'copies',
  'interrupts',
  'kicks',
  'dma',
]

export interface WayResult {
  readonly way: IoWay
  readonly k: number
  readonly counts: WayCounts
  /** The layers one frame passes through, in order (consecutive repeats merged): the first
   *  frame sent and the first frame received. */
  readonly sendPath: readonly PathLayer[]
  readonly recvPath: readonly PathLayer[]
  /** Events the model made over the workload (how much there was to count). */
  readonly events: number
}

export interface IoWaysState {
  readonly k: number | null
  /** One result per way run so far, in IO_WAYS order. */
  readonly results: readonly WayResult[]
}

export const initialIoWaysState: IoWaysState = { k: null, results: [] }

export const ZERO_WAY_COUNTS: WayCounts = {
  exits: {},
  exitsTotal: 0,
  userspace: 0,
  copies: 0,
  interrupts: 0,
  kicks: 0,
  dma: 0,
}
