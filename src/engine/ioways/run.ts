// The five ways, each run on its own model: the same driver work per frame (fill, doorbell,
// interrupt, reclaim; receive, take, refill), the model's events tallied into WayCounts.
// Pure: every run starts from the module's initial state, so the same K gives the same table.
import { hpa } from '../core/addr.ts'
import { type Result, err, ok } from '../core/result.ts'
import { applyIommu } from '../iommu/apply.ts'
import type { IommuEvent } from '../iommu/events.ts'
import type { IommuOp } from '../iommu/ops.ts'
import { type IommuState, initialIommuState } from '../iommu/types.ts'
import { applyKvm } from '../kvm/apply.ts'
import { E1000_REG } from '../kvm/e1000.ts'
import type { KvmEvent } from '../kvm/events.ts'
import type { KvmOp } from '../kvm/ops.ts'
import { type KvmState, initialKvmState } from '../kvm/types.ts'
import { applyVirtio } from '../virtio/apply.ts'
import type { VirtioEvent } from '../virtio/events.ts'
import type { VirtioOp } from '../virtio/ops.ts'
import { contiguousLayout, netHdrBytes, featureMask } from '../virtio/spec.ts'
import { type VirtioState, initialVirtioState } from '../virtio/types.ts'
import type { IoWaysError } from './errors.ts'
import {
  WAY_FRAME_BYTES,
  type IoWay,
  MAX_K,
  type PathLayer,
  type WayCounts,
  type WayResult,
  ZERO_WAY_COUNTS,
} from './types.ts'

/** One model as the runner drives it: its state, its apply, and how its events count. */
interface Model<S, O, E> {
  readonly initial: S
  readonly apply: (
    s: S,
    op: O,
  ) => Result<{ readonly state: S; readonly events: readonly E[] }, { readonly code: string }>
  readonly count: (c: Tally, e: E) => void
  readonly layer: (e: E) => PathLayer | null
}

/** A mutable tally inside one run; frozen into WayCounts at the end. */
interface Tally {
  exits: Record<number, number>
  exitsTotal: number
  userspace: number
  copies: number
  interrupts: number
  kicks: number
  dma: number
}

const fresh = (): Tally => ({ ...ZERO_WAY_COUNTS, exits: {} })
const exit = (c: Tally, reason: number): void => {
  c.exits[reason] = (c.exits[reason] ?? 0) + 1
  c.exitsTotal++
}

// ---- e1000 under QEMU (kvm/) ----

/** The tail registers: writing one hands descriptors to the device (the doorbell). */
const TAIL_OFFSETS = new Set<number>([E1000_REG.TDT, E1000_REG.RDT])

const E1000_MODEL: Model<KvmState, KvmOp, KvmEvent> = {
  initial: initialKvmState,
  apply: applyKvm,
  count: (c, e) => {
    switch (e.kind) {
      case 'kvm.exit':
        exit(c, e.reason)
        return
      case 'kvm.user':
        c.userspace++
        return
      case 'kvm.entry':
        if (e.injected !== null) c.interrupts++
        return
      case 'e1000.reg':
        if (e.write && TAIL_OFFSETS.has(e.offset)) c.kicks++
        return
      // QEMU copies each buffer out of guest RAM (pci_dma_read) and into the tap (writev);
      // on receive it reads the tap into its buffer and copies that into guest RAM.
      case 'e1000.tx-desc':
      case 'e1000.rx-desc':
        c.copies++
        return
      case 'kvm.tap':
        if (e.dir !== 'flush') c.copies++
        return
      default:
        return
    }
  },
  layer: (e) => (e.at === 'host' ? 'tap' : e.at),
}

// ---- virtio-net (virtio/) ----

