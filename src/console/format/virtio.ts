// JSON fields and text lines of virtio-net (CONSOLE.md `virtio ...`). Every event's JSON has
// "counts" {exits, userspace, copies, copied_bytes, interrupts, interrupts_suppressed, kicks,
// kicks_suppressed, wakeups, packets, received} (tallied from the model's own events) and its
// own fields:
//   virtio device:  backend qemu|vhost, irq msix|intx, vendor, device (hex), bar, notify_addr,
//                   offered [feature names]
//   virtio status:  wrote, status (read back), refused [bits] | null
//   virtio features: features [names], unknown [bits]
//   virtio queue:   queue rx|tx, size, desc, avail, used (hex GPAs), notify_addr
//   desc:           index, table ring|indirect, gpa, addr, len, flags [NEXT|WRITE|INDIRECT], next
//   avail-ring:     slot, head, gpa      avail-idx / used-idx: old, new, gpa
//   kick-check:     old, new, avail_event | null, no_notify, need
//   notify:         addr, value          exit: reason (49, or 1 for irq-kick), gpa,
//                   what notify|isr|irq-kick
//   kvm:            action exit-mmio|ioeventfd|resume, gpa
//   backend:        backend, action notify|wake|isr, socket: true (a vhost wake by the tap)
//   pop:            head, slot, chain [desc...], out_bytes, in_bytes     empty: avail_idx
//   tx:             head, bytes, hdr, backend                used-ring: slot, id, len, gpa
//   avail-event / used-event: value, by       irq-check: old, new, used_event | null,
//                   no_interrupt, first, need        interrupt: irq, path qemu|irqfd
//   isr:            value (read, then cleared)        reclaim: head, len, freed
//   nothing-used:   used_idx       flag: which avail|used, on
//   broken:         why, backend, head, at, size, chain [desc...]      stopped: why
//   burst:          n, len, from {avail, used}, to {avail, used}, added {counts}
//   rx-arrive:      bytes, backend, copied (QEMU read it into its own buffer)
//   rx-wait:        bytes, waiting (frames held), backend
//   rx:             head, gpa (buffer), hdr, bytes, written (hdr + bytes = used len),
//                   num_buffers | null, backend
import {
  type DescAt,
  type VirtioCounts,
  type VirtioError,
  type VirtioEvent,
  exhaustive,
  hex,
} from '../../engine/index.ts'
import type { JsonObject } from '../format.ts'

export const descFlagNames = (f: number): string[] => {
  const out: string[] = []
  if (f & 1) out.push('NEXT')
  if (f & 2) out.push('WRITE')
  if (f & 4) out.push('INDIRECT')
  return out
}

const countsJson = (c: VirtioCounts): JsonObject => ({
  exits: c.exits,
  userspace: c.userspace,
  copies: c.copies,
  copied_bytes: c.copiedBytes,
  interrupts: c.interrupts,
  interrupts_suppressed: c.interruptsSuppressed,
  kicks: c.kicks,
  kicks_suppressed: c.kicksSuppressed,
  wakeups: c.wakeups,
  packets: c.packets,
  received: c.received,
})

const descJson = (d: DescAt): JsonObject => ({
  index: d.index,
  table: d.table,
  gpa: hex(d.gpa),
  addr: hex(d.addr),
  len: d.len,
  flags: descFlagNames(d.flags),
  next: d.next,
})

