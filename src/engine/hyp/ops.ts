import type { KindSet } from '../core/module.ts'
import type { DesignId, OutInstr } from './designs.ts'

/** Every operation of the "where the hypervisor lives" model (`hyp ...` in the console). */
export type HypOp =
  | { readonly kind: 'hyp.taxonomy' }
  | { readonly kind: 'hyp.design'; readonly design: DesignId }
  | { readonly kind: 'hyp.out'; readonly instr: OutInstr }
  | { readonly kind: 'hyp.compare'; readonly instr: OutInstr }

export const HYP_OP_KINDS = {
  'hyp.taxonomy': true,
  'hyp.design': true,
  'hyp.out': true,
  'hyp.compare': true,
} as const satisfies KindSet<HypOp['kind']>
