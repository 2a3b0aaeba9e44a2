import type { Gva } from '../core/addr.ts'
import type { KindSet } from '../core/module.ts'
import type { PagingMode } from './types.ts'

/** Input the paging engine refuses (not hardware faults: those are events). */
export type PagingError =
  | { readonly code: 'no-cr3' }
  | {
      readonly code: 'misaligned'
      readonly what: 'va' | 'pa'
      readonly addr: bigint
      readonly size: string
    }
  | {
      readonly code: 'address-too-wide'
      readonly what: 'va' | 'pa' | 'cr3'
      readonly addr: bigint
      readonly bits: number
    }
  | { readonly code: 'size-not-in-mode'; readonly size: string; readonly mode: PagingMode }
  | {
      readonly code: 'flag-not-in-mode'
      readonly flag: 'nx' | 'g' | 'pkey'
      readonly mode: PagingMode
    }
  | { readonly code: 'pse-off' }
  | { readonly code: 'map-conflict'; readonly va: Gva; readonly level: number }
  | { readonly code: 'no-free-frame' }
  | { readonly code: 'bad-geometry'; readonly message: string }
  | { readonly code: 'bad-maxphyaddr'; readonly bits: number }
  | { readonly code: 'pcide-needs-long-mode' }
  | { readonly code: 'pcide-needs-pcid-0'; readonly pcid: number }
  | { readonly code: 'bad-tlb-size'; readonly capacity: number }

/** Every error code of the module, listed once (its descriptor's errorKinds). */
export const PAGING_ERROR_KINDS = {
  'address-too-wide': true,
  'bad-geometry': true,
  'bad-maxphyaddr': true,
  'bad-tlb-size': true,
  'flag-not-in-mode': true,
  'map-conflict': true,
  misaligned: true,
  'no-cr3': true,
  'no-free-frame': true,
  'pcide-needs-long-mode': true,
  'pcide-needs-pcid-0': true,
  'pse-off': true,
  'size-not-in-mode': true,
} as const satisfies KindSet<PagingError['code']>
