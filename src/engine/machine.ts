import {
  initialMachine as initialAddrSpace,
  type Machine as AddrSpaceMachine,
} from './addrspace/types.ts'

/** The whole modelled machine: a readonly record of per-concept states. */
export interface Machine {
  readonly addr: AddrSpaceMachine
}

export const initialMachine: Machine = { addr: initialAddrSpace }
