import { err, ok } from '../core/result.ts'
import type { EngineModule } from '../core/module.ts'
import { applyVmx } from './apply.ts'
import { VMX_CITATIONS } from './cite.ts'
import { type VmxError, type VmxEvent, VMX_ERROR_KINDS, VMX_EVENT_KINDS } from './events.ts'
import { type VmxOp, VMX_OP_KINDS } from './ops.ts'
import { type VmxState, initialVmxState } from './types.ts'

/** VT-x: VMCS, VMX instructions, VM entry and exit, guest instructions. */
export const vmxModule: EngineModule<
  'vmx',
  VmxOp,
  VmxEvent,
  VmxError,
  typeof VMX_CITATIONS,
  'vmx',
  VmxState
> = {
  id: 'vmx',
  opKinds: VMX_OP_KINDS,
  eventKinds: VMX_EVENT_KINDS,
  errorKinds: VMX_ERROR_KINDS,
  citations: VMX_CITATIONS,
  slot: 'vmx',
  initial: initialVmxState,
  apply: (machine, op) => {
    const r = applyVmx(machine.vmx, op)
    if (!r.ok) return err({ code: 'vmx', error: r.error })
    return ok({ machine: { ...machine, vmx: r.value.state }, events: r.value.events })
  },
}
