// Helpers for this module's tests: run ops, stop on the first refused one. They take plain
// numbers and brand them (core/addr.ts), as the console's parsers do.
import { gpa, gva } from '../core/addr.ts'
import { applyPaging } from './apply.ts'
import type { PagingEvent } from './events.ts'
import type { PagingOp } from './ops.ts'
import { initialPagingState } from './state.ts'
import type { AccessIntent, AccessMode, PagingState } from './types.ts'

export function runOps(
  ops: readonly PagingOp[],
  start: PagingState = initialPagingState,
): { state: PagingState; events: PagingEvent[] } {
  let state = start
  const events: PagingEvent[] = []
  for (const op of ops) {
    const r = applyPaging(state, op)
    if (!r.ok) throw new Error(`${op.kind} refused: ${JSON.stringify(r.error, big)}`)
    state = r.value.state
    events.push(...r.value.events)
  }
  return { state, events }
}

const big = (_k: string, v: unknown): unknown => (typeof v === 'bigint' ? `0x${v.toString(16)}` : v)

export const poke = (addr: bigint, value: bigint, size: 1 | 2 | 4 | 8 = 8): PagingOp => ({
  kind: 'paging.poke',
  addr: gpa(addr),
  value,
  size,
})

export const acc = (
  va: bigint,
  intent: AccessIntent = 'read',
  mode: AccessMode = 'kernel',
): PagingOp => ({ kind: 'paging.access', va: gva(va), intent, mode })

export const mapOp = (
  va: bigint,
  pa: bigint,
  flags: { w?: boolean; u?: boolean; nx?: boolean; g?: boolean } = {},
  size: '4K' | '2M' | '1G' | '4M' | null = null,
): PagingOp => ({
  kind: 'paging.map',
  va: gva(va),
  pa: gpa(pa),
  size,
  writable: flags.w ?? false,
  user: flags.u ?? false,
  noExecute: flags.nx ?? false,
  global: flags.g ?? false,
})

/** The last `paging.access` event of a run. */
export function lastAccess(events: readonly PagingEvent[]) {
  const a = [...events].reverse().find((e) => e.kind === 'paging.access')
  if (!a || a.kind !== 'paging.access') throw new Error('no access event')
  return a
}

/** Error code of the last access, or null when it did not page-fault. */
export function lastErrorCode(events: readonly PagingEvent[]): number | null {
  const o = lastAccess(events).outcome
  return o.result === 'fault' && o.fault.vector === 14 ? o.fault.errorCode : null
}
