// What a question generator returns (docs/questions.md). Pure data: the player, the console's
// `predict`, the handouts and the editor all show the same object.
import type { Localized } from '../console/index.ts'
import type { EngineEvent, Frame } from '../engine/index.ts'
import type { QuestionKind } from '../scenarios/types.ts'

/** One option of a multiple-choice question; `id` is stable (answers and tests compare it). */
export interface Choice {
  readonly id: string
  readonly label: Localized
}

export type QuestionAnswer =
  /** Pick one: `choices` holds the right one (`answer` is its id) and plausible wrong ones,
   *  in a fixed order that does not depend on which is right, never two with one id. */
  | {
      readonly type: 'choice'
      readonly choices: readonly Choice[]
      readonly answer: string
    }
  /** Type a whole number (decimal, or hex with 0x). */
  | { readonly type: 'number'; readonly answer: number }

export type Generated = QuestionAnswer & {
  readonly kind: QuestionKind
  readonly prompt: Localized
  /** The right answer in words, as the reveal and the handout's answer page print it. */
  readonly answerText: Localized
  /** Why, built from the events (addresses, bits, indices the step really used). */
  readonly explanation: Localized
}

/**
 * Where a question is asked: the trace and the frame index of the step that answers it. The
 * generator reads `frames[index]`, the frames the same console line makes after it (`lineEvents`)
 * and the frame before.
 */
export interface QuestionContext {
  readonly frames: readonly Frame[]
  readonly index: number
}

/** Why a question could not be generated at a step (shown in words; nothing else happens). */
export interface QuestionError {
  readonly code: 'no-event' | 'no-step' | 'unknown-kind'
  readonly kind: string
  readonly message: Localized
}

/** The step's events: its own, then the rest of its console line's, in order. */
export function lineEvents(ctx: QuestionContext): readonly EngineEvent[] {
  const first = ctx.frames[ctx.index]
  if (!first) return []
  const out: EngineEvent[] = []
  for (let i = ctx.index; i < ctx.frames.length; i++) {
    const f = ctx.frames[i]
    if (!f || f.line !== first.line) break
    out.push(f.event)
  }
  return out
}
