// Rerunnable speed figures (not a test): engine throughput and the per-step work a panel does.
// Run: npm run bench
import { performance } from 'node:perf_hooks'
import { runScript } from '../src/console/index.ts'
import { SCENARIOS, scenarioScript } from '../src/scenarios/index.ts'
import { layoutAddressSpaces } from '../src/components/AddressSpaces/layout.ts'

function time(label: string, n: number, f: () => void): void {
  for (let i = 0; i < Math.min(20, n); i++) f() // warm-up
  const t0 = performance.now()
  for (let i = 0; i < n; i++) f()
  const ms = (performance.now() - t0) / n
  console.log(`${label.padEnd(58)} ${ms.toFixed(4)} ms/op  (${Math.round(1000 / ms)} ops/s)`)
}

for (const s of SCENARIOS) {
  const { source, phaseOf } = scenarioScript(s)
  const run = runScript(source, { phaseOf })
  const frames = run.trace.frames.length
  time(`run scenario ${s.id} (${frames} frames)`, 500, () => runScript(source, { phaseOf }))
  const t = (k: string) => k
  time(`layout one step of ${s.id} (what a step costs the panel)`, 2000, () => {
    const f = run.trace.frames[Math.floor(frames / 2)]
    if (f) layoutAddressSpaces(f.machine.addr, f.event, t)
  })
}

// Throughput on a long generated script: 2 guests, 5,000 mapped pages, 10,000 accesses.
const lines = ['vm a']
for (let i = 0; i < 2500; i++)
  lines.push(`map ${0x100000 + i * 0x1000} ${0x200000 + i * 0x1000} w u`)
for (let i = 0; i < 2500; i++)
  lines.push(`host map ${0x200000 + i * 0x1000} ${0x4000000 + i * 0x1000}`)
for (let i = 0; i < 3000; i++)
  lines.push(`access ${0x100000 + ((i * 7) % 2500) * 0x1000 + 0x10} read user`)
const big = lines.join('\n')
const t0 = performance.now()
const run = runScript(big, { frameCap: 100_000 })
const ms = performance.now() - t0
console.log(
  `long script: ${lines.length} lines, ${run.trace.frames.length} frames in ${ms.toFixed(0)} ms ` +
    `(${Math.round(run.trace.frames.length / (ms / 1000))} frames/s)`,
)
