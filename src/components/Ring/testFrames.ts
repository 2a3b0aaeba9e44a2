import { runScript } from '../../console/index.ts'
import type { Frame } from '../../engine/index.ts'
import { loadAllScenarios, loadedScenario, scenarioScript } from '../../scenarios/index.ts'

// Bodies load lazily in the app; the tests that use these helpers want them all at hand.
await loadAllScenarios()

/** Every frame of a built-in scenario, for panel and layout tests. */
export function scenarioFrames(id: string): readonly Frame[] {
  const s = loadedScenario(id)
  if (!s) throw new Error(`no scenario ${id}`)
  const { source, phaseOf } = scenarioScript(s)
  return runScript(source, { phaseOf }).trace.frames
}

/** The first frame whose event matches. */
export function frameWhere(frames: readonly Frame[], pred: (f: Frame) => boolean): Frame {
  const f = frames.find(pred)
  if (!f) throw new Error('no such frame')
  return f
}
