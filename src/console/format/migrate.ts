// JSON fields and text lines of live migration (CONSOLE.md `migrate ...`). JSON fields:
//   migrate vm:    pages, wws, dirty_rate (stores/s), seed
//   migrate link:  bandwidth_mib, downtime_ms, threshold_pages (QEMU: bandwidth x limit / 4 KiB)
//   migrate start: rule, auto_converge, log, postcopy_after, max_rounds, threshold_pages,
//                  total_rounds
//   migrate round: round {n, kind live|stop-copy|postcopy, sent, dirtied, writes, start_ms,
//                  duration_ms, throttle_pct, throttle_after_pct, expected_downtime_ms,
//                  exit_reason, exits, faults, decision, why}, threshold_pages
//   the verdict (after the last round, and what `migrate run` ends with): verdict
//                  converged|postcopy|not-converged, converged, downtime_ms, total_ms,
//                  total_sent, faults, rate_above_link, threshold_pages, rounds [round...]
//   migrate guest: ms, stores, pages_touched, total_stores, since_checkpoint {file, pages}|null
//   migrate checkpoint: file, pages, bytes, stores (the vCPU's position), at_ms, write_ms,
//                  pages_written (pages not at their initial contents), contents [ram, vcpu]
//   migrate restore: file, pages, pages_reverted, stores_undone, stores, read_ms
import {
  type MigrateError,
  type MigrateEvent,
  type MigrateRound,
  type StopWhy,
  exhaustive,
} from '../../engine/index.ts'
import type { JsonObject } from '../format.ts'

/** Milliseconds as JSON: three decimals are microseconds, enough for one page's time. */
const ms3 = (n: number): number => Math.round(n * 1000) / 1000
/** Milliseconds as text. */
export const msText = (n: number): string =>
  n >= 10_000 ? `${(n / 1000).toFixed(1)} s` : `${n.toFixed(1)} ms`
/** A threshold in pages as text (QEMU's is fractional). */
export const pagesText = (n: number): string => (Number.isInteger(n) ? String(n) : n.toFixed(1))

export const WHY_TEXT: Record<StopWhy, string> = {
  'below-threshold': 'pending < bandwidth x downtime-limit',
  'few-dirty': 'fewer than 50 dirty pages',
  'max-iterations': 'iteration limit reached',
  'few-sent': 'fewer than 50 pages sent in the round',
  'three-times-ram': 'more than 3 x RAM sent',
}

function roundJson(r: MigrateRound, pagesPerSecond: number): JsonObject {
  const d = r.decision
  return {
    n: r.index,
    kind: r.kind,
    sent: r.sent,
    dirtied: r.dirtied,
    writes: r.writes,
    start_ms: ms3(r.startMs),
    duration_ms: ms3(r.durationMs),
    throttle_pct: r.throttlePct,
    throttle_after_pct: r.throttleAfterPct,
    expected_downtime_ms: ms3((r.dirtied / pagesPerSecond) * 1000),
    exit_reason: r.exits?.reason ?? null,
    exits: r.exits?.count ?? 0,
    faults: r.faults,
    decision: d.kind,
    why: d.kind === 'stop' || d.kind === 'last-live' ? d.why : null,
  }
}

export function migrateEventJson(e: MigrateEvent): JsonObject {
  switch (e.kind) {
    case 'migrate.vm':
      return { pages: e.pages, wws: e.wws, dirty_rate: e.dirtyRate, seed: e.seed }
    case 'migrate.link':
      return {
        bandwidth_mib: e.bandwidthMiB,
        downtime_ms: e.downtimeMs,
        threshold_pages: ms3(e.thresholdPages),
      }
    case 'migrate.start':
      return {
        rule: e.rule,
        auto_converge: e.autoConverge,
        log: e.log,
        postcopy_after: e.postcopyAfter,
        max_rounds: e.maxRounds,
        threshold_pages: ms3(e.thresholdPages),
        total_rounds: e.rounds,
      }
    case 'migrate.round':
      return {
        round: roundJson(e.round, e.pagesPerSecond),
        threshold_pages: ms3(e.thresholdPages),
      }
    case 'migrate.done':
      return {
        verdict: e.verdict,
        converged: e.verdict !== 'not-converged',
        downtime_ms: ms3(e.downtimeMs),
        total_ms: ms3(e.totalMs),
        total_sent: e.totalSent,
        faults: e.faults,
        rate_above_link: e.rateAboveLink,
        threshold_pages: ms3(e.thresholdPages),
        rounds: e.timeline.map((r) => roundJson(r, e.pagesPerSecond)),
      }
    case 'migrate.guest':
      return {
        ms: e.ms,
        stores: e.stores,
        pages_touched: e.pagesTouched,
        total_stores: e.totalStores,
        since_checkpoint: e.sinceFile && { file: e.sinceFile.name, pages: e.sinceFile.pages },
      }
    case 'migrate.checkpoint':
      return {
        file: e.file,
        pages: e.pages,
        bytes: e.bytes,
        stores: e.stores,
        at_ms: e.atMs,
        write_ms: ms3(e.writeMs),
        pages_written: e.written,
        contents: ['ram', 'vcpu'],
      }
    case 'migrate.restore':
      return {
        file: e.file,
        pages: e.pages,
        pages_reverted: e.reverted,
        stores_undone: e.undone,
        stores: e.stores,
        read_ms: ms3(e.readMs),
      }
    default:
      return exhaustive(e)
  }
}

