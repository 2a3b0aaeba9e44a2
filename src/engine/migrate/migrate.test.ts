import { describe, expect, it } from 'vitest'
import { applyMigrate } from './apply.ts'
import {
  ABSENT,
  autoConvergeStep,
  loggingExits,
  qemuBelowThreshold,
  qemuThresholdPages,
  simulateMigration,
  xenDecision,
  xenLegacyDecision,
} from './simulate.ts'
import {
  type MigrateConfig,
  type MigratePolicy,
  type StopRule,
  initialMigrateState,
} from './types.ts'

const policy = (over: Partial<MigratePolicy> = {}): MigratePolicy => ({
  rule: 'qemu',
  autoConverge: false,
  postcopyAfter: null,
  log: 'bitmap',
  maxRounds: 30,
  ...over,
})

const config = (
  vm: Partial<MigrateConfig['vm']> = {},
  link: Partial<MigrateConfig['link']> = {},
  p: Partial<MigratePolicy> = {},
): MigrateConfig => ({
  vm: { pages: 4096, wws: 512, dirtyRate: 2000, seed: 7, ...vm },
  link: { bandwidthMiB: 8, downtimeMs: 300, ...link },
  policy: policy(p),
})

describe('QEMU stop rule: pending < bandwidth x downtime-limit', () => {
  it('is strict on the boundary (1 MiB/s x 1000 ms = 256 pages exactly)', () => {
    expect(qemuThresholdPages(1, 1000)).toBe(256)
    expect(qemuBelowThreshold(255, 1, 1000)).toBe(true)
    expect(qemuBelowThreshold(256, 1, 1000)).toBe(false)
  })
  it('gives 9830.4 pages at the defaults (128 MiB/s, 300 ms)', () => {
    expect(qemuThresholdPages(128, 300)).toBeCloseTo(9830.4, 6)
    expect(qemuBelowThreshold(9830, 128, 300)).toBe(true)
    expect(qemuBelowThreshold(9831, 128, 300)).toBe(false)
  })
})

describe('Xen stream v2: < 50 dirty pages or 5 live rounds', () => {
  it('suspends at once when the check finds nothing dirty', () => {
    expect(xenDecision(1, 0)).toEqual({ kind: 'stop', why: 'few-dirty' })
  })
  it('sends 49 pages live once more, keeps going at 50', () => {
    expect(xenDecision(1, 49)).toEqual({ kind: 'last-live', why: 'few-dirty' })
    expect(xenDecision(1, 50)).toEqual({ kind: 'continue' })
  })
  it('stops after the fifth live round, not the fourth', () => {
    expect(xenDecision(4, 1000)).toEqual({ kind: 'continue' })
    expect(xenDecision(5, 1000)).toEqual({ kind: 'last-live', why: 'max-iterations' })
  })
})

describe('Xen legacy: iter >= 29, < 50 sent, > 3 x RAM', () => {
  it('checks each bound on its edge', () => {
    expect(xenLegacyDecision(28, 50, 100, 100)).toEqual({ kind: 'continue' })
    expect(xenLegacyDecision(29, 50, 100, 100)).toEqual({ kind: 'stop', why: 'max-iterations' })
    expect(xenLegacyDecision(3, 49, 100, 100)).toEqual({ kind: 'stop', why: 'few-sent' })
    expect(xenLegacyDecision(3, 50, 300, 100)).toEqual({ kind: 'continue' })
    expect(xenLegacyDecision(3, 50, 301, 100)).toEqual({ kind: 'stop', why: 'three-times-ram' })
  })
})

