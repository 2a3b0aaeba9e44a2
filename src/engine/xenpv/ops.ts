import type { MmuUpdateRequest, MmuextRequest } from './types.ts'

/** The PV guest's hypercalls for its page tables (CONSOLE words in console/commands/xenpv.ts). */
export type XenPvOp =
  | { readonly kind: 'xenpv.mmu-update'; readonly reqs: readonly MmuUpdateRequest[] }
  | { readonly kind: 'xenpv.mmuext'; readonly ops: readonly MmuextRequest[] }
  | { readonly kind: 'xenpv.multicall'; readonly action: 'begin' | 'end' }
