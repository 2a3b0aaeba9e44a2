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
  linkBytesPerSecond,
  qemuThresholdPages,
  rng,
  simulateMigration,
} from './simulate.ts'
import {
  type MigrateRound,
  type MigrateState,
  type MigrateTimeline,
  MIGRATE_PAGE_BYTES,
} from './types.ts'

/** The most guest stores one `migrate guest` may make (each is a page version kept). */
export const MIGRATE_MAX_GUEST_STORES = 2_000_000

/** Pages whose version differs between two memories (absent = 0). */
export function pagesDiffering(
  a: Readonly<Record<number, number>>,
  b: Readonly<Record<number, number>>,
): number {
  let n = 0
  for (const k of Object.keys(a)) if ((a[Number(k)] ?? 0) !== (b[Number(k)] ?? 0)) n++
  for (const k of Object.keys(b)) if (!(k in a) && (b[Number(k)] ?? 0) !== 0) n++
  return n
}

/** Milliseconds to move `pages` through the link. */
const streamMs = (pages: number, bandwidthMiB: number): number =>
  ((pages * MIGRATE_PAGE_BYTES) / linkBytesPerSecond(bandwidthMiB)) * 1000

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
        state: {
          ...s,
          vm,
          run: null,
          guest: { stores: 0, ms: 0, versions: {} },
          files: [],
          sinceFile: null,
          lastRestore: null,
        },
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
    case 'migrate.guest': {
      const vm = s.vm
      if (vm === null) return err({ code: 'no-vm' })
      const stores = Math.floor((vm.dirtyRate * op.ms) / 1000)
      if (stores > MIGRATE_MAX_GUEST_STORES)
        return err({ code: 'guest-too-long', writes: stores, max: MIGRATE_MAX_GUEST_STORES })
      // Seeded by the VM's seed and the workload's position: the same script, the same stores.
      const next = rng((vm.seed + s.guest.stores) >>> 0)
      const versions: Record<number, number> = { ...s.guest.versions }
      const touched = new Set<number>()
      const total = s.guest.stores + stores
      for (let i = 1; i <= stores; i++) {
        const page = next() % vm.wws
        versions[page] = s.guest.stores + i
        touched.add(page)
      }
      const guest = { stores: total, ms: s.guest.ms + op.ms, versions }
      const newest = s.files.at(-1)
      const sinceFile =
        newest === undefined
          ? null
          : {
              name: newest.name,
              pages: pagesDiffering(newest.versions, versions),
              stores: total - newest.stores,
            }
      return ok({
        state: { ...s, guest, sinceFile, lastRestore: null, run: null },
        events: [
          {
            kind: 'migrate.guest',
            ms: op.ms,
            stores,
            pagesTouched: touched.size,
            totalStores: total,
            sinceFile: sinceFile && { name: sinceFile.name, pages: sinceFile.pages },
            cite: 'mig-wws',
          },
        ],
      })
    }
    case 'migrate.checkpoint': {
      const vm = s.vm
      if (vm === null) return err({ code: 'no-vm' })
      const file = {
        name: op.file,
        pages: vm.pages,
        bytes: vm.pages * MIGRATE_PAGE_BYTES,
        stores: s.guest.stores,
        atMs: s.guest.ms,
        versions: s.guest.versions,
        writeMs: streamMs(vm.pages, s.link.bandwidthMiB),
      }
      const files = [...s.files.filter((f) => f.name !== op.file), file]
      return ok({
        state: {
          ...s,
          files,
          sinceFile: { name: op.file, pages: 0, stores: 0 },
          lastRestore: null,
          run: null,
        },
        events: [
          {
            kind: 'migrate.checkpoint',
            file: op.file,
            pages: file.pages,
            bytes: file.bytes,
            stores: file.stores,
            atMs: file.atMs,
            writeMs: file.writeMs,
            written: Object.keys(file.versions).length,
            cite: 'mig-checkpoint',
          },
        ],
      })
    }
    case 'migrate.restore': {
      const vm = s.vm
      if (vm === null) return err({ code: 'no-vm' })
      const file = s.files.find((f) => f.name === op.file)
      if (!file) return err({ code: 'no-file', name: op.file })
      const reverted = pagesDiffering(file.versions, s.guest.versions)
      const undone = s.guest.stores - file.stores
      const guest = { stores: file.stores, ms: file.atMs, versions: file.versions }
      return ok({
        state: {
          ...s,
          guest,
          sinceFile: { name: file.name, pages: 0, stores: 0 },
          lastRestore: { name: file.name, reverted, undone },
          run: null,
        },
        events: [
          {
            kind: 'migrate.restore',
            file: file.name,
            pages: file.pages,
            reverted,
            undone,
            stores: file.stores,
            readMs: streamMs(file.pages, s.link.bandwidthMiB),
            cite: 'mig-checkpoint',
          },
        ],
      })
    }
  }
}
