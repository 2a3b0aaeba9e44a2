// The virtio-net model's ops: the driver's handshake and its side of the split ring, the
// doorbell through KVM to QEMU or vhost, the backend's side of the ring, the interrupt back.
// Ring state lives in guest memory at the spec's offsets; each op reads and writes it there.
import { type Result, err, ok } from '../core/result.ts'
import { CHUNK_BYTES, CHUNK_MASK, CHUNK_SHIFT, type VirtioMem, emptyVirtioMem } from './mem.ts'
import { type BareVirtioEvent, countsDiff, tally } from './count.ts'
import type { VirtioError } from './errors.ts'
import type { BrokenWhy, DescAt, VirtioEvent } from './events.ts'
import type { VirtioOp } from './ops.ts'
import {
  ALIGN,
  AVAIL_F_NO_INTERRUPT,
  BAR4,
  BAR_LAYOUT,
  DESC_F,
  EXIT_EPT_MISCONFIG,
  GOOD_PACKET_LEN,
  MAX_QUEUE_SIZE,
  MAX_RX_FRAME,
  NET_HDR,
  RX_QUEUE,
  VIRTIO_NET_HDR_GSO_NONE,
  OFFERED,
  PCI_DEVICE_NET_MODERN,
  PCI_VENDOR,
  STATUS,
  STATUS_ORDER,
  TX_QUEUE,
  USED_F_NO_NOTIFY,
  availEventAt,
  availFlagsAt,
  availIdxAt,
  availRingAt,
  featureMask,
  has,
  needEvent,
  netHdrBytes,
  notifyAddress,
  partBytes,
  u16,
  usedEventAt,
  usedFlagsAt,
  usedIdxAt,
  usedRingAt,
} from './spec.ts'
import { EXIT_REASON } from '../vmx/exitReasons.ts'
import {
  type Desc,
  type DriverSide,
  type QueueName,
  type VirtQueue,
  type VirtioDevice,
  type VirtioState,
  VIRTIO_ZERO_COUNTS,
} from './types.ts'

export interface VirtioStep {
  readonly state: VirtioState
  readonly events: readonly VirtioEvent[]
}

/** The most packets one `virtio burst` runs (enough to wrap the 16-bit indices). */
export const VIRTIO_MAX_BURST = 200_000
/** Where `virtio burst` puts descriptor i's packet: one 2 KiB buffer per descriptor. */
export const BURST_BUF_BASE = 0x200000n
export const BURST_BUF_STRIDE = 0x800n

/**
 * One op's working state: the device as it stands, guest memory as a frame map copied on
 * first write (frozen into a snapshot at each event), and the events so far. In a burst it is
 * quiet: events only feed the counters, and memory is frozen once at the end.
 */
class Ctx {
  private frames: Map<bigint, Uint8Array>
  private copied = new Set<bigint>()
  readonly events: VirtioEvent[] = []
  /** The queue the driver and device functions below work on. */
  which: QueueName = 'tx'
  constructor(
    public dev: VirtioDevice,
    public quiet = false,
  ) {
    this.frames = new Map(dev.mem.chunks)
  }

  // Reads and writes go byte by byte through the frame map; the frame and offset are worked
  // out once per access (bursts make hundreds of thousands of them).
  private chunkFor(fn: bigint, write: boolean): Uint8Array | undefined {
    let f = this.frames.get(fn)
    if (write && !this.copied.has(fn)) {
      f = f ? f.slice() : new Uint8Array(CHUNK_BYTES)
      this.frames.set(fn, f)
      this.copied.add(fn)
    }
    return f
  }
  private readN(a: bigint, size: number): number {
    const off = Number(a & CHUNK_MASK)
    if (off + size > CHUNK_BYTES) return Number(this.readSlow(a, size))
    const f = this.chunkFor(a >> CHUNK_SHIFT, false)
    if (!f) return 0
    let v = 0
    for (let i = size - 1; i >= 0; i--) v = v * 256 + (f[off + i] ?? 0)
    return v
  }
  private readSlow(a: bigint, size: number): bigint {
    let v = 0n
    for (let i = size - 1; i >= 0; i--) {
      const b = a + BigInt(i)
      const f = this.frames.get(b >> CHUNK_SHIFT)
      v = (v << 8n) | BigInt(f?.[Number(b & CHUNK_MASK)] ?? 0)
    }
    return v
  }
  read(a: bigint, size: 2 | 4 | 8): bigint {
    if (size === 8) return (BigInt(this.readN(a + 4n, 4)) << 32n) | BigInt(this.readN(a, 4))
    return BigInt(this.readN(a, size))
  }
  r16 = (a: bigint): number => this.readN(a, 2)
  r32 = (a: bigint): number => this.readN(a, 4)
  private writeN(a: bigint, size: number, value: number): void {
    const off = Number(a & CHUNK_MASK)
    if (off + size > CHUNK_BYTES) {
      for (let i = 0; i < size; i++)
        this.writeN(a + BigInt(i), 1, Math.floor(value / 256 ** i) & 0xff)
      return
    }
    const f = this.chunkFor(a >> CHUNK_SHIFT, true) as Uint8Array
    let v = value
    for (let i = 0; i < size; i++) {
      f[off + i] = v & 0xff
      v = Math.floor(v / 256)
    }
  }
  write(a: bigint, size: 2 | 4 | 8, value: bigint): void {
    if (size === 8) {
      this.writeN(a, 4, Number(value & 0xffffffffn))
      this.writeN(a + 4n, 4, Number((value >> 32n) & 0xffffffffn))
    } else this.writeN(a, size, Number(value & (size === 2 ? 0xffffn : 0xffffffffn)))
  }
  w8 = (a: bigint, v: number): void => this.writeN(a, 1, v & 0xff)
  w16 = (a: bigint, v: number): void => this.writeN(a, 2, v & 0xffff)
  w32 = (a: bigint, v: number): void => this.writeN(a, 4, v >>> 0)

