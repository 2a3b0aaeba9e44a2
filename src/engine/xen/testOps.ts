// For the Xen unit tests: applies ops in order from a state, failing loudly on a refused one.
import { applyXen } from './apply.ts'
import type { XenEvent } from './events.ts'
import type { XenOp } from './ops.ts'
import { type XenState, initialXenState } from './types.ts'

/** The state after all ops, and each op's events. */
export function runOps(
  ops: readonly XenOp[],
  s0 = initialXenState,
): { s: XenState; events: XenEvent[][] } {
  let s = s0
  const events: XenEvent[][] = []
  for (const op of ops) {
    const r = applyXen(s, op)
    if (!r.ok) throw new Error(r.error.message)
    s = r.value.state
    events.push([...r.value.events])
  }
  return { s, events }
}
