// The KVM/QEMU I/O model's ops. A guest I/O access becomes, in order, one event per hop: the
// hardware exit, KVM's decision, KVM_RUN returning to QEMU with kvm_run filled in, QEMU's
// device model, the interrupt line, and the next KVM_RUN (VM entry). Pure: a run builds the
// next VM and its events in locals and returns them.
import { ioQualification } from '../cpu/exits.ts'
import { type Result, err, ok } from '../core/result.ts'
import { violationQualification } from '../ept/violation.ts'
import { emptyMemory, type PhysMem } from '../memory/phys.ts'
import { EXIT_REASON } from '../vmx/exitReasons.ts'
import {
  DESC_BYTES,
  E1000_REG,
  type E1000,
  type E1000Event,
  type E1000RegName,
  ICR,
  RXD_STA,
  type Stamped,
  TCTL_EN,
  TCTL_PSP,
  TXD_CMD,
  TXD_STA,
  canReceive,
  decodeRx,
  decodeTx,
  encodeRx,
  encodeTx,
  frameOf,
  macOf,
  mmioRead,
  mmioWrite,
  nicView,
  padFrame,
  readBytes,
  receive,
  resetE1000,
  writeBytes,
  type EthFrame,
  type NicView,
  type TxDesc,
} from './e1000.ts'
import type { KvmError } from './errors.ts'
import type { DriverSlot, KvmEvent, KvmEventBody, QemuTarget } from './events.ts'
import type { AccessTarget, KvmOp } from './ops.ts'
import {
  CONFIG_ADDRESS_PORT,
  CONFIG_DATA_PORT,
  type PciFunction,
  barHit,
  functionBdfText,
  configDword,
  configSpace,
  decodeConfigAddress,
  writeConfig,
} from './pci.ts'
import {
  DRIVER_LAYOUT,
  type E1000Driver,
  IN_KERNEL_PORTS,
  KVM_EXIT,
  KVM_PIO_DATA_OFFSET,
  type KvmState,
  type KvmVm,
  type Layer,
  type Thread,
} from './types.ts'

export interface KvmStep {
  readonly state: KvmState
  readonly events: readonly KvmEvent[]
}

/** BAR0: 128 KiB of registers; BAR1: 64 I/O ports (QEMU PNPMMIO_SIZE, IOPORT_SIZE). */
export const E1000_BAR0_SIZE = 0x20000
export const E1000_IO_SIZE = 0x40
/** Linux e1000 IMS_ENABLE_MASK: RXT0 | TXDW | RXDMT0 | RXSEQ | LSC. */
export const E1000_IMS_ENABLE = ICR.RXT0 | ICR.TXDW | ICR.RXDMT0 | ICR.RXSEQ | ICR.LSC
/** The TCTL the model's driver writes: EN | PSP, CT 0x0F, COLD 0x40 (full duplex). */
export const DRIVER_TCTL = TCTL_EN | TCTL_PSP | (0x0f << 4) | (0x40 << 12)
/** An EtherType for local experiments (IEEE 802 0x88B5): the driver's test frames carry it. */
export const TEST_ETHERTYPE = 0x88b5

const emptyDriver: E1000Driver = {
  ready: false,
  txCount: 0,
  rxCount: 0,
  txNextToUse: 0,
  txNextToClean: 0,
  rxNextToUse: 0,
  rxNextToClean: 0,
  txBufs: DRIVER_LAYOUT.txBufs,
  rxBufs: DRIVER_LAYOUT.rxBufs,
  seq: 1,
  delivered: [],
}

/** One op's working copy: the VM as it evolves and the events so far. */
class Run {
  readonly events: KvmEvent[] = []
  private viewOf: { dev: E1000; ram: PhysMem; view: NicView } | null = null
  constructor(public vm: KvmVm) {}

  private view(dev: E1000 | null, ram: PhysMem): NicView | null {
    if (dev === null) return null
    const v = this.viewOf
    if (v && v.dev === dev && v.ram === ram) return v.view
    const view = nicView(dev, ram)
    this.viewOf = { dev, ram, view }
    return view
  }

  /** Emits an event; `at` moves vCPU 0 there (the I/O thread's layer is the event's own). */
  emit(
    body: KvmEventBody | E1000Event,
    at: Layer,
    thread: Thread = 'vcpu0',
    stamp?: Stamped,
  ): void {
    if (thread === 'vcpu0' && this.vm.where !== at) this.vm = { ...this.vm, where: at }
    const dev = stamp ? stamp.dev : (this.vm.e1000?.dev ?? null)
    const ram = stamp ? stamp.ram : this.vm.ram
    this.events.push({
      ...body,
      thread,
      at,
      nic: this.view(dev, ram),
      counts: this.vm.counts,
      pending: this.vm.pending,
      held: this.vm.held.length,
    } as KvmEvent)
  }

