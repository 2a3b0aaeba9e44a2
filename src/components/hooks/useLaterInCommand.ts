import { useMemo } from 'react'
import type { EngineEvent, Frame } from '../../engine/index.ts'
import { commandEvents, laterInCommand } from '../Player/later.ts'
import { useTraceFrames } from './useTraceFrames.ts'

/** The events of this frame's command after it (see laterInCommand). */
export function useLaterInCommand(frame: Frame): readonly EngineEvent[] {
  const frames = useTraceFrames()
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
  const frames = useTraceFrames()
  return useMemo(
    () =>
      frames[frame.index] === frame
        ? commandEvents(frames, frame.index)
        : { done: [frame.event], todo: [] },
    [frames, frame],
  )
}
