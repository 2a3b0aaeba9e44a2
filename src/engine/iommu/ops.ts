import type { Hpa } from '../core/addr.ts'
import type { KindSet } from '../core/module.ts'
import type { DomainWidth } from './types.ts'

/** Every operation of the VT-d / VFIO / SR-IOV model (CONSOLE.md `iommu`, `dma`, `vfio`, `sriov`). */
export type IommuOp =
  /** Allocate the root and interrupt-remapping tables, set RTADDR and IRTA, then TE and IRE. */
  | { readonly kind: 'iommu.enable' }
  | { readonly kind: 'iommu.domain'; readonly did: number; readonly width: DomainWidth }
  /** Write the device's context entry (and its bus's root entry when it has none). */
  | {
      readonly kind: 'iommu.attach'
      readonly rid: number
      readonly did: number
      readonly tt: number
    }
  | {
      readonly kind: 'iommu.map'
      readonly did: number
      readonly iova: bigint
      readonly hpa: Hpa
      readonly pages: number
      readonly read: boolean
      readonly write: boolean
    }
  | {
      readonly kind: 'iommu.unmap'
      readonly did: number
      readonly iova: bigint
      readonly pages: number
    }
  | {
      readonly kind: 'iommu.invalidate'
      readonly cache: 'context' | 'iotlb'
      readonly scope: 'global' | 'domain' | 'device' | 'page'
      readonly did: number | null
      readonly rid: number | null
      readonly iova: bigint | null
    }
  /** Write one 8-byte word of IOMMU table memory (to show what hardware does with bad entries). */
  | { readonly kind: 'iommu.poke'; readonly addr: Hpa; readonly value: bigint }
  | { readonly kind: 'iommu.fault-clear' }
  /** A plain PCIe endpoint with its BAR0. */
  | {
      readonly kind: 'iommu.device'
      readonly rid: number
      readonly bar0: Hpa
      readonly size: bigint
    }
  /** A guest with RAM of `pages` 4 KiB pages (guest-physical from 0). */
  | { readonly kind: 'iommu.vm'; readonly name: string; readonly pages: number }
  /** The device at `rid` issues a DMA read or write of IOVA. */
  | {
      readonly kind: 'iommu.dma'
      readonly rid: number
      readonly iova: bigint
      readonly write: boolean
    }
  /** The device sends its MSI (or one with a forged handle). */
  | { readonly kind: 'iommu.msi'; readonly rid: number; readonly handle: number | null }
  | { readonly kind: 'vfio.assign'; readonly rid: number; readonly vm: string }
  | {
      readonly kind: 'vfio.msi'
      readonly rid: number
      readonly vector: number
      readonly dest: number
    }
  /** The guest touches its assigned device: BAR0 at an offset, or a config register. */
  | {
      readonly kind: 'vfio.touch'
      readonly rid: number
      readonly what: 'bar' | 'config'
      readonly offset: number
    }
  | {
      readonly kind: 'sriov.pf'
      readonly rid: number
      readonly total: number
      readonly offset: number
      readonly stride: number
      readonly bar0: Hpa
      readonly vfBar0: Hpa
      readonly vfBarSize: bigint
    }
  | { readonly kind: 'sriov.enable'; readonly rid: number; readonly numVfs: number }

export const IOMMU_OP_KINDS = {
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
  'iommu.dma': true,
  'iommu.msi': true,
  'vfio.assign': true,
  'vfio.msi': true,
  'vfio.touch': true,
  'sriov.pf': true,
  'sriov.enable': true,
} as const satisfies KindSet<IommuOp['kind']>