  count(reason: number): void {
    const c = this.vm.counts
    this.vm = {
      ...this.vm,
      counts: { ...c, exits: { ...c.exits, [reason]: (c.exits[reason] ?? 0) + 1 } },
    }
  }
}

const nic = (vm: KvmVm) => vm.e1000

/** Applies a device step's stamped events and keeps its device and RAM. */
function deviceStep(
  run: Run,
  step: { readonly dev: E1000; readonly ram: PhysMem; readonly events: readonly Stamped[] },
  thread: Thread,
): void {
  const slot = nic(run.vm)
  if (slot === null) return
  for (const s of step.events) {
    run.vm = { ...run.vm, ram: s.ram, e1000: { ...slot, dev: s.dev } }
    run.emit(s.ev, 'qemu', thread, s)
  }
  run.vm = { ...run.vm, ram: step.ram, e1000: { ...slot, dev: step.dev } }
}

/** After the device model ran: QEMU's pci_set_irq reaches KVM when the level changed. */
function irqLine(run: Run, thread: Thread): boolean {
  const slot = nic(run.vm)
  if (slot === null || slot.dev.irqLevel === run.vm.line) return false
  const level = slot.dev.irqLevel
  run.vm = { ...run.vm, line: level, pending: level ? slot.vector : run.vm.pending }
  run.emit(
    { kind: 'kvm.irq', gsi: slot.gsi, level, vector: level ? slot.vector : null, cite: 'kvm-irq' },
    'kvm',
    thread,
  )
  return level
}

/** The next KVM_RUN: VM entry with the pending vector injected. */
function entry(
  run: Run,
  completes: { what: 'in' | 'mmio-read'; value: number } | null,
  fromKernel: boolean,
): void {
  const injected = run.vm.pending
  if (injected !== null) {
    const c = run.vm.counts
    run.vm = { ...run.vm, pending: null, counts: { ...c, interrupts: c.interrupts + 1 } }
  }
  run.emit(
    {
      kind: 'kvm.entry',
      injected,
      completes,
      fromKernel,
      cite: injected !== null ? 'kvm-irq' : 'qemu-kvm-loop',
    },
    'guest',
  )
}

/** Frames start_xmit handed to QEMU's net layer: written to the tap device. */
function toTap(run: Run, sent: readonly EthFrame[]): void {
  for (const frame of sent) {
    const c = run.vm.counts
    run.vm = {
      ...run.vm,
      tap: [...run.vm.tap, frame],
      counts: { ...c, framesSent: c.framesSent + 1 },
    }
    run.emit({ kind: 'kvm.tap', dir: 'tx', frame, cite: 'e1000-tx' }, 'host')
  }
}

/** One frame into e1000_receive_iov (the caller checked e1000_can_receive). */
function deliver(run: Run, bytes: readonly number[], thread: Thread): void {
  const slot = nic(run.vm)
  if (slot === null) return

  const step = receive(slot.dev, run.vm.ram, bytes)
  deviceStep(run, step, thread)
  if (step.events.some((s) => s.ev.kind === 'e1000.rx-end' && s.ev.outcome === 'received')) {
    const c = run.vm.counts
    run.vm = { ...run.vm, counts: { ...c, framesReceived: c.framesReceived + 1 } }
  }
  irqLine(run, thread)
}

/** qemu_flush_queued_packets: held frames go in while the device can receive. */
function flushHeld(run: Run, thread: Thread): void {
  for (;;) {
    const slot = nic(run.vm)
    const first = run.vm.held[0]
    if (slot === null || first === undefined || !canReceive(slot.dev)) return
    run.vm = { ...run.vm, held: run.vm.held.slice(1) }
    run.emit(
      { kind: 'kvm.tap', dir: 'flush', frame: frameOf(padFrame(first)), cite: 'e1000-rx' },
      'qemu',
      thread,
    )
    deliver(run, first, thread)
  }
}

