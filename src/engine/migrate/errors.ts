import type { KindSet } from '../core/module.ts'

/** What the migration model refuses, with the numbers that made it refuse. */
export type MigrateError =
  | { readonly code: 'no-vm' }
  | { readonly code: 'no-run' }
  | { readonly code: 'finished'; readonly rounds: number }
  | { readonly code: 'wws-too-big'; readonly wws: number; readonly pages: number }
  | { readonly code: 'too-many-pages'; readonly pages: number; readonly max: number }
  | { readonly code: 'too-much-work'; readonly writes: number; readonly max: number }
  | { readonly code: 'no-file'; readonly name: string }
  | { readonly code: 'guest-too-long'; readonly writes: number; readonly max: number }

export const MIGRATE_ERROR_KINDS = {
  'no-vm': true,
  'no-run': true,
  finished: true,
  'wws-too-big': true,
  'too-many-pages': true,
  'too-much-work': true,
  'no-file': true,
  'guest-too-long': true,
} as const satisfies KindSet<MigrateError['code']>
