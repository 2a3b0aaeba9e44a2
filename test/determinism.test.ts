import { describe, expect, it } from 'vitest'
import { resultJson, runScript } from '../src/console/index.ts'
import { loadAllScenarios, scenarioScript } from '../src/scenarios/index.ts'

const SCENARIOS = await loadAllScenarios()

describe('determinism', () => {
  for (const s of SCENARIOS) {
    it(`${s.id}: the same script gives the same trace, and its JSON survives a round trip`, () => {
      const { source, phaseOf } = scenarioScript(s)
      const a = runScript(source, { phaseOf })
      const b = runScript(source, { phaseOf })
      expect(a.trace).toStrictEqual(b.trace)
      const json = a.results.map(resultJson)
      expect(JSON.parse(JSON.stringify(json))).toStrictEqual(json)
      // Deep-comparing every frame's memory snapshot takes seconds for the long virtualized
      // scenarios (200 frames, two memories), more than vitest's 5 s default on 2 cores.
    }, 60_000)
  }

  it('the comparison catches a different run', () => {
    const a = runScript('vm g\nmap 0x1000 0x2000')
    const b = runScript('vm g\nmap 0x1000 0x3000')
    expect(() => expect(a.trace).toStrictEqual(b.trace)).toThrow()
  })
})
