import { err, ok } from '../core/result.ts'
import type { EngineModule } from '../core/module.ts'
import { applyMigrate } from './apply.ts'
import { MIGRATE_CITATIONS } from './cite.ts'
import { type MigrateError, MIGRATE_ERROR_KINDS } from './errors.ts'
import { type MigrateEvent, MIGRATE_EVENT_KINDS } from './events.ts'
import { type MigrateOp, MIGRATE_OP_KINDS } from './ops.ts'
import { type MigrateState, initialMigrateState } from './types.ts'

/** Live migration: pre-copy rounds, QEMU's and Xen's stop rules, auto-converge, post-copy. */
export const migrateModule: EngineModule<
  'migrate',
  MigrateOp,
  MigrateEvent,
  MigrateError,
  typeof MIGRATE_CITATIONS,
  'migrate',
  MigrateState
> = {
  id: 'migrate',
  opKinds: MIGRATE_OP_KINDS,
  eventKinds: MIGRATE_EVENT_KINDS,
  errorKinds: MIGRATE_ERROR_KINDS,
  citations: MIGRATE_CITATIONS,
  slot: 'migrate',
  initial: initialMigrateState,
  apply: (machine, op) => {
    const r = applyMigrate(machine.migrate, op)
    if (!r.ok) return err({ code: 'migrate', error: r.error })
    return ok({ machine: { ...machine, migrate: r.value.state }, events: r.value.events })
  },
}
