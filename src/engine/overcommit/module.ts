import { err, ok } from '../core/result.ts'
import type { EngineModule } from '../core/module.ts'
import { applyOvercommit } from './apply.ts'
import { OC_CITATIONS } from './cite.ts'
import { type OcError, OC_ERROR_KINDS } from './errors.ts'
import { type OcEvent, OC_EVENT_KINDS } from './events.ts'
import { type OcOp, OC_OP_KINDS } from './ops.ts'
import { type OcState, initialOcState } from './types.ts'

/** Memory overcommit: ballooning, ESX page sharing, KSM, hypervisor swapping, the idle tax. */
export const overcommitModule: EngineModule<
  'overcommit',
  OcOp,
  OcEvent,
  OcError,
  typeof OC_CITATIONS,
  'overcommit',
  OcState
> = {
  id: 'overcommit',
  opKinds: OC_OP_KINDS,
  eventKinds: OC_EVENT_KINDS,
  errorKinds: OC_ERROR_KINDS,
  citations: OC_CITATIONS,
  slot: 'overcommit',
  initial: initialOcState,
  apply: (machine, op) => {
    const r = applyOvercommit(machine.overcommit, op)
    if (!r.ok) return err({ code: 'overcommit', error: r.error })
    return ok({ machine: { ...machine, overcommit: r.value.state }, events: r.value.events })
  },
}
