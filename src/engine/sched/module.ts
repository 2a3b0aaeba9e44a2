import { err, ok } from '../core/result.ts'
import type { EngineModule } from '../core/module.ts'
import { applySched } from './apply.ts'
import { SCHED_CITATIONS } from './cite.ts'
import { type SchedError, SCHED_ERROR_KINDS } from './errors.ts'
import { type SchedEvent, SCHED_EVENT_KINDS } from './events.ts'
import { type SchedOp, SCHED_OP_KINDS } from './ops.ts'
import { type SchedState, initialSchedState } from './types.ts'

/** Two-level vCPU scheduling: Xen's credit scheduler, KVM's vCPU threads, the VMCS moving. */
export const schedModule: EngineModule<
  'sched',
  SchedOp,
  SchedEvent,
  SchedError,
  typeof SCHED_CITATIONS,
  'sched',
  SchedState
> = {
  id: 'sched',
  opKinds: SCHED_OP_KINDS,
  eventKinds: SCHED_EVENT_KINDS,
  errorKinds: SCHED_ERROR_KINDS,
  citations: SCHED_CITATIONS,
  slot: 'sched',
  initial: initialSchedState,
  apply: (machine, op) => {
    const r = applySched(machine, op)
    if (!r.ok) return err({ code: 'sched', error: r.error })
    return ok(r.value)
  },
}
