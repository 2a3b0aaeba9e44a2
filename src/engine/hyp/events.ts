import type { KindSet } from '../core/module.ts'
import type { HypCitationId } from './cite.ts'
import type { DesignId, Hop, OutInstr, PathCounts, TaxonomyRow } from './designs.ts'

/**
 * Events of the "where the hypervisor lives" model. Each carries the design in force, so any
 * frame draws its layer stack alone.
 */
export type HypEvent =
  | {
      readonly kind: 'hyp.taxonomy'
      readonly design: DesignId | null
      readonly rows: readonly TaxonomyRow[]
      readonly cite: HypCitationId
    }
  | {
      readonly kind: 'hyp.design'
      readonly design: DesignId
      readonly taxonomy: TaxonomyRow
      readonly cite: HypCitationId
    }
  /** One hop of the guest's OUT through the design's layers. */
  | {
      readonly kind: 'hyp.hop'
      readonly design: DesignId
      readonly instr: OutInstr
      readonly hop: Hop
      /** Hops in this path (so the panel can say how many are still to come). */
      readonly of: number
      readonly cite: HypCitationId
    }
  | {
      readonly kind: 'hyp.compare'
      readonly design: DesignId | null
      readonly instr: OutInstr
      readonly rows: readonly { readonly design: DesignId; readonly counts: PathCounts }[]
      readonly cite: HypCitationId
    }

export type HypEventKind = HypEvent['kind']

export const HYP_EVENT_KINDS = {
  'hyp.taxonomy': true,
  'hyp.design': true,
  'hyp.hop': true,
  'hyp.compare': true,
} as const satisfies KindSet<HypEvent['kind']>
