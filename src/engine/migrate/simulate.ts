// The migration itself: pre-copy rounds with the guest writing while pages are on the wire,
// the stop rule after every dirty-log sync, stop-and-copy or post-copy. Pure and seeded: the
// same config gives the same timeline. Works in chunks of pages so a 1M-page VM takes well
// under a second (scripts/bench.ts prints it).
import {
  type Decision,
  type MigrateConfig,
  type MigrateRound,
  type MigrateTimeline,
  type StopWhy,
  MIGRATE_PAGE_BYTES,
  PML_ENTRIES,
  QEMU_THROTTLE,
  XEN_LEGACY,
  XEN_SPP,
} from './types.ts'

/** Pages sent between two looks at the guest's stores: fine enough that order matters. */
const CHUNK = 256
/** Typed arrays of this many pages are the model's ceiling (16 GiB of 4 KiB pages). */
export const MIGRATE_MAX_PAGES = 1 << 22
/** Guest stores one `migrate start` may simulate; more is refused before any work. */
export const MIGRATE_MAX_WRITES = 60_000_000
/** The most live rounds a run may ask for. */
export const MIGRATE_MAX_ROUNDS = 200

/** Bytes per second of a link given in MiB/s. */
export const linkBytesPerSecond = (mib: number): number => mib * 1024 * 1024

/** QEMU's threshold in pages: bandwidth x downtime-limit / 4 KiB (fractional). */
export function qemuThresholdPages(bandwidthMiB: number, downtimeMs: number): number {
  return (linkBytesPerSecond(bandwidthMiB) * downtimeMs) / 1000 / MIGRATE_PAGE_BYTES
}

/**
 * QEMU's switchover test (migration_iteration_run, QEMU up to 10.0): pending < threshold,
 * both in bytes; exact in bigint so no rounding moves the boundary.
 */
export function qemuBelowThreshold(
  pendingPages: number,
  bandwidthMiB: number,
  downtimeMs: number,
): boolean {
  const pending = BigInt(pendingPages) * BigInt(MIGRATE_PAGE_BYTES) * 1000n
  return pending < BigInt(linkBytesPerSecond(bandwidthMiB)) * BigInt(downtimeMs)
}

/**
 * One auto-converge check at a sync (migration_trigger_throttle): dirtied bytes in the period
 * above 50 % of the bytes sent counts once; the second time the throttle starts at 20 % or
 * steps up by 10 %, capped at 99 %, and the count restarts. A quiet period keeps the count.
 */
export function autoConvergeStep(
  state: { readonly pct: number; readonly high: number },
  dirtiedPages: number,
  sentPages: number,
): { readonly pct: number; readonly high: number } {
  if (dirtiedPages * 100 <= sentPages * QEMU_THROTTLE.triggerPct) return state
  const high = state.high + 1
  if (high < QEMU_THROTTLE.highCount) return { pct: state.pct, high }
  const pct =
    state.pct === 0
      ? QEMU_THROTTLE.initialPct
      : Math.min(state.pct + QEMU_THROTTLE.incrementPct, QEMU_THROTTLE.maxPct)
  return { pct, high: 0 }
}

/**
 * Xen stream v2 (simple_precopy_policy, send_memory_live): after live round `round` the
 * check found `dirty` pages. 0 suspends at once; fewer than 50, or 5 live rounds done, sends
 * those pages live once more and then suspends.
 */
export function xenDecision(round: number, dirty: number): Decision {
  if (dirty === 0) return { kind: 'stop', why: 'few-dirty' }
  if (dirty < XEN_SPP.targetDirty) return { kind: 'last-live', why: 'few-dirty' }
  if (round >= XEN_SPP.maxIterations) return { kind: 'last-live', why: 'max-iterations' }
  return { kind: 'continue' }
}

/**
 * Legacy xc_domain_save: after iteration `round` (1-based) suspend when iter >= 29, fewer than
 * 50 pages were sent in it, or more than 3 x the guest's pages were sent in total. (Its fourth
 * test needs the rate limiter at maximum; the model's link has none, so it is not modelled.)
 */
export function xenLegacyDecision(
  round: number,
  sentThisRound: number,
  totalSent: number,
  pages: number,
): Decision {
  if (round >= XEN_LEGACY.maxIters) return { kind: 'stop', why: 'max-iterations' }
  if (sentThisRound < XEN_LEGACY.minSent) return { kind: 'stop', why: 'few-sent' }
  if (totalSent > XEN_LEGACY.maxFactor * pages) return { kind: 'stop', why: 'three-times-ram' }
  return { kind: 'continue' }
}

