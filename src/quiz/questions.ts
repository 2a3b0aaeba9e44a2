// A scenario's questions placed on its trace, answers checked, and questions from untrusted
// places (an imported scenario, a link) validated before anything uses them.
import type { Localized } from '../console/index.ts'
import { type Frame, type Result, err, ok } from '../engine/index.ts'
import type { Phase, Question, QuestionKind } from '../scenarios/types.ts'
import { GENERATORS } from './generators.ts'
import type { Generated, QuestionError } from './types.ts'

/** Every kind a question may name, in the generators' order. */
export const QUESTION_KINDS = Object.keys(GENERATORS) as readonly QuestionKind[]

const isKind = (k: string): k is QuestionKind => Object.hasOwn(GENERATORS, k)

/** The question of kind `kind` about the step at frame `index`, or why there is none. */
export function generateQuestion(
  frames: readonly Frame[],
  index: number,
  kind: string,
): Result<Generated, QuestionError> {
  if (!isKind(kind))
    return err({
      code: 'unknown-kind',
      kind,
      message: {
        en: `unknown question kind "${kind}" (known: ${QUESTION_KINDS.join(', ')})`,
        zh: `未知的问题类型“${kind}”（已知：${QUESTION_KINDS.join('、')}）`,
      },
    })
  if (!frames[index])
    return err({
      code: 'no-step',
      kind,
      message: { en: `there is no step ${index + 1}`, zh: `没有第${index + 1}步` },
    })
  return GENERATORS[kind]({ frames, index })
}

/** A question placed on the trace: the 0-based frame it is about. */
export interface PlacedQuestion {
  readonly index: number
  readonly phaseId: string
  readonly question: Question
  readonly generated: Result<Generated, QuestionError>
}

/**
 * Every question of the phases, in step order, each generated from the trace. A question on a
 * step its phase does not have is reported as `no-step` (as the checks of a forged one are).
 */
export function placeQuestions(
  phases: readonly Pick<Phase, 'id' | 'questions'>[],
  frames: readonly Frame[],
): PlacedQuestion[] {
  const out: PlacedQuestion[] = []
  for (const p of phases) {
    if (!p.questions?.length) continue
    const first = frames.findIndex((f) => f.phaseId === p.id)
    let n = 0
    for (let i = Math.max(first, 0); i < frames.length && frames[i]?.phaseId === p.id; i++) n++
    for (const q of p.questions) {
      const index = first < 0 || q.step > n ? -1 : first + q.step - 1
      out.push({
        index,
        phaseId: p.id,
        question: q,
        generated:
          index < 0
            ? err({
                code: 'no-step',
                kind: q.kind,
                message: {
                  en: `phase "${p.id}" has ${n} steps, so it has no step ${q.step}`,
                  zh: `阶段“${p.id}”只有${n}步，没有第${q.step}步`,
                },
              })
            : generateQuestion(frames, index, q.kind),
      })
    }
  }
  return out.sort((a, b) => a.index - b.index)
}

/** The question about frame `index`, if its phase asks one there and it generates. */
export function questionAt(
  phases: readonly Pick<Phase, 'id' | 'questions'>[],
  frames: readonly Frame[],
  index: number,
): Generated | null {
  const id = frames[index]?.phaseId
  const phase = phases.find((p) => p.id === id)
  if (!phase?.questions?.length) return null
  const first = frames.findIndex((f) => f.phaseId === id)
  const q = phase.questions.find((x) => x.step === index - first + 1)
  if (!q) return null
  const g = generateQuestion(frames, index, q.kind)
  return g.ok ? g.value : null
}

/** Whether `input` (a choice id, or a typed number in decimal or 0x hex) is the right answer. */
export function checkAnswer(g: Generated, input: string): boolean {
  if (g.type === 'choice') return input === g.answer
  const n = parseWhole(input)
  return n !== null && n === g.answer
}

/** A whole number typed by a student: decimal or 0x hex, nothing else. */
export function parseWhole(input: string): number | null {
  const t = input.trim().toLowerCase()
  if (/^\d{1,9}$/.test(t)) return Number(t)
  if (/^0x[0-9a-f]{1,8}$/.test(t)) return Number.parseInt(t.slice(2), 16)
  return null
}

/* -------------------------------------------------- untrusted questions */

/** At most this many questions per phase: a forged file cannot make the player do much work. */
export const MAX_QUESTIONS_PER_PHASE = 64

const where = (phase: string, i: number): Localized => ({
  en: `phase "${phase}", question ${i + 1}`,
  zh: `阶段“${phase}”第${i + 1}个问题`,
})

/**
 * Checks questions that came from outside the app (an imported scenario, a link): an array of
 * `{ step, kind }` with a whole step from 1 to `steps` (the phase's steps) and a kind from
 * `QUESTION_KINDS`. Nothing in a question is ever run: a kind only names a built-in generator.
 * The error says what is wrong and where; the caller keeps what the person wrote.
 */
export function parseQuestions(
  raw: unknown,
  phase: string,
  steps: number,
): Result<readonly Question[], Localized> {
  if (raw === undefined) return ok([])
  if (!Array.isArray(raw))
    return err({
      en: `phase "${phase}": questions must be a list of { step, kind }`,
      zh: `阶段“${phase}”：\`questions\`必须是\`{ step, kind }\`的列表`,
    })
  if (raw.length > MAX_QUESTIONS_PER_PHASE)
    return err({
      en: `phase "${phase}": ${raw.length} questions, at most ${MAX_QUESTIONS_PER_PHASE}`,
      zh: `阶段“${phase}”：有${raw.length}个问题，最多${MAX_QUESTIONS_PER_PHASE}个`,
    })
  const out: Question[] = []
  for (const [i, q] of raw.entries()) {
    const w = where(phase, i)
    if (typeof q !== 'object' || q === null || Array.isArray(q))
      return err({
        en: `${w.en}: not an object { step, kind }`,
        zh: `${w.zh}：不是\`{ step, kind }\`对象`,
      })
    const extra = Object.keys(q).filter((k) => k !== 'step' && k !== 'kind')
    if (extra.length > 0)
      return err({
        en: `${w.en}: unknown field "${extra[0]}" (a question has only step and kind)`,
        zh: `${w.zh}：未知字段“${extra[0]}”（问题只有\`step\`和\`kind\`）`,
      })
    const { step, kind } = q as { step?: unknown; kind?: unknown }
    if (typeof kind !== 'string' || !isKind(kind))
      return err({
        en: `${w.en}: unknown kind ${JSON.stringify(String(kind)).slice(0, 60)} (known: ${QUESTION_KINDS.join(', ')})`,
        zh: `${w.zh}：未知类型${JSON.stringify(String(kind)).slice(0, 60)}（已知：${QUESTION_KINDS.join('、')}）`,
      })
    if (typeof step !== 'number' || !Number.isInteger(step) || step < 1 || step > steps)
      return err({
        en: `${w.en}: step must be a whole number from 1 to ${steps}, not ${String(step).slice(0, 20)}`,
        zh: `${w.zh}：\`step\`必须是1到${steps}的整数，而不是${String(step).slice(0, 20)}`,
      })
    if (out.some((x) => x.step === step))
      return err({
        en: `${w.en}: step ${step} already has a question`,
        zh: `${w.zh}：第${step}步已经有问题了`,
      })
    out.push({ step, kind })
  }
  return ok(out)
}
