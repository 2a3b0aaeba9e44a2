// JSON fields and text lines of the KVM/QEMU I/O model (CONSOLE.md `kvm`, `pci`, `vcpu`,
// `e1000`, `tap`). A command's JSON merges its events' fields; where a command has several
// events of one kind (descriptors, frames) the field holds the last. JSON fields:
//   every event:  where (guest|kvm|qemu|host: vCPU 0's layer after it), counts {exits
//                 {reason: n}, user_exits, interrupts, frames_sent, frames_received}
//   kvm create:   vm {ram_mib, vcpus}
//   pci e1000:    pci {bdf, vendor, device, bars [{index, space, base, size}], gsi, vector,
//                 header [64 config bytes]}
//   kvm ioeventfd: ioeventfd {space, addr, len, datamatch}
//   a guest access (vcpu out|in|write|read, e1000 kick|isr|rx-fill):
//                 ram {gpa, size, write, value} when it hit RAM (no exit); otherwise
//                 exit {reason, name, qualification, gpa, port}, kvm {decision
//                 mmio-spte|emulate|pio|in-kernel|ioeventfd|kick, device, to_user, gfn},
//                 kvm_run {exit_reason 2|6, io {direction, size, port, count, data_offset,
//                 data} | mmio {phys_addr, len, is_write, data}}, qemu {handler, target,
//                 offset, reg, write, value}, irq {gsi, level, vector}, entry {injected,
//                 completes {what in|mmio-read, value}, from_kernel}
//   device model: reg {name, offset, write, value, after, effect}, tx_desc {slot, gpa,
//                 addr, length, cmd, sta, bytes, sent_len, writeback, tdh}, tx {why,
//                 processed, cause}, rx_desc {slot, gpa, length, status, rdh}, rx {outcome
//                 received|held|overrun|oversized|disabled, len, need, free, cause},
//                 icr {icr, ims, level, changed}
//   e1000 init|send|clean: driver {action, slots [{slot, gpa, bytes}], writes [{reg, value,
//                 stored}], reclaimed, delivered [{len, seq}]}
//   tap send:     tap {dir rx|tx|flush, len, seq}
import {
  type E1000RegName,
  type EthFrame,
  type KvmError,
  type KvmEvent,
  exhaustive,
  icrNames,
} from '../../engine/index.ts'
import type { JsonObject } from '../format.ts'

export const hx = (n: number): string => `0x${n.toString(16)}`
export const bytesHex = (b: readonly number[]): string =>
  b.map((x) => x.toString(16).padStart(2, '0')).join(' ')
export const causeText = (v: number): string => (v === 0 ? '0' : icrNames(v).join('|'))
const frameJson = (f: EthFrame): JsonObject => ({ len: f.len, seq: f.seq })

const NAME: Record<number, string> = {
  1: 'EXTERNAL_INTERRUPT',
  30: 'IO_INSTRUCTION',
  48: 'EPT_VIOLATION',
  49: 'EPT_MISCONFIG',
}

