/** Input the Xen PV model refuses (a refused hypercall is an event, not an error). */
export type XenPvError =
  | { readonly code: 'mode-not-4-level'; readonly mode: string }
  | { readonly code: 'mode-fixed' }
  | { readonly code: 'cr3-privileged' }
  | { readonly code: 'wp-forced' }
  | { readonly code: 'not-owned'; readonly mfn: bigint }
  | { readonly code: 'no-mapping'; readonly mfn: bigint }
  | { readonly code: 'multicall-open' }
  | { readonly code: 'multicall-closed' }
  | { readonly code: 'no-requests' }
  | { readonly code: 'command-not-modelled'; readonly cmd: number }
  | { readonly code: 'large-page' }
  | { readonly code: 'no-free-frame' }
  | { readonly code: 'map-conflict'; readonly va: bigint }
  | { readonly code: 'no-cr3' }