/** The e1000's PCI function as QEMU builds it, with firmware's BAR addresses. */
export function e1000Function(dev: number, bar0: number, io: number, gsi: number): PciFunction {
  return {
    bus: 0,
    dev,
    fn: 0,
    vendor: 0x8086,
    device: 0x100e,
    revision: 0x03,
    classCode: 0x020000,
    // QEMU's default subsystem IDs (PCI_SUBVENDOR_ID_REDHAT_QUMRANET, PCI_SUBDEVICE_ID_QEMU).
    subsystemVendor: 0x1af4,
    subsystem: 0x1100,
    // I/O + memory decoding and bus mastering, as the guest driver's probe leaves them.
    command: 0x0007,
    cacheLine: 0x10,
    intLine: gsi,
    intPin: 1,
    bars: [
      { index: 0, space: 'mem', size: E1000_BAR0_SIZE, base: bar0 },
      { index: 1, space: 'io', size: E1000_IO_SIZE, base: io },
    ],
    caps: [],
  }
}

const mask = (size: number): number => (size === 4 ? 0xffff_ffff : (1 << (8 * size)) - 1)

/** QEMU's dispatch of a port or MMIO access; returns the value a read gets. */
function qemuDevice(
  run: Run,
  space: 'pio' | 'mmio',
  addr: number,
  write: boolean,
  size: number,
  value: number,
): number {
  const handler = space === 'pio' ? 'kvm_handle_io' : 'address_space_rw'
  const slot = nic(run.vm)
  const hit = slot ? barHit(slot.pci, space === 'pio' ? 'io' : 'mem', addr) : null
  const dispatch = (target: QemuTarget, offset: number, reg: E1000RegName | null, v: number) =>
    run.emit(
      {
        kind: 'kvm.qemu',
        handler,
        target,
        offset,
        reg,
        write,
        value: v,
        cite: target.startsWith('pci-config') ? 'pci-config' : 'qemu-kvm-loop',
      },
      'qemu',
    )
  if (slot && hit && hit.bar.index === 0) {
    const reg =
      (Object.keys(E1000_REG) as E1000RegName[]).find(
        (n) => E1000_REG[n] === (hit.offset & 0x1fffc),
      ) ?? null

    if (write) {
      dispatch('e1000-bar0', hit.offset, reg, value)
      const step = mmioWrite(slot.dev, run.vm.ram, hit.offset, value)
      deviceStep(run, step, 'vcpu0')
      toTap(run, step.sent)
      if (reg === 'RDT') flushHeld(run, 'vcpu0')
      irqLine(run, 'vcpu0')
      return 0
    }
    const step = mmioRead(slot.dev, run.vm.ram, hit.offset)
    dispatch('e1000-bar0', hit.offset, reg, step.value)
    deviceStep(run, step, 'vcpu0')
    irqLine(run, 'vcpu0')
    return step.value
  }
  if (slot && hit && hit.bar.index === 1) {
    // QEMU's e1000_io_read returns 0 and e1000_io_write does nothing.
    dispatch('e1000-bar1', hit.offset, null, write ? value : 0)
    return 0
  }
  if (space === 'pio' && addr === CONFIG_ADDRESS_PORT && size === 4) {
    if (write) run.vm = { ...run.vm, configAddress: value >>> 0 }
    dispatch('pci-config-address', 0, null, write ? value : run.vm.configAddress)
    return run.vm.configAddress
  }
  if (space === 'pio' && addr >= CONFIG_DATA_PORT && addr < CONFIG_DATA_PORT + 4) {
    const ca = decodeConfigAddress(run.vm.configAddress)
    const fn =
      slot &&
      ca.enabled &&
      ca.bus === slot.pci.bus &&
      ca.dev === slot.pci.dev &&
      ca.fn === slot.pci.fn
        ? slot.pci
        : null
    const shift = 8 * (addr - CONFIG_DATA_PORT)
    if (write) {
      if (fn && slot) {
        const old = configDword(fn, ca.reg)
        const m = (mask(size) << shift) >>> 0
        const merged = ((old & ~m) | ((value << shift) & m)) >>> 0
        run.vm = { ...run.vm, e1000: { ...slot, pci: writeConfig(fn, ca.reg, merged) } }
      }
      dispatch('pci-config-data', ca.reg + (addr - CONFIG_DATA_PORT), null, value)
      return 0
    }
    // No function there: the read floats to all ones.
    const dword = fn ? configDword(fn, ca.reg) : 0xffff_ffff
    const v = ((dword >>> shift) & mask(size)) >>> 0
    dispatch('pci-config-data', ca.reg + (addr - CONFIG_DATA_PORT), null, v)
    return v
  }
  // Nothing decodes it: QEMU drops a write; an unassigned port reads all ones, memory 0.
  const v = write ? value : space === 'pio' ? mask(size) : 0
  dispatch('unassigned', addr, null, v)
  return write ? 0 : v
}

