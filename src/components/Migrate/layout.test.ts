import { describe, expect, it } from 'vitest'
import { runScript } from '../../console/index.ts'
import { chartOf, layoutMigrate, whatIfConfig } from './layout.ts'

const frames = (src: string) => runScript(src).trace.frames

describe('layoutMigrate', () => {
  it('shows each step of one `migrate run` as its round leaves the run', () => {
    const fs = frames(
      'migrate vm 4096 wws=512 dirty=2000\nmigrate link 8\nmigrate start\nmigrate run',
    )
    const run = fs.filter((f) => f.line === 4)
    const shown = run.map((f) => {
      const l = layoutMigrate(f.machine.migrate, f.event)
      return l.kind === 'run' ? [l.shown, l.focus, l.finished, l.chart.bars.length] : null
    })
    const n = run.length - 1
    expect(shown.slice(0, n)).toEqual(
      Array.from({ length: n }, (_, i) => [i + 1, i + 1, false, i + 1]),
    )
    // The verdict: every round, nothing boxed, finished.
    expect(shown[n]).toEqual([n, null, true, n])
  })
  it('marks only the step’s round as the focus', () => {
    const fs = frames(
      'migrate vm 4096 wws=512 dirty=2000\nmigrate link 8\nmigrate start\nmigrate round 2',
    )
    const last = fs.at(-1)
    if (!last) throw new Error('no frame')
    const l = layoutMigrate(last.machine.migrate, last.event)
    if (l.kind !== 'run') throw new Error(l.kind)
    expect(l.chart.bars.map((b) => b.focus)).toEqual([false, true])
  })
  it('is empty without a VM and ready before `migrate start`', () => {
    const fs = frames('migrate link 64\nmigrate vm 100 wws=10 dirty=5')
    expect(fs.map((f) => layoutMigrate(f.machine.migrate, f.event).kind)).toEqual([
      'empty',
      'ready',
    ])
  })
})

describe('chartOf', () => {
  it('draws the threshold between the ticks that bracket it, on a log scale', () => {
    const fs = frames(
      'migrate vm 4096 wws=512 dirty=2000\nmigrate link 8\nmigrate start\nmigrate run',
    )
    const f = fs.at(-1)
    if (!f || f.machine.migrate.run === null) throw new Error('no run')
    const tl = f.machine.migrate.run.timeline
    const c = chartOf(tl, tl.rounds.length, null)
    // 8 MiB/s x 300 ms / 4 KiB = 614.4 pages: between the 100 and 1000 ticks.
    expect(c.thresholdPages).toBeCloseTo(614.4, 6)
    const y100 = c.ticks.find((t) => t.value === 100)?.y ?? 0
    const y1k = c.ticks.find((t) => t.value === 1000)?.y ?? 0
    expect(c.thresholdY).toBeLessThan(y100)
    expect(c.thresholdY).toBeGreaterThan(y1k)
  })
  it('keeps a what-if working set within RAM', () => {
    const fs = frames('migrate vm 4096 wws=512 dirty=2000\nmigrate start')
    const f = fs.at(-1)
    if (!f || f.machine.migrate.run === null) throw new Error('no run')
    const c = whatIfConfig(f.machine.migrate.run.timeline.config, { wws: 99_999, bandwidthMiB: 4 })
    expect(c.vm.wws).toBe(4096)
    expect(c.link.bandwidthMiB).toBe(4)
  })
})
