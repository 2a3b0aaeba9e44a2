import type { Gva, Hpa } from '../core/addr.ts'
import type { KindSet } from '../core/module.ts'
export type InveptType = 1 | 2
export type InvvpidType = 0 | 1 | 2 | 3

/** Ops of the EPT hypervisor (the console's `eptp`, `vpid`, `ept ...` rows). */
export type EptOp =
  | {
      readonly kind: 'ept.eptp'
      readonly root: Hpa
      readonly levels: 4 | 5
      readonly ad: boolean
      readonly memoryType: number
    }
  | { readonly kind: 'ept.vpid'; readonly vpid: number }
  | { readonly kind: 'ept.cap'; readonly execOnly: boolean }
  /** INVEPT executed by the VMM (type 1: the given EPTP, or the current one when null). */
  | { readonly kind: 'ept.invept'; readonly type: InveptType; readonly eptp: bigint | null }
  | {
      readonly kind: 'ept.invvpid'
      readonly type: InvvpidType
      readonly vpid: number
      readonly va: Gva
    }
  /** A VM exit and the VM entry back (the VMM handled something and resumed the guest). */
  | { readonly kind: 'ept.world-switch' }
  | { readonly kind: 'ept.caches'; readonly enabled: boolean }
  | { readonly kind: 'ept.info' }

/** Every op kind, listed once: the module descriptor and the routing read it. */
export const EPT_OP_KINDS = {
  'ept.eptp': true,
  'ept.vpid': true,
  'ept.cap': true,
  'ept.invept': true,
  'ept.invvpid': true,
  'ept.world-switch': true,
  'ept.caches': true,
  'ept.info': true,
} as const satisfies KindSet<EptOp['kind']>
