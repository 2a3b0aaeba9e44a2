import type { Gpa, Hpa } from '../core/addr.ts'
import type { KindSet } from '../core/module.ts'
import type { AccessSize } from '../memory/phys.ts'
import type { VirtCitationId } from './cite.ts'
import type { HostPageSize } from './ops.ts'
import type { MmuKind } from './types.ts'

export type VirtEvent =
  | {
      readonly kind: 'virt.mmu'
      readonly mmu: MmuKind
      readonly previous: MmuKind
      readonly cite: VirtCitationId
    }
  | {
      readonly kind: 'virt.host-poke'
      readonly addr: Hpa
      readonly size: AccessSize
      readonly value: bigint
      readonly old: bigint
      readonly cite: VirtCitationId
    }
  | {
      /** The hypervisor's software P2M now maps [gpa, gpa+size) to [hpa, hpa+size). */
      readonly kind: 'virt.p2m-map'
      readonly gpa: Gpa
      readonly hpa: Hpa
      readonly size: HostPageSize
      readonly read: boolean
      readonly write: boolean
      readonly execute: boolean
      /** The machine frame this guest frame had before, if any. */
      readonly replaced: Hpa | null
      readonly cite: VirtCitationId
    }

export type VirtEventKind = VirtEvent['kind']

/** Every event kind, listed once: the module descriptor and the routing read it. */
export const VIRT_EVENT_KINDS = {
  'virt.mmu': true,
  'virt.host-poke': true,
  'virt.p2m-map': true,
} as const satisfies KindSet<VirtEvent['kind']>