/** Exits one round's dirty logging costs: write protection (48 per first write) or PML (62). */
export function loggingExits(
  log: MigrateConfig['policy']['log'],
  firstWrites: number,
): { readonly reason: 48 | 62; readonly count: number } {
  // PML: the 513th GPA to log finds the 512-entry page full, exits, is drained, then logged.
  if (log === 'pml')
    return { reason: 62, count: firstWrites > 0 ? Math.floor((firstWrites - 1) / PML_ENTRIES) : 0 }
  return { reason: 48, count: firstWrites }
}

/** An upper bound on the guest stores a run simulates (the refusal before any work). */
export function estimatedWrites(c: MigrateConfig): number {
  const pageSec = MIGRATE_PAGE_BYTES / linkBytesPerSecond(c.link.bandwidthMiB)
  const rounds = c.policy.rule === 'qemu' ? c.policy.maxRounds : XEN_LEGACY.maxIters + 1
  return c.vm.dirtyRate * pageSec * (c.vm.pages + (rounds + 1) * c.vm.wws)
}

/** The guest's memory and the destination's after the run, for the property test. */
export interface MigrateMemory {
  readonly guest: Uint32Array
  readonly dest: Uint32Array
}

/** Not yet on the destination. */
export const ABSENT = 0xffffffff

/** mulberry32: a small seeded generator; the script's seed is the only source of chance. */
export function rng(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return (t ^ (t >>> 14)) >>> 0
  }
}

/**
 * Runs the whole migration. Callers check the limits first (apply refuses beyond
 * MIGRATE_MAX_PAGES and MIGRATE_MAX_WRITES), so this always ends: every loop is bounded by
 * maxRounds or by the pages left to send.
 */