describe('auto-converge', () => {
  it('counts only a period with dirtied > 50 % of sent, and acts on the second', () => {
    const s0 = { pct: 0, high: 0 }
    expect(autoConvergeStep(s0, 50, 100)).toEqual(s0)
    const s1 = autoConvergeStep(s0, 51, 100)
    expect(s1).toEqual({ pct: 0, high: 1 })
    // A quiet period does not reset the count.
    expect(autoConvergeStep(s1, 10, 100)).toEqual(s1)
    expect(autoConvergeStep(s1, 51, 100)).toEqual({ pct: 20, high: 0 })
  })
  it('starts at 20 %, steps by 10 %, stops at 99 %', () => {
    let s = { pct: 0, high: 0 }
    const seen: number[] = []
    for (let i = 0; i < 24; i++) {
      s = autoConvergeStep(s, 100, 100)
      if (s.high === 0) seen.push(s.pct)
    }
    expect(seen).toEqual([20, 30, 40, 50, 60, 70, 80, 90, 99, 99, 99, 99])
  })
})

describe('dirty logging exits', () => {
  it('write protection exits (48) once per first write', () => {
    expect(loggingExits('bitmap', 700)).toEqual({ reason: 48, count: 700 })
  })
  it('PML exits (62) when the 513th GPA finds the 512-entry log full', () => {
    expect(loggingExits('pml', 0).count).toBe(0)
    expect(loggingExits('pml', 512).count).toBe(0)
    expect(loggingExits('pml', 513).count).toBe(1)
    expect(loggingExits('pml', 1024).count).toBe(1)
    expect(loggingExits('pml', 1025)).toEqual({ reason: 62, count: 2 })
  })
})

describe('pre-copy rounds', () => {
  it('round 1 sends all RAM, round i what was dirtied in round i-1', () => {
    const { timeline } = simulateMigration(config())
    const [first, ...rest] = timeline.rounds
    expect(first?.sent).toBe(4096)
    timeline.rounds.slice(1).forEach((r, i) => {
      expect(r.sent).toBe(timeline.rounds[i]?.dirtied)
    })
    expect(rest.at(-1)?.kind).toBe('stop-copy')
    expect(timeline.verdict).toBe('converged')
    expect(timeline.downtimeMs).toBeCloseTo(
      (((rest.at(-1)?.sent ?? 0) * 4096) / (8 << 20)) * 1000,
      9,
    )
  })
  it('is deterministic: the same seed gives the same timeline, another seed another', () => {
    const a = simulateMigration(config()).timeline
    expect(simulateMigration(config()).timeline).toEqual(a)
    expect(simulateMigration(config({ seed: 8 })).timeline.rounds[0]?.dirtied).not.toBe(
      a.rounds[0]?.dirtied,
    )
  })
  it('never converges when the working set stays above the threshold, and says so', () => {
    const { timeline } = simulateMigration(
      config({ wws: 4096, dirtyRate: 10_000 }, { downtimeMs: 10 }, { maxRounds: 12 }),
    )
    expect(timeline.verdict).toBe('not-converged')
    expect(timeline.rounds).toHaveLength(12)
    expect(timeline.rounds.at(-1)?.decision).toEqual({ kind: 'give-up' })
    expect(timeline.rateAboveLink).toBe(true) // 10,000 stores/s against 2,048 pages/s
  })
  it('auto-converge throttles the same workload until it converges', () => {
    const { timeline } = simulateMigration(
      config(
        { wws: 4096, dirtyRate: 10_000 },
        { downtimeMs: 10 },
        { autoConverge: true, maxRounds: 60 },
      ),
    )
    expect(timeline.verdict).toBe('converged')
    const pcts = timeline.rounds.filter((r) => r.kind === 'live').map((r) => r.throttlePct)
    expect(Math.max(...pcts)).toBeGreaterThanOrEqual(20)
    expect(pcts.filter((p, i) => i > 0 && p !== pcts[i - 1]).every((p) => p >= 20)).toBe(true)
  })
  it('Xen stream v2 runs at most 5 live rounds, one more live send, then stop-and-copy', () => {
    const { timeline } = simulateMigration(
      config({ wws: 4096, dirtyRate: 10_000 }, {}, { rule: 'xen' }),
    )
    expect(timeline.rounds.map((r) => r.decision.kind)).toEqual([
      'continue',
      'continue',
      'continue',
      'continue',
      'last-live',
      'stop',
      'done',
    ])
    expect(timeline.verdict).toBe('converged')
  })
})