function body(e: KvmEvent): JsonObject {
  switch (e.kind) {
    case 'kvm.create':
      return { vm: { ram_mib: e.ramMiB, vcpus: e.vcpus } }
    case 'kvm.pci':
      return {
        pci: {
          bdf: e.bdf,
          vendor: hx(e.vendor),
          device: hx(e.device),
          bars: e.bars.map((b) => ({
            index: b.index,
            space: b.space,
            base: hx(b.base),
            size: b.size,
          })),
          gsi: e.gsi,
          vector: e.vector,
          header: [...e.header],
        },
      }
    case 'kvm.ioeventfd':
      return {
        ioeventfd: {
          space: e.space,
          addr: hx(e.addr),
          len: e.len,
          datamatch: e.datamatch === null ? null : hx(e.datamatch),
        },
      }
    case 'kvm.ram':
      return { ram: { gpa: hx(e.gpa), size: e.size, write: e.write, value: hx(e.value) } }
    case 'kvm.exit':
      return {
        exit: {
          reason: e.reason,
          name: e.name,
          qualification: hx(e.qualification),
          gpa: e.gpa === null ? null : hx(e.gpa),
          port: e.port === null ? null : hx(e.port),
        },
      }
    case 'kvm.kernel':
      return {
        kvm: {
          decision: e.decision,
          device: e.device,
          to_user: e.toUser,
          gfn: e.gfn === null ? null : hx(e.gfn),
        },
      }
    case 'kvm.user':
      return {
        kvm_run: {
          exit_reason: e.exitReason,
          io: e.io && {
            direction: e.io.direction,
            size: e.io.size,
            port: hx(e.io.port),
            count: e.io.count,
            data_offset: e.io.dataOffset,
            data: e.io.data === null ? null : hx(e.io.data),
          },
          mmio: e.mmio && {
            phys_addr: hx(e.mmio.physAddr),
            len: e.mmio.len,
            is_write: e.mmio.isWrite,
            data: e.mmio.data === null ? null : hx(e.mmio.data),
          },
        },
      }
    case 'kvm.qemu':
      return {
        qemu: {
          handler: e.handler,
          target: e.target,
          offset: hx(e.offset),
          reg: e.reg,
          write: e.write,
          value: hx(e.value),
        },
      }
    case 'kvm.irq':
      return { irq: { gsi: e.gsi, level: e.level, vector: e.vector } }
    case 'kvm.entry':
      return {
        entry: {
          injected: e.injected,
          completes: e.completes && { what: e.completes.what, value: hx(e.completes.value) },
          from_kernel: e.fromKernel,
        },
      }
    case 'kvm.driver':
      return {
        driver: {
          action: e.action,
          slots: e.slots.map((s) => ({ slot: s.slot, gpa: hx(s.gpa), bytes: bytesHex(s.bytes) })),
          writes: e.writes.map((w) => ({ reg: w.reg, value: hx(w.value), stored: hx(w.stored) })),
          reclaimed: e.reclaimed,
          delivered: e.delivered.map(frameJson),
        },
      }
    case 'kvm.tap':
      return { tap: { dir: e.dir, ...frameJson(e.frame) } }
    case 'e1000.reg':
      return {
        reg: {
          name: e.reg,
          offset: hx(e.offset),
          write: e.write,
          value: hx(e.value),
          after: hx(e.after),
          effect: e.effect,
        },
      }
    case 'e1000.tx-desc':
      return {
        tx_desc: {
          slot: e.slot,
          gpa: hx(e.gpa),
          addr: hx(e.desc.addr),
          length: e.desc.length,
          cmd: hx(e.desc.cmd),
          sta: hx(e.desc.sta),
          bytes: bytesHex(e.bytes),
          sent_len: e.sent?.len ?? null,
          writeback: e.writeback,
          tdh: e.tdh,
        },
      }
    case 'e1000.tx-end':
      return { tx: { why: e.why, processed: e.processed, cause: causeText(e.cause) } }
    case 'e1000.rx-desc':
      return {
        rx_desc: {
          slot: e.slot,
          gpa: hx(e.gpa),
          length: e.desc.length,
          status: hx(e.desc.status),
          rdh: e.rdh,
        },
      }
    case 'e1000.rx-end':
      return {
        rx: {
          outcome: e.outcome,
          len: e.frame.len,
          need: e.need,
          free: e.free,
          cause: causeText(e.cause),
        },
      }
    case 'e1000.irq':
      return { icr: { icr: causeText(e.icr), ims: hx(e.ims), level: e.level, changed: e.changed } }
    default:
      return exhaustive(e)
  }
}

export function kvmEventJson(e: KvmEvent): JsonObject {
  const c = e.counts
  return {
    ...body(e),
    where: e.at,
    counts: {
      exits: Object.fromEntries(Object.entries(c.exits).map(([k, v]) => [k, v])),
      user_exits: c.userExits,
      interrupts: c.interrupts,
      frames_sent: c.framesSent,
      frames_received: c.framesReceived,
    },
  }
}

const regName = (r: E1000RegName | null, off: number): string => r ?? `register ${hx(off)}`