function fields(e: VirtioEvent): JsonObject {
  switch (e.kind) {
    case 'virtio.device':
      return {
        backend: e.backend,
        irq: e.irq,
        vendor: hex(BigInt(e.vendor)),
        device: hex(BigInt(e.device)),
        bar: hex(e.bar),
        notify_addr: hex(e.notifyAddr),
        offered: [...e.offered],
      }
    case 'virtio.status':
      return {
        wrote: e.wrote,
        status: e.status,
        refused: e.refused === null ? null : [...e.refused],
      }
    case 'virtio.features':
      return { features: [...e.wrote], unknown: [...e.unknown] }
    case 'virtio.queue':
      return {
        queue: e.queue,
        size: e.layout.size,
        desc: hex(e.layout.desc),
        avail: hex(e.layout.avail),
        used: hex(e.layout.used),
        notify_addr: hex(e.notifyAddr),
      }
    case 'virtio.desc':
      return { ...descJson(e.desc), by: e.by }
    case 'virtio.avail-ring':
      return { slot: e.slot, head: e.head, gpa: hex(e.gpa) }
    case 'virtio.avail-idx':
    case 'virtio.used-idx':
      return { old: e.old, new: e.new, gpa: hex(e.gpa) }
    case 'virtio.kick-check':
      return { old: e.old, new: e.new, avail_event: e.event, no_notify: e.noNotify, need: e.need }
    case 'virtio.notify':
      return { addr: hex(e.addr), value: e.value }
    case 'virtio.exit':
      return { reason: e.reason, gpa: hex(e.gpa), what: e.what }
    case 'virtio.kvm':
      return { action: e.action, gpa: hex(e.gpa) }
    case 'virtio.backend':
      return { backend: e.backend, action: e.action, ...(e.socket ? { socket: true } : {}) }
    case 'virtio.pop':
      return {
        head: e.head,
        slot: e.slot,
        chain: e.chain.map(descJson),
        out_bytes: e.outBytes,
        in_bytes: e.inBytes,
      }
    case 'virtio.empty':
      return { avail_idx: e.availIdx }
    case 'virtio.tx':
      return { head: e.head, bytes: e.bytes, hdr: e.hdr, backend: e.backend }
    case 'virtio.used-ring':
      return { slot: e.slot, id: e.id, len: e.len, gpa: hex(e.gpa) }
    case 'virtio.avail-event':
    case 'virtio.used-event':
      return { value: e.value, by: e.by }
    case 'virtio.irq-check':
      return {
        old: e.old,
        new: e.new,
        used_event: e.event,
        no_interrupt: e.noInterrupt,
        first: e.first,
        need: e.need,
      }
    case 'virtio.interrupt':
      return { irq: e.irq, path: e.path }
    case 'virtio.isr':
      return { value: e.value }
    case 'virtio.reclaim':
      return { head: e.head, len: e.len, freed: e.freed }
    case 'virtio.nothing-used':
      return { used_idx: e.usedIdx }
    case 'virtio.flag':
      return { which: e.which, on: e.on }
    case 'virtio.broken':
      return {
        why: e.why,
        backend: e.backend,
        head: e.head,
        at: e.at,
        size: e.size,
        chain: e.chain.map(descJson),
      }
    case 'virtio.stopped':
      return { why: e.why }
    case 'virtio.burst':
      return {
        n: e.n,
        len: e.len,
        from: { ...e.from },
        to: { ...e.to },
        added: countsJson(e.added),
      }
    case 'virtio.rx-arrive':
      return { bytes: e.bytes, backend: e.backend, copied: e.copied }
    case 'virtio.rx-wait':
      return { bytes: e.bytes, waiting: e.waiting, backend: e.backend }
    case 'virtio.rx':
      return {
        head: e.head,
        gpa: hex(e.gpa),
        hdr: e.hdr,
        bytes: e.bytes,
        written: e.written,
        num_buffers: e.numBuffers,
        backend: e.backend,
      }
    default:
      return exhaustive(e)
  }
}

export function virtioEventJson(e: VirtioEvent): JsonObject {
  return { ...fields(e), counts: countsJson(e.snap.counts) }
}

const BROKEN_TEXT: Record<Extract<VirtioEvent, { kind: 'virtio.broken' }>['why'], string> = {
  loop: 'Loop detected',
  'next-range': 'Desc index out of range',
  'head-range': 'head index out of range',
  'avail-jump': 'avail idx moved more than the queue size',
  'write-order': 'device-readable descriptor after a writable one',
  'indirect-next': 'INDIRECT with NEXT',
  'indirect-nested': 'nested indirect descriptor',
  'indirect-len': 'indirect table length not a multiple of 16',
  'indirect-feature': 'INDIRECT without VIRTIO_RING_F_INDIRECT_DESC',
}

