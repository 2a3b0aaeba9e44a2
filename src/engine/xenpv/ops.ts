import type { KindSet } from '../core/module.ts'
import type { MmuUpdateRequest, MmuextRequest } from './types.ts'

/** The PV guest's hypercalls for its page tables (CONSOLE words in console/commands/xenpv.ts). */
export type XenPvOp =
  | { readonly kind: 'xenpv.mmu-update'; readonly reqs: readonly MmuUpdateRequest[] }
  | { readonly kind: 'xenpv.mmuext'; readonly ops: readonly MmuextRequest[] }
  | { readonly kind: 'xenpv.multicall'; readonly action: 'begin' | 'end' }

/** Every op kind, listed once: the module descriptor and the routing read it. */
export const XENPV_OP_KINDS = {
  'xenpv.mmu-update': true,
  'xenpv.mmuext': true,
  'xenpv.multicall': true,
} as const satisfies KindSet<XenPvOp['kind']>
