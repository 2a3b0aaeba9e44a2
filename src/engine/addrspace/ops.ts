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
