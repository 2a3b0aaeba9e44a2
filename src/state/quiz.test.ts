import { describe, expect, it } from 'vitest'
import { quizPress } from '../components/Quiz/quizRunner.ts'
import { loadScenario } from '../scenarios/index.ts'
import { runAppCommand, setQuizRunner } from './commands.ts'
import { loadScores, recordAnswer, scoreOf } from './quizScore.ts'
import { loadRuntime } from './runtime.ts'
import { createVmStore } from './store.ts'

await loadScenario('paging-faults')
await loadRuntime()
setQuizRunner(quizPress)

// paging-faults: phase `not-present` starts at step 19 and asks its #PF error code there.
const open = (quiz: 'class' | 'study' | 'off', step = 18) => {
  const s = createVmStore({ quiz })
  s.getState().openRoute({ kind: 'scenario', id: 'paging-faults', step })
  return s
}

describe('the question press', () => {
  it('class mode: one press asks over the unchanged step, the next moves and reveals', () => {
    const s = open('class')
    runAppCommand(s, 'next')
    expect(s.getState().playback.cursor).toBe(17)
    expect(s.getState().quiz.asked).toBe(18)
    runAppCommand(s, 'next')
    expect(s.getState().playback.cursor).toBe(18)
    expect(s.getState().quiz.asked).toBeNull()
    // No question before step 20: an ordinary press.
    runAppCommand(s, 'next')
    expect(s.getState().playback.cursor).toBe(19)
  })

  it('prev takes an asked question back without moving', () => {
    const s = open('class')
    runAppCommand(s, 'next')
    runAppCommand(s, 'prev')
    expect(s.getState().quiz.asked).toBeNull()
    expect(s.getState().playback.cursor).toBe(17)
  })

  it('off: every press moves', () => {
    const s = open('off')
    runAppCommand(s, 'next')
    expect(s.getState().playback.cursor).toBe(18)
  })

  it('self-study waits for an answer, then moves and keeps the answer on its step', () => {
    const s = open('study')
    runAppCommand(s, 'next')
    runAppCommand(s, 'next')
    expect(s.getState().playback.cursor).toBe(17)
    s.getState().answerQuestion(18, '0x6', true)
    runAppCommand(s, 'next')
    expect(s.getState().playback.cursor).toBe(18)
    expect(s.getState().quiz.given).toEqual({ index: 18, value: '0x6', right: true })
    runAppCommand(s, 'next')
    expect(s.getState().quiz.given).toBeNull()
  })
})

describe('scores in localStorage', () => {
  const fake = () => {
    const m = new Map<string, string>()
    const localStorage = {
      getItem: (k: string) => m.get(k) ?? null,
      setItem: (k: string, v: string) => void m.set(k, v),
    } as unknown as Storage
    return { win: { localStorage }, m }
  }

  it('keeps the latest answer per question and sums them', () => {
    const { win } = fake()
    expect(scoreOf('paging-faults', win)).toBeNull()
    recordAnswer('paging-faults', 'not-present:1', false, 9, win)
    recordAnswer('paging-faults', 'read-only:2', true, 9, win)
    expect(scoreOf('paging-faults', win)).toEqual({ right: 1, answered: 2, total: 9 })
    recordAnswer('paging-faults', 'not-present:1', true, 9, win)
    expect(scoreOf('paging-faults', win)).toEqual({ right: 2, answered: 2, total: 9 })
  })

  it('ignores corrupt data without throwing', () => {
    const { win, m } = fake()
    for (const bad of [
      '{',
      '[]',
      '"x"',
      '{"a":{"right":{"p:1":"yes"},"total":3}}',
      '{"a":{"right":{},"total":-1}}',
    ]) {
      m.set('vmscope.quiz-score.v1', bad)
      expect(loadScores(win)).toEqual({})
      expect(scoreOf('a', win)).toBeNull()
    }
    // A corrupt record does not stop a new answer being kept.
    expect(recordAnswer('a', 'p:1', true, 3, win)).toEqual({ right: 1, answered: 1, total: 3 })
  })
})