export function simulateMigration(c: MigrateConfig): {
  readonly timeline: MigrateTimeline
  readonly memory: MigrateMemory
} {
  const { pages, wws, dirtyRate, seed } = c.vm
  const { rule, autoConverge, postcopyAfter, log, maxRounds } = c.policy
  const bw = linkBytesPerSecond(c.link.bandwidthMiB)
  const pageSec = MIGRATE_PAGE_BYTES / bw
  const guest = new Uint32Array(pages)
  const dest = new Uint32Array(pages).fill(ABSENT)
  const dirty = new Uint8Array(wws)
  const next = rng(seed)
  let version = 0
  let carry = 0
  let throttle = { pct: 0, high: 0 }
  let firstWrites = 0

  /** The guest's stores during `seconds` of running, throttled by auto-converge. */
  const run = (seconds: number, onDest: Uint8Array | null): { writes: number; faults: number } => {
    const w = ((dirtyRate * (100 - throttle.pct)) / 100) * seconds + carry
    const n = Math.floor(w)
    carry = w - n
    let faults = 0
    for (let i = 0; i < n; i++) {
      const p = Math.floor((next() * wws) / 4294967296)
      version++
      if (onDest !== null) {
        // Post-copy: the guest runs on the destination; a page still missing faults and is
        // fetched from the source first (its frozen copy is `guest[p]`).
        if (onDest[p] === 1) {
          onDest[p] = 0
          faults++
        }
        guest[p] = version
        dest[p] = version
      } else {
        guest[p] = version
        if (dirty[p] === 0) {
          dirty[p] = 1
          firstWrites++
        }
      }
    }
    return { writes: n, faults }
  }

  /** The dirty-log sync: the pages found, ascending, and a clean log for the next round. */
  const sync = (): Int32Array => {
    const found = new Int32Array(firstWrites)
    let j = 0
    for (let p = 0; p < wws; p++)
      if (dirty[p] === 1) {
        found[j++] = p
        dirty[p] = 0
      }
    firstWrites = 0
    return found
  }

  const rounds: MigrateRound[] = []
  let t = 0
  let totalSent = 0
  let pending: Int32Array | null = null // null: round 1, every page
  let lastLive: StopWhy | null = null
  let verdict: MigrateTimeline['verdict'] = 'not-converged'
  let downtimeMs = 0

  for (let k = 1; ; k++) {
    const count = pending === null ? pages : pending.length
    const during = throttle.pct
    let writes = 0
    for (let i = 0; i < count; i += CHUNK) {
      const end = Math.min(count, i + CHUNK)
      for (let j = i; j < end; j++) {
        const p = pending === null ? j : (pending[j] as number)
        dest[p] = guest[p] as number
      }
      writes += run((end - i) * pageSec, null).writes
    }
    const durationMs = count * pageSec * 1000
    const found = sync()
    totalSent += count
    if (rule === 'qemu' && autoConverge) throttle = autoConvergeStep(throttle, found.length, count)
    let decision: Decision
    if (lastLive !== null) decision = { kind: 'stop', why: lastLive }
    else if (rule === 'xen') decision = xenDecision(k, found.length)
    else if (rule === 'xen-legacy') decision = xenLegacyDecision(k, count, totalSent, pages)
    else if (qemuBelowThreshold(found.length, c.link.bandwidthMiB, c.link.downtimeMs))
      decision = { kind: 'stop', why: 'below-threshold' }
    else if (postcopyAfter !== null && k >= postcopyAfter) decision = { kind: 'postcopy' }
    else if (k >= maxRounds) decision = { kind: 'give-up' }
    else decision = { kind: 'continue' }
    rounds.push({
      index: k,
      kind: 'live',
      sent: count,
      dirtied: found.length,
      writes,
      startMs: t,
      durationMs,
      throttlePct: during,
      throttleAfterPct: throttle.pct,
      highCount: throttle.high,
      exits: loggingExits(log, found.length),
      faults: 0,
      decision,
    })
    t += durationMs
    pending = found
    if (decision.kind === 'continue') continue
    if (decision.kind === 'last-live') {
      lastLive = decision.why
      continue
    }
    if (decision.kind === 'give-up') break
    if (decision.kind === 'stop') {
      // Stop-and-copy: the guest is paused, so nothing is dirtied while the rest goes over.
      for (const p of found) dest[p] = guest[p] as number
      const ms = found.length * pageSec * 1000
      rounds.push({
        index: k + 1,
        kind: 'stop-copy',
        sent: found.length,
        dirtied: 0,
        writes: 0,
        startMs: t,
        durationMs: ms,
        throttlePct: 0,
        throttleAfterPct: 0,
        highCount: 0,
        exits: null,
        faults: 0,
        decision: { kind: 'done' },
      })
      totalSent += found.length
      t += ms
      downtimeMs = ms
      verdict = 'converged'
      break
    }
    // Post-copy: the destination runs now; the stale pages are pushed in order while the
    // guest's first touch of one still missing fetches it at once (userfaultfd).
    throttle = { pct: 0, high: 0 }
    const missing = new Uint8Array(wws)
    for (const p of found) missing[p] = 1
    let left = found.length
    let pos = 0
    let sent = 0
    let faults = 0
    let pcWrites = 0
    let ms = 0
    while (left > 0) {
      let pushed = 0
      while (pushed < CHUNK && pos < found.length) {
        const p = found[pos++] as number
        if (missing[p] === 1) {
          missing[p] = 0
          dest[p] = guest[p] as number
          pushed++
        }
      }
      left -= pushed
      const r = run(pushed * pageSec, missing)
      left -= r.faults
      faults += r.faults
      pcWrites += r.writes
      sent += pushed + r.faults
      // A faulted page takes the link for one page's time while that vCPU waits.
      ms += (pushed + r.faults) * pageSec * 1000
    }
    rounds.push({
      index: k + 1,
      kind: 'postcopy',
      sent,
      dirtied: 0,
      writes: pcWrites,
      startMs: t,
      durationMs: ms,
      throttlePct: 0,
      throttleAfterPct: 0,
      highCount: 0,
      exits: null,
      faults,
      decision: { kind: 'done' },
    })
    totalSent += sent
    t += ms
    verdict = 'postcopy'
    break
  }

  const pagesPerSecond = bw / MIGRATE_PAGE_BYTES
  return {
    timeline: {
      config: c,
      rounds,
      verdict,
      thresholdPages:
        rule === 'qemu'
          ? qemuThresholdPages(c.link.bandwidthMiB, c.link.downtimeMs)
          : rule === 'xen'
            ? XEN_SPP.targetDirty
            : XEN_LEGACY.minSent,
      downtimeMs,
      totalMs: t,
      totalSent,
      pagesPerSecond,
      rateAboveLink: dirtyRate > pagesPerSecond,
    },
    memory: { guest, dest },
  }
}
