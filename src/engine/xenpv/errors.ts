import type { Gva, Mfn } from '../core/addr.ts'
import type { KindSet } from '../core/module.ts'
/** Input the Xen PV model refuses (a refused hypercall is an event, not an error). */
export type XenPvError =
  | { readonly code: 'mode-not-4-level'; readonly mode: string }
  | { readonly code: 'mode-fixed' }
  | { readonly code: 'cr3-privileged' }
  | { readonly code: 'wp-forced' }
  | { readonly code: 'not-owned'; readonly mfn: Mfn }
  | { readonly code: 'no-mapping'; readonly mfn: Mfn }
  | { readonly code: 'multicall-open' }
  | { readonly code: 'multicall-closed' }
  | { readonly code: 'no-requests' }
  | { readonly code: 'large-page' }
  | { readonly code: 'no-free-frame' }
  | { readonly code: 'map-conflict'; readonly va: Gva }
  | { readonly code: 'no-cr3' }

/** Every error code of the module, listed once (its descriptor's errorKinds). */
export const XENPV_ERROR_KINDS = {
  'cr3-privileged': true,
  'large-page': true,
  'map-conflict': true,
  'mode-fixed': true,
  'mode-not-4-level': true,
  'multicall-closed': true,
  'multicall-open': true,
  'no-cr3': true,
  'no-free-frame': true,
  'no-mapping': true,
  'no-requests': true,
  'not-owned': true,
  'wp-forced': true,
} as const satisfies KindSet<XenPvError['code']>
