import type { EngineError } from '../core/errors.ts'
import type { EngineModule, Step } from '../core/module.ts'
import { type Result, ok } from '../core/result.ts'
import type { Machine } from '../machine.ts'
import { virtualized } from '../virt/module.ts'
import { applyAddrSpace } from './apply.ts'
import { ADDRSPACE_CITATIONS } from './cite.ts'
import { type AddrSpaceEvent, ADDRSPACE_EVENT_KINDS } from './events.ts'
import { type AddrSpaceOp, ADDRSPACE_OP_KINDS } from './ops.ts'
import { type Machine as AddrSpaceMachine, initialMachine } from './types.ts'

export function applyAddr(machine: Machine, op: AddrSpaceOp): Result<Step, EngineError> {
  const r = applyAddrSpace(machine.addr, op)
  if (!r.ok) return r
  return ok({ machine: { ...machine, addr: r.value.machine }, events: r.value.events })
}

/** The three address spaces at the course notes' level: guests' page maps and the P2M. */
export const addrSpaceModule: EngineModule<
  'addrspace',
  AddrSpaceOp,
  AddrSpaceEvent,
  never,
  typeof ADDRSPACE_CITATIONS,
  'addr',
  AddrSpaceMachine
> = {
  id: 'addrspace',
  opKinds: ADDRSPACE_OP_KINDS,
  eventKinds: ADDRSPACE_EVENT_KINDS,
  errorKinds: {},
  citations: ADDRSPACE_CITATIONS,
  slot: 'addr',
  initial: initialMachine,
  apply: (machine, op) =>
    // `host map` with no `vm` selected means the hypervisor of the `mmu` in force (EPT or
    // the P2M).
    op.kind === 'host.map' && machine.addr.current === null && machine.virt.mmu !== 'native'
      ? virtualized(machine, {
          kind: 'virt.host-map',
          gpa: op.gpa,
          hpa: op.hpa,
          size: op.size,
          read: op.read,
          write: op.write,
          execute: op.execute,
        })
      : applyAddr(machine, op),
}
