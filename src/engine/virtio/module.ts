import { err, ok } from '../core/result.ts'
import type { EngineModule } from '../core/module.ts'
import { applyVirtio } from './apply.ts'
import { VIRTIO_CITATIONS } from './cite.ts'
import { type VirtioError, VIRTIO_ERROR_KINDS } from './errors.ts'
import { type VirtioEvent, VIRTIO_EVENT_KINDS } from './events.ts'
import { type VirtioOp, VIRTIO_OP_KINDS } from './ops.ts'
import { type VirtioState, initialVirtioState } from './types.ts'

/** virtio-net over PCI: the handshake, a split virtqueue in guest memory, QEMU or vhost-net. */
export const virtioModule: EngineModule<
  'virtio',
  VirtioOp,
  VirtioEvent,
  VirtioError,
  typeof VIRTIO_CITATIONS,
  'virtio',
  VirtioState
> = {
  id: 'virtio',
  opKinds: VIRTIO_OP_KINDS,
  eventKinds: VIRTIO_EVENT_KINDS,
  errorKinds: VIRTIO_ERROR_KINDS,
  citations: VIRTIO_CITATIONS,
  slot: 'virtio',
  initial: initialVirtioState,
  apply: (machine, op) => {
    const r = applyVirtio(machine.virtio, op)
    if (!r.ok) return err({ code: 'virtio', error: r.error })
    return ok({ machine: { ...machine, virtio: r.value.state }, events: r.value.events })
  },
}