describe('property: migration never loses a dirtied page', () => {
  const rules: StopRule[] = ['qemu', 'xen', 'xen-legacy']
  for (let seed = 1; seed <= 24; seed++) {
    const rule = rules[seed % 3] as StopRule
    const pages = 256 + ((seed * 977) % 3000)
    const wws = 1 + ((seed * 131) % pages)
    const c = config(
      { pages, wws, dirtyRate: (seed * 1237) % 40_000, seed },
      { bandwidthMiB: 1 + (seed % 16), downtimeMs: 5 + ((seed * 37) % 400) },
      {
        rule,
        autoConverge: seed % 2 === 0,
        postcopyAfter: rule === 'qemu' && seed % 5 === 0 ? 2 : null,
        log: seed % 4 === 0 ? 'pml' : 'bitmap',
        maxRounds: 100,
      },
    )
    it(`seed ${seed} (${rule}, ${pages} pages, wws ${wws}): the destination equals the guest`, () => {
      const { timeline, memory } = simulateMigration(c)
      if (timeline.verdict === 'not-converged') {
        expect(timeline.rounds).toHaveLength(100)
        return
      }
      expect(memory.dest.includes(ABSENT)).toBe(false)
      expect(Array.from(memory.dest)).toEqual(Array.from(memory.guest))
    })
  }
  it('a run cut short by the round cap leaves stale pages on the destination', () => {
    const { timeline, memory } = simulateMigration(
      config({ wws: 4096, dirtyRate: 10_000 }, { downtimeMs: 10 }, { maxRounds: 3 }),
    )
    expect(timeline.verdict).toBe('not-converged')
    expect(Array.from(memory.dest)).not.toEqual(Array.from(memory.guest))
  })
})

describe('applyMigrate refusals', () => {
  it('needs a VM, a run, and stops after the verdict', () => {
    const s0 = initialMigrateState
    expect(applyMigrate(s0, { kind: 'migrate.start', ...policy() })).toEqual({
      ok: false,
      error: { code: 'no-vm' },
    })
    expect(applyMigrate(s0, { kind: 'migrate.step', count: 1 })).toEqual({
      ok: false,
      error: { code: 'no-run' },
    })
    const vm = applyMigrate(s0, { kind: 'migrate.vm', pages: 64, wws: 8, dirtyRate: 10, seed: 1 })
    if (!vm.ok) throw new Error('vm refused')
    const st = applyMigrate(vm.value.state, { kind: 'migrate.start', ...policy() })
    if (!st.ok) throw new Error('start refused')
    const all = applyMigrate(st.value.state, { kind: 'migrate.step', count: null })
    if (!all.ok) throw new Error('run refused')
    expect(all.value.events.at(-1)?.kind).toBe('migrate.done')
    expect(applyMigrate(all.value.state, { kind: 'migrate.step', count: 1 }).ok).toBe(false)
  })
  it('refuses a WWS bigger than RAM and a run too big to simulate', () => {
    expect(
      applyMigrate(initialMigrateState, {
        kind: 'migrate.vm',
        pages: 8,
        wws: 9,
        dirtyRate: 1,
        seed: 1,
      }),
    ).toEqual({ ok: false, error: { code: 'wws-too-big', wws: 9, pages: 8 } })
    const vm = applyMigrate(initialMigrateState, {
      kind: 'migrate.vm',
      pages: 1 << 20,
      wws: 1 << 20,
      dirtyRate: 1_000_000_000,
      seed: 1,
    })
    if (!vm.ok) throw new Error('vm refused')
    const r = applyMigrate(vm.value.state, { kind: 'migrate.start', ...policy() })
    expect(r.ok ? null : r.error.code).toBe('too-much-work')
  })
})
