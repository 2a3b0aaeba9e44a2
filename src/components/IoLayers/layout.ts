// The layer diagram's picture: which layer each thread is in at this step, and the hops of
// this step's command so far. Layers are data (LayerDef), so a later topic (virtio/vhost, a
// type-1 hypervisor, a hosted world switch, Xen with Dom0) can draw its own stack with the
// same component by passing other layers.
import {
  type EngineEvent,
  type KvmCounts,
  type KvmEvent,
  type Layer,
  type Thread,
  isModuleEvent,
} from '../../engine/index.ts'

export interface LayerDef {
  readonly id: string
  /** i18n key of the layer's name and of its CPU mode (ring, VMX root or non-root). */
  readonly title: string
  readonly mode: string
  /** Where the layer sits: the guest, host user space, the host kernel. */
  readonly side: 'guest' | 'user' | 'kernel'
  readonly modeParams?: Readonly<Record<string, string | number>>
  /** The physical device at the bottom (no CPU mode of its own). */
  readonly device?: boolean
  /** The hosted design's two worlds, drawn side by side (hw-facts-2 §4.2). */
  readonly world?: 'vmm' | 'host' | null
  /** i18n key of the layer's address space, where the model names one. */
  readonly space?: string | null
}

/** KVM + QEMU, top to bottom (hw-facts-2 §1.8, §4.3). */
export const KVM_STACK: readonly LayerDef[] = [
  { id: 'guest', title: 'io.layer.guest', mode: 'io.mode.guest', side: 'guest' },
  { id: 'qemu', title: 'io.layer.qemu', mode: 'io.mode.user', side: 'user' },
  { id: 'kvm', title: 'io.layer.kvm', mode: 'io.mode.kernel', side: 'kernel' },
  { id: 'host', title: 'io.layer.host', mode: 'io.mode.hostKernel', side: 'kernel' },
]

export interface Hop {
  readonly n: number
  readonly at: Layer
  readonly thread: Thread
  /** i18n key and parameters of the hop's one-line reason. */
  readonly key: string
  readonly params: Readonly<Record<string, string | number>>
  readonly focus: boolean
}

export interface IoLayersLayout {
  readonly stack: readonly LayerDef[]
  readonly vcpuAt: Layer
  /** The I/O thread's layer when this step is about it. */
  readonly ioAt: Layer | null
  readonly hops: readonly Hop[]
  /** Hops of this command still to come. */
  readonly more: number
  readonly counts: KvmCounts
  readonly pending: number | null
  readonly held: number
}

const isKvm = (e: EngineEvent): e is KvmEvent => isModuleEvent('kvm', e)
const hx = (n: number): string => `0x${n.toString(16)}`

/** The one-line reason of a hop, as an i18n key and its parameters. */
export function hopText(e: KvmEvent): { key: string; params: Record<string, string | number> } {
  switch (e.kind) {
    case 'kvm.create':
      return { key: 'io.hop.create', params: { mib: e.ramMiB, n: e.vcpus } }
    case 'kvm.pci':
      return { key: 'io.hop.pci', params: { bdf: e.bdf } }
    case 'kvm.ioeventfd':
      return { key: 'io.hop.ioeventfd', params: { addr: hx(e.addr) } }
    case 'kvm.ram':
      return { key: 'io.hop.ram', params: { gpa: hx(e.gpa) } }
    case 'kvm.exit':
      return { key: `io.hop.exit${e.reason}`, params: { reason: e.reason, q: hx(e.qualification) } }
    case 'kvm.kernel':
      return { key: `io.hop.kernel.${e.decision}`, params: { dev: e.device ?? '' } }
    case 'kvm.user':
      return {
        key: e.io ? 'io.hop.userIo' : 'io.hop.userMmio',
        params: { addr: hx(e.io?.port ?? e.mmio?.physAddr ?? 0) },
      }
    case 'kvm.qemu':
      return {
        key: `io.hop.qemu.${e.target}`,
        params: { reg: e.reg ?? hx(e.offset), v: hx(e.value) },
      }
    case 'kvm.irq':
      return { key: e.level ? 'io.hop.irqUp' : 'io.hop.irqDown', params: { gsi: e.gsi } }
    case 'kvm.entry':
      return e.injected === null
        ? { key: 'io.hop.entry', params: {} }
        : { key: 'io.hop.entryInject', params: { v: hx(e.injected) } }
    case 'kvm.driver':
      return { key: `io.hop.driver.${e.action}`, params: { n: e.slots.length } }
    case 'kvm.tap':
      return { key: `io.hop.tap.${e.dir}`, params: { len: e.frame.len } }
    case 'e1000.reg':
      return {
        key: e.write ? 'io.hop.regWrite' : 'io.hop.regRead',
        params: { reg: e.reg ?? hx(e.offset), v: hx(e.value) },
      }
    case 'e1000.tx-desc':
      return { key: 'io.hop.txDesc', params: { slot: e.slot } }
    case 'e1000.tx-end':
      return { key: `io.hop.txEnd.${e.why}`, params: { n: e.processed } }
    case 'e1000.rx-desc':
      return { key: 'io.hop.rxDesc', params: { slot: e.slot } }
    case 'e1000.rx-end':
      return { key: `io.hop.rxEnd.${e.outcome}`, params: { len: e.frame.len } }
    case 'e1000.irq':
      return { key: e.level ? 'io.hop.lineHigh' : 'io.hop.lineLow', params: {} }
  }
}

export function layoutIoLayers(
  event: EngineEvent,
  command: { readonly done: readonly EngineEvent[]; readonly todo: readonly EngineEvent[] },
): IoLayersLayout | null {
  if (!isKvm(event)) return null
  const done = command.done.filter(isKvm)
  const lastVcpu = [...done].reverse().find((e) => e.thread === 'vcpu0')
  const hops = done.map((e, i) => ({
    n: i + 1,
    at: e.at,
    thread: e.thread,
    ...hopText(e),
    focus: i === done.length - 1,
  }))
  return {
    stack: KVM_STACK,
    vcpuAt: lastVcpu?.at ?? 'guest',
    ioAt: event.thread === 'io' ? event.at : null,
    hops,
    more: command.todo.filter(isKvm).length,
    counts: event.counts,
    pending: event.pending,
    held: event.held,
  }
}
