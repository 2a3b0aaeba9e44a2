import type { EngineModule } from '../core/module.ts'
import { liftVirt } from '../virt/p2m.ts'
import { applyXenPvOp } from './apply.ts'
import { XENPV_CITATIONS } from './cite.ts'
import { type XenPvError, XENPV_ERROR_KINDS } from './errors.ts'
import { type XenPvEvent, XENPV_EVENT_KINDS } from './events.ts'
import { type XenPvOp, XENPV_OP_KINDS } from './ops.ts'

/**
 * Xen PV direct paging (`mmu xen-pv`): the page-table hypercalls. Its state lives in
 * `virt.xenpv`; the guest's paging ops reach it through the `virt` module's MMU table.
 */
export const xenPvModule: EngineModule<
  'xenpv',
  XenPvOp,
  XenPvEvent,
  XenPvError,
  typeof XENPV_CITATIONS
> = {
  id: 'xenpv',
  opKinds: XENPV_OP_KINDS,
  eventKinds: XENPV_EVENT_KINDS,
  errorKinds: XENPV_ERROR_KINDS,
  citations: XENPV_CITATIONS,
  slot: null,
  initial: null,
  apply: (machine, op) => liftVirt(machine, applyXenPvOp(machine.paging, machine.virt, op)),
}
