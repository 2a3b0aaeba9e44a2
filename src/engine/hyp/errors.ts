import type { KindSet } from '../core/module.ts'

/** What the model refuses. */
export type HypError = { readonly code: 'no-design' }

export const HYP_ERROR_KINDS = {
  'no-design': true,
} as const satisfies KindSet<HypError['code']>
