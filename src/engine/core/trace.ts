import type { EngineEvent } from './event.ts'
import type { Machine } from '../machine.ts'

/** One step a person sees: the machine after one event. */
export interface Frame {
  readonly index: number
  /** 1-based script line that produced the event. */
  readonly line: number
  /** The scenario phase (narration block) the line belongs to. */
  readonly phaseId: string
  readonly event: EngineEvent
  readonly machine: Machine
}

export interface Trace {
  readonly frames: readonly Frame[]
  /** True when the frame cap stopped the run early. */
  readonly truncated: boolean
  /** Where the cap stopped it: the line whose events no longer fitted, and the cap. */
  readonly limit: TraceLimit | null
}

export interface TraceLimit {
  /** 1-based script line whose events were the first to be dropped (it and later lines did not run to the end). */
  readonly line: number
  readonly cap: number
}

/** Python Tutor's step limit: a runaway script cannot eat the tab's memory. */
export const DEFAULT_FRAME_CAP = 10_000

export class TraceBuilder {
  private readonly frames: Frame[]
  private capped = false
  private stoppedAt: TraceLimit | null = null

  constructor(
    private readonly cap: number = DEFAULT_FRAME_CAP,
    /** Frames of an earlier run to continue from (runScript's `after`). */
    initial: readonly Frame[] = [],
  ) {
    this.frames = [...initial]
  }

  /** Returns false once the cap is reached; later events are dropped. */
  push(line: number, phaseId: string, event: EngineEvent, machine: Machine): boolean {
    if (this.frames.length >= this.cap) {
      if (!this.capped) this.stoppedAt = { line, cap: this.cap }
      this.capped = true
      return false
    }
    this.frames.push({ index: this.frames.length, line, phaseId, event, machine })
    return true
  }

  get full(): boolean {
    return this.capped
  }

  build(): Trace {
    return { frames: [...this.frames], truncated: this.capped, limit: this.stoppedAt }
  }
}
