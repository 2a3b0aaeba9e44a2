// Intel VT-d DMA remapping, VFIO device assignment and SR-IOV (hw-facts-2 §2.5-2.7): the
// IOMMU's tables as 64-bit words in host memory, its caches and fault records, the devices on
// the bus (plain endpoints, SR-IOV physical and virtual functions) and the guests they are
// assigned to.
import type { Hpa } from '../core/addr.ts'

/** A PCI requester: bus 0-255, device 0-31, function 0-7. Its RID (source-ID) is bus << 8 | devfn. */
export interface Bdf {
  readonly bus: number
  readonly dev: number
  readonly fn: number
}

export const ridOf = (b: Bdf): number => (b.bus << 8) | (b.dev << 3) | b.fn
export const bdfOfRid = (rid: number): Bdf => ({
  bus: (rid >> 8) & 0xff,
  dev: (rid >> 3) & 0x1f,
  fn: rid & 7,
})
const h2 = (n: number): string => n.toString(16).padStart(2, '0')
/** `bb:dd.f` as lspci prints it (hex bus and device, decimal function). */
export const bdfText = (rid: number): string => {
  const b = bdfOfRid(rid)
  return `${h2(b.bus)}:${h2(b.dev)}.${b.fn}`
}

/** Second-level address widths the model's CAP.SAGAW offers: 39-bit (AW 1) and 48-bit (AW 2). */
export type DomainWidth = 39 | 48
export const awOfWidth = (w: DomainWidth): number => (w === 39 ? 1 : 2)
/** LX-dmar agaw_to_level: levels = AW + 2; agaw_to_width: width = 30 + 9 x AW. */
export const levelsOfAw = (aw: number): number => aw + 2
export const widthOfAw = (aw: number): number => 30 + 9 * aw

/** The model's host address width: entry address bits 51:48 are reserved (QEMU aw-bits 48). */
export const HAW = 48n
export const ADDR_MASK = ((1n << HAW) - 1n) & ~0xfffn
/** Bits 51:HAW of a second-level entry: reserved (QEMU VTD_SPTE_PAGE_*_RSVD_MASK). */
export const SL_RSVD = ((1n << 52n) - 1n) & ~((1n << HAW) - 1n)

/** Fault-recording registers the model has (CAP.NFR = 7). QEMU's model has one. */
export const FAULT_RECORDS = 8
/** Interrupt-remapping table size: IRTA.S = 7, 2^(S+1) = 256 entries of 16 bytes (one page). */
export const IRTA_S = 7
export const IRT_ENTRIES = 1 << (IRTA_S + 1)
/** Guest RAM the model assigns at most (pages of 4 KiB): 2 MiB, one last-level table. */
export const VM_MAX_PAGES = 512

/** Where the model's allocators start: IOMMU tables at 1 MiB, guest RAM at 1 GiB. */
export const TABLES_BASE = 0x10_0000n
export const RAM_BASE = 0x4000_0000n

/** VT-d fault reasons the model raises (QEMU VTDFaultReason; hw-facts-2 §2.5). */
export const FAULT_REASON = {
  rootNotPresent: 0x1,
  contextNotPresent: 0x2,
  contextInvalid: 0x3,
  beyondWidth: 0x4,
  writeDenied: 0x5,
  readDenied: 0x6,
  rootReserved: 0xa,
  contextReserved: 0xb,
  pagingReserved: 0xc,
  irteIndex: 0x21,
  irteNotPresent: 0x22,
  irteSid: 0x26,
} as const
export type FaultReason = (typeof FAULT_REASON)[keyof typeof FAULT_REASON]

export interface Domain {
  readonly did: number
  readonly width: DomainWidth
  /** SLPTPTR: the top second-level table. */
  readonly root: Hpa
  /** The guest VFIO made it for, or null for one built by hand (`iommu domain`). */
  readonly vm: string | null
  /** 4 KiB leaf entries present in its tables. */
  readonly mapped: number
}

/** A context entry the model wrote (the tables hold it; this list is for the panels). */
export interface ContextInfo {
  readonly rid: number
  readonly did: number
  readonly tt: number
  readonly addr: Hpa
}

export interface ContextCacheEntry {
  readonly sid: number
  readonly did: number
  readonly tt: number
  readonly aw: number
  readonly root: Hpa
}

export interface IotlbEntry {
  readonly did: number
  /** IOVA >> 12. */
  readonly page: bigint
  /** The 4 KiB host frame's address. */
  readonly frame: Hpa
  readonly read: boolean
  readonly write: boolean
}

/** One 128-bit fault recording register as software reads it, decoded alongside. */
export interface FaultRecord {
  readonly lo: bigint
  readonly hi: bigint
  readonly sid: number
  readonly fr: FaultReason
  /** T bit: the faulting request was a read. */
  readonly read: boolean
  /** The page address (DMA) or the interrupt index << 48 (interrupt remapping). */
  readonly fi: bigint
}