export function virtioEventText(e: VirtioEvent): string {
  switch (e.kind) {
    case 'virtio.device':
      return `virtio-net ${hex(BigInt(e.vendor))}:${hex(BigInt(e.device))} backend ${e.backend}, irq ${e.irq}, doorbell ${hex(e.notifyAddr)}`
    case 'virtio.status':
      return e.refused
        ? `wrote status ${e.wrote}; read back ${e.status}: FEATURES_OK refused (bits ${e.refused.join(', ')})`
        : `device_status = ${e.status}`
    case 'virtio.features':
      return `driver_feature = ${[...e.wrote, ...e.unknown.map(String)].join(' ') || '0'}`
    case 'virtio.queue':
      return `queue ${e.queue === 'rx' ? 0 : 1}: size ${e.layout.size}, desc ${hex(e.layout.desc)}, avail ${hex(e.layout.avail)}, used ${hex(e.layout.used)}`
    case 'virtio.desc':
      return `${e.desc.table === 'ring' ? 'desc' : 'indirect'}[${e.desc.index}] @${hex(e.desc.gpa)} = {addr ${hex(e.desc.addr)}, len ${e.desc.len}, flags ${descFlagNames(e.desc.flags).join('|') || '0'}, next ${e.desc.next}}`
    case 'virtio.avail-ring':
      return `avail->ring[${e.slot}] = ${e.head}`
    case 'virtio.avail-idx':
      return `barrier; avail->idx ${e.old} -> ${e.new}`
    case 'virtio.kick-check':
      return e.event !== null
        ? `kick? vring_need_event(${e.event}, ${e.new}, ${e.old}) = ${e.need}`
        : `kick? NO_NOTIFY ${e.noNotify ? 'set' : 'clear'}: ${e.need}`
    case 'virtio.notify':
      return `guest writes ${e.value} to ${hex(e.addr)}`
    case 'virtio.exit':
      return e.what === 'irq-kick'
        ? `VM exit ${e.reason} (external interrupt): KVM kicks vCPU 0 to inject`
        : `VM exit ${e.reason} (EPT misconfiguration) at ${hex(e.gpa)}`
    case 'virtio.kvm':
      return e.action === 'exit-mmio'
        ? `KVM_RUN returns KVM_EXIT_MMIO (6) to QEMU`
        : e.action === 'ioeventfd'
          ? `KVM: ioeventfd match, kick eventfd signalled`
          : `KVM_RUN: VM entry`
    case 'virtio.backend':
      return e.action === 'wake'
        ? e.socket
          ? 'vhost worker wakes (tap socket)'
          : 'vhost worker wakes'
        : e.action === 'isr'
          ? 'QEMU answers the ISR read'
          : e.snap.shown === 'rx'
            ? 'QEMU: virtio_queue_notify, virtio_net_handle_rx flushes held frames'
            : 'QEMU: virtio_queue_notify, TX scheduled'
    case 'virtio.pop':
      return `pop head ${e.head}: ${e.chain.map((d) => `${d.table === 'ring' ? '' : 'i'}${d.index}`).join(' -> ')} (${e.outBytes} out, ${e.inBytes} in)`
    case 'virtio.empty':
      return `nothing available (avail->idx ${e.availIdx})`
    case 'virtio.tx':
      return `${e.backend === 'qemu' ? 'QEMU writev' : 'vhost sendmsg'} to tap: ${e.bytes} bytes copied`
    case 'virtio.used-ring':
      return `used->ring[${e.slot}] = {id ${e.id}, len ${e.len}}`
    case 'virtio.used-idx':
      return `barrier; used->idx ${e.old} -> ${e.new}`
    case 'virtio.avail-event':
      return `avail_event = ${e.value}`
    case 'virtio.used-event':
      return `used_event = ${e.value}`
    case 'virtio.irq-check':
      return e.event !== null
        ? `interrupt? ${e.first ? 'first: yes' : `vring_need_event(${e.event}, ${e.new}, ${e.old}) = ${e.need}`}`
        : `interrupt? NO_INTERRUPT ${e.noInterrupt ? 'set' : 'clear'}: ${e.need}`
    case 'virtio.interrupt':
      return `${e.irq === 'msix' ? 'MSI-X vector' : 'INTx, ISR bit 0'} via ${e.path === 'irqfd' ? 'irqfd' : 'QEMU'}`
    case 'virtio.isr':
      return `ISR read: ${e.value} (now 0)`
    case 'virtio.reclaim':
      return `reclaim head ${e.head}: ${e.freed} descriptor(s) free`
    case 'virtio.nothing-used':
      return `nothing used (used->idx ${e.usedIdx})`
    case 'virtio.flag':
      return `${e.which === 'avail' ? 'avail->flags NO_INTERRUPT' : 'used->flags NO_NOTIFY'} ${e.on ? 'set' : 'clear'}`
    case 'virtio.broken':
      return `${e.backend === 'qemu' ? 'QEMU' : 'vhost'}: ${BROKEN_TEXT[e.why]} (head ${e.head}, at ${e.at}, size ${e.size})`
    case 'virtio.stopped':
      return `queue stopped (${e.why})`
    case 'virtio.burst':
      return `${e.n} packets: avail ${e.from.avail} -> ${e.to.avail}, ${e.added.kicks} kicks, ${e.added.interrupts} interrupts`
    case 'virtio.rx-arrive':
      return e.copied
        ? `a ${e.bytes}-byte frame from the tap: QEMU's I/O thread reads it (copied)`
        : `a ${e.bytes}-byte frame waits in the tap socket for the vhost worker`
    case 'virtio.rx-wait':
      return `no receive buffer: ${e.waiting} frame(s) wait ${e.backend === 'qemu' ? "in QEMU's net queue" : 'in the tap socket'}`
    case 'virtio.rx':
      return `virtio_net_hdr (${e.hdr} bytes) + ${e.bytes}-byte frame written at ${hex(e.gpa)}: ${e.written} bytes`
    default:
      return exhaustive(e)
  }
}