  /** The memory as it is now; later writes copy their frame again, so this stays as is. */
  mem(): VirtioMem {
    this.copied = new Set()
    return { chunks: new Map(this.frames) }
  }

  emit(e: BareVirtioEvent): void {
    const counts = tally(this.dev.counts, e)
    if (this.quiet) {
      this.dev = { ...this.dev, counts }
      return
    }
    this.dev = { ...this.dev, counts, mem: this.mem() }
    this.events.push({ ...e, snap: this.dev } as VirtioEvent)
  }

  /** The device with its memory as it is now (the step's final machine). */
  final(): VirtioDevice {
    return { ...this.dev, mem: this.mem() }
  }
}

const readDesc = (c: Ctx, at: bigint): Desc => ({
  addr: c.read(at, 8),
  len: c.r32(at + 8n),
  flags: c.r16(at + 12n),
  next: c.r16(at + 14n),
})

function writeDesc(c: Ctx, at: bigint, d: Desc): void {
  c.write(at, 8, d.addr)
  c.w32(at + 8n, d.len)
  c.w16(at + 12n, d.flags)
  c.w16(at + 14n, d.next)
}

const setQueue = (c: Ctx, q: VirtQueue): void => {
  c.dev = c.which === 'rx' ? { ...c.dev, rx: q } : { ...c.dev, queue: q }
}

const q = (c: Ctx): VirtQueue => (c.which === 'rx' ? c.dev.rx : c.dev.queue) as VirtQueue
const queueIndex = (c: Ctx): number => (c.which === 'rx' ? RX_QUEUE : TX_QUEUE)

function live(dev: VirtioDevice | null): Result<VirtioDevice & { queue: VirtQueue }, VirtioError> {
  if (dev === null) return err({ code: 'no-device' })
  if (dev.queue === null) return err({ code: 'no-queue' })
  if ((dev.status & STATUS.DRIVER_OK) === 0) return err({ code: 'not-live' })
  return ok(dev as VirtioDevice & { queue: VirtQueue })
}

// ---- the driver's side (Linux virtio_ring.c, split) ----

function addChain(
  c: Ctx,
  bufs: readonly { addr: bigint; len: number; write: boolean }[],
  indirect: bigint | null,
): void {
  const { layout, driver } = q(c)
  const need = indirect === null ? bufs.length : 1
  const taken = driver.free.slice(0, need)
  if (indirect !== null) {
    bufs.forEach((b, i) => {
      const d: Desc = {
        addr: b.addr,
        len: b.len,
        flags: (b.write ? DESC_F.WRITE : 0) | (i < bufs.length - 1 ? DESC_F.NEXT : 0),
        next: i < bufs.length - 1 ? i + 1 : 0,
      }
      const gpa = indirect + 16n * BigInt(i)
      writeDesc(c, gpa, d)
      c.emit({
        kind: 'virtio.desc',
        desc: { ...d, table: 'indirect', index: i, gpa },
        by: 'driver',
        cite: 'vio-chain',
      })
    })
    const head = taken[0] as number
    const d: Desc = { addr: indirect, len: 16 * bufs.length, flags: DESC_F.INDIRECT, next: 0 }
    const gpa = layout.desc + 16n * BigInt(head)
    writeDesc(c, gpa, d)
    c.emit({
      kind: 'virtio.desc',
      desc: { ...d, table: 'ring', index: head, gpa },
      by: 'driver',
      cite: 'vio-chain',
    })
  } else {
    bufs.forEach((b, i) => {
      const idx = taken[i] as number
      const last = i === bufs.length - 1
      const d: Desc = {
        addr: b.addr,
        len: b.len,
        flags: (b.write ? DESC_F.WRITE : 0) | (last ? 0 : DESC_F.NEXT),
        next: last ? 0 : (taken[i + 1] as number),
      }
      const gpa = layout.desc + 16n * BigInt(idx)
      writeDesc(c, gpa, d)
      c.emit({
        kind: 'virtio.desc',
        desc: { ...d, table: 'ring', index: idx, gpa },
        by: 'driver',
        cite: 'vio-chain',
      })
    })
  }
  const head = taken[0] as number
  setQueue(c, {
    ...q(c),
    driver: {
      ...driver,
      free: driver.free.slice(need),
      chains: { ...driver.chains, [head]: { descs: taken, indirect } },
    },
  })
  publish(c, head)
}

/** The head into avail->ring[idx mod QS], a write barrier, then avail->idx + 1. */
function publish(c: Ctx, head: number): void {
  const { layout, driver } = q(c)
  const slot = driver.availIdx % layout.size
  const slotAt = availRingAt(layout.avail, slot)
  c.w16(slotAt, head)
  c.emit({ kind: 'virtio.avail-ring', slot, head, gpa: slotAt, cite: 'vio-publish' })
  const nw = u16(driver.availIdx + 1)
  c.w16(availIdxAt(layout.avail), nw)
  setQueue(c, { ...q(c), driver: { ...q(c).driver, availIdx: nw, added: driver.added + 1 } })
  c.emit({
    kind: 'virtio.avail-idx',
    old: driver.availIdx,
    new: nw,
    gpa: availIdxAt(layout.avail),
    cite: 'vio-publish',
  })
}

