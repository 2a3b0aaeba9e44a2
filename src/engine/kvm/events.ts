import type { KindSet } from '../core/module.ts'
import type { E1000Event, E1000RegName, EthFrame, NicView, TxDesc } from './e1000.ts'
import type { Bar } from './pci.ts'
import type { KvmCounts, Layer, Thread } from './types.ts'

/**
 * What every event of this model carries: which thread it is about and the layer that
 * thread is in after it (the layer diagram's CPU marker), the e1000 as it is right after it
 * (one command makes many frames with one machine, so each event holds its own picture),
 * and the counters.
 */
export interface KvmWhere {
  readonly thread: Thread
  readonly at: Layer
  readonly nic: NicView | null
  readonly counts: KvmCounts
  /** A vector waiting for the next VM entry. */
  readonly pending: number | null
  /** Frames QEMU's net layer holds (no RX buffers). */
  readonly held: number
}

export interface KvmRunIo {
  /** 0 = IN, 1 = OUT. */
  readonly direction: 0 | 1
  readonly size: number
  readonly port: number
  readonly count: number
  readonly dataOffset: number
  /** The bytes at run + data_offset (an OUT's data; an IN's are filled by QEMU). */
  readonly data: number | null
}
export interface KvmRunMmio {
  readonly physAddr: number
  readonly len: number
  readonly isWrite: boolean
  readonly data: number | null
}

/** What QEMU's dispatch found at an address. */
export type QemuTarget =
  'e1000-bar0' | 'e1000-bar1' | 'pci-config-address' | 'pci-config-data' | 'unassigned'

export interface DriverSlot {
  readonly slot: number
  readonly gpa: number
  readonly bytes: readonly number[]
}

type KvmEventBody =
  | {
      readonly kind: 'kvm.create'
      readonly ramMiB: number
      readonly vcpus: number
      readonly cite: 'kvm-api'
    }
  | {
      readonly kind: 'kvm.pci'
      readonly bdf: string
      readonly vendor: number
      readonly device: number
      readonly bars: readonly Bar[]
      readonly gsi: number
      readonly vector: number
      /** The first 64 bytes of configuration space (the type 0 header). */
      readonly header: readonly number[]
      readonly cite: 'e1000-pci'
    }
  | {
      readonly kind: 'kvm.ioeventfd'
      readonly space: 'pio' | 'mmio'
      readonly addr: number
      readonly len: number
      readonly datamatch: number | null
      readonly cite: 'kvm-ioeventfd'
    }
  /** A guest access that stays in the guest: RAM through EPT, no exit. */
  | {
      readonly kind: 'kvm.ram'
      readonly gpa: number
      readonly size: number
      readonly write: boolean
      readonly value: number
      readonly cite: 'kvm-mmio-spte'
    }
  /** The hardware VM exit: the CPU leaves the guest for KVM. */
  | {
      readonly kind: 'kvm.exit'
      readonly reason: number
      readonly name: 'IO_INSTRUCTION' | 'EPT_VIOLATION' | 'EPT_MISCONFIG' | 'EXTERNAL_INTERRUPT'
      readonly qualification: number
      /** Guest-physical address (48, 49) or the port (30). */
      readonly gpa: number | null
      readonly port: number | null
      readonly write: boolean
      readonly size: number
      readonly value: number | null
      readonly cite: 'vmx-io-exit' | 'kvm-mmio-spte' | 'kvm-irq'
    }
  /** KVM's decision in the host kernel. */
  | {
      readonly kind: 'kvm.kernel'
      readonly decision: 'mmio-spte' | 'emulate' | 'in-kernel' | 'ioeventfd' | 'pio' | 'kick'
      /** For in-kernel devices, which one; for ioeventfd, its address. */
      readonly device: string | null
      /** True when KVM_RUN returns to QEMU next; false when KVM re-enters the guest itself. */
      readonly toUser: boolean
      readonly gfn: number | null
      readonly cite: 'kvm-mmio-spte' | 'kvm-in-kernel' | 'kvm-ioeventfd' | 'kvm-run-io' | 'kvm-irq'
    }
  /** ioctl(KVM_RUN) returns to QEMU's vCPU thread with kvm_run filled in. */
  | {
      readonly kind: 'kvm.user'
      readonly exitReason: 2 | 6
      readonly io: KvmRunIo | null
      readonly mmio: KvmRunMmio | null
      readonly cite: 'kvm-run-io' | 'kvm-run-mmio'
    }
  /** QEMU's dispatch: kvm_handle_io or address_space_rw finds the device model. */
  | {
      readonly kind: 'kvm.qemu'
      readonly handler: 'kvm_handle_io' | 'address_space_rw'
      readonly target: QemuTarget
      readonly offset: number
      readonly reg: E1000RegName | null
      readonly write: boolean
      readonly value: number
      readonly cite: 'qemu-kvm-loop' | 'pci-config'
    }
  /** QEMU's device model sets the interrupt line: KVM_IRQ_LINE, the IOAPIC delivers. */
  | {
      readonly kind: 'kvm.irq'
      readonly gsi: number
      readonly level: boolean
      readonly vector: number | null
      readonly cite: 'kvm-irq'
    }
  /** ioctl(KVM_RUN) again: VM entry, injecting a pending vector, completing an IN or MMIO read. */
  | {
      readonly kind: 'kvm.entry'
      readonly injected: number | null
      readonly completes: { readonly what: 'in' | 'mmio-read'; readonly value: number } | null
      /** True when KVM re-entered without returning to QEMU. */
      readonly fromKernel: boolean
      readonly cite: 'qemu-kvm-loop' | 'kvm-irq'
    }
  /** The guest driver's work in guest RAM: no exit. */
  | {
      readonly kind: 'kvm.driver'
      readonly action: 'init' | 'tx-fill' | 'rx-fill' | 'clean'
      readonly slots: readonly DriverSlot[]
      /** init: the register writes the probe made, each through the exit path. */
      readonly writes: readonly {
        readonly reg: E1000RegName
        readonly value: number
        readonly stored: number
      }[]
      readonly txDescs: readonly TxDesc[]
      readonly reclaimed: number
      readonly delivered: readonly EthFrame[]
      readonly cite: 'e1000-driver' | 'e1000-desc'
    }
  /** A frame reaches QEMU's I/O thread from the tap device, or leaves for it. */
  | {
      readonly kind: 'kvm.tap'
      readonly dir: 'rx' | 'tx' | 'flush'
      readonly frame: EthFrame
      readonly cite: 'e1000-rx' | 'e1000-tx'
    }

export type KvmEvent = (KvmEventBody | E1000Event) & KvmWhere

export type KvmEventKind = KvmEvent['kind']

export const KVM_EVENT_KINDS = {
  'kvm.create': true,
  'kvm.pci': true,
  'kvm.ioeventfd': true,
  'kvm.ram': true,
  'kvm.exit': true,
  'kvm.kernel': true,
  'kvm.user': true,
  'kvm.qemu': true,
  'kvm.irq': true,
  'kvm.entry': true,
  'kvm.driver': true,
  'kvm.tap': true,
  'e1000.reg': true,
  'e1000.tx-desc': true,
  'e1000.tx-end': true,
  'e1000.rx-desc': true,
  'e1000.rx-end': true,
  'e1000.irq': true,
} as const satisfies KindSet<KvmEvent['kind']>

export type { KvmEventBody }
