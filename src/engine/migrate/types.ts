// Live migration (hw-facts-2 §3.4-3.5): the VM and its workload, the link, the stop rule in
// force, and the timeline a run computed. Page contents are version numbers, enough to prove
// that the destination ends with what the guest last wrote.

/** x86 base page: what the dirty bitmap tracks, one bit per 4 KiB page (KVM_GET_DIRTY_LOG). */
export const MIGRATE_PAGE_BYTES = 4096

/** QEMU's defaults (migration/options.c): downtime-limit 300 ms, max-bandwidth 128 MiB/s. */
export const QEMU_DEFAULT_DOWNTIME_MS = 300
export const QEMU_DEFAULT_BANDWIDTH_MIB = 128
/** QEMU auto-converge (migration/ram.c, system/cpu-throttle.c): percentages. */
export const QEMU_THROTTLE = {
  triggerPct: 50,
  initialPct: 20,
  incrementPct: 10,
  maxPct: 99,
  /** dirty_rate_high_cnt must reach this before the throttle starts or steps up. */
  highCount: 2,
} as const
/** Xen stream v2 simple_precopy_policy (xg_sr_save.c): SPP_TARGET_DIRTY_COUNT, SPP_MAX_ITERATIONS. */
export const XEN_SPP = { targetDirty: 50, maxIterations: 5 } as const
/** Legacy xc_domain_save.c: DEF_MAX_ITERS 29, fewer than 50 pages sent, DEF_MAX_FACTOR 3. */
export const XEN_LEGACY = { maxIters: 29, minSent: 50, maxFactor: 3 } as const
/** Intel PML: 512 eight-byte GPA entries per log page (vmx.h PML_LOG_NR_ENTRIES). */
export const PML_ENTRIES = 512

export type StopRule = 'qemu' | 'xen' | 'xen-legacy'
export type DirtyLog = 'bitmap' | 'pml'

/** The guest: RAM in 4 KiB pages and a workload writing uniformly over its first `wws` pages. */
export interface MigrateVm {
  readonly pages: number
  /** The writable working set: the pages the workload writes (pages 0 .. wws-1). */
  readonly wws: number
  /** Guest stores per second, each to one page of the WWS (a rewrite of a dirty page counts). */
  readonly dirtyRate: number
  /** Seeds the choice of page for each store: same script, same timeline. */
  readonly seed: number
}

export interface MigrateLink {
  /** Bytes per second the migration stream gets (QEMU max-bandwidth), in MiB/s. */
  readonly bandwidthMiB: number
  /** QEMU downtime-limit in ms: the threshold is bandwidth x limit. */
  readonly downtimeMs: number
}

export interface MigratePolicy {
  readonly rule: StopRule
  readonly autoConverge: boolean
  /** Switch to post-copy after this many live rounds (QEMU migrate-start-postcopy), or never. */
  readonly postcopyAfter: number | null
  readonly log: DirtyLog
  /**
   * The model's own cap on live rounds: QEMU itself has none and would iterate for ever, so
   * the run stops here and reports that it did not converge.
   */
  readonly maxRounds: number
}

export interface MigrateConfig {
  readonly vm: MigrateVm
  readonly link: MigrateLink
  readonly policy: MigratePolicy
}

/** Why a rule ended pre-copy. */
export type StopWhy =
  /** QEMU: pending bytes < bandwidth x downtime-limit. */
  | 'below-threshold'
  /** Xen: the dirty count < 50 pages. */
  | 'few-dirty'
  /** Xen: 5 live rounds (stream v2) or 29 iterations (legacy). */
  | 'max-iterations'
  /** Xen legacy: fewer than 50 pages sent in the round. */
  | 'few-sent'
  /** Xen legacy: more than 3 x the guest's pages sent in total. */
  | 'three-times-ram'