/** One guest access, hop by hop. Returns the value a read produced (null if not known). */
function access(
  run: Run,
  space: 'pio' | 'mmio',
  addr: number,
  write: boolean,
  size: 1 | 2 | 4,
  value0: number,
): number | null {
  const value = (value0 & mask(size)) >>> 0
  const vm = run.vm
  let firstTouch = false
  if (space === 'mmio' && addr + size <= vm.ramMiB * 0x10_0000) {
    // RAM: EPT maps it, the access completes in the guest.
    let v = value
    if (write) run.vm = { ...vm, ram: writeBytes(vm.ram, addr, readBytesOf(value, size)) }
    else v = readBytes(vm.ram, addr, size).reduceRight((a, b) => a * 256 + b, 0)
    run.emit({ kind: 'kvm.ram', gpa: addr, size, write, value: v, cite: 'kvm-mmio-spte' }, 'guest')
    return v
  }
  if (space === 'pio') {
    const q = ioQualification(addr, size, write ? 'out' : 'in', false)
    run.count(EXIT_REASON.IO_INSTRUCTION)
    run.emit(
      {
        kind: 'kvm.exit',
        reason: EXIT_REASON.IO_INSTRUCTION,
        name: 'IO_INSTRUCTION',
        qualification: Number(q),
        gpa: null,
        port: addr,
        write,
        size,
        value: write ? value : null,
        cite: 'vmx-io-exit',
      },
      'kvm',
    )
    const inKernel = IN_KERNEL_PORTS.find((r) => addr >= r.from && addr <= r.to)
    if (inKernel) {
      run.emit(
        {
          kind: 'kvm.kernel',
          decision: 'in-kernel',
          device: inKernel.name,
          toUser: false,
          gfn: null,
          cite: 'kvm-in-kernel',
        },
        'kvm',
      )
      entry(run, null, true)
      return null
    }
  } else {
    const gfn = Math.floor(addr / 4096)
    const first = !vm.mmioGfns.includes(gfn)
    firstTouch = first
    const reason = first ? EXIT_REASON.EPT_VIOLATION : EXIT_REASON.EPT_MISCONFIG
    const q = first
      ? Number(
          violationQualification(
            write ? 'write' : 'read',
            { r: false, w: false, x: false },
            true,
            true,
          ),
        )
      : 0
    run.count(reason)
    run.emit(
      {
        kind: 'kvm.exit',
        reason,
        name: first ? 'EPT_VIOLATION' : 'EPT_MISCONFIG',
        qualification: q,
        gpa: addr,
        port: null,
        write,
        size,
        value: write ? value : null,
        cite: 'kvm-mmio-spte',
      },
      'kvm',
    )
    if (first) run.vm = { ...run.vm, mmioGfns: [...run.vm.mmioGfns, gfn].sort((a, b) => a - b) }
  }
  const fd = write
    ? run.vm.ioeventfds.findIndex(
        (e) =>
          e.space === space &&
          e.addr === addr &&
          (e.len === 0 || e.len === size) &&
          (e.datamatch === null || e.datamatch === value),
      )
    : -1
  const gfn = space === 'mmio' ? Math.floor(addr / 4096) : null
  if (fd >= 0) {
    run.vm = {
      ...run.vm,
      ioeventfds: run.vm.ioeventfds.map((e, i) =>
        i === fd ? { ...e, signalled: e.signalled + 1 } : e,
      ),
    }
    run.emit(
      {
        kind: 'kvm.kernel',
        decision: 'ioeventfd',
        device: `0x${addr.toString(16)}`,
        toUser: false,
        gfn,
        cite: 'kvm-ioeventfd',
      },
      'kvm',
    )
    entry(run, null, true)
    return null
  }
  // First touch: KVM finds no memslot, installs the MMIO SPTE, emulates; later: straight to emulation.
  const decision = space === 'pio' ? 'pio' : firstTouch ? 'mmio-spte' : 'emulate'
  run.emit(
    {
      kind: 'kvm.kernel',
      decision,
      device: null,
      toUser: true,
      gfn,
      cite: space === 'pio' ? 'kvm-run-io' : 'kvm-mmio-spte',
    },
    'kvm',
  )
  const c = run.vm.counts
  run.vm = { ...run.vm, counts: { ...c, userExits: c.userExits + 1 } }
  run.emit(
    space === 'pio'
      ? {
          kind: 'kvm.user',
          exitReason: KVM_EXIT.IO,
          io: {
            direction: write ? 1 : 0,
            size,
            port: addr,
            count: 1,
            dataOffset: KVM_PIO_DATA_OFFSET,
            data: write ? value : null,
          },
          mmio: null,
          cite: 'kvm-run-io',
        }
      : {
          kind: 'kvm.user',
          exitReason: KVM_EXIT.MMIO,
          io: null,
          mmio: { physAddr: addr, len: size, isWrite: write, data: write ? value : null },
          cite: 'kvm-run-mmio',
        },
    'qemu',
  )
  const got = qemuDevice(run, space, addr, write, size, value)
  entry(run, write ? null : { what: space === 'pio' ? 'in' : 'mmio-read', value: got }, false)
  return write ? null : got
}

