// Rerunnable speed figures (not a test): engine throughput and the per-step work a panel does.
// Run: npm run bench
import { performance } from 'node:perf_hooks'
import { runScript } from '../src/console/index.ts'
import { loadAllScenarios, scenarioScript } from '../src/scenarios/index.ts'
import type { PanelId } from '../src/scenarios/index.ts'
import { PANEL_LAYOUTS } from '../test/panelLayouts.ts'
import {
  type Gva,
  type Machine,
  type PagingState,
  apply,
  applyPaging,
  gva,
} from '../src/engine/index.ts'

function time(label: string, n: number, f: () => void): void {
  for (let i = 0; i < Math.min(20, n); i++) f() // warm-up
  const t0 = performance.now()
  for (let i = 0; i < n; i++) f()
  const ms = (performance.now() - t0) / n
  console.log(`${label.padEnd(58)} ${ms.toFixed(4)} ms/op  (${Math.round(1000 / ms)} ops/s)`)
}

for (const s of await loadAllScenarios()) {
  const { source, phaseOf } = scenarioScript(s)
  const run = runScript(source, { phaseOf })
  const frames = run.trace.frames.length
  time(`run scenario ${s.id} (${frames} frames)`, 500, () => runScript(source, { phaseOf }))
}

// What a step costs each panel: its pure layout for every frame of every scenario that shows
// it (the drawing on top is React's), as the mean and the worst step. The budget that matters
// is a step a lecturer clicks: well under a 16 ms frame.
const LAYOUTS = PANEL_LAYOUTS
const perPanel = new Map<PanelId, number[]>()
for (const s of await loadAllScenarios()) {
  const { source, phaseOf } = scenarioScript(s)
  const frames = runScript(source, { phaseOf }).trace.frames
  for (const p of s.panels) {
    const costs = perPanel.get(p) ?? []
    for (const f of frames) {
      const t0 = performance.now()
      for (let i = 0; i < 5; i++) LAYOUTS[p](f)
      costs.push((performance.now() - t0) / 5)
    }
    perPanel.set(p, costs)
  }
}
for (const [p, costs] of perPanel) {
  const mean = costs.reduce((a, b) => a + b, 0) / costs.length
  const worst = Math.max(...costs)
  console.log(
    `layout per step, ${p} (${costs.length} steps)`.padEnd(58) +
      ` mean ${mean.toFixed(3)} ms, worst ${worst.toFixed(3)} ms`,
  )
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

// Native 4-level walks: 64 mapped pages, an 8-entry LRU TLB. Cold: round-robin over all 64
// pages, so every access misses and walks 4 levels. Warm: one page again and again (hits).
const setup = ['paging x86-64']
for (let i = 0; i < 64; i++) setup.push(`map ${0x400000 + i * 0x1000} ${0x800000 + i * 0x1000} w`)
let paging: PagingState = runScript(setup.join('\n')).machine.paging
function walks(label: string, n: number, vaOf: (i: number) => Gva): void {
  let state = paging
  const t = performance.now()
  for (let i = 0; i < n; i++) {
    const r = applyPaging(state, {
      kind: 'paging.access',
      va: vaOf(i),
      intent: 'read',
      mode: 'kernel',
    })
    if (!r.ok) throw new Error(`bench walk failed: ${r.error.code}`)
    state = r.value.state
  }
  const ms = performance.now() - t
  console.log(`${label.padEnd(58)} ${Math.round(n / (ms / 1000))} accesses/s`)
  paging = state
}
walks('4-level access, cold TLB (every access walks 4 levels)', 20_000, (i) =>
  gva(BigInt(0x400000 + (i % 64) * 0x1000)),
)
walks('4-level access, warm TLB (hits)', 20_000, () => gva(0x400000n))

// Nested (2-D) walks under `mmu ept`: a 4-level guest on 4-level EPT, 64 mapped pages, the same
// 8-entry TLB. Cold: round-robin, every access misses and makes 24 references (hw-facts §3.1).
// Warm: one page again and again (combined-mapping hits, 0 references).
const eptSetup = ['mmu ept']
for (let i = 0; i < 64; i++)
  eptSetup.push(`map ${0x400000 + i * 0x1000} ${0x800000 + i * 0x1000} w`)
// The guest's four table pages (GPA 0x100000-0x103000) with 4 KiB EPT pages, so nothing is shortened.
for (let i = 0; i < 4; i++)
  eptSetup.push(`host map ${0x100000 + i * 0x1000} ${0x40000000 + i * 0x1000} rwx`)
for (let i = 0; i < 64; i++)
  eptSetup.push(`host map ${0x800000 + i * 0x1000} ${0x50000000 + i * 0x1000} rw`)
let nestedMachine: Machine = runScript(eptSetup.join('\n')).machine
function nestedWalks(label: string, n: number, vaOf: (i: number) => Gva): void {
  let m = nestedMachine
  const t = performance.now()
  for (let i = 0; i < n; i++) {
    const r = apply(m, { kind: 'paging.access', va: vaOf(i), intent: 'read', mode: 'kernel' })
    if (!r.ok) throw new Error(`bench nested walk failed: ${r.error.code}`)
    const last = r.value.events.at(-1)
    if (i === 0 && last?.kind === 'ept.access')
      console.log(`  (first access: ${last.tlb}, ${last.refs.length} refs)`)
    m = r.value.machine
  }
  const ms = performance.now() - t
  console.log(`${label.padEnd(58)} ${Math.round(n / (ms / 1000))} accesses/s`)
  nestedMachine = m
}
nestedWalks('EPT 4/4 access, cold TLB (every access makes 24 refs)', 5_000, (i) =>
  gva(BigInt(0x400000 + (i % 64) * 0x1000)),
)
nestedWalks('EPT 4/4 access, warm TLB (hits)', 20_000, () => gva(0x400000n))
// The same cold round-robin with the paging-structure caches on (hw-facts §3.3): after the first
// pass the PDE cache and the cached guest-physical mappings leave 1 guest read per miss.
nestedMachine = runScript([...eptSetup, 'ept caches on'].join('\n')).machine
nestedWalks('EPT 4/4 access, cold TLB, paging-structure caches on', 5_000, (i) =>
  gva(BigInt(0x400000 + (i % 64) * 0x1000)),
)
