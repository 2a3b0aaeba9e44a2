import type { EngineModule } from '../core/module.ts'
import type { Machine } from '../machine.ts'
import type { PagingOp } from '../paging/ops.ts'
import { applyVirt } from './apply.ts'
import { VIRT_CITATIONS } from './cite.ts'
import { type VirtError, VIRT_ERROR_KINDS } from './errors.ts'
import { type VirtEvent, VIRT_EVENT_KINDS } from './events.ts'
import { type VirtOp, VIRT_OP_KINDS } from './ops.ts'
import { liftVirt } from './p2m.ts'
import { recordVtxExits } from './vtx.ts'
import { ok } from '../core/result.ts'
import { type VirtState, initialVirtState } from './types.ts'

/**
 * Hands an op to the MMU in force (`mmu`, `host poke`, `host map`, the guest's paging ops); the
 * VM exits it causes while a VT-x guest runs are also recorded in that guest's VMCS (vtx.ts).
 */
export const virtualized = (machine: Machine, op: PagingOp | VirtOp) => {
  const r = liftVirt(machine, applyVirt(machine.paging, machine.virt, op))
  if (!r.ok) return r
  const v = recordVtxExits(r.value.machine.vmx, r.value.events)
  return ok({ machine: { ...r.value.machine, vmx: v.vmx }, events: v.events })
}

/** The virtualized machine: `mmu`, host memory, the P2M; the MMUs' states live in its slot. */
export const virtModule: EngineModule<
  'virt',
  VirtOp,
  VirtEvent,
  VirtError,
  typeof VIRT_CITATIONS,
  'virt',
  VirtState
> = {
  id: 'virt',
  opKinds: VIRT_OP_KINDS,
  eventKinds: VIRT_EVENT_KINDS,
  errorKinds: VIRT_ERROR_KINDS,
  citations: VIRT_CITATIONS,
  slot: 'virt',
  initial: initialVirtState,
  apply: virtualized,
}
