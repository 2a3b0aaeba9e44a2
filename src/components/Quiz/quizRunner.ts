import type { StoreApi } from 'zustand/vanilla'
import { questionAt } from '../../quiz/index.ts'
import type { VmStore } from '../../state/store.ts'

/**
 * The question press (issue 19). Before a step that asks a question, Next first shows the
 * question over the unchanged stage (the press's visible change) and the following Next moves
 * to the step, where the answer shows. In self-study the student answers before moving on.
 * Prev takes an asked question back. Returns whether it handled the press.
 */
export function quizPress(store: StoreApi<VmStore>, cmd: 'next' | 'prev'): boolean {
  const s = store.getState()
  if (s.view.kind !== 'player' || s.prefs.quiz === 'off') return false
  const asked = s.quiz.asked
  if (cmd === 'prev') {
    if (asked === null) return false
    s.askQuestion(null)
    return true
  }
  if (asked !== null) {
    // Self-study: the press waits for an answer (or Skip); the box says so.
    return s.prefs.quiz === 'study' && s.quiz.given?.index !== asked
  }
  if (s.playback.status === 'playing') return false
  const next = s.playback.cursor + 1
  if (!questionAt(s.view.scenario.phases, s.view.run.trace.frames, next)) return false
  s.askQuestion(next)
  return true
}

/** The question key a score is kept under: the phase and the step within it. */
export function questionKey(
  frames: readonly { readonly phaseId: string }[],
  index: number,
): string | null {
  const id = frames[index]?.phaseId
  if (id === undefined) return null
  const first = frames.findIndex((f) => f.phaseId === id)
  return `${id}:${index - first + 1}`
}