const readBytesOf = (v: number, size: number): number[] =>
  Array.from({ length: size }, (_, i) => (v >>> (8 * i)) & 0xff)

function targetAddr(vm: KvmVm, t: AccessTarget): number | KvmError {
  if ('addr' in t) return t.addr
  const slot = vm.e1000
  if (slot === null) return { code: 'no-e1000' }
  const bar = slot.pci.bars.find((b) => b.space === t.bar)
  return (bar?.base ?? 0) + E1000_REG[t.reg]
}

/** The frame the model's driver sends: broadcast, from the NIC's MAC, EtherType 0x88B5, seq. */
export function testFrame(mac: readonly number[], len: number, seq: number): number[] {
  const b = [
    0xff,
    0xff,
    0xff,
    0xff,
    0xff,
    0xff,
    ...mac,
    TEST_ETHERTYPE >> 8,
    TEST_ETHERTYPE & 0xff,
    (seq >> 8) & 0xff,
    seq & 0xff,
  ]
  for (let i = b.length; i < len; i++) b.push(i & 0xff)
  return b.slice(0, Math.max(len, 16))
}

/** The largest frame the driver builds: 1514 bytes (1518 with FCS), no jumbo frames. */
export const MAX_TX_FRAME = 1514

function driverTx(run: Run, op: Extract<KvmOp, { kind: 'kvm.driver-tx' }>): KvmError | null {
  const slot = nic(run.vm)
  const drv = run.vm.driver
  if (!slot) return { code: 'no-e1000' }
  if (!drv.ready) return { code: 'driver-not-ready' }
  if (op.len > MAX_TX_FRAME) return { code: 'frame-too-long', len: op.len, max: MAX_TX_FRAME }
  const n = drv.txCount
  // The driver keeps one slot empty so that TDT == TDH always means "empty".
  const used = (drv.txNextToUse - drv.txNextToClean + n) % n
  const free = n - 1 - used
  const want = op.count * op.frags
  if (want > free) return { code: 'ring-full', free, want }
  let ram = run.vm.ram
  let use = drv.txNextToUse
  let seq = drv.seq
  const slots: DriverSlot[] = []
  const descs: TxDesc[] = []
  const mac = macOf(slot.dev)
  for (let k = 0; k < op.count; k++) {
    const frame = testFrame(mac, op.len, seq++)
    const per = Math.ceil(frame.length / op.frags)
    for (let f = 0; f < op.frags; f++) {
      const part = frame.slice(f * per, (f + 1) * per)
      const buf = drv.txBufs + use * DRIVER_LAYOUT.bufBytes
      ram = writeBytes(ram, buf, part)
      const last = f === op.frags - 1
      const desc: TxDesc = {
        addr: buf,
        length: part.length,
        cso: 0,
        cmd: TXD_CMD.IFCS | TXD_CMD.RS | (last ? TXD_CMD.EOP : 0) | (op.ide ? TXD_CMD.IDE : 0),
        sta: 0,
        css: 0,
        special: 0,
      }
      const gpa = DRIVER_LAYOUT.txRing + DESC_BYTES * use
      const bytes = encodeTx(desc)
      ram = writeBytes(ram, gpa, bytes)
      slots.push({ slot: use, gpa, bytes })
      descs.push(desc)
      use = (use + 1) % n
    }
  }
  run.vm = { ...run.vm, ram, driver: { ...drv, txNextToUse: use, seq } }
  run.emit(
    {
      kind: 'kvm.driver',
      action: 'tx-fill',
      slots,
      writes: [],
      txDescs: descs,
      reclaimed: 0,
      delivered: [],
      cite: 'e1000-desc',
    },
    'guest',
  )
  return null
}

