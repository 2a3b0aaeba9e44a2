import { err, ok } from '../core/result.ts'
import type { EngineModule } from '../core/module.ts'
import { applyHyp } from './apply.ts'
import { HYP_CITATIONS } from './cite.ts'
import { type HypError, HYP_ERROR_KINDS } from './errors.ts'
import { type HypEvent, HYP_EVENT_KINDS } from './events.ts'
import { type HypOp, HYP_OP_KINDS } from './ops.ts'
import { type HypState, initialHypState } from './types.ts'

/** Where the hypervisor lives: type 1, hosted with a world switch, Xen + Dom0, KVM + QEMU (hw-facts-2 §4.1-4.3). */
export const hypModule: EngineModule<
  'hyp',
  HypOp,
  HypEvent,
  HypError,
  typeof HYP_CITATIONS,
  'hyp',
  HypState
> = {
  id: 'hyp',
  opKinds: HYP_OP_KINDS,
  eventKinds: HYP_EVENT_KINDS,
  errorKinds: HYP_ERROR_KINDS,
  citations: HYP_CITATIONS,
  slot: 'hyp',
  initial: initialHypState,
  apply: (machine, op) => {
    const r = applyHyp(machine.hyp, op)
    if (!r.ok) return err({ code: 'hyp', error: r.error })
    return ok({ machine: { ...machine, hyp: r.value.state }, events: r.value.events })
  },
}