export function kvmEventText(e: KvmEvent): string {
  switch (e.kind) {
    case 'kvm.create':
      return `KVM_CREATE_VM, memslot 0 = ${e.ramMiB} MiB of guest RAM, ${e.vcpus} vCPU thread(s) in KVM_RUN`
    case 'kvm.pci':
      return `e1000 ${e.bdf} (${hx(e.vendor)}:${hx(e.device)}): BAR0 ${hx(e.bars[0]?.base ?? 0)} 128 KiB, BAR1 ports ${hx(e.bars[1]?.base ?? 0)}, INTA# -> GSI ${e.gsi} -> vector ${hx(e.vector)}`
    case 'kvm.ioeventfd':
      return `ioeventfd on ${e.space} ${hx(e.addr)}${e.len ? ` len ${e.len}` : ''}${e.datamatch === null ? '' : ` = ${hx(e.datamatch)}`}`
    case 'kvm.ram':
      return `guest ${e.write ? 'store' : 'load'} ${hx(e.gpa)} (${e.size} B) = ${hx(e.value)}: RAM, no exit`
    case 'kvm.exit':
      return e.reason === 30
        ? `VM exit 30 (I/O instruction): ${e.write ? 'OUT' : 'IN'} port ${hx(e.port ?? 0)}, ${e.size} B, qualification ${hx(e.qualification)}`
        : e.reason === 1
          ? 'VM exit 1 (external interrupt): KVM kicked the vCPU'
          : `VM exit ${e.reason} (${NAME[e.reason] ?? ''}): ${e.write ? 'write' : 'read'} GPA ${hx(e.gpa ?? 0)}${e.qualification ? `, qualification ${hx(e.qualification)}` : ''}`
    case 'kvm.kernel':
      switch (e.decision) {
        case 'mmio-spte':
          return `KVM: no memslot at GFN ${hx(e.gfn ?? 0)}: MMIO SPTE installed, access emulated, exit to user space`
        case 'emulate':
          return 'KVM: MMIO SPTE hit, access decoded, exit to user space'
        case 'pio':
          return 'KVM: no in-kernel device on this port, exit to user space'
        case 'in-kernel':
          return `KVM: handled by the in-kernel ${e.device ?? ''}; back to the guest`
        case 'ioeventfd':
          return `KVM: ioeventfd ${e.device ?? ''} signalled; back to the guest, no exit to user space`
        case 'kick':
          return 'KVM: host interrupt handled; re-entering to inject'
        default:
          return exhaustive(e.decision)
      }
    case 'kvm.user':
      return e.io
        ? `KVM_RUN returns KVM_EXIT_IO: ${e.io.direction ? 'out' : 'in'} port ${hx(e.io.port)} size ${e.io.size} count ${e.io.count} data_offset ${e.io.dataOffset}${e.io.data === null ? '' : ` data ${hx(e.io.data)}`}`
        : `KVM_RUN returns KVM_EXIT_MMIO: phys_addr ${hx(e.mmio?.physAddr ?? 0)} len ${e.mmio?.len ?? 0} is_write ${e.mmio?.isWrite ? 1 : 0}${e.mmio?.data == null ? '' : ` data ${hx(e.mmio.data)}`}`
    case 'kvm.qemu':
      return `QEMU ${e.handler}: ${e.target}${e.reg ? ` ${e.reg}` : ''} ${e.write ? '<-' : '->'} ${hx(e.value)}`
    case 'kvm.irq':
      return e.level
        ? `QEMU raises GSI ${e.gsi} (KVM_IRQ_LINE): vector ${hx(e.vector ?? 0)} pending`
        : `QEMU lowers GSI ${e.gsi} (KVM_IRQ_LINE)`
    case 'kvm.entry':
      return `${e.fromKernel ? 'KVM re-enters' : 'KVM_RUN'}: VM entry${e.injected === null ? '' : `, injecting vector ${hx(e.injected)}`}${e.completes ? `, ${e.completes.what === 'in' ? 'IN' : 'load'} completes with ${hx(e.completes.value)}` : ''}`
    case 'kvm.driver':
      switch (e.action) {
        case 'init':
          return `driver probe: ${e.writes.map((w) => `${w.reg}=${hx(w.stored)}`).join(' ')} (${e.writes.length} MMIO exits)`
        case 'tx-fill':
          return `driver fills TX descriptors ${e.slots.map((s) => s.slot).join(', ')} in guest RAM (no exit)`
        case 'rx-fill':
          return `driver gives RX buffers in descriptors ${e.slots.map((s) => s.slot).join(', ')}`
        case 'clean':
          return `driver reclaims ${e.reclaimed} TX descriptor(s), takes ${e.delivered.length} frame(s)`
        default:
          return exhaustive(e.action)
      }
    case 'kvm.tap':
      return e.dir === 'tx'
        ? `QEMU writes a ${e.frame.len}-byte frame to the tap device`
        : e.dir === 'rx'
          ? `tap: a ${e.frame.len}-byte frame arrives; QEMU's I/O thread reads it`
          : `QEMU flushes a held ${e.frame.len}-byte frame into the e1000`
    case 'e1000.reg':
      return `e1000 ${e.write ? 'write' : 'read'} ${regName(e.reg, e.offset)} ${e.write ? hx(e.value) : `= ${hx(e.value)}`}${e.effect === 'read-clear' ? ' (read-to-clear: ICR = 0)' : e.after !== e.value && e.write ? ` (stored ${hx(e.after)})` : ''}`
    case 'e1000.tx-desc':
      return `start_xmit: TX descriptor ${e.slot} at ${hx(e.gpa)}: buffer ${hx(e.desc.addr)} length ${e.desc.length} CMD ${hx(e.desc.cmd)}${e.sent ? `, EOP: ${e.sent.len}-byte frame sent` : ''}${e.writeback ? ', DD written back' : ''}; TDH = ${e.tdh}`
    case 'e1000.tx-end':
      return `start_xmit ${e.why === 'disabled' ? 'does nothing: TCTL.EN is 0' : e.why === 'wrapped' ? `stops: TDH came back to where it started (${e.processed} descriptors)` : `done: ${e.processed} descriptor(s)`}; cause ${causeText(e.cause)}`
    case 'e1000.rx-desc':
      return `receive: RX descriptor ${e.slot}: ${e.desc.length} bytes, status ${hx(e.desc.status)}; RDH = ${e.rdh}`
    case 'e1000.rx-end':
      return `receive ${e.outcome}: ${e.frame.len}-byte frame, ${e.free} free buffer(s)${e.cause ? `; cause ${causeText(e.cause)}` : ''}`
    case 'e1000.irq':
      return `ICR = ${causeText(e.icr)}, IMS ${hx(e.ims)}: line ${e.level ? 'high' : 'low'}`
    default:
      return exhaustive(e)
  }
}

