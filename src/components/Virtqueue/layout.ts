// The virtqueue panel's data from one frame: the device's status and features, the three parts
// of the split ring decoded from guest memory at their real offsets, the chains as linked slots,
// the hop of the doorbell or interrupt path the step is on, and the counters.
import {
  type BrokenWhy,
  type EngineEvent,
  FEATURE,
  type FeatureName,
  OFFERED,
  type QueueName,
  type VirtioCounts,
  type VirtioDevice,
  type VirtioState,
  availEventAt,
  availFlagsAt,
  availIdxAt,
  availRingAt,
  readMem,
  usedEventAt,
  usedFlagsAt,
  usedIdxAt,
  usedRingAt,
} from '../../engine/index.ts'

export interface DescRow {
  readonly index: number
  readonly gpa: bigint
  readonly addr: bigint
  readonly len: number
  readonly flags: number
  readonly next: number
  /** The head of the in-flight chain this descriptor belongs to, or null when free. */
  readonly chain: number | null
}

/** Where the step acts: one cell, a hop of the path, or a part of the header. */
export type Mark =
  | { readonly kind: 'desc'; readonly table: 'ring' | 'indirect'; readonly index: number }
  | { readonly kind: 'avail-slot'; readonly slot: number }
  | { readonly kind: 'used-slot'; readonly slot: number }
  | {
      readonly kind:
        | 'avail-idx'
        | 'used-idx'
        | 'avail-flags'
        | 'used-flags'
        | 'used-event'
        | 'avail-event'
        | 'status'
        | 'features'
        | 'queue'
        | 'chains'
        | 'counters'
        | 'isr'
        | 'broken'
    }
  | { readonly kind: 'hop'; readonly hop: Hop }

export type Hop = 'driver' | 'exit' | 'kvm' | 'qemu' | 'vhost' | 'tap' | 'irq'

export interface Check {
  readonly what: 'kick' | 'interrupt'
  readonly event: number | null
  readonly old: number
  readonly new: number
  readonly flag: boolean
  readonly first: boolean
  readonly need: boolean
}

export type VirtqueueLayout =
  | { readonly kind: 'empty' }
  | {
      readonly kind: 'device'
      readonly backend: VirtioDevice['backend']
      readonly irq: VirtioDevice['irq']
      readonly status: number
      readonly features: readonly {
        readonly name: FeatureName
        readonly bit: number
        readonly on: boolean
      }[]
      readonly isr: number
      readonly counts: VirtioCounts
      /** Which queue is drawn: the one the step's command worked on. */
      readonly queueName: QueueName
      /** Frames the backend holds for want of a receive buffer. */
      readonly waiting: number
      readonly queue: QueueView | null
      readonly mark: Mark | null
      /** The decision the step made (kick or interrupt), shown with its numbers. */
      readonly check: Check | null
      /** The broken-ring reason, once the device stopped. */
      readonly broken: BrokenWhy | null
      /** The chain the device walked at this step (pop / broken), in order. */
      readonly walked: readonly { readonly table: 'ring' | 'indirect'; readonly index: number }[]
    }

export interface QueueView {
  readonly size: number
  readonly desc: bigint
  readonly avail: bigint
  readonly used: bigint
  readonly descs: readonly DescRow[]
  readonly availFlags: number
  readonly availIdx: number
  readonly availRing: readonly number[]
  readonly usedEvent: number
  readonly usedFlags: number
  readonly usedIdx: number
  readonly usedRing: readonly { readonly id: number; readonly len: number }[]
  readonly availEvent: number
  /** Driver and device private indices. */
  readonly lastUsed: number
  readonly lastAvail: number
  readonly free: number
  /** In-flight chains as linked slots, head first, with the indirect table if any. */
  readonly chains: readonly {
    readonly head: number
    readonly slots: readonly number[]
    readonly indirect: readonly DescRow[] | null
  }[]
}

const r16 = (d: VirtioDevice, a: bigint): number => Number(readMem(d.mem, a, 2))

function descAt(d: VirtioDevice, base: bigint, i: number, chain: number | null): DescRow {
  const gpa = base + 16n * BigInt(i)
  return {
    index: i,
    gpa,
    addr: readMem(d.mem, gpa, 8),
    len: Number(readMem(d.mem, gpa + 8n, 4)),
    flags: Number(readMem(d.mem, gpa + 12n, 2)),
    next: Number(readMem(d.mem, gpa + 14n, 2)),
    chain,
  }
}