function kick(c: Ctx): void {
  const { layout, driver } = q(c)
  const eventIdx = has(c.dev.driverFeatures, 'EVENT_IDX')
  const old = u16(driver.availIdx - driver.added)
  const nw = driver.availIdx
  const ev = eventIdx ? c.r16(availEventAt(layout.used, layout.size)) : null
  const noNotify = (c.r16(usedFlagsAt(layout.used)) & USED_F_NO_NOTIFY) !== 0
  const need = ev !== null ? needEvent(ev, nw, old) : !noNotify
  setQueue(c, { ...q(c), driver: { ...driver, added: 0 } })
  c.emit({
    kind: 'virtio.kick-check',
    old,
    new: nw,
    event: ev,
    noNotify,
    need,
    cite: ev !== null ? 'vio-event-idx' : 'vio-notify-flags',
  })
  if (!need) return
  const addr = notifyAddress(queueIndex(c))
  c.emit({ kind: 'virtio.notify', addr, value: queueIndex(c), cite: 'vio-pci' })
  c.emit({
    kind: 'virtio.exit',
    reason: EXIT_EPT_MISCONFIG,
    gpa: addr,
    what: 'notify',
    cite: 'vio-qemu-kick',
  })
  if (c.dev.backend === 'qemu') {
    c.emit({ kind: 'virtio.kvm', action: 'exit-mmio', gpa: addr, cite: 'vio-qemu-kick' })
    c.emit({ kind: 'virtio.backend', backend: 'qemu', action: 'notify', cite: 'vio-qemu-kick' })
    // virtio_net_handle_rx: the kick on receiveq1 flushes the frames QEMU held, on this thread.
    if (c.which === 'rx') serveWaiting(c, 'vcpu')
    c.emit({ kind: 'virtio.kvm', action: 'resume', gpa: addr, cite: 'vio-qemu-kick' })
  } else {
    c.emit({ kind: 'virtio.kvm', action: 'ioeventfd', gpa: addr, cite: 'vio-vhost' })
    c.emit({ kind: 'virtio.kvm', action: 'resume', gpa: addr, cite: 'vio-vhost' })
    c.emit({ kind: 'virtio.backend', backend: 'vhost', action: 'wake', cite: 'vio-vhost' })
    if (c.which === 'rx') serveWaiting(c, 'other')
  }
}

/** A read of the ISR byte: an MMIO exit to QEMU (which owns the ISR in both backends). */
function readIsr(c: Ctx): void {
  const gpa = BAR4 + BAR_LAYOUT.isr
  c.emit({
    kind: 'virtio.exit',
    reason: EXIT_EPT_MISCONFIG,
    gpa,
    what: 'isr',
    cite: 'vio-qemu-kick',
  })
  c.emit({ kind: 'virtio.kvm', action: 'exit-mmio', gpa, cite: 'vio-qemu-kick' })
  const value = c.dev.isr
  c.dev = { ...c.dev, isr: 0 }
  c.emit({ kind: 'virtio.isr', value, cite: 'vio-interrupt' })
  c.emit({ kind: 'virtio.kvm', action: 'resume', gpa, cite: 'vio-qemu-kick' })
}

function reclaim(c: Ctx): void {
  reap(c)
  rearm(c)
}

/** Takes every used entry from lastUsed up to used->idx and frees its chain. */
function reap(c: Ctx): number {
  if (c.dev.irq === 'intx') readIsr(c)
  const { layout } = q(c)
  const usedIdx = c.r16(usedIdxAt(layout.used))
  if (q(c).driver.lastUsed === usedIdx)
    c.emit({ kind: 'virtio.nothing-used', usedIdx, cite: 'vio-used' })
  let taken = 0
  while (q(c).driver.lastUsed !== usedIdx) {
    taken++
    const d = q(c).driver
    const slot = d.lastUsed % layout.size
    const at = usedRingAt(layout.used, slot)
    const id = c.r32(at)
    const len = c.r32(at + 4n)
    const chain = d.chains[id]
    const chains = { ...d.chains }
    delete chains[id]
    setQueue(c, {
      ...q(c),
      driver: {
        ...d,
        // Linux's detach_buf_split puts the freed chain at the head of the free list.
        free: chain ? [...chain.descs, ...d.free] : d.free,
        chains,
        lastUsed: u16(d.lastUsed + 1),
      },
    })
    c.emit({
      kind: 'virtio.reclaim',
      head: id,
      len,
      freed: chain ? chain.descs.length : 0,
      cite: 'vio-used',
    })
  }
  return taken
}

function rearm(c: Ctx): void {
  const { layout } = q(c)
  if (has(c.dev.driverFeatures, 'EVENT_IDX')) {
    // virtqueue_enable_cb_prepare: interrupt me when the next used entry is published.
    const value = q(c).driver.lastUsed
    c.w16(usedEventAt(layout.avail, layout.size), value)
    c.emit({ kind: 'virtio.used-event', value, by: 'driver', cite: 'vio-event-idx' })
  }
}

// ---- the device's side (QEMU virtqueue_split_pop / vhost_get_vq_desc) ----

type Walk =
  | { readonly ok: true; readonly chain: DescAt[]; readonly out: number; readonly in: number }
  | { readonly ok: false; readonly why: BrokenWhy; readonly at: number; readonly chain: DescAt[] }

function walkChain(c: Ctx, head: number): Walk {
  const { layout } = q(c)
  const chain: DescAt[] = []
  let table: 'ring' | 'indirect' = 'ring'
  let base = layout.desc
  let size = layout.size
  let i = head
  let found = 0
  let out = 0
  let inn = 0
  let writeSeen = false
  for (;;) {
    if (i >= size) return { ok: false, why: 'next-range', at: i, chain }
    // vhost: "Loop detected" once more descriptors than the table holds have been seen.
    if (++found > size) return { ok: false, why: 'loop', at: i, chain }
    const gpa = base + 16n * BigInt(i)
    const d = readDesc(c, gpa)
    chain.push({ ...d, table, index: i, gpa })
    if (d.flags & DESC_F.INDIRECT) {
      if (table === 'indirect') return { ok: false, why: 'indirect-nested', at: i, chain }
      if (!has(c.dev.driverFeatures, 'INDIRECT_DESC'))
        return { ok: false, why: 'indirect-feature', at: i, chain }
      if (d.flags & DESC_F.NEXT) return { ok: false, why: 'indirect-next', at: i, chain }
      if (d.len === 0 || d.len % 16 !== 0)
        return { ok: false, why: 'indirect-len', at: d.len, chain }
      table = 'indirect'
      base = d.addr
      size = d.len / 16
      i = 0
      found = 0
      continue
    }
    if (d.flags & DESC_F.WRITE) {
      writeSeen = true
      inn += d.len
    } else {
      if (writeSeen) return { ok: false, why: 'write-order', at: i, chain }
      out += d.len
    }
    if (!(d.flags & DESC_F.NEXT)) return { ok: true, chain, out, in: inn }
    i = d.next
  }
}

