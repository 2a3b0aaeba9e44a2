import type { EngineModule } from '../core/module.ts'
import { ok } from '../core/result.ts'
import { liftVirt } from '../virt/p2m.ts'
import { recordVtxExits } from '../virt/vtx.ts'
import { applyEptOp } from './apply.ts'
import { EPT_CITATIONS } from './cite.ts'
import { type EptError, EPT_ERROR_KINDS } from './errors.ts'
import { type EptEvent, EPT_EVENT_KINDS } from './events.ts'
import { type EptOp, EPT_OP_KINDS } from './ops.ts'

/**
 * EPT (`mmu ept`): the hypervisor's own ops (`eptp`, `vpid`, `ept ...`). Its state lives in
 * `virt.ept`; the guest's paging ops reach it through the `virt` module's MMU table.
 */
export const eptModule: EngineModule<'ept', EptOp, EptEvent, EptError, typeof EPT_CITATIONS> = {
  id: 'ept',
  opKinds: EPT_OP_KINDS,
  eventKinds: EPT_EVENT_KINDS,
  errorKinds: EPT_ERROR_KINDS,
  citations: EPT_CITATIONS,
  slot: null,
  initial: null,
  apply: (machine, op) => {
    const r = liftVirt(machine, applyEptOp(machine.paging, machine.virt, op))
    if (!r.ok) return r
    // `ept loop` runs guest accesses: an exit it ends on is the VT-x guest's too (virt/vtx.ts).
    const v = recordVtxExits(r.value.machine.vmx, r.value.events)
    return ok({ machine: { ...r.value.machine, vmx: v.vmx }, events: v.events })
  },
}
