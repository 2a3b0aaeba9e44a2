import type { EngineError } from './core/errors.ts'
import type { Step } from './core/module.ts'
import { type Result } from './core/result.ts'
import type { Machine } from './machine.ts'
import { OP_ROUTES, type Op } from './modules.ts'

export type { Op } from './modules.ts'
export type { Step } from './core/module.ts'

/**
 * Pure: never mutates `machine`, never throws on bad input. Each op goes to the module that
 * owns its kind (modules.ts); that module's policy may hand it on (a guest's paging op under
 * `mmu ept` goes through `virt` to the EPT MMU).
 */
export function apply(machine: Machine, op: Op): Result<Step, EngineError> {
  const m = OP_ROUTES.get(op.kind)
  if (m === undefined) throw new Error(`no engine module owns op kind ${op.kind}`)
  // The map pairs each kind with its owner, so `op` is that module's own op type.
  return (m.apply as (machine: Machine, op: Op) => Result<Step, EngineError>)(machine, op)
}
