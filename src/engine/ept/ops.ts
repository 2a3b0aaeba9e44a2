import type { Gva, Hpa } from '../core/addr.ts'
import type { KindSet } from '../core/module.ts'
import type { AccessIntent, AccessMode } from '../paging/types.ts'
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
  /**
   * `ept loop`: COUNT guest accesses in a row, the i-th at VA + (i * stride mod pages * 4 KiB)
   * (no wrap when `pages` is null), run by ept/bulk.ts; it stops at the first fault or exit.
   */
  | {
      readonly kind: 'ept.loop'
      readonly va: bigint
      readonly count: number
      readonly stride: bigint
      readonly pages: number | null
      readonly intent: AccessIntent
      readonly mode: AccessMode
    }

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
  'ept.loop': true,
} as const satisfies KindSet<EptOp['kind']>