export type Decision =
  | { readonly kind: 'continue' }
  /** Suspend the guest now; the next round is stop-and-copy. */
  | { readonly kind: 'stop'; readonly why: StopWhy }
  /** Xen stream v2: send the pages this check found while the guest runs, then suspend. */
  | { readonly kind: 'last-live'; readonly why: StopWhy }
  | { readonly kind: 'postcopy' }
  /** The model's round cap reached without converging. */
  | { readonly kind: 'give-up' }
  /** The migration is complete (after stop-and-copy or post-copy). */
  | { readonly kind: 'done' }

export interface MigrateRound {
  /** 1-based. */
  readonly index: number
  readonly kind: 'live' | 'stop-copy' | 'postcopy'
  /** Pages put on the wire in this round (post-copy: background pushes plus faulted pages). */
  readonly sent: number
  /** Distinct pages the guest dirtied during the round: what the next sync finds. */
  readonly dirtied: number
  /** Guest stores during the round. */
  readonly writes: number
  readonly startMs: number
  readonly durationMs: number
  /** CPU throttle (%) in force during the round. */
  readonly throttlePct: number
  /** Throttle after the auto-converge check at this round's sync. */
  readonly throttleAfterPct: number
  /** dirty_rate_high_cnt after the check. */
  readonly highCount: number
  /** Exits the dirty logging cost: 48 (write-protect, one per first write) or 62 (PML full). */
  readonly exits: { readonly reason: 48 | 62; readonly count: number } | null
  /** Post-copy: guest accesses to pages not yet on the destination (each a fetch on fault). */
  readonly faults: number
  readonly decision: Decision
}

export type Verdict = 'converged' | 'not-converged' | 'postcopy'

export interface MigrateTimeline {
  readonly config: MigrateConfig
  readonly rounds: readonly MigrateRound[]
  readonly verdict: Verdict
  /** Pages below which the rule stops: QEMU bandwidth x limit / 4 KiB (fractional), Xen 50. */
  readonly thresholdPages: number
  /** The guest was paused for this long (stop-and-copy; 0 for post-copy and not converged). */
  readonly downtimeMs: number
  readonly totalMs: number
  readonly totalSent: number
  /** The link's rate in pages per second. */
  readonly pagesPerSecond: number
  /** True when the guest's stores per second exceed what the link sends. */
  readonly rateAboveLink: boolean
}

/**
 * The guest's memory between migrations: a version per page it has stored to (absent = 0,
 * as the VM started), how many stores it has made (the workload's position: the model's
 * vCPU state) and for how long it has run.
 */
export interface MigrateGuest {
  readonly stores: number
  readonly ms: number
  readonly versions: Readonly<Record<number, number>>
}

/**
 * A checkpoint (hw-facts-2 §3.6): the migration stream written to a file with the guest
 * paused, as `xl save` does: every page of RAM and the vCPU state. Device state is not
 * modelled.
 */
export interface CheckpointFile {
  readonly name: string
  readonly pages: number
  readonly bytes: number
  /** The guest's position when it was saved. */
  readonly stores: number
  readonly atMs: number
  readonly versions: Readonly<Record<number, number>>
  /** How long writing the stream took at the link's rate (the guest paused meanwhile). */
  readonly writeMs: number
}

export interface MigrateState {
  readonly vm: MigrateVm | null
  readonly guest: MigrateGuest
  readonly files: readonly CheckpointFile[]
  /** Pages that differ from the newest checkpoint, after the guest ran on (null: none yet). */
  readonly sinceFile: {
    readonly name: string
    readonly pages: number
    readonly stores: number
  } | null
  readonly lastRestore: {
    readonly name: string
    readonly reverted: number
    readonly undone: number
  } | null
  readonly link: MigrateLink
  /** The run started by `migrate start`, with how many of its rounds have been stepped. */
  readonly run: {
    readonly timeline: MigrateTimeline
    readonly shown: number
    readonly finished: boolean
  } | null
}

export const initialMigrateState: MigrateState = {
  vm: null,
  guest: { stores: 0, ms: 0, versions: {} },
  files: [],
  sinceFile: null,
  lastRestore: null,
  link: { bandwidthMiB: QEMU_DEFAULT_BANDWIDTH_MIB, downtimeMs: QEMU_DEFAULT_DOWNTIME_MS },
  run: null,
}
