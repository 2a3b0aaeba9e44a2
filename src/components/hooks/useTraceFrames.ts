import { createContext, useContext } from 'react'
import type { Frame } from '../../engine/index.ts'
import { type VmStore, useVmStore } from '../../state/store.ts'

/**
 * The trace a panel's frame belongs to, when it is not the player's: a handout draws every
 * phase's last step at once, each panel with its own frame from the handout's run.
 */
export const TraceFramesContext = createContext<readonly Frame[] | null>(null)

const NO_FRAMES: readonly Frame[] = []
/** The trace the cursor moves in (a stable reference while the run is the same). */
const selectFrames = (s: VmStore): readonly Frame[] =>
  s.view.kind === 'player' ? s.view.run.trace.frames : NO_FRAMES

/**
 * The frames of the run the panel draws from: the handout's if one provides them, else the
 * player's. A panel checks `frames[frame.index] === frame` before reading earlier steps.
 */
export function useTraceFrames(): readonly Frame[] {
  const own = useContext(TraceFramesContext)
  const player = useVmStore(selectFrames)
  return own ?? player
}
