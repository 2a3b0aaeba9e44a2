import { applyAddrSpace } from './addrspace/apply.ts'
import type { AddrSpaceOp } from './addrspace/ops.ts'
import type { EngineError } from './core/errors.ts'
import type { EngineEvent } from './core/event.ts'
import { type Result, ok } from './core/result.ts'
import type { Machine } from './machine.ts'

/** Every operation the engine understands; produced only by the console interpreter. */
export type Op = AddrSpaceOp

export interface Step {
  readonly machine: Machine
  readonly events: readonly EngineEvent[]
}

/** Pure: never mutates `machine`, never throws on bad input. */
export function apply(machine: Machine, op: Op): Result<Step, EngineError> {
  const r = applyAddrSpace(machine.addr, op)
  if (!r.ok) return r
  return ok({ machine: { ...machine, addr: r.value.machine }, events: r.value.events })
}
