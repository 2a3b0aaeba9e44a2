// Frames of the built-in VT-x scenarios, for the panel and layout tests.
import { runScript } from '../../console/index.ts'
import type { Frame } from '../../engine/index.ts'
import { loadAllScenarios, loadedScenario, scenarioScript } from '../../scenarios/index.ts'

// Bodies load lazily in the app; the tests that use these helpers want them all at hand.
await loadAllScenarios()

export function scenarioFrames(id: string): readonly Frame[] {
  const s = loadedScenario(id)
  if (!s) throw new Error(`missing scenario ${id}`)
  const { source, phaseOf } = scenarioScript(s)
  return runScript(source, { phaseOf }).trace.frames
}

/** The nth frame (0-based) whose event has this kind, optionally within one phase. */
export function frameOf(frames: readonly Frame[], kind: string, nth = 0, phase?: string): Frame {
  const f = frames.filter((x) => x.event.kind === kind && (!phase || x.phaseId === phase))[nth]
  if (!f) throw new Error(`no ${kind} frame #${nth}`)
  return f
}