export function describeKvmError(e: KvmError): string {
  switch (e.code) {
    case 'no-vm':
      return "no VM yet: 'kvm create' first"
    case 'no-e1000':
      return "no e1000 on the bus: 'pci e1000' first"
    case 'e1000-exists':
      return 'this model has one e1000; it is already plugged in'
    case 'driver-not-ready':
      return "the guest's e1000 driver has not set up its rings: 'e1000 init' first"
    case 'bar-overlaps-ram':
      return `BAR0 ${hx(e.bar0)} lies inside guest RAM (below ${hx(e.ramBytes)}): firmware puts BARs in the PCI hole above RAM`
    case 'misaligned-bar':
      return `BAR0 ${hx(e.bar0)} is not aligned to its size (${hx(e.size)}): a BAR's low bits are read-only zeros`
    case 'mmio-size':
      return `QEMU's e1000 registers take 32-bit accesses only (e1000_mmio_ops), not ${e.size}-byte ones`
    case 'ring-full':
      return `the ring has ${e.free} free descriptor(s), ${e.want} wanted: reclaim first ('e1000 clean')`
    case 'frame-too-long':
      return `${e.len} bytes is longer than ${e.max} (1518 with FCS): no jumbo frames without RCTL.LPE`
    default:
      return exhaustive(e)
  }
}
