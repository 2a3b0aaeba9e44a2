import type { Gpa } from '../core/addr.ts'
import type { KindSet } from '../core/module.ts'
import type { PagingOp } from '../paging/ops.ts'
import type { EptOp } from './ops.ts'

/**
 * Input the EPT model refuses (EPT violations and misconfigurations are events, not errors).
 * Errors name the op by its kind; the console turns that into the command typed.
 */
export type EptError =
  /** An EPT hypervisor op while another MMU is in force. */
  | { readonly code: 'not-ept'; readonly op: EptOp['kind']; readonly mmu: string }
  /** A guest access before there is an EPT to translate it with. */
  | {
      readonly code: 'no-eptp'
      readonly op: Extract<PagingOp['kind'], 'paging.access' | 'paging.translate'> | 'ept.loop'
    }
  | { readonly code: 'bad-eptp'; readonly raw: bigint; readonly why: string }
  | { readonly code: 'bad-vpid'; readonly vpid: number }
  | { readonly code: 'no-free-frame' }
  | { readonly code: 'map-conflict'; readonly gpa: Gpa; readonly level: number }
  | {
      readonly code: 'misaligned'
      readonly what: 'gpa' | 'hpa'
      readonly addr: bigint
      readonly size: string
    }
  | { readonly code: 'address-too-wide'; readonly what: 'gpa' | 'hpa'; readonly addr: bigint }
  | { readonly code: 'no-permissions' }
  | { readonly code: 'size-not-in-levels'; readonly size: string }
  /** `ept loop` arguments out of range (COUNT, stride, pages). */
  | { readonly code: 'bad-loop'; readonly why: string }

/** Every error code of the module, listed once (its descriptor's errorKinds). */
export const EPT_ERROR_KINDS = {
  'address-too-wide': true,
  'bad-eptp': true,
  'bad-loop': true,
  'bad-vpid': true,
  'map-conflict': true,
  misaligned: true,
  'no-eptp': true,
  'no-free-frame': true,
  'no-permissions': true,
  'not-ept': true,
  'size-not-in-levels': true,
} as const satisfies KindSet<EptError['code']>
