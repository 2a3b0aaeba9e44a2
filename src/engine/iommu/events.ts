import type { Hpa } from '../core/addr.ts'
import type { KindSet } from '../core/module.ts'
import type { DomainWidth, FaultReason, FaultRecord, WalkRef, WalkStep } from './types.ts'

/** A 16-byte or 8-byte table entry the model wrote, with where it lives. */
export interface EntryWrite {
  readonly table: 'root' | 'context' | 'sl' | 'irte'
  readonly level: number
  readonly addr: Hpa
  readonly index: number
  readonly lo: bigint
  readonly hi: bigint | null
}

/** Every event of the VT-d / VFIO / SR-IOV model. */
export type IommuEvent =
  | {
      readonly kind: 'iommu.enable'
      readonly rtaddr: Hpa
      readonly irta: Hpa
      readonly irtEntries: number
      /** GSTS after the writes: TE, SRTP, IRE, SIRTP. */
      readonly gsts: bigint
      readonly cite: 'vtd-gcmd'
    }
  | {
      readonly kind: 'iommu.domain'
      readonly did: number
      readonly width: DomainWidth
      readonly levels: number
      readonly root: Hpa
      readonly vm: string | null
      readonly cite: 'vtd-slpte'
    }
  | {
      readonly kind: 'iommu.attach'
      readonly rid: number
      readonly did: number
      readonly tt: number
      /** The root entry written because the bus had none, then the context entry. */
      readonly writes: readonly EntryWrite[]
      readonly cite: 'vtd-context'
    }
  | {
      readonly kind: 'iommu.map'
      readonly did: number
      readonly iova: bigint
      readonly hpa: Hpa
      readonly pages: number
      readonly read: boolean
      readonly write: boolean
      /** Second-level tables allocated on the way, and the leaf entries written. */
      readonly tables: number
      readonly leaves: readonly EntryWrite[]
      /** Set when VFIO_IOMMU_MAP_DMA did it for a guest. */
      readonly vm: string | null
      readonly cite: 'vtd-slpte' | 'vfio-map'
    }
  | {
      readonly kind: 'iommu.unmap'
      readonly did: number
      readonly iova: bigint
      readonly pages: number
      /** IOTLB entries that still hold the old translations (until an invalidation). */
      readonly stale: number
      readonly cite: 'vtd-iotlb'
    }
  | {
      readonly kind: 'iommu.invalidate'
      readonly cache: 'context' | 'iotlb'
      readonly scope: 'global' | 'domain' | 'device' | 'page'
      readonly did: number | null
      readonly rid: number | null
      readonly iova: bigint | null
      /** The register value software writes (CCMD or IOTLB). */
      readonly register: bigint
      readonly dropped: number
      readonly cite: 'vtd-iotlb'
    }
  | {
      readonly kind: 'iommu.poke'
      readonly addr: Hpa
      readonly old: bigint
      readonly value: bigint
      readonly cite: 'vtd-slpte'
    }
  | { readonly kind: 'iommu.fault-clear'; readonly cleared: number; readonly cite: 'vtd-record' }
  | {
      readonly kind: 'iommu.device'
      readonly rid: number
      readonly bar0: Hpa
      readonly size: bigint
      readonly cite: 'vtd-root'
    }
  | {
      readonly kind: 'iommu.vm'
      readonly name: string
      readonly pages: number
      readonly base: Hpa
      readonly cite: 'vfio-map'
    }
  /** One cache lookup of a request: the context cache by SID, the IOTLB by (DID, page). */
  | {
      readonly kind: 'iommu.cache'
      readonly cache: 'context' | 'iotlb'
      readonly hit: boolean
      readonly sid: number
      readonly did: number | null
      readonly iova: bigint
      readonly cite: 'vtd-iotlb'
    }
  /** One table entry read for a request. */
  | ({
      readonly kind: 'iommu.ref'
      readonly sid: number
      readonly iova: bigint
      readonly cite: 'vtd-root' | 'vtd-context' | 'vtd-slpte' | 'vtd-ir'
    } & WalkRef)
  | {
      readonly kind: 'iommu.dma'
      /** The request's cache lookups and table reads, in order (its JSON's "walk"). */
      readonly steps: readonly WalkStep[]
      readonly sid: number
      readonly iova: bigint
      readonly write: boolean
      readonly hpa: Hpa
      /** How: the IOMMU off, a pass-through context, an IOTLB hit or a walk. */
      readonly via: 'off' | 'pass-through' | 'iotlb' | 'walk'
      readonly did: number | null
      /** The guest whose RAM the HPA is, or null (no guest's). */
      readonly owner: string | null
      readonly cite: 'vtd-slpte' | 'vtd-gcmd' | 'vtd-context' | 'vtd-iotlb'
    }
  | {
      readonly kind: 'iommu.fault'
      readonly steps: readonly WalkStep[]
      readonly sid: number
      readonly iova: bigint
      readonly write: boolean
      readonly msi: boolean
      readonly fr: FaultReason
      /** The fault recording register it went to, or null: PFO, the record was still full. */
      readonly index: number | null
      readonly record: FaultRecord
      /** The guest whose RAM that IOVA would reach without the IOMMU (IOVA as HPA), if any. */
      readonly wouldHit: string | null
      readonly cite: 'vtd-fault'
    }
  | {
      readonly kind: 'iommu.interrupt'
      readonly steps: readonly WalkStep[]
      readonly sid: number
      readonly handle: number
      readonly vector: number
      readonly dest: number
      readonly cite: 'vtd-ir'
    }
  | {
      readonly kind: 'vfio.group'
      readonly rid: number
      readonly group: number
      readonly vm: string
      readonly did: number
      readonly newDomain: boolean
      readonly cite: 'vfio-map'
    }
  | {
      readonly kind: 'vfio.bar'
      readonly rid: number
      readonly vm: string
      readonly gpa: bigint
      readonly hpa: Hpa
      readonly size: bigint
      readonly cite: 'vfio-regions'
    }
  | {
      readonly kind: 'vfio.msi'
      readonly rid: number
      readonly handle: number
      readonly vector: number
      readonly dest: number
      /** The remappable-format MSI address programmed into the device. */
      readonly msiAddr: bigint
      readonly irte: EntryWrite
      readonly cite: 'vtd-ir'
    }
  | {
      readonly kind: 'vfio.touch'
      readonly rid: number
      readonly vm: string
      readonly what: 'bar' | 'config'
      readonly offset: number
      readonly gpa: bigint | null
      readonly hpa: Hpa | null
      /** VM exits the access costs: none for the BAR, two I/O-instruction exits (30) for config. */
      readonly exits: readonly number[]
      readonly cite: 'vfio-regions' | 'kvm-exit-io'
    }
  | {
      readonly kind: 'sriov.pf'
      readonly rid: number
      readonly total: number
      readonly offset: number
      readonly stride: number
      readonly vfBar0: Hpa
      readonly vfBarSize: bigint
      readonly cite: 'sriov-cap'
    }
  | {
      readonly kind: 'sriov.enable'
      readonly rid: number
      readonly numVfs: number
      readonly offset: number
      readonly stride: number
      /** CTRL after the write: VFE | VF MSE. */
      readonly ctrl: number
      /** The VFs it adds (each also an sriov.vf event): k, RID, BAR0. */
      readonly vfs: readonly { readonly k: number; readonly rid: number; readonly bar0: Hpa }[]
      readonly cite: 'sriov-enable'
    }
  | {
      readonly kind: 'sriov.vf'
      readonly pf: number
      readonly k: number
      readonly rid: number
      readonly bar0: Hpa
      readonly size: bigint
      readonly cite: 'sriov-rid'
    }

export const IOMMU_EVENT_KINDS = {
  'iommu.enable': true,
  'iommu.domain': true,
  'iommu.attach': true,
  'iommu.map': true,
  'iommu.unmap': true,
  'iommu.invalidate': true,
  'iommu.poke': true,
  'iommu.fault-clear': true,
  'iommu.device': true,
  'iommu.vm': true,
  'iommu.cache': true,
  'iommu.ref': true,
  'iommu.dma': true,
  'iommu.fault': true,
  'iommu.interrupt': true,
  'vfio.group': true,
  'vfio.bar': true,
  'vfio.msi': true,
  'vfio.touch': true,
  'sriov.pf': true,
  'sriov.enable': true,
  'sriov.vf': true,
} as const satisfies KindSet<IommuEvent['kind']>
