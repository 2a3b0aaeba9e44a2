// The migration timeline's data from one frame (or from a what-if run the sliders asked for):
// per round a bar of pages sent and one of pages dirtied on a log scale, QEMU's or Xen's stop
// threshold as a line, and the numbers the table under the chart reads out.
import {
  type EngineEvent,
  type MigrateConfig,
  type MigrateLink,
  type MigrateRound,
  type MigrateState,
  type MigrateTimeline,
  type MigrateVm,
  qemuThresholdPages,
} from '../../engine/index.ts'

export const MIGRATE_VIEW = { width: 1000, height: 340 } as const
const PLOT = { left: 70, right: 20, top: 28, bottom: 46 } as const

export interface Bar {
  readonly round: number
  readonly kind: MigrateRound['kind']
  /** Pages sent: x, width, top y and height in view units. */
  readonly sent: { readonly x: number; readonly y: number; readonly w: number; readonly h: number }
  readonly dirtied: {
    readonly x: number
    readonly y: number
    readonly w: number
    readonly h: number
  }
  /** The round this step shows (marked in the picture and the table, not by colour alone). */
  readonly focus: boolean
  readonly labelX: number
}

export interface Chart {
  readonly bars: readonly Bar[]
  readonly rounds: readonly MigrateRound[]
  /** Y of the stop threshold line, and its value in pages. */
  readonly thresholdY: number
  readonly thresholdPages: number
  /** Log-scale ticks: powers of ten with their y. */
  readonly ticks: readonly { readonly value: number; readonly y: number }[]
  readonly plot: {
    readonly left: number
    readonly right: number
    readonly top: number
    readonly bottom: number
  }
}

/** Checkpoint files and the guest's progress since the newest one (hw-facts-2 §3.6). */
export interface CheckpointView {
  readonly files: readonly {
    readonly name: string
    readonly pages: number
    readonly bytes: number
    readonly stores: number
    readonly atMs: number
    readonly writeMs: number
  }[]
  readonly guestStores: number
  readonly guestMs: number
  readonly sinceFile: MigrateState['sinceFile']
  readonly restore: MigrateState['lastRestore']
  /** The step is about the checkpoint box. */
  readonly focus: boolean
}

export type MigrateLayout =
  | { readonly kind: 'empty' }
  | {
      readonly kind: 'ready'
      readonly ckpt: CheckpointView | null
      readonly vm: MigrateVm
      readonly link: MigrateLink
      readonly qemuThreshold: number
    }
  | {
      readonly kind: 'run'
      readonly ckpt: CheckpointView | null
      readonly vm: MigrateVm
      readonly link: MigrateLink
      readonly timeline: MigrateTimeline
      /** Rounds stepped so far. */
      readonly shown: number
      /** The verdict has been reached. */
      readonly finished: boolean
      readonly focus: number | null
      readonly chart: Chart
    }

/** Pages as a bar height on a log10 scale from 1 to `top` (0 draws nothing). */
function scaleY(top: number): (v: number) => number {
  const bottom = MIGRATE_VIEW.height - PLOT.bottom
  const h = bottom - PLOT.top
  const lg = Math.log10(top)
  return (v) => (v < 1 ? bottom : bottom - (Math.log10(v) / lg) * h)
}

/** The bars of the first `shown` rounds of a timeline, all rounds' slots laid out at once. */
export function chartOf(tl: MigrateTimeline, shown: number, focus: number | null): Chart {
  const rounds = tl.rounds.slice(0, shown)
  const biggest = Math.max(
    10,
    tl.thresholdPages,
    ...tl.rounds.map((r) => Math.max(r.sent, r.dirtied)),
  )
  const top = 10 ** Math.ceil(Math.log10(biggest))
  const y = scaleY(top)
  const bottom = MIGRATE_VIEW.height - PLOT.bottom
  const plotW = MIGRATE_VIEW.width - PLOT.left - PLOT.right
  // Every round of the run has its slot from the start, so bars do not move as steps reveal them.
  const slot = plotW / Math.max(tl.rounds.length, 1)
  const barW = Math.max(2, Math.min(40, slot * 0.38))
  const bars = rounds.map((r, i): Bar => {
    const cx = PLOT.left + slot * i + slot / 2
    const ys = y(r.sent)
    const yd = y(r.dirtied)
    return {
      round: r.index,
      kind: r.kind,
      sent: { x: cx - barW, y: ys, w: barW, h: bottom - ys },
      dirtied: { x: cx, y: yd, w: barW, h: bottom - yd },
      focus: r.index === focus,
      labelX: cx,
    }
  })
  const ticks: { value: number; y: number }[] = []
  for (let v = 1; v <= top; v *= 10) ticks.push({ value: v, y: y(v) })
  return {
    bars,
    rounds,
    thresholdY: y(tl.thresholdPages),
    thresholdPages: tl.thresholdPages,
    ticks,
    plot: { left: PLOT.left, right: MIGRATE_VIEW.width - PLOT.right, top: PLOT.top, bottom },
  }
}

function checkpointView(s: MigrateState, event: EngineEvent | null): CheckpointView | null {
  if (s.files.length === 0 && s.guest.stores === 0) return null
  return {
    files: s.files.map((f) => ({
      name: f.name,
      pages: f.pages,
      bytes: f.bytes,
      stores: f.stores,
      atMs: f.atMs,
      writeMs: f.writeMs,
    })),
    guestStores: s.guest.stores,
    guestMs: s.guest.ms,
    sinceFile: s.sinceFile,
    restore: s.lastRestore,
    focus:
      event?.kind === 'migrate.guest' ||
      event?.kind === 'migrate.checkpoint' ||
      event?.kind === 'migrate.restore',
  }
}

export function layoutMigrate(s: MigrateState, event: EngineEvent | null): MigrateLayout {
  if (s.vm === null) return { kind: 'empty' }
  const ckpt = checkpointView(s, event)
  if (s.run === null)
    return {
      kind: 'ready',
      ckpt,
      vm: s.vm,
      link: s.link,
      qemuThreshold: qemuThresholdPages(s.link.bandwidthMiB, s.link.downtimeMs),
    }
  const tl = s.run.timeline
  // One command (`migrate run`) makes several steps that share the machine it ends with, so a
  // round's step shows the run as that round leaves it, and the verdict's step all of it.
  const shown =
    event?.kind === 'migrate.round'
      ? event.round.index
      : event?.kind === 'migrate.done'
        ? tl.rounds.length
        : event?.kind === 'migrate.start'
          ? 0
          : s.run.shown
  const finished = event?.kind === 'migrate.round' ? false : s.run.finished
  const focus = event?.kind === 'migrate.round' ? event.round.index : null
  return {
    kind: 'run',
    ckpt,
    vm: tl.config.vm,
    link: tl.config.link,
    timeline: tl,
    shown,
    finished,
    focus,
    chart: chartOf(tl, shown, focus),
  }
}

/** The config a what-if run uses: the frame's, with the sliders' values over it. */
export function whatIfConfig(
  base: MigrateConfig,
  over: {
    readonly dirtyRate?: number
    readonly wws?: number
    readonly bandwidthMiB?: number
    readonly downtimeMs?: number
  },
): MigrateConfig {
  const wws = Math.min(base.vm.pages, Math.max(1, over.wws ?? base.vm.wws))
  return {
    vm: { ...base.vm, wws, dirtyRate: over.dirtyRate ?? base.vm.dirtyRate },
    link: {
      bandwidthMiB: over.bandwidthMiB ?? base.link.bandwidthMiB,
      downtimeMs: over.downtimeMs ?? base.link.downtimeMs,
    },
    policy: base.policy,
  }
}
