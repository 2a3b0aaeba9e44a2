import { applyAddr } from '../addrspace/module.ts'
import type { Machine } from '../machine.ts'
import type { AddrSpaceOp } from '../addrspace/ops.ts'
import type { Machine as AddrSpaceMachine } from '../addrspace/types.ts'
import type { EngineError } from '../core/errors.ts'
import type { EngineModule } from '../core/module.ts'
import { type Result, err, ok } from '../core/result.ts'
import { virtualized } from '../virt/module.ts'
import { applyPaging } from './apply.ts'
import { PAGING_CITATIONS } from './cite.ts'
import { type PagingError, PAGING_ERROR_KINDS } from './errors.ts'
import { type PagingEvent, PAGING_EVENT_KINDS } from './events.ts'
import { type PagingOp, PAGING_OP_KINDS } from './ops.ts'
import { initialPagingState } from './state.ts'
import type { PagingState } from './types.ts'

/**
 * `map`, `access`, `cr0.wp` and `efer.nxe` are one console row each and always parse to a
 * paging op. With a guest selected (`vm NAME`, machine.addr.current !== null) they mean the
 * guest's view in the addrspace model (mapping lists, guest-physical to machine map), so they
 * are converted here; in native mode they run on the bit-exact paging engine (page tables in
 * memory, real walk, TLB). Returns null for ops that stay with the paging engine.
 */
function guestView(op: PagingOp): Result<AddrSpaceOp, EngineError> | null {
  switch (op.kind) {
    case 'paging.map': {
      // The guest model is 64-bit: 4 MiB pages exist only in 32-bit paging (SDM3 §4.3).
      if (op.size === '4M')
        return err({
          code: 'paging',
          error: { code: 'size-not-in-mode', size: '4M', mode: 'x86-64' },
        })
      return ok({
        kind: 'map',
        va: op.va,
        pa: op.pa,
        size: op.size ?? '4K',
        writable: op.writable,
        user: op.user,
        noExecute: op.noExecute,
        global: op.global,
      })
    }
    case 'paging.access':
      return ok({ kind: 'access', va: op.va, intent: op.intent, mode: op.mode })
    case 'paging.control':
      return op.bit === 'cr0.wp' || op.bit === 'efer.nxe'
        ? ok({ kind: 'control', bit: op.bit, on: op.on })
        : null
    default:
      return null
  }
}

/**
 * The addrspace model keeps one CR0.WP/EFER.NXE pair for the whole machine (the guests see the
 * same bits). A native `cr0.wp`/`efer.nxe` also writes that pair, so whatever reads
 * machine.addr.control (`info registers`, a guest selected later) sees the value just set.
 */
function mirrorControl(addr: AddrSpaceMachine, op: PagingOp): AddrSpaceMachine {
  if (op.kind !== 'paging.control') return addr
  if (op.bit === 'cr0.wp') return { ...addr, control: { ...addr.control, cr0Wp: op.on } }
  if (op.bit === 'efer.nxe') return { ...addr, control: { ...addr.control, eferNxe: op.on } }
  return addr
}

/**
 * Native x86 paging. Its ops are also the guest OS's under a hypervisor: with a guest selected
 * they go to the addrspace model, with `mmu` not native to the MMU in force (virt).
 */
export const pagingModule: EngineModule<
  'paging',
  PagingOp,
  PagingEvent,
  PagingError,
  typeof PAGING_CITATIONS,
  'paging',
  PagingState
> = {
  id: 'paging',
  opKinds: PAGING_OP_KINDS,
  eventKinds: PAGING_EVENT_KINDS,
  errorKinds: PAGING_ERROR_KINDS,
  citations: PAGING_CITATIONS,
  slot: 'paging',
  initial: initialPagingState,
  apply: (machine: Machine, op) => {
    const asGuest = machine.addr.current === null ? null : guestView(op)
    if (asGuest !== null) return asGuest.ok ? applyAddr(machine, asGuest.value) : asGuest
    if (machine.virt.mmu !== 'native') return virtualized(machine, op)
    const r = applyPaging(machine.paging, op)
    if (!r.ok) return err({ code: 'paging', error: r.error })
    return ok({
      machine: { ...machine, paging: r.value.state, addr: mirrorControl(machine.addr, op) },
      events: r.value.events,
    })
  },
}
