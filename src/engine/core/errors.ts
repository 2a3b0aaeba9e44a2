import type { AddrSpaceOp } from '../addrspace/ops.ts'
import type { ErrorOf } from './module.ts'
import type { EngineModules } from '../modules.ts'

/**
 * Bad input the engine refuses; the console and UI show it in plain words. A module's own
 * refusals arrive wrapped with its id (`{ code: 'xen', error }`, derived from the module
 * list); the flat codes here are the address-space model's, shared by several modules.
 * Errors name an op by its kind; the console turns that into the command typed.
 */
export type CoreError =
  | {
      readonly code: 'misaligned'
      readonly what: 'va' | 'pa' | 'gpa' | 'hpa'
      readonly addr: bigint
      readonly size: string
    }
  | { readonly code: 'not-virtualized'; readonly op: Extract<AddrSpaceOp['kind'], 'host.map'> }
  | {
      readonly code: 'address-too-wide'
      readonly what: 'pa' | 'gpa' | 'hpa'
      readonly addr: bigint
    }
  | { readonly code: 'no-permissions' }

export type EngineError = CoreError | ErrorOf<EngineModules>

/** MAXPHYADDR used by the model: 52 bits, the architectural maximum (SDM3 §4.1.4). */
export const MAXPHYADDR = 52n