function breakDevice(
  c: Ctx,
  why: BrokenWhy,
  head: number,
  at: number,
  chain: readonly DescAt[] = [],
): void {
  const size = q(c).layout.size
  setQueue(c, { ...q(c), device: { ...q(c).device, broken: why } })
  // QEMU's virtio_error sets DEVICE_NEEDS_RESET on a VERSION_1 device; vhost only stops.
  if (c.dev.backend === 'qemu' && has(c.dev.driverFeatures, 'VERSION_1'))
    c.dev = { ...c.dev, status: c.dev.status | STATUS.DEVICE_NEEDS_RESET }
  c.emit({
    kind: 'virtio.broken',
    why,
    backend: c.dev.backend,
    head,
    at,
    size,
    chain,
    cite: 'vio-broken',
  })
}

/**
 * The interrupt decision after used->idx moved. `thread`: who published it. The vCPU's own
 * thread (QEMU handling an exit) injects at the VM entry it is about to make; another thread
 * (QEMU's I/O thread, the vhost worker) finds vCPU 0 in the guest and KVM kicks it out.
 */
function irqCheck(c: Ctx, thread: 'vcpu' | 'other' = 'vcpu'): void {
  const { layout, device } = q(c)
  const eventIdx = has(c.dev.driverFeatures, 'EVENT_IDX')
  const ev = eventIdx ? c.r16(usedEventAt(layout.avail, layout.size)) : null
  const noInterrupt = (c.r16(availFlagsAt(layout.avail)) & AVAIL_F_NO_INTERRUPT) !== 0
  const first = !device.signalledValid
  const old = device.signalledUsed
  const nw = device.usedIdx
  const need = ev !== null ? first || needEvent(ev, nw, old) : !noInterrupt
  setQueue(c, { ...q(c), device: { ...device, signalledUsed: nw, signalledValid: true } })
  c.emit({
    kind: 'virtio.irq-check',
    old,
    new: nw,
    event: ev,
    noInterrupt,
    first: ev !== null && first,
    need,
    cite: ev === null ? 'vio-notify-flags' : first ? 'vio-interrupt' : 'vio-event-idx',
  })
  if (!need) return
  if (c.dev.irq === 'intx') c.dev = { ...c.dev, isr: c.dev.isr | 1 }
  c.emit({
    kind: 'virtio.interrupt',
    irq: c.dev.irq,
    path: c.dev.backend === 'qemu' ? 'qemu' : 'irqfd',
    cite: c.dev.backend === 'qemu' ? 'vio-interrupt' : 'vio-vhost',
  })
  if (thread === 'other') {
    const gpa = 0n
    c.emit({
      kind: 'virtio.exit',
      reason: EXIT_REASON.EXTERNAL_INTERRUPT,
      gpa,
      what: 'irq-kick',
      cite: 'vio-rx-kick',
    })
    c.emit({ kind: 'virtio.kvm', action: 'resume', gpa, cite: 'vio-rx-kick' })
  }
}

// ---- receive (receiveq1) ----

/** Where receive buffer i lives: one 2 KiB buffer per descriptor of the receive queue. */
export const RX_BUF_BASE = 0x300000n
export const RX_BUF_STRIDE = 0x800n
/** The model's frames for the guest: to its MAC, from a host MAC, the test EtherType. */
const RX_DST = [0x52, 0x54, 0x00, 0x12, 0x34, 0x56]
const RX_SRC = [0x52, 0x54, 0x00, 0xab, 0xcd, 0xef]
const RX_ETHERTYPE = 0x88b5
/** Linux virtnet_poll's NAPI budget: it refills when more than min(budget, QS) / 2 are free. */
export const NAPI_BUDGET = 64

/** try_fill_recv: n one-descriptor device-writable buffers, then virtqueue_kick_prepare. */
function postRx(c: Ctx, n: number): void {
  const hdr = netHdrBytes(c.dev.driverFeatures)
  for (let i = 0; i < n; i++) {
    const idx = q(c).driver.free[0] as number
    addChain(
      c,
      [
        {
          addr: RX_BUF_BASE + RX_BUF_STRIDE * BigInt(idx),
          len: hdr + GOOD_PACKET_LEN,
          write: true,
        },
      ],
      null,
    )
  }
  kick(c)
}

/**
 * The device takes the next available chain, as QEMU's virtqueue_pop and vhost's
 * vhost_get_vq_desc do for either queue: the index checks, the chain walk, last_avail_idx + 1,
 * and avail_event when EVENT_IDX was negotiated. A malformed ring breaks the device.
 */
function popAvail(
  c: Ctx,
):
  | { readonly kind: 'none'; readonly availIdx: number }
  | { readonly kind: 'broken' }
  | { readonly kind: 'popped'; readonly head: number; readonly w: Extract<Walk, { ok: true }> } {
  const { layout, device } = q(c)
  const availIdx = c.r16(availIdxAt(layout.avail))
  if (u16(availIdx - device.lastAvail) > layout.size) {
    breakDevice(c, 'avail-jump', -1, availIdx)
    return { kind: 'broken' }
  }
  if (availIdx === device.lastAvail) return { kind: 'none', availIdx }
  const slot = device.lastAvail % layout.size
  const head = c.r16(availRingAt(layout.avail, slot))
  if (head >= layout.size) {
    breakDevice(c, 'head-range', head, head)
    return { kind: 'broken' }
  }
  const w = walkChain(c, head)
  if (!w.ok) {
    breakDevice(c, w.why, head, w.at, w.chain)
    return { kind: 'broken' }
  }
  const lastAvail = u16(device.lastAvail + 1)
  setQueue(c, { ...q(c), device: { ...device, lastAvail } })
  c.emit({
    kind: 'virtio.pop',
    head,
    slot,
    chain: w.chain,
    outBytes: w.out,
    inBytes: w.in,
    cite: 'vio-chain',
  })
  if (has(c.dev.driverFeatures, 'EVENT_IDX')) {
    c.w16(availEventAt(layout.used, layout.size), lastAvail)
    c.emit({ kind: 'virtio.avail-event', value: lastAvail, by: 'device', cite: 'vio-used' })
  }
  return { kind: 'popped', head, w }
}

