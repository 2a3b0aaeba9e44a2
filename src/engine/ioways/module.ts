import { err, ok } from '../core/result.ts'
import type { EngineModule } from '../core/module.ts'
import { applyIoWays } from './apply.ts'
import { IOWAYS_CITATIONS } from './cite.ts'
import { type IoWaysError, IOWAYS_ERROR_KINDS } from './errors.ts'
import { type IoWaysEvent, IOWAYS_EVENT_KINDS } from './events.ts'
import { type IoWaysOp, IOWAYS_OP_KINDS } from './ops.ts'
import { type IoWaysState, initialIoWaysState } from './types.ts'

/** The same packet five ways: e1000, virtio with QEMU or vhost-net, VFIO, an SR-IOV VF. */
export const ioWaysModule: EngineModule<
  'ioways',
  IoWaysOp,
  IoWaysEvent,
  IoWaysError,
  typeof IOWAYS_CITATIONS,
  'ioways',
  IoWaysState
> = {
  id: 'ioways',
  opKinds: IOWAYS_OP_KINDS,
  eventKinds: IOWAYS_EVENT_KINDS,
  errorKinds: IOWAYS_ERROR_KINDS,
  citations: IOWAYS_CITATIONS,
  slot: 'ioways',
  initial: initialIoWaysState,
  apply: (machine, op) => {
    const r = applyIoWays(machine.ioways, op)
    if (!r.ok) return err({ code: 'ioways', error: r.error })
    return ok({ machine: { ...machine, ioways: r.value.state }, events: r.value.events })
  },
}
