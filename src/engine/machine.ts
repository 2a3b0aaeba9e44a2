import {
  initialMachine as initialAddrSpace,
  type Machine as AddrSpaceMachine,
} from './addrspace/types.ts'
import { type VmxState, initialVmxState } from './vmx/types.ts'
import { type XenState, initialXenState } from './xen/types.ts'

/** The whole modelled machine: a readonly record of per-concept states. */
export interface Machine {
  readonly addr: AddrSpaceMachine
  readonly xen: XenState
  readonly vmx: VmxState
}

export const initialMachine: Machine = {
  addr: initialAddrSpace,
  xen: initialXenState,
  vmx: initialVmxState,
}
