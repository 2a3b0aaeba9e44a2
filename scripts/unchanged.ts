// Counts the steps that leave every panel of their scenario as it was (a press that shows
// nothing new). A panel's picture is a pure function of its layout, so equal layouts mean an
// unchanged picture. Run: node scripts/run-ts.mjs scripts/unchanged.ts
import { runScript } from '../src/console/index.ts'
import { loadAllScenarios, scenarioScript } from '../src/scenarios/index.ts'
import { PANEL_LAYOUTS, layoutKey } from '../test/panelLayouts.ts'

let total = 0
let unchanged = 0
for (const s of await loadAllScenarios()) {
  const { source, phaseOf } = scenarioScript(s)
  const frames = runScript(source, { phaseOf }).trace.frames
  let prev: string[] | null = null
  const same: number[] = []
  for (const f of frames) {
    const keys = s.panels.map((p) => layoutKey(PANEL_LAYOUTS[p](f, frames)))
    if (prev && keys.every((k, i) => k === prev?.[i])) same.push(f.index + 1)
    prev = keys
  }
  total += frames.length
  unchanged += same.length
  if (same.length > 0)
    console.log(
      `${s.id.padEnd(26)} ${String(same.length).padStart(4)} of ${frames.length}: ${ranges(same)}`,
    )
}
console.log(
  `unchanged steps: ${unchanged} of ${total} (${((100 * unchanged) / total).toFixed(1)}%)`,
)

function ranges(xs: number[]): string {
  const out: string[] = []
  for (let i = 0; i < xs.length;) {
    let j = i
    while (j + 1 < xs.length && xs[j + 1] === (xs[j] ?? 0) + 1) j++
    out.push(i === j ? `${xs[i]}` : `${xs[i]}-${xs[j]}`)
    i = j + 1
  }
  return out.join(', ')
}
