import type { KindSet } from '../core/module.ts'
import type { MigrateLink, MigratePolicy, MigrateVm } from './types.ts'

/** Every operation of the live-migration model (CONSOLE.md `migrate ...`). */
export type MigrateOp =
  | ({ readonly kind: 'migrate.vm' } & MigrateVm)
  | ({ readonly kind: 'migrate.link' } & MigrateLink)
  | ({ readonly kind: 'migrate.start' } & MigratePolicy)
  /** Step `count` rounds of the run, or every round left (null). */
  | { readonly kind: 'migrate.step'; readonly count: number | null }
  /** Let the guest run its workload for `ms` milliseconds (no migration running). */
  | { readonly kind: 'migrate.guest'; readonly ms: number }
  /** Save the VM to a file: the migration stream with the guest paused (xl save). */
  | { readonly kind: 'migrate.checkpoint'; readonly file: string }
  /** Load a saved file back into the VM. */
  | { readonly kind: 'migrate.restore'; readonly file: string }

export const MIGRATE_OP_KINDS = {
  'migrate.vm': true,
  'migrate.link': true,
  'migrate.start': true,
  'migrate.step': true,
  'migrate.guest': true,
  'migrate.checkpoint': true,
  'migrate.restore': true,
} as const satisfies KindSet<MigrateOp['kind']>
