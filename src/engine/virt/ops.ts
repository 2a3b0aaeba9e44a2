import type { Gpa, Hpa } from '../core/addr.ts'
import type { KindSet } from '../core/module.ts'
import type { AccessSize } from '../memory/phys.ts'
import type { MmuKind } from './types.ts'

/** Page sizes `host map` accepts (EPT leaves at levels 1-3; the P2M is kept per 4 KiB). */
export type HostPageSize = '4K' | '2M' | '1G'

export type VirtOp =
  | { readonly kind: 'virt.mmu'; readonly mmu: MmuKind }
  | {
      readonly kind: 'virt.host-poke'
      readonly addr: Hpa
      readonly value: bigint
      readonly size: AccessSize
    }
  | {
      readonly kind: 'virt.host-map'
      readonly gpa: Gpa
      readonly hpa: Hpa
      readonly size: HostPageSize
      readonly read: boolean
      readonly write: boolean
      readonly execute: boolean
    }

/** Every op kind, listed once: the module descriptor and the routing read it. */
export const VIRT_OP_KINDS = {
  'virt.mmu': true,
  'virt.host-poke': true,
  'virt.host-map': true,
} as const satisfies KindSet<VirtOp['kind']>
