import type { MachineOf } from './core/module.ts'
import { type EngineModules, MODULES } from './modules.ts'

/**
 * The whole modelled machine: one readonly slot per module that owns state (addr, paging,
 * virt, xen, vmx), derived from the module list. The MMUs' states live inside `virt`.
 */
export type Machine = MachineOf<EngineModules>

// Built from each module's initial state; the cast is safe because MachineOf is exactly
// the slot -> initial record of the same list.
export const initialMachine = Object.fromEntries(
  MODULES.flatMap((m) => (m.slot === null ? [] : [[m.slot, m.initial]])),
) as Machine