const VIRTIO_MODEL: Model<VirtioState, VirtioOp, VirtioEvent> = {
  initial: initialVirtioState,
  apply: applyVirtio,
  count: (c, e) => {
    switch (e.kind) {
      case 'virtio.exit':
        exit(c, e.reason)
        return
      case 'virtio.kvm':
        if (e.action === 'exit-mmio') c.userspace++
        return
      case 'virtio.interrupt':
        c.interrupts++
        return
      case 'virtio.notify':
        c.kicks++
        return
      case 'virtio.tx':
      case 'virtio.rx':
        c.copies++
        return
      case 'virtio.rx-arrive':
        if (e.copied) c.copies++
        return
      default:
        return
    }
  },
  layer: (e) => {
    const backend: PathLayer = e.snap.backend === 'qemu' ? 'qemu' : 'vhost'
    switch (e.kind) {
      case 'virtio.exit':
      case 'virtio.interrupt':
        return 'kvm'
      case 'virtio.kvm':
        return e.action === 'resume' ? 'guest' : 'kvm'
      case 'virtio.backend':
        return e.action === 'wake' ? 'vhost' : 'qemu'
      case 'virtio.tx':
      case 'virtio.rx-arrive':
        return 'tap'
      case 'virtio.pop':
      case 'virtio.rx':
      case 'virtio.used-ring':
      case 'virtio.used-idx':
      case 'virtio.irq-check':
      case 'virtio.avail-event':
      case 'virtio.rx-wait':
        return backend
      default:
        return 'guest'
    }
  },
}

// ---- an assigned NIC and an SR-IOV VF (iommu/) ----

/** The assigned NIC's registers as an Intel NIC lays them out (hw-facts-2 §2.2 offsets). */
const NIC = { TDT: 0x3818, RDT: 0x2818, ICR: 0x00c0 } as const

const IOMMU_MODEL: Model<IommuState, IommuOp, IommuEvent> = {
  initial: initialIommuState,
  apply: applyIommu,
  count: (c, e) => {
    switch (e.kind) {
      case 'vfio.touch':
        for (const r of e.exits) exit(c, r)
        if (e.what === 'bar' && (e.offset === NIC.TDT || e.offset === NIC.RDT)) c.kicks++
        return
      case 'iommu.dma':
        c.dma++
        return
      case 'iommu.interrupt':
        c.interrupts++
        return
      default:
        return
    }
  },
  layer: (e) => {
    switch (e.kind) {
      case 'vfio.touch':
        return 'guest'
      case 'iommu.cache':
      case 'iommu.ref':
      case 'iommu.interrupt':
        return 'iommu'
      case 'iommu.dma':
      case 'iommu.fault':
        return 'device'
      default:
        return null
    }
  },
}

// ---- the workloads ----

/** Guest RAM of the assigned-NIC guest: descriptor rings and 2 KiB buffers (16 pages). */
const PT = { txRing: 0x2000n, rxRing: 0x3000n, txBuf: 0x4000n, rxBuf: 0x8000n, ring: 8 } as const

interface Plan<O> {
  readonly setup: readonly O[]
  /** The ops of send i and receive i. */
  readonly send: (i: number) => readonly O[]
  readonly recv: (i: number) => readonly O[]
}

const E1000_PLAN: Plan<KvmOp> = {
  setup: [
    { kind: 'kvm.create', ramMiB: 128, vcpus: 1 },
    { kind: 'kvm.e1000', dev: 3, bar0: 0xfebc_0000, io: 0xc000, gsi: 11, vector: 0x41 },
    // RCTL: EN, BAM, 2048-byte buffers; then 7 receive buffers (one slot stays empty).
    { kind: 'kvm.driver-init', tx: 8, rx: 8, rctl: 0x2 | 0x8000 },
    { kind: 'kvm.driver-rx', count: 7 },
  ],
  send: () => [
    { kind: 'kvm.driver-tx', len: WAY_FRAME_BYTES, count: 1, frags: 1, ide: false },
    { kind: 'kvm.driver-kick' },
    { kind: 'kvm.driver-isr' },
    { kind: 'kvm.driver-clean' },
  ],
  recv: () => [
    { kind: 'kvm.tap', len: WAY_FRAME_BYTES, count: 1 },
    { kind: 'kvm.driver-isr' },
    { kind: 'kvm.driver-clean' },
    { kind: 'kvm.driver-rx', count: 1 },
  ],
}