export type DeviceKind = 'endpoint' | 'pf' | 'vf'

export interface Device {
  readonly rid: number
  readonly kind: DeviceKind
  /** BAR0: host-physical base and size in bytes. */
  readonly bar0: Hpa
  readonly barSize: bigint
  /** A VF's PF and its 0-based index k; null otherwise. */
  readonly pf: number | null
  readonly k: number | null
  /** The guest it is assigned to (VFIO), its IOMMU group, and its MSI's IRTE handle. */
  readonly vm: string | null
  readonly group: number | null
  readonly msi: { readonly handle: number; readonly vector: number; readonly dest: number } | null
}

/** A PF's SR-IOV capability registers (LX-pci PCI_SRIOV_*). */
export interface SriovCap {
  readonly pf: number
  readonly total: number
  readonly numVfs: number
  readonly offset: number
  readonly stride: number
  /** CTRL VFE and VF MSE. */
  readonly enabled: boolean
  readonly vfBar0: Hpa
  readonly vfBarSize: bigint
}

export interface Vm {
  readonly name: string
  readonly pages: number
  /** Its RAM: host pages base .. base + pages x 4 KiB, guest-physical 0 .. pages x 4 KiB. */
  readonly base: Hpa
  readonly did: number | null
  /** Device BARs mapped into the guest (EPT): guest-physical base -> host BAR. */
  readonly bars: readonly {
    readonly rid: number
    readonly gpa: bigint
    readonly hpa: Hpa
    readonly size: bigint
  }[]
}

/** One table entry read during a translation (what the walk panel draws). */
export interface WalkRef {
  readonly table: 'root' | 'context' | 'sl' | 'irte'
  /** Second-level: the level 4..1; 0 otherwise. */
  readonly level: number
  readonly addr: Hpa
  readonly index: number
  readonly lo: bigint
  /** The high qword of a 16-byte entry; null for an 8-byte second-level entry. */
  readonly hi: bigint | null
}

/** How the last DMA (or interrupt) ended. */
export type WalkEnd =
  | {
      readonly kind: 'ok'
      readonly hpa: Hpa
      readonly owner: string | null
      readonly via: 'off' | 'pass-through' | 'iotlb' | 'walk'
    }
  | { readonly kind: 'fault'; readonly fr: FaultReason; readonly record: number | null }
  | { readonly kind: 'interrupt'; readonly vector: number; readonly dest: number }

/** One step of a request, in hardware order: a cache lookup or a table entry read. */
export type WalkStep =
  | { readonly kind: 'cache'; readonly cache: 'context' | 'iotlb'; readonly hit: boolean }
  | ({ readonly kind: 'ref' } & WalkRef)

export interface Walk {
  readonly sid: number
  readonly iova: bigint
  readonly write: boolean
  readonly msi: boolean
  /** One per iommu.cache or iommu.ref event of the request, in the same order. */
  readonly steps: readonly WalkStep[]
  readonly did: number | null
  readonly end: WalkEnd
}

export interface IommuState {
  /** GSTS.TE and IRE; the root table and interrupt-remapping table. */
  readonly enabled: boolean
  readonly rtaddr: Hpa | null
  readonly irta: Hpa | null
  /** IOMMU table memory: 8-byte words by their host-physical address. */
  readonly mem: ReadonlyMap<bigint, bigint>
  readonly nextTable: bigint
  readonly nextRam: bigint
  readonly nextGroup: number
  readonly nextIrte: number
  readonly domains: readonly Domain[]
  readonly contexts: readonly ContextInfo[]
  readonly contextCache: readonly ContextCacheEntry[]
  readonly iotlb: readonly IotlbEntry[]
  /** The fault recording registers (null: F = 0), the next one hardware writes, and FSTS.PFO. */
  readonly faults: readonly (FaultRecord | null)[]
  readonly nextRecord: number
  readonly pfo: boolean
  readonly devices: readonly Device[]
  readonly sriov: readonly SriovCap[]
  readonly vms: readonly Vm[]
  readonly lastWalk: Walk | null
}

export const initialIommuState: IommuState = {
  enabled: false,
  rtaddr: null,
  irta: null,
  mem: new Map(),
  nextTable: TABLES_BASE,
  nextRam: RAM_BASE,
  nextGroup: 1,
  nextIrte: 0,
  domains: [],
  contexts: [],
  contextCache: [],
  iotlb: [],
  faults: Array.from({ length: FAULT_RECORDS }, () => null),
  nextRecord: 0,
  pfo: false,
  devices: [],
  sriov: [],
  vms: [],
  lastWalk: null,
}
