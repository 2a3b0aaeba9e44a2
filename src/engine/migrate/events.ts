import type { KindSet } from '../core/module.ts'
import type {
  MigrateLink,
  MigratePolicy,
  MigrateRound,
  MigrateTimeline,
  MigrateVm,
  Verdict,
} from './types.ts'

/** Every event of the live-migration model. */
export type MigrateEvent =
  | ({ readonly kind: 'migrate.vm'; readonly cite: 'mig-wws' } & MigrateVm)
  | ({
      readonly kind: 'migrate.link'
      /** QEMU's threshold in pages at this link (bandwidth x downtime-limit / 4 KiB). */
      readonly thresholdPages: number
      readonly cite: 'mig-qemu-stop'
    } & MigrateLink)
  | ({
      readonly kind: 'migrate.start'
      readonly thresholdPages: number
      /** How many rounds the run has in all (live, then stop-and-copy or post-copy). */
      readonly rounds: number
      /** Starting the run turns on dirty logging (KVM_MEM_LOG_DIRTY_PAGES). */
      readonly cite: 'mig-dirty-log'
    } & MigratePolicy)
  | {
      readonly kind: 'migrate.round'
      readonly round: MigrateRound
      readonly rule: MigratePolicy['rule']
      readonly thresholdPages: number
      /** The rounds of the run in all, so a round can say "3 of 5". */
      readonly of: number
      /** The link's rate, for the downtime stopping now would cost. */
      readonly pagesPerSecond: number
      readonly cite:
        | 'mig-precopy'
        | 'mig-qemu-stop'
        | 'mig-xen-stop'
        | 'mig-xen-legacy'
        | 'mig-autoconverge'
        | 'mig-postcopy'
    }
  | {
      readonly kind: 'migrate.done'
      readonly verdict: Verdict
      readonly rounds: number
      readonly downtimeMs: number
      readonly totalMs: number
      readonly totalSent: number
      readonly faults: number
      readonly rateAboveLink: boolean
      readonly thresholdPages: number
      readonly pagesPerSecond: number
      /** Every round, for the command's JSON (a `migrate run` reports them all). */
      readonly timeline: readonly MigrateRound[]
      readonly cite: 'mig-precopy'
    }
  | {
      readonly kind: 'migrate.guest'
      readonly ms: number
      /** Stores this run made, and the distinct pages they touched. */
      readonly stores: number
      readonly pagesTouched: number
      readonly totalStores: number
      /** Pages now different from the newest checkpoint, if there is one. */
      readonly sinceFile: { readonly name: string; readonly pages: number } | null
      readonly cite: 'mig-wws'
    }
  | {
      readonly kind: 'migrate.checkpoint'
      readonly file: string
      readonly pages: number
      readonly bytes: number
      readonly stores: number
      readonly atMs: number
      readonly writeMs: number
      /** Pages that hold something other than their initial contents. */
      readonly written: number
      readonly cite: 'mig-checkpoint'
    }
  | {
      readonly kind: 'migrate.restore'
      readonly file: string
      readonly pages: number
      /** Pages whose contents went back to the saved ones. */
      readonly reverted: number
      /** Stores the guest made after the checkpoint, now undone. */
      readonly undone: number
      readonly stores: number
      readonly readMs: number
      readonly cite: 'mig-checkpoint'
    }

export type { MigrateTimeline }

export const MIGRATE_EVENT_KINDS = {
  'migrate.vm': true,
  'migrate.link': true,
  'migrate.start': true,
  'migrate.round': true,
  'migrate.done': true,
  'migrate.guest': true,
  'migrate.checkpoint': true,
  'migrate.restore': true,
} as const satisfies KindSet<MigrateEvent['kind']>