const VIRTIO_FEATURES = ['VERSION_1', 'EVENT_IDX'] as const
/** The transmit buffer: virtio_net_hdr and the frame in one descriptor, as Linux sends them. */
const TX_LEN = netHdrBytes(featureMask(VIRTIO_FEATURES)) + WAY_FRAME_BYTES

const virtioPlan = (backend: 'qemu' | 'vhost'): Plan<VirtioOp> => ({
  setup: [
    { kind: 'virtio.device', backend, irq: 'msix' },
    { kind: 'virtio.status', set: 'ACKNOWLEDGE' },
    { kind: 'virtio.status', set: 'DRIVER' },
    { kind: 'virtio.features', features: VIRTIO_FEATURES, unknown: [] },
    { kind: 'virtio.status', set: 'FEATURES_OK' },
    { kind: 'virtio.queue', queue: 'tx', size: 8, ...contiguousLayout(0x10000n, 8) },
    { kind: 'virtio.queue', queue: 'rx', size: 8, ...contiguousLayout(0x20000n, 8) },
    { kind: 'virtio.status', set: 'DRIVER_OK' },
    { kind: 'virtio.rx-post', n: 8 },
  ],
  send: (i) => [
    {
      kind: 'virtio.add',
      bufs: [{ addr: 0x200000n + 0x800n * BigInt(i % 8), len: TX_LEN, write: false }],
      indirect: null,
    },
    { kind: 'virtio.kick' },
    { kind: 'virtio.process', max: null },
    { kind: 'virtio.reclaim' },
  ],
  recv: () => [
    { kind: 'virtio.rx-arrive', len: WAY_FRAME_BYTES, count: 1 },
    { kind: 'virtio.rx-reap' },
  ],
})

/** An e1000-style driver on a real NIC: the same descriptors, but the device does the DMA. */
const passthroughPlan = (setup: readonly IommuOp[], rid: number): Plan<IommuOp> => ({
  setup,
  send: (i) => {
    const slot = BigInt(i % PT.ring)
    return [
      { kind: 'vfio.touch', rid, what: 'bar', offset: NIC.TDT },
      { kind: 'iommu.dma', rid, iova: PT.txRing + 16n * slot, write: false },
      { kind: 'iommu.dma', rid, iova: PT.txBuf + 0x800n * slot, write: false },
      { kind: 'iommu.dma', rid, iova: PT.txRing + 16n * slot + 12n, write: true },
      { kind: 'iommu.msi', rid, handle: null },
      { kind: 'vfio.touch', rid, what: 'bar', offset: NIC.ICR },
    ]
  },
  recv: (i) => {
    const slot = BigInt(i % PT.ring)
    return [
      { kind: 'iommu.dma', rid, iova: PT.rxRing + 16n * slot, write: false },
      { kind: 'iommu.dma', rid, iova: PT.rxBuf + 0x800n * slot, write: true },
      { kind: 'iommu.dma', rid, iova: PT.rxRing + 16n * slot + 12n, write: true },
      { kind: 'iommu.msi', rid, handle: null },
      { kind: 'vfio.touch', rid, what: 'bar', offset: NIC.ICR },
      { kind: 'vfio.touch', rid, what: 'bar', offset: NIC.RDT },
    ]
  },
})

/** The assigned NIC at 03:00.0 and the VF 05:10.0 of PF 05:00.0 (offset 0x80, stride 2). */
export const NIC_RID = 0x0300
export const PF_RID = 0x0500
export const VF_RID = 0x0580

const VFIO_PLAN = passthroughPlan(
  [
    { kind: 'iommu.enable' },
    { kind: 'iommu.vm', name: 'a', pages: 16 },
    { kind: 'iommu.device', rid: NIC_RID, bar0: hpa(0xf000_0000n), size: 0x20000n },
    { kind: 'vfio.assign', rid: NIC_RID, vm: 'a' },
    { kind: 'vfio.msi', rid: NIC_RID, vector: 0x41, dest: 0 },
  ],
  NIC_RID,
)

