// Counts the steps that leave every panel of their scenario as it was (a press that shows
// nothing new), and the deliberate pauses scenarios mark. A panel's picture is a pure
// function of its layout (test/panelLayouts.ts pictureKey), so equal keys mean an unchanged
// picture. Run: node scripts/run-ts.mjs scripts/unchanged.ts
import { runScript } from '../src/console/index.ts'
import { loadAllScenarios, scenarioScript } from '../src/scenarios/index.ts'
import { checkPresses, ranges } from '../test/everyPress.ts'

let total = 0
let unchanged = 0
let unmarked = 0
const reasons: string[] = []
for (const s of await loadAllScenarios()) {
  const { source, phaseOf } = scenarioScript(s)
  const frames = runScript(source, { phaseOf }).trace.frames
  const r = checkPresses(s, frames)
  total += frames.length
  unchanged += r.unchanged.length
  unmarked += r.unmarked.length
  for (const p of r.pauses) reasons.push(`  ${s.id} step ${p.step}: ${p.pause.why.en}`)
  if (r.unchanged.length > 0)
    console.log(
      `${s.id.padEnd(26)} ${String(r.unchanged.length).padStart(4)} of ${frames.length}: ${ranges(r.unchanged)}` +
        (r.unmarked.length < r.unchanged.length
          ? ` (not marked: ${ranges(r.unmarked) || 'none'})`
          : ''),
    )
  if (r.stale.length > 0) console.log(`${s.id}: marked pauses that do change: ${ranges(r.stale)}`)
}
console.log(
  `unchanged steps: ${unchanged} of ${total} (${((100 * unchanged) / total).toFixed(1)}%), ` +
    `${unchanged - unmarked} of them marked pauses, ${unmarked} not marked`,
)
if (reasons.length > 0) console.log(`marked pauses:\n${reasons.join('\n')}`)
