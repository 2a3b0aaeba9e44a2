import { describe, expect, it } from 'vitest'
import { resultJson, runScript } from '../src/console/index.ts'
import { loadAllScenarios, scenarioScript } from '../src/scenarios/index.ts'

const SCENARIOS = await loadAllScenarios()

// Each built-in scenario's CLI --json output is committed under test/golden/ and reviewed like
// code. Rewrite after a deliberate change with: npm run test:golden -- -u
describe('golden CLI output', () => {
  for (const s of SCENARIOS) {
    it(s.id, async () => {
      const { source, phaseOf } = scenarioScript(s)
      const lines = runScript(source, { phaseOf }).results.map((r) => JSON.stringify(resultJson(r)))
      await expect(lines.join('\n') + '\n').toMatchFileSnapshot(`golden/${s.id}.jsonl`)
    })
  }
})
