import type { KindSet } from '../core/module.ts'
import type { Gpa, Gva, Hpa } from '../core/addr.ts'
import type { AccessIntent, AccessMode, PageSize } from './types.ts'

export type AddrSpaceOp =
  | { readonly kind: 'vm.select'; readonly name: string }
  | { readonly kind: 'vm.native' }
  | {
      readonly kind: 'map'
      readonly va: Gva
      readonly pa: Gpa
      readonly size: PageSize
      readonly writable: boolean
      readonly user: boolean
      readonly noExecute: boolean
      readonly global: boolean
    }
  | {
      readonly kind: 'host.map'
      readonly gpa: Gpa
      readonly hpa: Hpa
      readonly size: PageSize
      readonly read: boolean
      readonly write: boolean
      readonly execute: boolean
    }
  | {
      readonly kind: 'access'
      readonly va: Gva
      readonly intent: AccessIntent
      readonly mode: AccessMode
    }
  | { readonly kind: 'control'; readonly bit: 'cr0.wp' | 'efer.nxe'; readonly on: boolean }

/** Every op kind, listed once: the module descriptor and the routing read it. */
export const ADDRSPACE_OP_KINDS = {
  'vm.select': true,
  'vm.native': true,
  map: true,
  'host.map': true,
  access: true,
  control: true,
} as const satisfies KindSet<AddrSpaceOp['kind']>