export function describeVirtioError(e: VirtioError): string {
  switch (e.code) {
    case 'no-device':
      return 'no virtio device yet: `virtio device` creates one'
    case 'no-queue':
      return 'the transmit queue is not set up: `virtio queue size=N at=GPA`'
    case 'status-order':
      return `${e.want} needs ${e.missing} first (virtio 1.x §3.1.1: ACKNOWLEDGE, DRIVER, features, FEATURES_OK, queues, DRIVER_OK)`
    case 'status-set':
      return `${e.bit} is already set`
    case 'features-late':
      return 'FEATURES_OK is set: the features are fixed until a reset'
    case 'queue-early':
      return 'queues are set up after FEATURES_OK (virtio 1.x §3.1.1)'
    case 'queue-late':
      return 'DRIVER_OK is set: the queue cannot change until a reset'
    case 'queue-size':
      return `queue size ${e.size}: it must be a power of 2 from 1 to ${e.max} (this device’s maximum)`
    case 'misaligned':
      return `${e.part} at ${hex(e.addr)} is not ${e.align}-byte aligned (desc 16, avail 2, used 4)`
    case 'overlap':
      return `the ${e.a} and ${e.b} parts of the ring overlap`
    case 'not-live':
      return 'the driver has not set DRIVER_OK: the device does not run the queue yet'
    case 'no-space':
      return `the chain needs ${e.need} descriptors and ${e.free} are free (virtqueue_add returns -ENOSPC)`
    case 'no-feature':
      return `VIRTIO_RING_F_${e.feature} was not negotiated`
    case 'index-range':
      return `descriptor ${e.index} is outside the table of ${e.size}`
    case 'flags-with-event-idx':
      return `with EVENT_IDX negotiated the ${e.which} ring's flags must stay 0: use \`virtio event\``
    case 'empty-chain':
      return 'a chain needs at least one buffer'
    case 'burst-size':
      return `burst of ${e.n}: the model runs at most ${e.max} packets at once`
    case 'burst-busy':
      return `${e.pending} descriptor(s) are still in flight: process and reclaim them first`
    case 'no-rx-queue':
      return 'the receive queue is not set up: `virtio queue rx size=N at=GPA`'
    case 'rx-frame':
      return `a ${e.len}-byte frame: this receive buffer holds frames of 1 to ${e.max} bytes (hdr + 1518, Linux's small buffers)`
    default:
      return exhaustive(e)
  }
}
