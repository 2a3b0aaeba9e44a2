// Rerunnable speed figures (not a test): engine throughput and the per-step work a panel does.
// Run: npm run bench [-- --engine]  (--engine: only the engine figures, from the long script on;
// no scenario runs or panel layouts)
import { readFileSync, unlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import { parseArgs } from 'node:util'
import { runScript } from '../src/console/index.ts'
import { loadAllScenarios, scenarioScript } from '../src/scenarios/index.ts'
import type { PanelId } from '../src/scenarios/index.ts'
import { PANEL_LAYOUTS } from '../test/panelLayouts.ts'
import {
  type Gva,
  type Machine,
  type MigrateConfig,
  type PagingState,
  apply,
  applyPaging,
  gva,
  runEptBulk,
  simulateMigration,
} from '../src/engine/index.ts'

function time(label: string, n: number, f: () => void): void {
  for (let i = 0; i < Math.min(20, n); i++) f() // warm-up
  const t0 = performance.now()
  for (let i = 0; i < n; i++) f()
  const ms = (performance.now() - t0) / n
  console.log(`${label.padEnd(58)} ${ms.toFixed(4)} ms/op  (${Math.round(1000 / ms)} ops/s)`)
}

const { values: args } = parseArgs({ options: { engine: { type: 'boolean', default: false } } })
const scenarios = args.engine ? [] : await loadAllScenarios()

for (const s of scenarios) {
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
for (const s of scenarios) {
  const { source, phaseOf } = scenarioScript(s)
  const frames = runScript(source, { phaseOf }).trace.frames
  for (const p of s.panels) {
    const costs = perPanel.get(p) ?? []
    for (const f of frames) {
      const t0 = performance.now()
      for (let i = 0; i < 5; i++) LAYOUTS[p](f, frames)
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

// A loaded machine (other jobs on the same cores) stretches wall time; the process's own CPU
// time (user + system) stretches far less, so per-access figures give both.
function rate(n: number, wallMs: number, cpu: NodeJS.CpuUsage): string {
  const cpuS = (cpu.user + cpu.system) / 1e6
  return `${Math.round(n / (wallMs / 1000))} accesses/s  (${Math.round(n / cpuS)} per CPU-second)`
}

// Native 4-level walks: 64 mapped pages, an 8-entry LRU TLB. Cold: round-robin over all 64
// pages, so every access misses and walks 4 levels. Warm: one page again and again (hits).
const setup = ['paging x86-64']
for (let i = 0; i < 64; i++) setup.push(`map ${0x400000 + i * 0x1000} ${0x800000 + i * 0x1000} w`)
let paging: PagingState = runScript(setup.join('\n')).machine.paging
function walks(label: string, n: number, vaOf: (i: number) => Gva): void {
  let state = paging
  const c = process.cpuUsage()
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
  console.log(`${label.padEnd(58)} ${rate(n, ms, process.cpuUsage(c))}`)
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
  const c = process.cpuUsage()
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
  console.log(`${label.padEnd(58)} ${rate(n, ms, process.cpuUsage(c))}`)
  nestedMachine = m
}
nestedWalks('EPT 4/4 access, cold TLB (every access makes 24 refs)', 5_000, (i) =>
  gva(BigInt(0x400000 + (i % 64) * 0x1000)),
)
// Per-access `apply` on the hit path (issue #14: 1,000,000 a second): long enough for the JIT.
nestedWalks('EPT 4/4 access, warm TLB (hits)', 200_000, () => gva(0x400000n))
// The same cold round-robin with the paging-structure caches on (hw-facts §3.3): after the first
// pass the PDE cache and the cached guest-physical mappings leave 1 guest read per miss.
nestedMachine = runScript([...eptSetup, 'ept caches on'].join('\n')).machine
nestedWalks('EPT 4/4 access, cold TLB, paging-structure caches on', 5_000, (i) =>
  gva(BigInt(0x400000 + (i % 64) * 0x1000)),
)

// Bulk runs (`ept loop`, src/engine/ept/bulk.ts) on the same 64-page EPT machine, caches off,
// each beside a flat baseline: the floor a plain loop over the same data structures reaches
// (warm: one Map lookup per access; cold: per reference a frame lookup and an 8-byte read).
const bulkMachine: Machine = runScript(eptSetup.join('\n')).machine
function bulk(label: string, n: number, stride: bigint, pages: number | null): number {
  const p = { va: 0x400000n, count: n, stride, pages, intent: 'read', mode: 'kernel' } as const
  runEptBulk(bulkMachine, { ...p, count: Math.min(n, 10_000) }) // warm-up
  const t = performance.now()
  const r = runEptBulk(bulkMachine, p)
  const s = (performance.now() - t) / 1000
  if (!r.ok || r.value.stopped) throw new Error('bench bulk run failed')
  const c = r.value.counts
  console.log(
    `${label.padEnd(58)} ${Math.round(n / s)} accesses/s  (${c.hits} hits, ${c.misses} misses, ${(c.refs / Math.max(1, c.misses)).toFixed(0)} refs/miss)`,
  )
  return n / s
}
function floor(label: string, n: number, body: () => number, engine: number): void {
  // Each loop's result is checked, so none of its work is thrown away.
  if (!Number.isFinite(body())) throw new Error('baseline loop') // warm-up
  const t = performance.now()
  if (!Number.isFinite(body())) throw new Error('baseline loop')
  const s = (performance.now() - t) / 1000
  console.log(
    `${label.padEnd(58)} ${Math.round(n / s)} /s  (engine at ${((engine / (n / s)) * 100).toFixed(0)}% of it)`,
  )
}
const WARM = 2_000_000
const warm = bulk('bulk EPT 4/4, warm TLB (ept loop stride=0)', WARM, 0n, null)
// Floor for a hit: look the page up in an 8-entry Map and bump a clock, nothing else.
const tlbMap = new Map<number, { used: number }>()
for (let i = 0; i < 8; i++) tlbMap.set(0x400 + i, { used: 0 })
floor(
  '  flat baseline: 1 Map lookup + 1 store per access',
  WARM,
  () => {
    let clock = 0
    for (let i = 0; i < WARM; i++) {
      const e = tlbMap.get(0x400 + (i & 7))
      if (e) e.used = ++clock
    }
    return clock
  },
  warm,
)
const COLD = 100_000
const cold = bulk('bulk EPT 4/4, cold TLB (64 pages round-robin, 24 refs)', COLD, 0x1000n, 64)
// Floor for a 24-reference walk: 24 frame lookups in a Map and 24 little-endian 8-byte reads.
const frames = new Map<number, Uint8Array>()
for (let f = 0; f < 64; f++) frames.set(f, new Uint8Array(4096).fill(f))
floor(
  '  flat baseline: 24 x (Map lookup + 8-byte read) per walk',
  COLD,
  () => {
    let acc = 0
    for (let i = 0; i < COLD; i++)
      for (let r = 0; r < 24; r++) {
        const f = frames.get((i + r) & 63)
        if (!f) continue
        const o = (i * 8 + r * 64) & 4095 & ~7
        acc ^= (f[o]! | (f[o + 1]! << 8) | (f[o + 2]! << 16) | (f[o + 3]! << 24)) >>> 0
        acc ^= (f[o + 4]! | (f[o + 5]! << 8) | (f[o + 6]! << 16) | (f[o + 7]! << 24)) >>> 0
      }
    return acc
  },
  cold,
)

// Headless: a script of 1,000,000 accesses (one `ept loop` line after the setup), written to a
// file and run as `npm run -s vmscope -- --json FILE` runs it (runScript; Node startup and the
// bundling of the CLI not counted).
const loopFile = join(tmpdir(), `vmscope-bench-loop-${process.pid}.vms`)
writeFileSync(loopFile, [...eptSetup, 'ept loop 0x400000 1000000 stride=64 pages=64'].join('\n'))
{
  const t = performance.now()
  const r = runScript(readFileSync(loopFile, 'utf8'))
  const ms = performance.now() - t
  const last = r.results.at(-1)
  const e = last?.events[0]
  if (r.error || e?.kind !== 'ept.loop') throw new Error('bench loop script failed')
  console.log(
    `${'headless script, 1,000,000 accesses (ept loop, 1 line)'.padEnd(58)} ${ms.toFixed(0)} ms  (${e.hits} hits, ${e.misses} misses, ${e.refs} refs)`,
  )
  unlinkSync(loopFile)
}

// Live migration (issue #18): a 4 GiB VM (1M pages of 4 KiB) whose guest dirties 10 % of its
// RAM a second, over a working set of a tenth of RAM, at QEMU's defaults with auto-converge.
// The whole timeline must compute in under 1 s.
{
  const pages = 1 << 20
  const config: MigrateConfig = {
    vm: { pages, wws: pages / 10, dirtyRate: Math.round(pages / 10), seed: 1 },
    link: { bandwidthMiB: 128, downtimeMs: 300 },
    policy: { rule: 'qemu', autoConverge: true, postcopyAfter: null, log: 'bitmap', maxRounds: 30 },
  }
  simulateMigration(config) // warm-up
  const t0 = performance.now()
  const { timeline } = simulateMigration(config)
  const ms = performance.now() - t0
  console.log(
    `migration, 4 GiB VM (1M pages), 10 %/s dirty: ${timeline.rounds.length} rounds, ` +
      `${timeline.verdict}, downtime ${timeline.downtimeMs.toFixed(1)} ms, ` +
      `total ${(timeline.totalMs / 1000).toFixed(1)} s, computed in ${ms.toFixed(0)} ms ` +
      `(${ms < 1000 ? 'under' : 'OVER'} the 1 s budget)`,
  )
}
