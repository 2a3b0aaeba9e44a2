import { type Gpa, type Hpa, gfnOf, gpa, hpa } from '../core/addr.ts'
import type { EngineError } from '../core/errors.ts'
import type { Step } from '../core/module.ts'
import type { Machine } from '../machine.ts'
import type { EngineEvent } from '../core/event.ts'
import { type Result, err, ok } from '../core/result.ts'
import { reserveRange } from '../memory/alloc.ts'
import type { PagingState } from '../paging/types.ts'
import type { VirtError } from './errors.ts'
import type { HostPageSize, VirtOp } from './ops.ts'
import type { MmuKind, P2mEntry, VirtState } from './types.ts'

// Shared by every MMU module (ept/, shadow/, xenpv/) and by virt/apply.ts, which imports
// those modules: keeping these here avoids an import cycle.

export interface VirtStep {
  /** The guest CPU's paging state (see VirtState for what its memory holds per MMU). */
  readonly paging: PagingState
  readonly virt: VirtState
  readonly events: readonly EngineEvent[]
}
export type VirtResult = Result<VirtStep, EngineError>

export const HOST_PAGE_BYTES: Record<HostPageSize, bigint> = {
  '4K': 1n << 12n,
  '2M': 1n << 21n,
  '1G': 1n << 30n,
}
const MAX_PA = 1n << 52n

export const virtErr = (e: VirtError): VirtResult => err({ code: 'virt', error: e })

/** `needs` names the MMU an op belongs to; other MMUs refuse it with this error. */
export const wrongMmu = (
  op: Extract<VirtError, { code: 'wrong-mmu' }>['op'],
  needs: MmuKind,
  mmu: MmuKind,
): VirtResult => virtErr({ code: 'wrong-mmu', op, needs, mmu })

/** The P2M entry for a guest-physical address, or null (shadow and xen-pv). */
export function p2mLookup(virt: VirtState, a: Gpa): P2mEntry | null {
  return virt.p2m.get(gfnOf(a)) ?? null
}

/** Host-physical address of a guest-physical one through the P2M, or null when unbacked. */
export function p2mTranslate(virt: VirtState, a: Gpa): Hpa | null {
  const e = p2mLookup(virt, a)
  return e === null ? null : hpa(e.hpa | (a & 0xfffn))
}

/**
 * `host map` for the software MMUs: one P2M entry per 4 KiB frame. The machine range is
 * reserved so the hypervisor's own allocations (shadow tables) never land on guest RAM.
 */
export function p2mMap(
  paging: PagingState,
  virt: VirtState,
  op: Extract<VirtOp, { kind: 'virt.host-map' }>,
): VirtResult {
  const bytes = HOST_PAGE_BYTES[op.size]
  if (op.gpa % bytes !== 0n)
    return virtErr({ code: 'misaligned', what: 'gpa', addr: op.gpa, size: op.size })
  if (op.hpa % bytes !== 0n)
    return virtErr({ code: 'misaligned', what: 'hpa', addr: op.hpa, size: op.size })
  if (op.gpa + bytes > MAX_PA)
    return virtErr({ code: 'address-too-wide', what: 'gpa', addr: op.gpa })
  if (op.hpa + bytes > MAX_PA)
    return virtErr({ code: 'address-too-wide', what: 'hpa', addr: op.hpa })
  if (!op.read && !op.write && !op.execute) return virtErr({ code: 'no-permissions' })
  const p2m = new Map(virt.p2m)
  const replaced = p2m.get(gfnOf(op.gpa))?.hpa ?? null
  for (let off = 0n; off < bytes; off += 0x1000n)
    p2m.set(gfnOf(gpa(op.gpa + off)), {
      hpa: hpa(op.hpa + off),
      read: op.read,
      write: op.write,
      execute: op.execute,
    })
  return ok({
    paging,
    virt: { ...virt, p2m, hostAlloc: reserveRange(virt.hostAlloc, op.hpa, bytes) },
    events: [
      {
        kind: 'virt.p2m-map',
        gpa: op.gpa,
        hpa: op.hpa,
        size: op.size,
        read: op.read,
        write: op.write,
        execute: op.execute,
        replaced,
        cite: 'vmm-p2m',
      },
    ],
  })
}

/** A virtualized-MMU result as a whole-machine step: only `paging` and `virt` change. */
export function liftVirt(machine: Machine, r: VirtResult): Result<Step, EngineError> {
  if (!r.ok) return r
  // A plain spread then two stores: V8 clones `{ ...machine }` alone on a fast path that a
  // spread with overriding keys does not take (about 3x slower per access on the hit path).
  const next: { -readonly [K in keyof Machine]: Machine[K] } = { ...machine }
  next.paging = r.value.paging
  next.virt = r.value.virt
  return ok({ machine: next, events: r.value.events })
}
