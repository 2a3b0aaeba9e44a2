import type { KindSet } from '../core/module.ts'
import type { XenPvOp } from '../xenpv/ops.ts'
import type { MmuOpKind, VirtMmuKind } from './mmu.ts'
import type { MmuKind } from './types.ts'

/**
 * Input the virtualization layer refuses (hardware outcomes are events, not errors). Errors name
 * the op by its kind; the console turns that into the command typed (console/format/virt.ts).
 */
export type VirtError =
  /** `host poke`/`host map` with nothing to be host of. */
  | { readonly code: 'no-hypervisor'; readonly op: MmuOpKind }
  /** An op that belongs to another MMU (`eptp` under `mmu shadow`...). */
  | {
      readonly code: 'wrong-mmu'
      readonly op: MmuOpKind | XenPvOp['kind']
      readonly needs: MmuKind
      readonly mmu: MmuKind
    }
  | {
      readonly code: 'misaligned'
      readonly what: 'gpa' | 'hpa'
      readonly addr: bigint
      readonly size: string
    }
  | { readonly code: 'address-too-wide'; readonly what: 'gpa' | 'hpa'; readonly addr: bigint }
  | { readonly code: 'no-permissions' }
  /** CR4.PKE under an MMU whose guests get no protection keys (or whose walk does not model them). */
  | { readonly code: 'pke-unsupported'; readonly mmu: VirtMmuKind; readonly op: 'cr4.pke' | 'pkru' }

/** Every error code of the module, listed once (its descriptor's errorKinds). */
export const VIRT_ERROR_KINDS = {
  'address-too-wide': true,
  misaligned: true,
  'no-hypervisor': true,
  'no-permissions': true,
  'pke-unsupported': true,
  'wrong-mmu': true,
} as const satisfies KindSet<VirtError['code']>
