// Issue 19: every built-in scenario asks at least three predict-then-reveal questions, and each
// one generates from the scenario's own trace (a question whose generator finds no matching
// event at its step fails here, naming the scenario, phase and step).
import { describe, expect, it } from 'vitest'
import { runScript } from '../src/console/index.ts'
import type { Frame } from '../src/engine/index.ts'
import { placeQuestions } from '../src/quiz/index.ts'
import { type Scenario, loadAllScenarios, scenarioScript } from '../src/scenarios/index.ts'

const SCENARIOS = await loadAllScenarios()
const framesOf = (s: Scenario): readonly Frame[] => {
  const { source, phaseOf } = scenarioScript(s)
  return runScript(source, { phaseOf }).trace.frames
}

export const MIN_QUESTIONS = 3

describe('every built-in scenario asks at least three questions that generate', () => {
  for (const s of SCENARIOS) {
    const count = s.phases.reduce((n, p) => n + (p.questions?.length ?? 0), 0)
    it(s.id, () => {
      expect(count, `${s.id} asks ${count} questions`).toBeGreaterThanOrEqual(MIN_QUESTIONS)
      const placed = placeQuestions(s.phases, framesOf(s))
      for (const q of placed) {
        const at = `${s.id} phase ${q.phaseId} step ${q.question.step} (${q.question.kind})`
        expect(q.generated.ok ? '' : q.generated.error.message.en, at).toBe('')
        if (!q.generated.ok) continue
        const g = q.generated.value
        for (const t of [g.prompt, g.explanation, g.answerText]) {
          expect(t.en.trim(), at).not.toBe('')
          expect(t.zh.trim(), at).not.toBe('')
        }
        if (g.type === 'choice') {
          const ids = g.choices.map((c) => c.id)
          expect(new Set(ids).size, at).toBe(ids.length)
          expect(
            ids.filter((id) => id === g.answer),
            at,
          ).toHaveLength(1)
        }
      }
      // The question shows on the press before its step (that press's visible change, which
      // e2e/every-press.spec.ts sees): the first step has no press before it.
      for (const q of placed) expect(q.index, `${s.id}: a question on step 1`).toBeGreaterThan(0)
      // Two questions on one step would ask twice before one press.
      const steps = placed.map((q) => q.index)
      expect(new Set(steps).size, `${s.id}: two questions on one step`).toBe(steps.length)
    })
  }

  it('lists the scenarios still short of three questions', () => {
    const short = SCENARIOS.filter(
      (s) => s.phases.reduce((n, p) => n + (p.questions?.length ?? 0), 0) < MIN_QUESTIONS,
    ).map((s) => s.id)
    expect(short, `short of ${MIN_QUESTIONS} questions: ${short.join(', ')}`).toEqual([])
  })
})
