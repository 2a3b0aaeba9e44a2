import { describe, expect, it } from 'vitest'
import { type RunResult, runScript } from '../src/console/index.ts'
import { loadAllScenarios, scenarioScript } from '../src/scenarios/index.ts'

const SCENARIOS = await loadAllScenarios()

/** Runs `lines` in two parts: the first `cut` lines, then the rest continued from them. */
function inTwo(lines: readonly string[], cut: number, frameCap?: number): RunResult {
  const opts = frameCap === undefined ? {} : { frameCap }
  const first = runScript(lines.slice(0, cut).join('\n'), opts)
  return runScript(lines.slice(cut).join('\n'), { ...opts, after: { run: first, lines: cut } })
}

const same = (a: RunResult, b: RunResult): void => {
  expect(a.error).toEqual(b.error)
  expect(a.results).toEqual(b.results)
  expect(a.trace.truncated).toBe(b.trace.truncated)
  expect(a.trace.frames.map((f) => [f.index, f.line, f.phaseId, f.event])).toEqual(
    b.trace.frames.map((f) => [f.index, f.line, f.phaseId, f.event]),
  )
  expect(a.machine).toEqual(b.machine)
}

// The console appends a typed line by continuing the last run (store.ts appendLine): that must
// give exactly what re-running the whole script gives.
describe('runScript after: continuing a run equals running it all', () => {
  for (const s of SCENARIOS) {
    it(s.id, () => {
      const lines = scenarioScript(s).source.split('\n')
      const whole = runScript(lines.join('\n'))
      for (const cut of [1, Math.floor(lines.length / 2), lines.length - 1]) {
        same(inTwo(lines, cut), whole)
      }
    })
  }

  it('stops where the whole run stops: at an error and at the frame cap', () => {
    const lines = ['vm g', 'map 0x1000 0x2000', 'map 0x1001 0x2000', 'access 0x1000']
    for (const cut of [1, 2, 3]) same(inTwo(lines, cut), runScript(lines.join('\n')))
    const many = ['map 0x1000 0x2000', ...Array.from({ length: 10 }, () => 'access 0x1000')]
    for (const cut of [1, 2, 5])
      same(inTwo(many, cut, 5), runScript(many.join('\n'), { frameCap: 5 }))
  })
})
