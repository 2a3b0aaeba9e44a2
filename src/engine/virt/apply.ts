import { ok } from '../core/result.ts'
import { eptHandler } from '../ept/apply.ts'
import { readPhys, writePhys } from '../memory/phys.ts'
import type { PagingOp } from '../paging/ops.ts'
import { makePagingState } from '../paging/state.ts'
import type { PagingState } from '../paging/types.ts'
import { xenPvHandler } from '../xenpv/apply.ts'
import { shadowHandler } from '../shadow/apply.ts'
import type { VirtOp } from './ops.ts'
import { type MmuHandler, type VirtResult, virtErr } from './p2m.ts'
import { type MmuKind, type VirtState, initialVirtState } from './types.ts'

// Each MMU module adds its handler here (one line each).
const HANDLERS: Partial<Record<Exclude<MmuKind, 'native'>, MmuHandler>> = {
  ept: eptHandler,
  shadow: shadowHandler,
  'xen-pv': xenPvHandler,
}

const MAX_PA = 1n << 52n

function hostPoke(
  paging: PagingState,
  virt: VirtState,
  op: Extract<VirtOp, { kind: 'virt.host-poke' }>,
): VirtResult {
  if (op.addr + BigInt(op.size) > MAX_PA)
    return virtErr({ code: 'address-too-wide', what: 'hpa', addr: op.addr })
  const value = op.value & ((1n << BigInt(op.size * 8)) - 1n)
  // Under xen-pv the guest's memory is machine memory (VirtState): one store for both views.
  const inPaging = virt.mmu === 'xen-pv'
  const mem = inPaging ? paging.mem : virt.host
  const old = readPhys(mem, op.addr, op.size)
  const next = writePhys(mem, op.addr, op.size, value)
  return ok({
    paging: inPaging ? { ...paging, mem: next } : paging,
    virt: inPaging ? virt : { ...virt, host: next },
    events: [
      {
        kind: 'virt.host-poke',
        addr: op.addr,
        size: op.size,
        value,
        old,
        cite: 'vmscope-host-poke',
      },
    ],
  })
}

/** Which MMUs the engine can run (the console's `mmu` completion lists these). */
export const availableMmus = (): MmuKind[] => [
  'native',
  ...(Object.keys(HANDLERS) as Exclude<MmuKind, 'native'>[]),
]

/**
 * Ops of the virtualized machine. `mmu` starts a fresh guest and host (a lecture switches
 * MMU between experiments; carrying tables across would mix two memory models).
 */
export function applyVirt(paging: PagingState, virt: VirtState, op: PagingOp | VirtOp): VirtResult {
  if (op.kind === 'virt.mmu') {
    if (op.mmu !== 'native' && !HANDLERS[op.mmu])
      return virtErr({ code: 'wrong-mmu', command: 'mmu', needs: op.mmu, mmu: virt.mmu })
    return ok({
      paging: makePagingState(),
      virt: { ...initialVirtState, mmu: op.mmu },
      events: [{ kind: 'virt.mmu', mmu: op.mmu, previous: virt.mmu, cite: 'vmscope-mmu' }],
    })
  }
  if (op.kind === 'virt.host-poke') return hostPoke(paging, virt, op)
  const h = virt.mmu === 'native' ? undefined : HANDLERS[virt.mmu]
  if (!h) {
    const command = op.kind === 'virt.host-map' ? 'host map' : op.kind
    return virtErr({ code: 'no-hypervisor', command })
  }
  return h(paging, virt, op)
}
