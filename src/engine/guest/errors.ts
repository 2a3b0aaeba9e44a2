import type { KindSet } from '../core/module.ts'

export type GuestError =
  | { readonly code: 'no-program' }
  | {
      readonly code: 'bad-asm'
      readonly line: number
      readonly column: number
      readonly message: string
    }
  | {
      readonly code: 'missing-label'
      readonly label: string
      readonly line: number
      readonly column: number
    }
  | {
      readonly code: 'duplicate-label'
      readonly label: string
      readonly line: number
      readonly first: number
    }
  | {
      readonly code: 'bad-count'
      readonly what: 'step' | 'limit'
      readonly value: number
      readonly max: number
    }
  | { readonly code: 'bad-vector'; readonly vector: number }
  | { readonly code: 'no-vmcs'; readonly name: string }

export const GUEST_ERROR_KINDS = {
  'no-program': true,
  'bad-asm': true,
  'missing-label': true,
  'duplicate-label': true,
  'bad-count': true,
  'bad-vector': true,
  'no-vmcs': true,
} as const satisfies KindSet<GuestError['code']>
