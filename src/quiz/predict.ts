// "What happens next?" in the console (issue 19): `predict LINE` runs LINE on a copy of the
// state (the run is immutable, so running on from it changes nothing the player holds), asks
// the first question its events answer, and the line runs for real only once answered.
import type { Localized } from '../console/index.ts'
import { type RunResult, runScript } from '../console/index.ts'
import { type Result, err, ok } from '../engine/index.ts'
import type { QuestionKind } from '../scenarios/types.ts'
import { generateQuestion } from './questions.ts'
import type { Generated } from './types.ts'

/** Which question a line gets: the most specific one its events answer. */
export const PREDICT_ORDER: readonly QuestionKind[] = [
  'pf-error-code',
  'exit-reason',
  'vmx-outcome',
  'notify',
  'walk-refs',
  'access-outcome',
  'tlb-hit',
]

export interface PredictError {
  /** 1-based column within LINE, or null when the whole line is at fault. */
  readonly column: number | null
  readonly message: Localized
}

/**
 * The question about `line` run after `run` (whose script had `lines` lines). Nothing is kept:
 * the caller runs the line for real after the answer.
 */
export function predictLine(
  run: RunResult,
  lines: number,
  line: string,
): Result<Generated, PredictError> {
  if (line.trim() === '')
    return err({
      column: null,
      message: {
        en: 'predict what? type a command after it, e.g. predict access 0x5000 write user',
        zh: '预测什么？在后面写一条命令，例如 `predict access 0x5000 write user`',
      },
    })
  const next = runScript(line, { after: { run, lines }, phaseOf: () => 'predict' })
  if (next.error)
    return err({
      column: next.error.column,
      message: { en: next.error.message, zh: next.error.message },
    })
  const index = run.trace.frames.length
  if (next.trace.frames.length === index)
    return err({
      column: null,
      message: {
        en: 'this line changes nothing that can be asked about: run it directly',
        zh: '这一行没有可以提问的变化：直接运行它即可',
      },
    })
  for (const kind of PREDICT_ORDER) {
    const g = generateQuestion(next.trace.frames, index, kind)
    if (g.ok) return ok(g.value)
  }
  return err({
    column: null,
    message: {
      en: `no question fits this line yet (it would ask about: ${PREDICT_ORDER.join(', ')}): run it directly`,
      zh: `这一行暂时没有合适的问题（可问的类型：${PREDICT_ORDER.join('、')}）：直接运行它即可`,
    },
  })
}

/** Option letters a, b, c... for the console, and the choice id a typed letter names. */
export const LETTERS = 'abcdefgh'
export function choiceOfLetter(g: Generated, typed: string): string | null {
  if (g.type !== 'choice') return null
  const i = LETTERS.indexOf(typed.trim().toLowerCase())
  return i >= 0 && typed.trim().length === 1 ? (g.choices[i]?.id ?? null) : null
}
