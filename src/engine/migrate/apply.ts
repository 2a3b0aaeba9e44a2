// The live-migration model's ops: describe the VM and the link, start a run (the whole
// timeline is computed then, deterministically), and step its rounds one by one.
import { type Result, err, ok } from '../core/result.ts'
import type { MigrateError } from './errors.ts'
import type { MigrateEvent } from './events.ts'
import type { MigrateOp } from './ops.ts'
import {
  MIGRATE_MAX_PAGES,
  MIGRATE_MAX_WRITES,
  estimatedWrites,
  qemuThresholdPages,
  simulateMigration,
} from './simulate.ts'
import type { MigrateRound, MigrateState, MigrateTimeline } from './types.ts'

export interface MigrateStep {
  readonly state: MigrateState
  readonly events: readonly MigrateEvent[]
}

/** The source a round's event cites: the rule or mechanism that round shows. */
function roundCite(
  r: MigrateRound,
  rule: MigrateTimeline['config']['policy']['rule'],
): Extract<MigrateEvent, { kind: 'migrate.round' }>['cite'] {
  if (r.kind === 'postcopy' || r.decision.kind === 'postcopy') return 'mig-postcopy'
  if (r.throttleAfterPct !== r.throttlePct) return 'mig-autoconverge'
  if (r.decision.kind === 'stop' || r.decision.kind === 'last-live' || r.kind === 'stop-copy')
    return rule === 'qemu' ? 'mig-qemu-stop' : rule === 'xen' ? 'mig-xen-stop' : 'mig-xen-legacy'
  return 'mig-precopy'
}

function roundEvent(tl: MigrateTimeline, i: number): MigrateEvent {
  const round = tl.rounds[i] as MigrateRound
  return {
    kind: 'migrate.round',
    round,
    rule: tl.config.policy.rule,
    thresholdPages: tl.thresholdPages,
    of: tl.rounds.length,
    pagesPerSecond: tl.pagesPerSecond,
    cite: roundCite(round, tl.config.policy.rule),
  }
}

const doneEvent = (tl: MigrateTimeline): MigrateEvent => ({
  kind: 'migrate.done',
  verdict: tl.verdict,
  rounds: tl.rounds.length,
  downtimeMs: tl.downtimeMs,
  totalMs: tl.totalMs,
  totalSent: tl.totalSent,
  faults: tl.rounds.reduce((n, r) => n + r.faults, 0),
  rateAboveLink: tl.rateAboveLink,
  thresholdPages: tl.thresholdPages,
  pagesPerSecond: tl.pagesPerSecond,
  timeline: tl.rounds,
  cite: 'mig-precopy',
})

export function applyMigrate(s: MigrateState, op: MigrateOp): Result<MigrateStep, MigrateError> {
  switch (op.kind) {
    case 'migrate.vm': {
      if (op.pages > MIGRATE_MAX_PAGES)
        return err({ code: 'too-many-pages', pages: op.pages, max: MIGRATE_MAX_PAGES })
      if (op.wws > op.pages) return err({ code: 'wws-too-big', wws: op.wws, pages: op.pages })
      const vm = { pages: op.pages, wws: op.wws, dirtyRate: op.dirtyRate, seed: op.seed }
      return ok({
        state: { ...s, vm, run: null },
        events: [{ kind: 'migrate.vm', ...vm, cite: 'mig-wws' }],
      })
    }
    case 'migrate.link': {
      const link = { bandwidthMiB: op.bandwidthMiB, downtimeMs: op.downtimeMs }
      return ok({
        state: { ...s, link, run: null },
        events: [
          {
            kind: 'migrate.link',
            ...link,
            thresholdPages: qemuThresholdPages(link.bandwidthMiB, link.downtimeMs),
            cite: 'mig-qemu-stop',
          },
        ],
      })
    }
    case 'migrate.start': {
      if (s.vm === null) return err({ code: 'no-vm' })
      const policy = {
        rule: op.rule,
        autoConverge: op.autoConverge,
        postcopyAfter: op.postcopyAfter,
        log: op.log,
        maxRounds: op.maxRounds,
      }
      const config = { vm: s.vm, link: s.link, policy }
      const writes = estimatedWrites(config)
      if (writes > MIGRATE_MAX_WRITES)
        return err({ code: 'too-much-work', writes: Math.ceil(writes), max: MIGRATE_MAX_WRITES })
      const { timeline } = simulateMigration(config)
      return ok({
        state: { ...s, run: { timeline, shown: 0, finished: false } },
        events: [
          {
            kind: 'migrate.start',
            ...policy,
            thresholdPages: timeline.thresholdPages,
            rounds: timeline.rounds.length,
            cite: 'mig-dirty-log',
          },
        ],
      })
    }
    case 'migrate.step': {
      const run = s.run
      if (run === null) return err({ code: 'no-run' })
      const tl = run.timeline
      if (run.finished) return err({ code: 'finished', rounds: tl.rounds.length })
      const last =
        op.count === null ? tl.rounds.length : Math.min(tl.rounds.length, run.shown + op.count)
      const events: MigrateEvent[] = []
      for (let i = run.shown; i < last; i++) events.push(roundEvent(tl, i))
      // Past the last round (or asked for all): the verdict, once.
      const finished = events.length === 0 || op.count === null
      if (finished) events.push(doneEvent(tl))
      return ok({ state: { ...s, run: { timeline: tl, shown: last, finished } }, events })
    }
  }
}
