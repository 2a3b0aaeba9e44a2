import type { Gva } from '../core/addr.ts'
import type { KindSet } from '../core/module.ts'
import type { ControlBit, PagingMode } from '../paging/types.ts'

/** Input the shadow-paging model refuses (hardware outcomes are events, not errors). */
export type ShadowError =
  /** Shadow paging is modelled for 4-level guests only. */
  | { readonly code: 'mode-unsupported'; readonly mode: PagingMode }
  /** Guest 2 MiB / 1 GiB pages are not shadowed by this model. */
  | { readonly code: 'large-page'; readonly va: Gva; readonly level: number }
  /** PCIDs under shadow paging are not modelled. */
  | { readonly code: 'control-unsupported'; readonly bit: ControlBit; readonly on: boolean }
  /** The host ran out of frames for shadow pages. */
  | { readonly code: 'host-full' }

/** Every error code of the module, listed once (its descriptor's errorKinds). */
export const SHADOW_ERROR_KINDS = {
  'control-unsupported': true,
  'host-full': true,
  'large-page': true,
  'mode-unsupported': true,
} as const satisfies KindSet<ShadowError['code']>
