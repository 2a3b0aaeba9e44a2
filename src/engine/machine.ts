import {
  initialMachine as initialAddrSpace,
  type Machine as AddrSpaceMachine,
} from './addrspace/types.ts'
import { initialPagingState } from './paging/state.ts'
import type { PagingState } from './paging/types.ts'
import { type VirtState, initialVirtState } from './virt/types.ts'
import { type VmxState, initialVmxState } from './vmx/types.ts'
import { type XenState, initialXenState } from './xen/types.ts'

/** The whole modelled machine: a readonly record of per-concept states. */
export interface Machine {
  readonly addr: AddrSpaceMachine
  /** Native x86 paging: page tables in physical memory, control registers, the TLB. */
  readonly paging: PagingState
  /** The hypervisor's side when `mmu` is not native: host memory, P2M, EPT, shadow, Xen PV. */
  readonly virt: VirtState
  readonly xen: XenState
  readonly vmx: VmxState
}

export const initialMachine: Machine = {
  addr: initialAddrSpace,
  paging: initialPagingState,
  virt: initialVirtState,
  xen: initialXenState,
  vmx: initialVmxState,
}
