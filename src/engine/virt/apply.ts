import { ok } from '../core/result.ts'
import { eptMmu } from '../ept/apply.ts'
import { readPhys, writePhys } from '../memory/phys.ts'
import type { PagingOp } from '../paging/ops.ts'
import { makePagingState } from '../paging/state.ts'
import type { PagingState } from '../paging/types.ts'
import { shadowMmu } from '../shadow/apply.ts'
import { xenPvMmu } from '../xenpv/apply.ts'
import { type Mmu, type MmuOp, type VirtMachine, type VirtMmuKind, mmuMethod } from './mmu.ts'
import type { VirtOp } from './ops.ts'
import { type VirtResult, virtErr, wrongMmu } from './p2m.ts'
import { type MmuKind, type VirtState, initialVirtState } from './types.ts'

// Each MMU module adds its Mmu here (one line each).
const MMUS: { readonly [K in VirtMmuKind]: Mmu<K> } = {
  ept: eptMmu,
  shadow: shadowMmu,
  'xen-pv': xenPvMmu,
}

/**
 * Runs `op` on `mmu`. The default for an op kind the MMU has no method for is a refusal that
 * names the MMU in force and one that does implement the op (`wrong-mmu`; `native` when no
 * MMU module does, as native paging runs every paging op).
 */
export function runMmu(mmu: Mmu, m: VirtMachine, op: MmuOp): VirtResult {
  // Protection keys are modelled in the native walk only (SDM3 §4.6.2); see pke-unsupported.
  if (op.kind === 'paging.control' && op.bit === 'cr4.pke' && op.on)
    return virtErr({ code: 'pke-unsupported', mmu: mmu.kind, op: 'cr4.pke' })
  const method = mmuMethod(mmu, op.kind)
  if (method) return method(m, op)
  const owners = Object.values(MMUS) as readonly Mmu[]
  const owner = owners.find((o) => o.kind !== mmu.kind && mmuMethod(o, op.kind) !== undefined)
  return wrongMmu(op.kind, owner?.kind ?? 'native', mmu.kind)
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
export const availableMmus = (): MmuKind[] => ['native', ...(Object.keys(MMUS) as VirtMmuKind[])]

/**
 * Ops of the virtualized machine. `mmu` starts a fresh guest and host (a lecture switches
 * MMU between experiments; carrying tables across would mix two memory models).
 */
export function applyVirt(paging: PagingState, virt: VirtState, op: PagingOp | VirtOp): VirtResult {
  if (op.kind === 'virt.mmu') {
    return ok({
      paging: makePagingState(),
      virt: { ...initialVirtState, mmu: op.mmu },
      events: [{ kind: 'virt.mmu', mmu: op.mmu, previous: virt.mmu, cite: 'vmscope-mmu' }],
    })
  }
  if (op.kind === 'virt.host-poke') return hostPoke(paging, virt, op)
  if (virt.mmu === 'native') return virtErr({ code: 'no-hypervisor', op: op.kind })
  return runMmu(MMUS[virt.mmu], { paging, virt }, op)
}
