// The "where the hypervisor lives" model's behaviour: pick a design, follow the guest's OUT
// through it (one event per hop), compare the designs' paths (counted from the same hops).
import { type Result, err, ok } from '../core/result.ts'
import { DESIGN_IDS, TAXONOMY, countPath, pathOf } from './designs.ts'
import type { HypError } from './errors.ts'
import type { HypEvent } from './events.ts'
import type { HypOp } from './ops.ts'
import type { HypState } from './types.ts'

export function applyHyp(
  s: HypState,
  op: HypOp,
): Result<{ state: HypState; events: readonly HypEvent[] }, HypError> {
  switch (op.kind) {
    case 'hyp.taxonomy':
      return ok({
        state: s,
        events: [{ kind: 'hyp.taxonomy', design: s.design, rows: TAXONOMY, cite: 'hyp-types' }],
      })
    case 'hyp.design': {
      const taxonomy = TAXONOMY.find((r) => r.design === op.design)
      if (taxonomy === undefined) return err({ code: 'no-design' })
      return ok({
        state: { design: op.design, outs: 0 },
        events: [
          {
            kind: 'hyp.design',
            design: op.design,
            taxonomy,
            cite: op.design === 'kvm' ? 'hyp-kvm-both' : 'hyp-types',
          },
        ],
      })
    }
    case 'hyp.out': {
      const design = s.design
      if (design === null) return err({ code: 'no-design' })
      const path = pathOf(design, op.instr)
      return ok({
        state: { ...s, outs: s.outs + 1 },
        events: path.map((hop) => ({
          kind: 'hyp.hop' as const,
          design,
          instr: op.instr,
          hop,
          of: path.length,
          cite: hop.cite,
        })),
      })
    }
    case 'hyp.compare':
      return ok({
        state: s,
        events: [
          {
            kind: 'hyp.compare',
            design: s.design,
            instr: op.instr,
            rows: DESIGN_IDS.map((d) => ({ design: d, counts: countPath(d, pathOf(d, op.instr)) })),
            cite: 'hyp-types',
          },
        ],
      })
  }
}