function driverClean(run: Run): void {
  const drv = run.vm.driver
  let ram = run.vm.ram
  const slots: DriverSlot[] = []
  let clean = drv.txNextToClean
  let reclaimed = 0
  // TX: reclaim from next_to_clean while STA.DD is set (e1000_clean_tx_irq), clearing STA.
  while (clean !== drv.txNextToUse) {
    const gpa = DRIVER_LAYOUT.txRing + DESC_BYTES * clean
    const d = decodeTx(readBytes(ram, gpa, DESC_BYTES))
    if (!(d.sta & TXD_STA.DD)) break
    const bytes = encodeTx({ ...d, sta: 0 })
    ram = writeBytes(ram, gpa, bytes)
    slots.push({ slot: clean, gpa, bytes })
    reclaimed++
    clean = (clean + 1) % drv.txCount
  }
  // RX: take frames from next_to_clean while DD is set (e1000_clean_rx_irq), then status 0.
  let rx = drv.rxNextToClean
  const delivered: EthFrame[] = []
  let partial: number[] = []
  for (let i = 0; i < drv.rxCount; i++) {
    const gpa = DRIVER_LAYOUT.rxRing + DESC_BYTES * rx
    const d = decodeRx(readBytes(ram, gpa, DESC_BYTES))
    if (!(d.status & RXD_STA.DD)) break
    partial = [...partial, ...readBytes(ram, d.addr, d.length)]
    if (d.status & RXD_STA.EOP) {
      delivered.push(frameOf(partial))
      partial = []
    }
    const bytes = encodeRx({ ...d, status: 0 })
    ram = writeBytes(ram, gpa, bytes)
    slots.push({ slot: rx, gpa, bytes })
    rx = (rx + 1) % drv.rxCount
  }
  run.vm = {
    ...run.vm,
    ram,
    driver: {
      ...drv,
      txNextToClean: clean,
      rxNextToClean: rx,
      delivered: [...drv.delivered, ...delivered],
    },
  }
  run.emit(
    {
      kind: 'kvm.driver',
      action: 'clean',
      slots,
      writes: [],
      txDescs: [],
      reclaimed,
      delivered,
      cite: 'e1000-driver',
    },
    'guest',
  )
}

function driverInit(run: Run, op: Extract<KvmOp, { kind: 'kvm.driver-init' }>): KvmError | null {
  const slot = nic(run.vm)
  if (!slot) return { code: 'no-e1000' }
  const plan: [E1000RegName, number][] = [
    ['TDBAL', DRIVER_LAYOUT.txRing],
    ['TDBAH', 0],
    ['TDLEN', op.tx * DESC_BYTES],
    ['TDH', 0],
    ['TDT', 0],
    ['TCTL', DRIVER_TCTL],
    ['RDBAL', DRIVER_LAYOUT.rxRing],
    ['RDBAH', 0],
    ['RDLEN', op.rx * DESC_BYTES],
    ['RDH', 0],
    ['RDT', 0],
    ['RCTL', op.rctl],
    ['IMS', E1000_IMS_ENABLE],
  ]
  let dev = slot.dev
  let ram = run.vm.ram
  const writes: { reg: E1000RegName; value: number; stored: number }[] = []
  for (const [reg, value] of plan) {
    const s = mmioWrite(dev, ram, E1000_REG[reg], value)
    dev = s.dev
    ram = s.ram
    writes.push({ reg, value, stored: dev.regs[reg] })
  }
  // Each write above was one MMIO exit like the ones stepped later: the first touch of the
  // register page an EPT violation, the rest EPT misconfigurations, each out to QEMU.
  const bar0 = slot.pci.bars[0]?.base ?? 0
  const gfns = new Set([...run.vm.mmioGfns])
  let c = run.vm.counts
  for (const [r] of plan) {
    const g = Math.floor((bar0 + E1000_REG[r]) / 4096)
    const reason = gfns.has(g) ? EXIT_REASON.EPT_MISCONFIG : EXIT_REASON.EPT_VIOLATION
    gfns.add(g)
    c = {
      ...c,
      exits: { ...c.exits, [reason]: (c.exits[reason] ?? 0) + 1 },
      userExits: c.userExits + 1,
    }
  }
  run.vm = {
    ...run.vm,
    ram,
    e1000: { ...slot, dev },
    mmioGfns: [...gfns].sort((a, b) => a - b),
    counts: c,
    driver: { ...emptyDriver, ready: true, txCount: op.tx, rxCount: op.rx },
  }
  run.emit(
    {
      kind: 'kvm.driver',
      action: 'init',
      slots: [],
      writes,
      txDescs: [],
      reclaimed: 0,
      delivered: [],
      cite: 'e1000-driver',
    },
    'guest',
  )
  return null
}