/** One frame into the next available chain; false when there is none. */
function receiveOne(
  c: Ctx,
  len: number,
  batch: { id: number; len: number }[],
): 'served' | 'none' | 'broken' {
  const p = popAvail(c)
  if (p.kind !== 'popped') return p.kind
  const { head, w } = p
  const { layout } = q(c)
  // The header, then the frame, into the first writable buffer (one buffer holds both).
  const hdr = netHdrBytes(c.dev.driverFeatures)
  const buf = w.chain.find((d) => (d.flags & DESC_F.WRITE) !== 0) ?? w.chain[0]
  const at = buf ? buf.addr : 0n
  const written = Math.min(hdr + len, w.in)
  for (let i = 0; i < hdr; i += 2) c.w16(at + BigInt(i), 0)
  c.w8(at + BigInt(NET_HDR.gso_type), VIRTIO_NET_HDR_GSO_NONE)
  const numBuffers = hdr === 12 ? 1 : null
  if (numBuffers !== null) c.w16(at + BigInt(NET_HDR.num_buffers), numBuffers)
  const frame = [...RX_DST, ...RX_SRC, RX_ETHERTYPE >> 8, RX_ETHERTYPE & 0xff]
  for (let i = 0; i < written - hdr; i++)
    c.w8(at + BigInt(hdr + i), i < frame.length ? (frame[i] as number) : i & 0xff)
  c.emit({
    kind: 'virtio.rx',
    head,
    gpa: at,
    hdr,
    bytes: written - hdr,
    written,
    numBuffers,
    backend: c.dev.backend,
    cite: 'vio-rx',
  })
  const usedSlot = (q(c).device.usedIdx + batch.length) % layout.size
  const ua = usedRingAt(layout.used, usedSlot)
  c.w32(ua, head)
  c.w32(ua + 4n, written)
  c.emit({
    kind: 'virtio.used-ring',
    slot: usedSlot,
    id: head,
    len: written,
    gpa: ua,
    cite: 'vio-used',
  })
  batch.push({ id: head, len: written })
  return 'served'
}

/** used->idx over the batch, then the interrupt decision. */
function flushUsed(c: Ctx, batch: { id: number; len: number }[], thread: 'vcpu' | 'other'): void {
  if (batch.length === 0) return
  const { layout, device } = q(c)
  const nw = u16(device.usedIdx + batch.length)
  c.w16(usedIdxAt(layout.used), nw)
  setQueue(c, { ...q(c), device: { ...device, usedIdx: nw } })
  c.emit({
    kind: 'virtio.used-idx',
    old: device.usedIdx,
    new: nw,
    gpa: usedIdxAt(layout.used),
    cite: 'vio-used',
  })
  batch.length = 0
  irqCheck(c, thread)
}

/**
 * Frames in order: each into a buffer, or, once there is none, every later one waits too.
 * QEMU publishes and signals per frame (virtio_net_receive); vhost per batch (handle_rx).
 */
function receiveFrames(c: Ctx, lens: readonly number[], thread: 'vcpu' | 'other'): void {
  const batch: { id: number; len: number }[] = []
  const vhost = c.dev.backend === 'vhost'
  let i = 0
  for (; i < lens.length; i++) {
    if (q(c).device.broken !== null) break
    const r = receiveOne(c, lens[i] as number, batch)
    if (r !== 'served') break
    if (!vhost) flushUsed(c, batch, thread)
  }
  flushUsed(c, batch, thread)
  const rest = lens.slice(i)
  c.dev = { ...c.dev, waiting: rest }
  if (rest.length > 0 && q(c).device.broken === null)
    c.emit({
      kind: 'virtio.rx-wait',
      bytes: rest[0] as number,
      waiting: rest.length,
      backend: c.dev.backend,
      cite: 'vio-rx-wait',
    })
}

/** After the guest's kick on receiveq1: the frames the backend held go in now. */
function serveWaiting(c: Ctx, thread: 'vcpu' | 'other'): void {
  if (c.dev.waiting.length === 0) return
  receiveFrames(c, c.dev.waiting, thread)
}

/** Frames from the tap: QEMU's I/O thread reads each; the tap socket wakes the vhost worker. */
function arrive(c: Ctx, len: number, count: number): void {
  const qemu = c.dev.backend === 'qemu'
  for (let i = 0; i < count; i++)
    c.emit({
      kind: 'virtio.rx-arrive',
      bytes: len,
      backend: c.dev.backend,
      copied: qemu,
      cite: 'vio-rx',
    })
  if (!qemu)
    c.emit({
      kind: 'virtio.backend',
      backend: 'vhost',
      action: 'wake',
      socket: true,
      cite: 'vio-vhost',
    })
  if (q(c).device.broken !== null) {
    c.emit({ kind: 'virtio.stopped', why: q(c).device.broken as BrokenWhy, cite: 'vio-broken' })
    return
  }
  const lens = [...c.dev.waiting, ...Array.from({ length: count }, () => len)]
  // Frames already waiting stay ahead of the new ones; none goes in while the queue is empty.
  receiveFrames(c, lens, 'other')
}

/**
 * virtnet_poll: take every used buffer (virtnet_receive), refill when more than
 * min(NAPI budget, QS) / 2 descriptors are free (try_fill_recv, then the kick check), re-arm.
 */
