import { err, ok } from '../core/result.ts'
import type { EngineModule } from '../core/module.ts'
import { applyXen } from './apply.ts'
import { XEN_CITATIONS } from './cite.ts'
import { type XenError, XEN_ERROR_KINDS } from './errors.ts'
import { type XenEvent, XEN_EVENT_KINDS } from './events.ts'
import { type XenOp, XEN_OP_KINDS } from './ops.ts'
import { type XenState, initialXenState } from './types.ts'

/** Xen: shared rings, event channels, grant tables, split drivers. */
export const xenModule: EngineModule<
  'xen',
  XenOp,
  XenEvent,
  XenError,
  typeof XEN_CITATIONS,
  'xen',
  XenState
> = {
  id: 'xen',
  opKinds: XEN_OP_KINDS,
  eventKinds: XEN_EVENT_KINDS,
  errorKinds: XEN_ERROR_KINDS,
  citations: XEN_CITATIONS,
  slot: 'xen',
  initial: initialXenState,
  apply: (machine, op) => {
    const r = applyXen(machine.xen, op)
    if (!r.ok) return err({ code: 'xen', error: r.error })
    return ok({ machine: { ...machine, xen: r.value.state }, events: r.value.events })
  },
}