function driverRx(run: Run, count: number): KvmError | null {
  const slot = nic(run.vm)
  const drv = run.vm.driver
  if (!slot) return { code: 'no-e1000' }
  if (!drv.ready) return { code: 'driver-not-ready' }
  const n = drv.rxCount
  const used = (drv.rxNextToUse - drv.rxNextToClean + n) % n
  const free = n - 1 - used
  if (count > free) return { code: 'ring-full', free, want: count }
  let ram = run.vm.ram
  let use = drv.rxNextToUse
  const slots: DriverSlot[] = []
  for (let k = 0; k < count; k++) {
    const gpa = DRIVER_LAYOUT.rxRing + DESC_BYTES * use
    const bytes = encodeRx({
      addr: drv.rxBufs + use * DRIVER_LAYOUT.bufBytes,
      length: 0,
      csum: 0,
      status: 0,
      errors: 0,
      special: 0,
    })
    ram = writeBytes(ram, gpa, bytes)
    slots.push({ slot: use, gpa, bytes })
    use = (use + 1) % n
  }
  run.vm = { ...run.vm, ram, driver: { ...drv, rxNextToUse: use } }
  run.emit(
    {
      kind: 'kvm.driver',
      action: 'rx-fill',
      slots,
      writes: [],
      txDescs: [],
      reclaimed: 0,
      delivered: [],
      cite: 'e1000-desc',
    },
    'guest',
  )
  const bar0 = slot.pci.bars[0]?.base ?? 0
  access(run, 'mmio', bar0 + E1000_REG.RDT, true, 4, use)
  return null
}

function tapRx(run: Run, len: number, count: number): KvmError | null {
  const slot = nic(run.vm)
  if (!slot) return { code: 'no-e1000' }
  if (len > MAX_TX_FRAME) return { code: 'frame-too-long', len, max: MAX_TX_FRAME }
  // A peer on the host's network sends to the NIC's MAC.
  const peer = [0x52, 0x54, 0x00, 0xab, 0xcd, 0xef]
  for (let k = 0; k < count; k++) {
    const seq = 0x100 + run.vm.counts.framesReceived + run.vm.held.length + k
    const bytes = [
      ...macOf(slot.dev),
      ...peer,
      TEST_ETHERTYPE >> 8,
      TEST_ETHERTYPE & 0xff,
      seq >> 8,
      seq & 0xff,
    ]
    for (let i = bytes.length; i < len; i++) bytes.push(i & 0xff)
    const frame = bytes.slice(0, Math.max(len, 16))
    run.emit(
      { kind: 'kvm.tap', dir: 'rx', frame: frameOf(padFrame(frame)), cite: 'e1000-rx' },
      'host',
      'io',
    )
    const s = nic(run.vm)
    if (s === null) return null
    if (!canReceive(s.dev) || run.vm.held.length > 0) {
      // e1000_can_receive is false: QEMU's net layer keeps the frame (no drop, no RXO).
      run.vm = { ...run.vm, held: [...run.vm.held, frame] }
      run.emit(
        {
          kind: 'e1000.rx-end',
          outcome: 'held',
          frame: frameOf(padFrame(frame)),
          need: padFrame(frame).length + 4,
          free: 0,
          cause: 0,
          cite: 'e1000-rx',
        },
        'qemu',
        'io',
      )
      continue
    }
    const pendingBefore = run.vm.pending
    deliver(run, frame, 'io')
    if (run.vm.pending !== null && pendingBefore === null) {
      // KVM kicks vCPU 0 out of the guest (an IPI: external-interrupt exit) to inject.
      run.count(EXIT_REASON.EXTERNAL_INTERRUPT)
      run.emit(
        {
          kind: 'kvm.exit',
          reason: EXIT_REASON.EXTERNAL_INTERRUPT,
          name: 'EXTERNAL_INTERRUPT',
          qualification: 0,
          gpa: null,
          port: null,
          write: false,
          size: 0,
          value: null,
          cite: 'kvm-irq',
        },
        'kvm',
      )
      run.emit(
        {
          kind: 'kvm.kernel',
          decision: 'kick',
          device: null,
          toUser: false,
          gfn: null,
          cite: 'kvm-irq',
        },
        'kvm',
      )
      entry(run, null, true)
    }
  }
  return null
}