function decisionText(r: MigrateRound): string {
  const d = r.decision
  switch (d.kind) {
    case 'continue':
      return 'continue'
    case 'stop':
      return `stop (${WHY_TEXT[d.why]})`
    case 'last-live':
      return `send these live once more, then stop (${WHY_TEXT[d.why]})`
    case 'postcopy':
      return 'switch to post-copy'
    case 'give-up':
      return 'round cap reached: not converged'
    case 'done':
      return 'done'
    default:
      return exhaustive(d)
  }
}

export function migrateEventText(e: MigrateEvent): string {
  switch (e.kind) {
    case 'migrate.vm':
      return `migrating VM: ${e.pages} pages, writable working set ${e.wws} pages, ${e.dirtyRate} stores/s (seed ${e.seed})`
    case 'migrate.link':
      return `link ${e.bandwidthMiB} MiB/s, downtime limit ${e.downtimeMs} ms: QEMU threshold ${pagesText(e.thresholdPages)} pages`
    case 'migrate.start':
      return `migration started (${e.rule}${e.autoConverge ? ', auto-converge' : ''}${e.postcopyAfter === null ? '' : `, post-copy after round ${e.postcopyAfter}`}, dirty log ${e.log}): ${e.rounds} rounds`
    case 'migrate.round': {
      const r = e.round
      if (r.kind === 'stop-copy')
        return `round ${r.index}/${e.of} stop-and-copy: guest paused, ${r.sent} pages in ${msText(r.durationMs)} (downtime)`
      if (r.kind === 'postcopy')
        return `round ${r.index}/${e.of} post-copy: destination runs; ${r.sent} pages pushed or fetched, ${r.faults} faults, ${msText(r.durationMs)}`
      const thr = r.throttlePct > 0 ? `, throttle ${r.throttlePct}%` : ''
      const step =
        r.throttleAfterPct !== r.throttlePct
          ? `; auto-converge: throttle ${r.throttleAfterPct}%`
          : ''
      return `round ${r.index}/${e.of}: sent ${r.sent} pages in ${msText(r.durationMs)}${thr}, guest dirtied ${r.dirtied} (threshold ${pagesText(e.thresholdPages)}): ${decisionText(r)}${step}`
    }
    case 'migrate.done':
      return e.verdict === 'converged'
        ? `migrated: downtime ${msText(e.downtimeMs)}, total ${msText(e.totalMs)}, ${e.totalSent} pages sent in ${e.rounds} rounds`
        : e.verdict === 'postcopy'
          ? `migrated by post-copy: total ${msText(e.totalMs)}, ${e.totalSent} pages, ${e.faults} page faults on the destination`
          : `not converged after ${e.rounds} rounds: the guest dirties its working set faster than the link drains it${e.rateAboveLink ? ' (its store rate exceeds the link)' : ''}`
    case 'migrate.guest':
      return `guest ran ${e.ms} ms: ${e.stores} stores to ${e.pagesTouched} pages${e.sinceFile ? `; ${e.sinceFile.pages} pages now differ from checkpoint ${e.sinceFile.name}` : ''}`
    case 'migrate.checkpoint':
      return `checkpoint ${e.file}: guest paused, ${e.pages} pages (${e.bytes} bytes) and the vCPU state (store ${e.stores}) written in ${msText(e.writeMs)}`
    case 'migrate.restore':
      return `restored ${e.file}: ${e.pages} pages read in ${msText(e.readMs)}; ${e.reverted} pages back to their saved contents, ${e.undone} stores undone; the guest resumes at store ${e.stores}`
    default:
      return exhaustive(e)
  }
}

export function describeMigrateError(e: MigrateError): string {
  switch (e.code) {
    case 'no-vm':
      return "describe the VM first: 'migrate vm PAGES wws=PAGES dirty=STORES_PER_S'"
    case 'no-run':
      return "no migration is running: 'migrate start' first"
    case 'finished':
      return `the migration is over (${e.rounds} rounds); 'migrate start' runs it again`
    case 'wws-too-big':
      return `a writable working set of ${e.wws} pages does not fit in ${e.pages} pages of RAM`
    case 'too-many-pages':
      return `${e.pages} pages is more than the model holds (${e.max})`
    case 'too-much-work':
      return `this run would simulate about ${e.writes} guest stores, more than the model's ${e.max}: lower dirty=, raise the link, or lower max-rounds=`
    case 'no-file':
      return `no checkpoint file named ${e.name}: 'migrate checkpoint ${e.name}' saves one`
    case 'guest-too-long':
      return `${e.writes} stores is more than one 'migrate guest' may make (${e.max}): run it for less time`
    default:
      return exhaustive(e)
  }
}
