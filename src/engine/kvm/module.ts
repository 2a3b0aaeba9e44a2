import { err, ok } from '../core/result.ts'
import type { EngineModule } from '../core/module.ts'
import { applyKvm } from './apply.ts'
import { KVM_CITATIONS } from './cite.ts'
import { type KvmError, KVM_ERROR_KINDS } from './errors.ts'
import { type KvmEvent, KVM_EVENT_KINDS } from './events.ts'
import { type KvmOp, KVM_OP_KINDS } from './ops.ts'
import { type KvmState, initialKvmState } from './types.ts'

/** KVM and QEMU as layers: the run loop, PCI, and an emulated e1000 (hw-facts-2 §1.8, §2.2). */
export const kvmModule: EngineModule<
  'kvm',
  KvmOp,
  KvmEvent,
  KvmError,
  typeof KVM_CITATIONS,
  'kvm',
  KvmState
> = {
  id: 'kvm',
  opKinds: KVM_OP_KINDS,
  eventKinds: KVM_EVENT_KINDS,
  errorKinds: KVM_ERROR_KINDS,
  citations: KVM_CITATIONS,
  slot: 'kvm',
  initial: initialKvmState,
  apply: (machine, op) => {
    const r = applyKvm(machine.kvm, op)
    if (!r.ok) return err({ code: 'kvm', error: r.error })
    return ok({ machine: { ...machine, kvm: r.value.state }, events: r.value.events })
  },
}