export function applyKvm(s: KvmState, op: KvmOp): Result<KvmStep, KvmError> {
  if (op.kind === 'kvm.create') {
    const vm: KvmVm = {
      ramMiB: op.ramMiB,
      vcpus: op.vcpus,
      ram: emptyMemory,
      e1000: null,
      mmioGfns: [],
      ioeventfds: [],
      configAddress: 0,
      pending: null,
      line: false,
      where: 'guest',
      held: [],
      tap: [],
      driver: emptyDriver,
      counts: { exits: {}, userExits: 0, interrupts: 0, framesSent: 0, framesReceived: 0 },
    }
    const run = new Run(vm)
    run.emit({ kind: 'kvm.create', ramMiB: op.ramMiB, vcpus: op.vcpus, cite: 'kvm-api' }, 'guest')
    return ok({ state: { vm: run.vm }, events: run.events })
  }
  const vm = s.vm
  if (vm === null) return err({ code: 'no-vm' })
  const run = new Run(vm)
  let refused: KvmError | null = null
  switch (op.kind) {
    case 'kvm.e1000': {
      if (vm.e1000 !== null) return err({ code: 'e1000-exists' })
      if (op.bar0 % E1000_BAR0_SIZE !== 0)
        return err({ code: 'misaligned-bar', bar0: op.bar0, size: E1000_BAR0_SIZE })
      if (op.bar0 < vm.ramMiB * 0x10_0000)
        return err({ code: 'bar-overlaps-ram', bar0: op.bar0, ramBytes: vm.ramMiB * 0x10_0000 })
      const pci = e1000Function(op.dev, op.bar0, op.io, op.gsi)
      run.vm = { ...vm, e1000: { pci, dev: resetE1000(), gsi: op.gsi, vector: op.vector } }
      run.emit(
        {
          kind: 'kvm.pci',
          bdf: functionBdfText(pci),
          vendor: pci.vendor,
          device: pci.device,
          bars: pci.bars,
          gsi: op.gsi,
          vector: op.vector,
          header: configSpace(pci).slice(0, 64),
          cite: 'e1000-pci',
        },
        'guest',
      )
      break
    }
    case 'kvm.ioeventfd':
      run.vm = {
        ...vm,
        ioeventfds: [
          ...vm.ioeventfds,
          { space: op.space, addr: op.addr, len: op.len, datamatch: op.datamatch, signalled: 0 },
        ],
      }
      run.emit(
        {
          kind: 'kvm.ioeventfd',
          space: op.space,
          addr: op.addr,
          len: op.len,
          datamatch: op.datamatch,
          cite: 'kvm-ioeventfd',
        },
        'guest',
      )
      break
    case 'kvm.access': {
      const addr = targetAddr(vm, op.target)
      if (typeof addr !== 'number') return err(addr)
      const slot = vm.e1000
      if (
        op.space === 'mmio' &&
        slot &&
        op.size !== 4 &&
        barHit(slot.pci, 'mem', addr)?.bar.index === 0
      )
        return err({ code: 'mmio-size', size: op.size })
      access(run, op.space, addr, op.write, op.size, op.value)
      break
    }
    case 'kvm.driver-init':
      refused = driverInit(run, op)
      break
    case 'kvm.driver-tx':
      refused = driverTx(run, op)
      break
    case 'kvm.driver-kick': {
      const slot = vm.e1000
      if (!slot) return err({ code: 'no-e1000' })
      if (!vm.driver.ready) return err({ code: 'driver-not-ready' })
      access(
        run,
        'mmio',
        (slot.pci.bars[0]?.base ?? 0) + E1000_REG.TDT,
        true,
        4,
        vm.driver.txNextToUse,
      )
      break
    }
    case 'kvm.driver-rx':
      refused = driverRx(run, op.count)
      break
    case 'kvm.driver-isr': {
      const slot = vm.e1000
      if (!slot) return err({ code: 'no-e1000' })
      if (!vm.driver.ready) return err({ code: 'driver-not-ready' })
      access(run, 'mmio', (slot.pci.bars[0]?.base ?? 0) + E1000_REG.ICR, false, 4, 0)
      break
    }
    case 'kvm.driver-clean':
      if (!vm.e1000) return err({ code: 'no-e1000' })
      if (!vm.driver.ready) return err({ code: 'driver-not-ready' })
      driverClean(run)
      break
    case 'kvm.tap':
      refused = tapRx(run, op.len, op.count)
      break
  }
  if (refused) return err(refused)
  return ok({ state: { vm: run.vm }, events: run.events })
}
