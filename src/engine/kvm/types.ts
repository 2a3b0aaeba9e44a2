// The KVM/QEMU I/O model's state (hw-facts-2 §1.8, §2.2): one VM under VT-x + EPT whose RAM
// is one memslot, KVM in the host kernel, QEMU in user space with one thread per vCPU, and
// an e1000 on QEMU's PCI bus.
import type { PhysMem } from '../memory/phys.ts'
import type { E1000, EthFrame } from './e1000.ts'
import type { PciFunction } from './pci.ts'

/** Where a thread is: the guest (VMX non-root), KVM (host kernel), QEMU (user space), the host's tap. */
export type Layer = 'guest' | 'kvm' | 'qemu' | 'host'
/** vCPU 0's thread (in its KVM_RUN loop) or QEMU's I/O thread (the tap's back end). */
export type Thread = 'vcpu0' | 'io'

export interface Ioeventfd {
  readonly space: 'pio' | 'mmio'
  readonly addr: number
  /** 1, 2, 4 or 8 bytes; 0 = any length. */
  readonly len: number
  readonly datamatch: number | null
  /** How many times a guest write signalled it. */
  readonly signalled: number
}

/** The model's guest e1000 driver: its ring indices and buffer areas (Linux names). */
export interface E1000Driver {
  readonly ready: boolean
  readonly txCount: number
  readonly rxCount: number
  readonly txNextToUse: number
  readonly txNextToClean: number
  readonly rxNextToUse: number
  readonly rxNextToClean: number
  readonly txBufs: number
  readonly rxBufs: number
  /** Sequence number the next frame carries in its payload (bytes 14-15). */
  readonly seq: number
  /** Frames the driver has handed to its stack. */
  readonly delivered: readonly EthFrame[]
}

export interface E1000Slot {
  readonly pci: PciFunction
  readonly dev: E1000
  /** The GSI of INTA# (the interrupt line firmware wrote) and the vector the guest set for it. */
  readonly gsi: number
  readonly vector: number
}

export interface KvmCounts {
  /** VM exits by basic exit reason. */
  readonly exits: Readonly<Record<number, number>>
  /** KVM_RUN returns to QEMU (KVM_EXIT_IO and KVM_EXIT_MMIO). */
  readonly userExits: number
  readonly interrupts: number
  readonly framesSent: number
  readonly framesReceived: number
}

export interface KvmVm {
  readonly ramMiB: number
  readonly vcpus: number
  /** Guest RAM by guest-physical address (memslot 0 covers [0, ramMiB MiB)). */
  readonly ram: PhysMem
  readonly e1000: E1000Slot | null
  /** Guest frame numbers KVM has given an MMIO SPTE (a misconfigured EPT entry). */
  readonly mmioGfns: readonly number[]
  readonly ioeventfds: readonly Ioeventfd[]
  /** The host bridge's CONFIG_ADDRESS latch (port 0xCF8). */
  readonly configAddress: number
  /** The GSI level KVM was last told (KVM_IRQ_LINE): QEMU reports changes only. */
  readonly line: boolean
  /** A vector the in-kernel IOAPIC delivered, waiting for the next VM entry. */
  readonly pending: number | null
  /** Where vCPU 0's thread is. */
  readonly where: Layer
  /** Frames QEMU's net layer holds while e1000_can_receive is false. */
  readonly held: readonly (readonly number[])[]
  /** Frames QEMU sent to the tap back end. */
  readonly tap: readonly EthFrame[]
  readonly driver: E1000Driver
  readonly counts: KvmCounts
}

export interface KvmState {
  readonly vm: KvmVm | null
}

export const initialKvmState: KvmState = { vm: null }

/** The in-kernel devices' port ranges (KVM_CREATE_IRQCHIP, KVM_CREATE_PIT2). */
export const IN_KERNEL_PORTS: readonly {
  readonly from: number
  readonly to: number
  readonly name: string
}[] = [
  { from: 0x20, to: 0x21, name: 'master 8259 PIC' },
  { from: 0x40, to: 0x43, name: '8254 PIT' },
  { from: 0xa0, to: 0xa1, name: 'slave 8259 PIC' },
]
/** The local APIC page (in-kernel with KVM_CREATE_IRQCHIP). */
export const LAPIC_BASE = 0xfee0_0000

/** Where x86 KVM puts the data of a port access: one page after struct kvm_run. */
export const KVM_PIO_DATA_OFFSET = 4096
export const KVM_EXIT = { IO: 2, MMIO: 6 } as const

/** The model's guest-RAM layout for the driver's rings and buffers. */
export const DRIVER_LAYOUT = {
  txRing: 0x0010_0000,
  rxRing: 0x0010_1000,
  txBufs: 0x0020_0000,
  rxBufs: 0x0030_0000,
  /** One 2 KiB buffer per descriptor. */
  bufBytes: 2048,
} as const