const SRIOV_PLAN = passthroughPlan(
  [
    { kind: 'iommu.enable' },
    { kind: 'iommu.vm', name: 'a', pages: 16 },
    {
      kind: 'sriov.pf',
      rid: PF_RID,
      total: 8,
      offset: 0x80,
      stride: 2,
      bar0: hpa(0xe000_0000n),
      vfBar0: hpa(0xe100_0000n),
      vfBarSize: 0x4000n,
    },
    { kind: 'sriov.enable', rid: PF_RID, numVfs: 2 },
    { kind: 'vfio.assign', rid: VF_RID, vm: 'a' },
    { kind: 'vfio.msi', rid: VF_RID, vector: 0x41, dest: 0 },
  ],
  VF_RID,
)

/** The console lines each way's workload is, for the test that runs them through the console. */
export const WAY_PLANS = {
  e1000: E1000_PLAN,
  'virtio-qemu': virtioPlan('qemu'),
  'virtio-vhost': virtioPlan('vhost'),
  vfio: VFIO_PLAN,
  'sriov-vf': SRIOV_PLAN,
} as const

function merge(path: PathLayer[], l: PathLayer | null): void {
  if (l !== null && path[path.length - 1] !== l) path.push(l)
}

function runModel<S, O extends { readonly kind: string }, E>(
  way: IoWay,
  m: Model<S, O, E>,
  plan: Plan<O>,
  k: number,
): Result<WayResult, IoWaysError> {
  let s = m.initial
  const step = (op: O, on: (e: E) => void): IoWaysError | null => {
    const r = m.apply(s, op)
    if (!r.ok) return { code: 'model', way, step: op.kind, detail: r.error.code }
    s = r.value.state
    for (const e of r.value.events) on(e)
    return null
  }
  for (const op of plan.setup) {
    const e = step(op, () => undefined)
    if (e) return err(e)
  }
  const c = fresh()
  const sendPath: PathLayer[] = []
  const recvPath: PathLayer[] = []
  let events = 0
  for (let i = 0; i < k; i++)
    for (const op of plan.send(i)) {
      const e = step(op, (ev) => {
        m.count(c, ev)
        events++
        if (i === 0) merge(sendPath, m.layer(ev))
      })
      if (e) return err(e)
    }
  for (let i = 0; i < k; i++)
    for (const op of plan.recv(i)) {
      const e = step(op, (ev) => {
        m.count(c, ev)
        events++
        if (i === 0) merge(recvPath, m.layer(ev))
      })
      if (e) return err(e)
    }
  const counts: WayCounts = { ...c, exits: { ...c.exits } }
  return ok({ way, k, counts, sendPath, recvPath, events })
}

/** One way's workload: send k frames, receive k frames, on a fresh copy of its model. */
export function runWay(way: IoWay, k: number): Result<WayResult, IoWaysError> {
  if (!Number.isInteger(k) || k < 1 || k > MAX_K) return err({ code: 'k-range', k, max: MAX_K })
  switch (way) {
    case 'e1000':
      return runModel(way, E1000_MODEL, E1000_PLAN, k)
    case 'virtio-qemu':
    case 'virtio-vhost':
      return runModel(way, VIRTIO_MODEL, WAY_PLANS[way], k)
    case 'vfio':
      return runModel(way, IOMMU_MODEL, VFIO_PLAN, k)
    case 'sriov-vf':
      return runModel(way, IOMMU_MODEL, SRIOV_PLAN, k)
  }
}

/** The five ways (or the listed ones) with the same k: the comparison table's rows. */
export function runFiveWays(
  k: number,
  ways: readonly IoWay[],
): Result<readonly WayResult[], IoWaysError> {
  const out: WayResult[] = []
  for (const w of ways) {
    const r = runWay(w, k)
    if (!r.ok) return r
    out.push(r.value)
  }
  return ok(out)
}