function queueView(d: VirtioDevice): QueueView | null {
  const q = d.shown === 'rx' ? d.rx : d.queue
  if (q === null) return null
  const { size, desc, avail, used } = q.layout
  const owner = new Map<number, number>()
  for (const [head, c] of Object.entries(q.driver.chains))
    for (const i of c.descs) owner.set(i, Number(head))
  const descs = Array.from({ length: size }, (_, i) => descAt(d, desc, i, owner.get(i) ?? null))
  const chains = Object.entries(q.driver.chains).map(([h, c]) => ({
    head: Number(h),
    slots: c.descs,
    indirect:
      c.indirect === null
        ? null
        : Array.from({ length: Math.min(16, (descs[Number(h)]?.len ?? 0) / 16) }, (_, i) =>
            descAt(d, c.indirect as bigint, i, Number(h)),
          ),
  }))
  return {
    size,
    desc,
    avail,
    used,
    descs,
    availFlags: r16(d, availFlagsAt(avail)),
    availIdx: r16(d, availIdxAt(avail)),
    availRing: Array.from({ length: size }, (_, s) => r16(d, availRingAt(avail, s))),
    usedEvent: r16(d, usedEventAt(avail, size)),
    usedFlags: r16(d, usedFlagsAt(used)),
    usedIdx: r16(d, usedIdxAt(used)),
    usedRing: Array.from({ length: size }, (_, s) => ({
      id: Number(readMem(d.mem, usedRingAt(used, s), 4)),
      len: Number(readMem(d.mem, usedRingAt(used, s) + 4n, 4)),
    })),
    availEvent: r16(d, availEventAt(used, size)),
    lastUsed: q.driver.lastUsed,
    lastAvail: q.device.lastAvail,
    free: q.driver.free.length,
    chains,
  }
}

function markOf(e: EngineEvent, backend: VirtioDevice['backend']): Mark | null {
  switch (e.kind) {
    case 'virtio.device':
    case 'virtio.status':
      return { kind: 'status' }
    case 'virtio.features':
      return { kind: 'features' }
    case 'virtio.queue':
      return { kind: 'queue' }
    case 'virtio.desc':
      return { kind: 'desc', table: e.desc.table, index: e.desc.index }
    case 'virtio.avail-ring':
      return { kind: 'avail-slot', slot: e.slot }
    case 'virtio.avail-idx':
      return { kind: 'avail-idx' }
    case 'virtio.kick-check':
      return { kind: 'hop', hop: 'driver' }
    case 'virtio.notify':
    case 'virtio.exit':
      return { kind: 'hop', hop: 'exit' }
    case 'virtio.kvm':
      return { kind: 'hop', hop: e.action === 'resume' ? 'driver' : 'kvm' }
    case 'virtio.backend':
      return { kind: 'hop', hop: e.action === 'wake' ? 'vhost' : 'qemu' }
    case 'virtio.pop':
      return { kind: 'chains' }
    case 'virtio.empty':
      return { kind: 'avail-idx' }
    case 'virtio.tx':
      return { kind: 'hop', hop: 'tap' }
    case 'virtio.used-ring':
      return { kind: 'used-slot', slot: e.slot }
    case 'virtio.used-idx':
      return { kind: 'used-idx' }
    case 'virtio.avail-event':
      return { kind: 'avail-event' }
    case 'virtio.used-event':
      return { kind: 'used-event' }
    case 'virtio.irq-check':
      return { kind: 'hop', hop: backend === 'qemu' ? 'qemu' : 'vhost' }
    case 'virtio.interrupt':
      return { kind: 'hop', hop: 'irq' }
    case 'virtio.isr':
      return { kind: 'isr' }
    case 'virtio.reclaim':
    case 'virtio.nothing-used':
      return { kind: 'chains' }
    case 'virtio.flag':
      return { kind: e.which === 'avail' ? 'avail-flags' : 'used-flags' }
    case 'virtio.broken':
    case 'virtio.stopped':
      return { kind: 'broken' }
    case 'virtio.burst':
      return { kind: 'counters' }
    case 'virtio.rx-arrive':
    case 'virtio.rx-wait':
      return { kind: 'hop', hop: 'tap' }
    case 'virtio.rx':
      return { kind: 'desc', table: 'ring', index: e.head }
    default:
      return null
  }
}

function checkOf(e: EngineEvent): Check | null {
  if (e.kind === 'virtio.kick-check')
    return {
      what: 'kick',
      event: e.event,
      old: e.old,
      new: e.new,
      flag: e.noNotify,
      first: false,
      need: e.need,
    }
  if (e.kind === 'virtio.irq-check')
    return {
      what: 'interrupt',
      event: e.event,
      old: e.old,
      new: e.new,
      flag: e.noInterrupt,
      first: e.first,
      need: e.need,
    }
  return null
}

export function layoutVirtqueue(s: VirtioState, event: EngineEvent | null): VirtqueueLayout {
  // One command makes several steps that share the machine it ends with: each virtio event
  // carries the device as it stood right after it, so a step draws its own moment.
  const own = event !== null && event.kind.startsWith('virtio.') && 'snap' in event
  const d = own ? (event as Extract<EngineEvent, { kind: 'virtio.device' }>).snap : s.dev
  if (d === null) return { kind: 'empty' }
  const e = own ? event : null
  const walked =
    e?.kind === 'virtio.pop' || e?.kind === 'virtio.broken'
      ? e.chain.map((c) => ({ table: c.table, index: c.index }))
      : []
  return {
    kind: 'device',
    backend: d.backend,
    irq: d.irq,
    status: d.status,
    features: OFFERED.map((name) => ({
      name,
      bit: FEATURE[name],
      on: ((d.driverFeatures >> BigInt(FEATURE[name])) & 1n) === 1n,
    })),
    isr: d.isr,
    counts: d.counts,
    queueName: d.shown,
    waiting: d.waiting.length,
    queue: queueView(d),
    mark: e ? markOf(e, d.backend) : null,
    check: e ? checkOf(e) : null,
    broken: d.queue?.device.broken ?? null,
    walked,
  }
}
