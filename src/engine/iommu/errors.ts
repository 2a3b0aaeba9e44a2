import type { KindSet } from '../core/module.ts'

/** What the VT-d / VFIO / SR-IOV model refuses, with the values that made it refuse. */
export type IommuError =
  | { readonly code: 'not-enabled' }
  | { readonly code: 'already-enabled' }
  | { readonly code: 'no-domain'; readonly did: number }
  | { readonly code: 'domain-exists'; readonly did: number }
  | { readonly code: 'bad-did'; readonly did: number }
  | { readonly code: 'misaligned'; readonly what: 'iova' | 'hpa' | 'addr'; readonly addr: bigint }
  | { readonly code: 'iova-too-wide'; readonly iova: bigint; readonly width: number }
  | { readonly code: 'hpa-too-wide'; readonly hpa: bigint }
  | { readonly code: 'not-mapped'; readonly did: number; readonly iova: bigint }
  | { readonly code: 'no-device'; readonly rid: number }
  | { readonly code: 'device-exists'; readonly rid: number }
  | { readonly code: 'no-vm'; readonly name: string }
  | { readonly code: 'vm-exists'; readonly name: string }
  | { readonly code: 'too-many-pages'; readonly pages: number; readonly max: number }
  | { readonly code: 'assigned'; readonly rid: number; readonly vm: string }
  | { readonly code: 'not-assigned'; readonly rid: number }
  | { readonly code: 'no-msi'; readonly rid: number }
  | { readonly code: 'irt-full'; readonly entries: number }
  | { readonly code: 'not-pf'; readonly rid: number }
  /** sriov_numvfs_store: -ERANGE (LX-pci). */
  | { readonly code: 'too-many-vfs'; readonly numVfs: number; readonly total: number }
  | { readonly code: 'vfs-enabled'; readonly rid: number; readonly numVfs: number }
  | { readonly code: 'vf-clash'; readonly rid: number }
  | { readonly code: 'bar-offset'; readonly offset: number; readonly size: bigint }

export const IOMMU_ERROR_KINDS = {
  'not-enabled': true,
  'already-enabled': true,
  'no-domain': true,
  'domain-exists': true,
  'bad-did': true,
  misaligned: true,
  'iova-too-wide': true,
  'hpa-too-wide': true,
  'not-mapped': true,
  'no-device': true,
  'device-exists': true,
  'no-vm': true,
  'vm-exists': true,
  'too-many-pages': true,
  assigned: true,
  'not-assigned': true,
  'no-msi': true,
  'irt-full': true,
  'not-pf': true,
  'too-many-vfs': true,
  'vfs-enabled': true,
  'vf-clash': true,
  'bar-offset': true,
} as const satisfies KindSet<IommuError['code']>
