import { useMemo } from 'react'
import type { EngineEvent, Frame } from '../../engine/index.ts'
import type { VmStore } from '../../state/store.ts'
import { useVmStore } from '../../state/store.ts'
import { commandEvents, laterInCommand } from '../Player/later.ts'

const NO_FRAMES: readonly Frame[] = []
/** The trace the cursor moves in (a stable reference while the run is the same). */
const selectFrames = (s: VmStore): readonly Frame[] =>
  s.view.kind === 'player' ? s.view.run.trace.frames : NO_FRAMES

/** The events of this frame's command after it (see laterInCommand). */
export function useLaterInCommand(frame: Frame): readonly EngineEvent[] {
  const frames = useVmStore(selectFrames)
  return useMemo(
    () => (frames[frame.index] === frame ? laterInCommand(frames, frame.index) : []),
    [frames, frame],
  )
}

/** This frame's command split at it: its events so far (this one last) and the rest. */
export function useCommandEvents(frame: Frame): {
  readonly done: readonly EngineEvent[]
  readonly todo: readonly EngineEvent[]
} {
  const frames = useVmStore(selectFrames)
  return useMemo(
    () =>
      frames[frame.index] === frame
        ? commandEvents(frames, frame.index)
        : { done: [frame.event], todo: [] },
    [frames, frame],
  )
}