function rxReap(c: Ctx): void {
  reap(c)
  const { layout, driver } = q(c)
  if (driver.free.length > Math.min(NAPI_BUDGET, layout.size) / 2) postRx(c, driver.free.length)
  rearm(c)
}

function process(c: Ctx, max: number | null): void {
  if (q(c).device.broken !== null) {
    c.emit({ kind: 'virtio.stopped', why: q(c).device.broken as BrokenWhy, cite: 'vio-broken' })
    return
  }
  const vhost = c.dev.backend === 'vhost'
  const hdr = netHdrBytes(c.dev.driverFeatures)
  let popped = 0
  // vhost-net publishes a batch's used entries with one used->idx update and one signal.
  const batch: { id: number; len: number }[] = []
  // QEMU's TX bottom half runs in its main-loop thread, vhost in its worker: not vCPU 0's.
  const flushBatch = (): void => flushUsed(c, batch, 'other')
  while (max === null || popped < max) {
    const p = popAvail(c)
    if (p.kind === 'broken') return
    if (p.kind === 'none') {
      if (popped === 0) c.emit({ kind: 'virtio.empty', availIdx: p.availIdx, cite: 'vio-used' })
      break
    }
    const { head, w } = p
    const { layout } = q(c)
    c.emit({ kind: 'virtio.tx', head, bytes: w.out, hdr, backend: c.dev.backend, cite: 'vio-copy' })
    // The used element: id = head, len = bytes written into the chain (none for a send).
    const usedSlot = (q(c).device.usedIdx + batch.length) % layout.size
    const at = usedRingAt(layout.used, usedSlot)
    c.w32(at, head)
    c.w32(at + 4n, w.in)
    c.emit({
      kind: 'virtio.used-ring',
      slot: usedSlot,
      id: head,
      len: w.in,
      gpa: at,
      cite: 'vio-used',
    })
    batch.push({ id: head, len: w.in })
    if (!vhost) flushBatch()
    popped++
  }
  flushBatch()
}

// ---- ops ----

const fresh = (backend: VirtioDevice['backend'], irq: VirtioDevice['irq']): VirtioDevice => ({
  backend,
  irq,
  status: 0,
  offered: featureMask(OFFERED),
  driverFeatures: 0n,
  isr: 0,
  queue: null,
  rx: null,
  shown: 'tx',
  waiting: [],
  mem: emptyVirtioMem,
  counts: VIRTIO_ZERO_COUNTS,
})

function overlaps(a: bigint, an: number, b: bigint, bn: number): boolean {
  return a < b + BigInt(bn) && b < a + BigInt(an)
}

/** One lockstep packet of a burst: add one buffer, kick check, serve, reclaim. */
function burstPacket(c: Ctx, len: number): void {
  const idx = q(c).driver.free[0] as number
  addChain(c, [{ addr: BURST_BUF_BASE + BURST_BUF_STRIDE * BigInt(idx), len, write: false }], null)
  kick(c)
  process(c, null)
  reclaim(c)
}

const sameChains = (a: DriverSide['chains'], b: DriverSide['chains']): boolean =>
  JSON.stringify(a) === JSON.stringify(b)

/**
 * n packets in lockstep. Every decision compares 16-bit indices by their differences, so
 * once a whole queue's worth of packets (QS) returns the driver's free list and the device to
 * the same shape, each further period adds the same counts and moves every index by QS: the
 * run skips whole periods (test/virtio-burst checks it equals running every packet).
 */
function runBurst(c: Ctx, n: number, len: number, skip: boolean): void {
  const size = q(c).layout.size
  let done = 0
  const warm = Math.min(n, size)
  for (; done < warm && q(c).device.broken === null; done++) burstPacket(c, len)
  if (skip && n - done >= 2 * size && q(c).device.broken === null) {
    const at = q(c)
    const c0 = c.dev.counts
    for (let i = 0; i < size; i++) burstPacket(c, len)
    done += size
    const after = q(c)
    const periodic =
      after.device.broken === null &&
      JSON.stringify(after.driver.free) === JSON.stringify(at.driver.free) &&
      sameChains(after.driver.chains, at.driver.chains) &&
      after.device.signalledValid === at.device.signalledValid &&
      u16(after.driver.availIdx - at.driver.availIdx) === size % 0x10000
    const k = Math.floor((n - done) / size)
    if (periodic && k > 0) {
      const d = countsDiff(c0, c.dev.counts)
      const step = k * size
      const cs = c.dev.counts
      c.dev = {
        ...c.dev,
        counts: {
          exits: cs.exits + k * d.exits,
          userspace: cs.userspace + k * d.userspace,
          copies: cs.copies + k * d.copies,
          copiedBytes: cs.copiedBytes + k * d.copiedBytes,
          interrupts: cs.interrupts + k * d.interrupts,
          interruptsSuppressed: cs.interruptsSuppressed + k * d.interruptsSuppressed,
          kicks: cs.kicks + k * d.kicks,
          kicksSuppressed: cs.kicksSuppressed + k * d.kicksSuppressed,
          wakeups: cs.wakeups + k * d.wakeups,
          packets: cs.packets + k * d.packets,
          received: cs.received + k * d.received,
        },
      }
      const { layout } = after
      // Every index and event field moves by the same whole number of periods.
      const shift = (a: bigint): void => c.w16(a, u16(c.r16(a) + step))
      shift(availIdxAt(layout.avail))
      shift(usedIdxAt(layout.used))
      if (has(c.dev.driverFeatures, 'EVENT_IDX')) {
        shift(usedEventAt(layout.avail, layout.size))
        shift(availEventAt(layout.used, layout.size))
      }
      setQueue(c, {
        ...after,
        driver: {
          ...after.driver,
          availIdx: u16(after.driver.availIdx + step),
          lastUsed: u16(after.driver.lastUsed + step),
        },
        device: {
          ...after.device,
          lastAvail: u16(after.device.lastAvail + step),
          usedIdx: u16(after.device.usedIdx + step),
          signalledUsed: u16(after.device.signalledUsed + step),
        },
      })
      done += step
    }
  }
  for (; done < n && q(c).device.broken === null; done++) burstPacket(c, len)
}

