import type { KindSet } from '../core/module.ts'
import type { MigrateLink, MigratePolicy, MigrateVm } from './types.ts'

/** Every operation of the live-migration model (CONSOLE.md `migrate ...`). */
export type MigrateOp =
  | ({ readonly kind: 'migrate.vm' } & MigrateVm)
  | ({ readonly kind: 'migrate.link' } & MigrateLink)
  | ({ readonly kind: 'migrate.start' } & MigratePolicy)
  /** Step `count` rounds of the run, or every round left (null). */
  | { readonly kind: 'migrate.step'; readonly count: number | null }

export const MIGRATE_OP_KINDS = {
  'migrate.vm': true,
  'migrate.link': true,
  'migrate.start': true,
  'migrate.step': true,
} as const satisfies KindSet<MigrateOp['kind']>
