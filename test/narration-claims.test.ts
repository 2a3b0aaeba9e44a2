// The words shown at a step are true of the picture at that step: every counter a phase's
// narration states (test/narrationClaims.ts) is checked at every step the text is on screen.
// `say` is on screen for the whole phase; `now` only from the phase's last step.
import { describe, expect, it } from 'vitest'
import { runScript } from '../src/console/index.ts'
import type { Frame } from '../src/engine/index.ts'
import { loadAllScenarios, scenarioScript } from '../src/scenarios/index.ts'
import { check } from './narrationClaims.ts'

const scenarios = await loadAllScenarios()

describe('phase narration states the numbers of the step it is shown at', () => {
  it.each(scenarios.map((s) => [s.id, s] as const))('%s', (_id, s) => {
    const { source, phaseOf } = scenarioScript(s)
    const frames = runScript(source, { phaseOf }).trace.frames
    const problems: string[] = []
    for (const p of s.phases) {
      const own = frames.filter((f) => f.phaseId === p.id)
      const last = own.at(-1)
      for (const f of own) {
        for (const m of check(p.say.en, f))
          problems.push(
            `step ${f.index + 1} (${p.id}): "${m.text}" but the panels show ${m.shown.join(', ')}`,
          )
      }
      if (p.now && last)
        for (const m of check(p.now.en, last))
          problems.push(
            `step ${last.index + 1} (${p.id}, now): "${m.text}" but the panels show ${m.shown.join(', ')}`,
          )
    }
    expect(problems).toEqual([])
  })

  it('catches a stated counter the state contradicts', () => {
    const frames = runScript('ring create r proto=blkif\nring r front queue 1\nring r front push')
      .trace.frames
    const f = frames.at(-1) as Frame
    expect(check('publishes req_prod = 1.', f)).toEqual([])
    expect(check('publishes req_prod = 2.', f)).toEqual([
      { claim: 'ring index', text: 'req_prod = 2', stated: [2], shown: [1] },
    ])
    expect(check('req_event = req_cons + 1 = 2', f)).toEqual([]) // an expression, not a claim
  })
})