export function applyVirtio(
  s: VirtioState,
  op: VirtioOp,
  opts: { readonly skip?: boolean } = {},
): Result<VirtioStep, VirtioError> {
  if (op.kind === 'virtio.device') {
    const c = new Ctx(fresh(op.backend, op.irq))
    c.emit({
      kind: 'virtio.device',
      backend: op.backend,
      irq: op.irq,
      vendor: PCI_VENDOR,
      device: PCI_DEVICE_NET_MODERN,
      bar: BAR4,
      notifyAddr: notifyAddress(TX_QUEUE),
      offered: OFFERED,
      cite: 'vio-pci',
    })
    return ok({ state: { dev: c.final() }, events: c.events })
  }
  const dev = s.dev
  if (dev === null) return err({ code: 'no-device' })
  const done = (c: Ctx): Result<VirtioStep, VirtioError> =>
    ok({ state: { dev: c.final() }, events: c.events })
  switch (op.kind) {
    case 'virtio.status': {
      const c = new Ctx(dev)
      if (op.set === 'reset') {
        c.dev = {
          ...dev,
          status: 0,
          driverFeatures: 0n,
          isr: 0,
          queue: null,
          rx: null,
          shown: 'tx',
          waiting: [],
        }
        c.emit({ kind: 'virtio.status', wrote: 0, status: 0, refused: null, cite: 'vio-status' })
        return done(c)
      }
      const bit = STATUS[op.set]
      if (dev.status & bit) return err({ code: 'status-set', bit: op.set })
      const before = STATUS_ORDER.slice(0, STATUS_ORDER.indexOf(op.set))
      const missing = before.find((b) => (dev.status & STATUS[b]) === 0)
      if (missing !== undefined) return err({ code: 'status-order', want: op.set, missing })
      const wrote = dev.status | bit
      if (op.set === 'FEATURES_OK') {
        // The device keeps FEATURES_OK clear when it refuses the features; the driver re-reads.
        const refusedMask = dev.driverFeatures & ~dev.offered
        if (refusedMask !== 0n) {
          const refused: number[] = []
          for (let b = 0; b < 64; b++) if ((refusedMask >> BigInt(b)) & 1n) refused.push(b)
          c.emit({ kind: 'virtio.status', wrote, status: dev.status, refused, cite: 'vio-status' })
          return done(c)
        }
      }
      c.dev = { ...dev, status: wrote }
      c.emit({ kind: 'virtio.status', wrote, status: wrote, refused: null, cite: 'vio-status' })
      return done(c)
    }
    case 'virtio.features': {
      if ((dev.status & STATUS.DRIVER) === 0)
        return err({ code: 'status-order', want: 'features', missing: 'DRIVER' })
      if (dev.status & STATUS.FEATURES_OK) return err({ code: 'features-late', status: dev.status })
      const c = new Ctx(dev)
      const mask = op.unknown.reduce((m, b) => m | (1n << BigInt(b)), featureMask(op.features))
      c.dev = { ...dev, driverFeatures: mask }
      c.emit({
        kind: 'virtio.features',
        wrote: op.features,
        unknown: op.unknown,
        cite: 'vio-features',
      })
      return done(c)
    }
    case 'virtio.queue': {
      if ((dev.status & STATUS.FEATURES_OK) === 0) return err({ code: 'queue-early' })
      if (dev.status & STATUS.DRIVER_OK) return err({ code: 'queue-late' })
      const size = op.size
      if (size < 1 || size > MAX_QUEUE_SIZE || (size & (size - 1)) !== 0)
        return err({ code: 'queue-size', size, max: MAX_QUEUE_SIZE })
      for (const part of ['desc', 'avail', 'used'] as const) {
        const a = op[part]
        if (a % ALIGN[part] !== 0n)
          return err({ code: 'misaligned', part, addr: a, align: Number(ALIGN[part]) })
      }
      const b = partBytes(size)
      if (overlaps(op.desc, b.desc, op.avail, b.avail))
        return err({ code: 'overlap', a: 'desc', b: 'avail' })
      if (overlaps(op.desc, b.desc, op.used, b.used))
        return err({ code: 'overlap', a: 'desc', b: 'used' })
      if (overlaps(op.avail, b.avail, op.used, b.used))
        return err({ code: 'overlap', a: 'avail', b: 'used' })
      // The other queue's rings must not share bytes with this one's.
      const other = op.queue === 'rx' ? dev.queue : dev.rx
      if (other !== null) {
        const ob = partBytes(other.layout.size)
        const otherName = op.queue === 'rx' ? 'transmitq1' : 'receiveq1'
        for (const [a, an] of [
          [op.desc, b.desc],
          [op.avail, b.avail],
          [op.used, b.used],
        ] as const)
          for (const [o, on] of [
            [other.layout.desc, ob.desc],
            [other.layout.avail, ob.avail],
            [other.layout.used, ob.used],
          ] as const)
            if (overlaps(a, an, o, on)) return err({ code: 'overlap', a: 'queue', b: otherName })
      }
      const c = new Ctx(dev)
      // The driver zeroes the ring memory it allocates (Linux vring_alloc_queue + memset).
      for (const [at, n] of [
        [op.desc, b.desc],
        [op.avail, b.avail],
        [op.used, b.used],
      ] as const)
        for (let i = 0; i < n; i += 2) c.w16(at + BigInt(i), 0)
      const layout = { size, desc: op.desc, avail: op.avail, used: op.used }
      const fresh: VirtQueue = {
        layout,
        driver: {
          free: Array.from({ length: size }, (_, i) => i),
          availIdx: 0,
          added: 0,
          lastUsed: 0,
          chains: {},
        },
        device: {
          lastAvail: 0,
          usedIdx: 0,
          signalledUsed: 0,
          signalledValid: false,
          broken: null,
        },
      }
      c.dev =
        op.queue === 'rx'
          ? { ...c.dev, rx: fresh, shown: 'rx' }
          : { ...c.dev, queue: fresh, shown: 'tx' }
      c.emit({
        kind: 'virtio.queue',
        queue: op.queue,
        layout,
        notifyAddr: notifyAddress(op.queue === 'rx' ? RX_QUEUE : TX_QUEUE),
        cite: 'vio-layout',
      })
      return done(c)
    }
    case 'virtio.event': {
      if (dev.queue === null) return err({ code: 'no-queue' })
      if (!has(dev.driverFeatures, 'EVENT_IDX') || (dev.status & STATUS.FEATURES_OK) === 0)
        return err({ code: 'no-feature', feature: 'EVENT_IDX' })
      const c = new Ctx(dev)
      const { layout } = dev.queue
      if (op.which === 'used') {
        c.w16(usedEventAt(layout.avail, layout.size), op.value)
        c.emit({ kind: 'virtio.used-event', value: op.value, by: 'driver', cite: 'vio-event-idx' })
      } else {
        c.w16(availEventAt(layout.used, layout.size), op.value)
        c.emit({ kind: 'virtio.avail-event', value: op.value, by: 'device', cite: 'vio-event-idx' })
      }
      return done(c)
    }
    case 'virtio.flag': {
      if (dev.queue === null) return err({ code: 'no-queue' })
      if (has(dev.driverFeatures, 'EVENT_IDX') && (dev.status & STATUS.FEATURES_OK) !== 0)
        return err({ code: 'flags-with-event-idx', which: op.which })
      const c = new Ctx(dev)
      const { layout } = dev.queue
      const at = op.which === 'avail' ? availFlagsAt(layout.avail) : usedFlagsAt(layout.used)
      c.w16(at, op.on ? 1 : 0)
      c.emit({ kind: 'virtio.flag', which: op.which, on: op.on, cite: 'vio-notify-flags' })
      return done(c)
    }
    case 'virtio.desc': {
      if (dev.queue === null) return err({ code: 'no-queue' })
      const { layout } = dev.queue
      if (op.index >= layout.size)
        return err({ code: 'index-range', index: op.index, size: layout.size })
      const c = new Ctx(dev)
      const gpa = layout.desc + 16n * BigInt(op.index)
      const d: Desc = { addr: op.addr, len: op.len, flags: op.flags, next: op.next }
      writeDesc(c, gpa, d)
      c.emit({
        kind: 'virtio.desc',
        desc: { ...d, table: 'ring', index: op.index, gpa },
        by: 'raw',
        cite: 'vio-chain',
      })
      return done(c)
    }
    default:
      break
  }
  const l = live(dev)
  if (!l.ok) return l
  // The transmit queue's commands draw the transmit queue.
  const c = new Ctx(l.value.shown === 'tx' ? l.value : { ...l.value, shown: 'tx' })
  switch (op.kind) {
    case 'virtio.add': {
      if (op.bufs.length === 0) return err({ code: 'empty-chain' })
      if (op.indirect !== null && !has(dev.driverFeatures, 'INDIRECT_DESC'))
        return err({ code: 'no-feature', feature: 'INDIRECT_DESC' })
      if (op.indirect !== null && op.indirect % 16n !== 0n)
        return err({ code: 'misaligned', part: 'desc', addr: op.indirect, align: 16 })
      const need = op.indirect === null ? op.bufs.length : 1
      const free = l.value.queue.driver.free.length
      if (need > free) return err({ code: 'no-space', need, free })
      addChain(c, op.bufs, op.indirect)
      return done(c)
    }
    case 'virtio.publish':
      publish(c, op.head)
      return done(c)
    case 'virtio.kick':
      kick(c)
      return done(c)
    case 'virtio.process':
      process(c, op.max)
      return done(c)
    case 'virtio.reclaim':
      reclaim(c)
      return done(c)
    case 'virtio.rx-post':
    case 'virtio.rx-arrive':
    case 'virtio.rx-reap': {
      if (l.value.rx === null) return err({ code: 'no-rx-queue' })
      c.which = 'rx'
      c.dev = { ...c.dev, shown: 'rx' }
      if (op.kind === 'virtio.rx-post') {
        const free = l.value.rx.driver.free.length
        if (op.n > free) return err({ code: 'no-space', need: op.n, free })
        postRx(c, op.n)
      } else if (op.kind === 'virtio.rx-arrive') {
        if (op.len > MAX_RX_FRAME || op.len < 1)
          return err({ code: 'rx-frame', len: op.len, max: MAX_RX_FRAME })
        arrive(c, op.len, op.count)
      } else rxReap(c)
      return done(c)
    }
    case 'virtio.burst': {
      if (op.n > VIRTIO_MAX_BURST)
        return err({ code: 'burst-size', n: op.n, max: VIRTIO_MAX_BURST })
      const qq = l.value.queue
      const pending = qq.layout.size - qq.driver.free.length
      if (pending > 0 || qq.device.lastAvail !== qq.driver.availIdx)
        return err({ code: 'burst-busy', pending })
      const from = { avail: qq.driver.availIdx, used: qq.device.usedIdx }
      const before = c.dev.counts
      c.quiet = true
      runBurst(c, op.n, op.len, opts.skip ?? true)
      c.quiet = false
      const after = q(c)
      c.emit({
        kind: 'virtio.burst',
        n: op.n,
        len: op.len,
        from,
        to: { avail: after.driver.availIdx, used: after.device.usedIdx },
        added: countsDiff(before, c.dev.counts),
        cite: 'vio-event-idx',
      })
      return done(c)
    }
    default:
      return err({ code: 'no-device' })
  }
}
