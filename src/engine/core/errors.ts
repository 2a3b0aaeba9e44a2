import type { EptError } from '../ept/errors.ts'
import type { PagingError } from '../paging/errors.ts'
import type { ShadowError } from '../shadow/errors.ts'
import type { VirtError } from '../virt/errors.ts'
import type { VmxError } from '../vmx/events.ts'
import type { XenError } from '../xen/errors.ts'
import type { XenPvError } from '../xenpv/errors.ts'

/** Bad input the engine refuses; the console and UI show it in plain words. */
export type EngineError =
  | {
      readonly code: 'misaligned'
      readonly what: 'va' | 'pa' | 'gpa' | 'hpa'
      readonly addr: bigint
      readonly size: string
    }
  | { readonly code: 'not-virtualized'; readonly command: string }
  | {
      readonly code: 'address-too-wide'
      readonly what: 'pa' | 'gpa' | 'hpa'
      readonly addr: bigint
    }
  | { readonly code: 'no-permissions' }
  /** The Xen model refused the op (its message is already plain words). */
  | { readonly code: 'xen'; readonly error: XenError }
  /** The VT-x model refused the op (no hardware outcome, e.g. an unknown VMCS field). */
  | { readonly code: 'vmx'; readonly error: VmxError }
  /** The native paging engine refused the op (e.g. no CR3 loaded, a misaligned large page). */
  | { readonly code: 'paging'; readonly error: PagingError }
  /** The virtualization layer refused the op (`mmu`, `host map`, an MMU's own input checks). */
  | { readonly code: 'virt'; readonly error: VirtError }
  /** The shadow-paging model refused the op (a guest large page, an unsupported mode or bit). */
  | { readonly code: 'shadow'; readonly error: ShadowError }
  /** The EPT model refused the op (no EPTP yet, a bad EPTP value, a `host map` conflict). */
  | { readonly code: 'ept'; readonly error: EptError }
  /** Xen PV direct paging refused the input (a refused hypercall is an event instead). */
  | { readonly code: 'xenpv'; readonly error: XenPvError }

/** MAXPHYADDR used by the model: 52 bits, the architectural maximum (SDM3 §4.1.4). */
export const MAXPHYADDR = 52n
