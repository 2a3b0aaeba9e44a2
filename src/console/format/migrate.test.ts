import { describe, expect, it } from 'vitest'
import { resultJson, runScript } from '../index.ts'

const last = (src: string) => {
  const r = runScript(src).results.at(-1)
  if (!r) throw new Error('no result')
  return resultJson(r)
}

describe('migrate console rows', () => {
  it('refuses a working set bigger than RAM at the wws= column', () => {
    const j = last('migrate vm 100 wws=200 dirty=1')
    expect(j.ok).toBe(false)
    expect(j.column).toBe(20)
    expect(String(j.error)).toMatch(/wws=200 is out of range 1\.\.100/)
  })
  it('refuses a zero bandwidth at its column', () => {
    const j = last('migrate link 0')
    expect(j.ok).toBe(false)
    expect(j.column).toBe(14)
  })
  it('says when pre-copy does not converge, and why', () => {
    const j = last(
      'migrate vm 4096 wws=4096 dirty=10000\nmigrate link 8 downtime=10\nmigrate start max-rounds=5\nmigrate run',
    )
    expect(j.verdict).toBe('not-converged')
    expect(j.converged).toBe(false)
    expect(j.rate_above_link).toBe(true)
    expect(Array.isArray(j.rounds) && j.rounds.length).toBe(5)
  })
  it('reports the rounds, the downtime and the total when it converges', () => {
    const j = last('migrate vm 4096 wws=512 dirty=2000\nmigrate link 8\nmigrate start\nmigrate run')
    expect(j.verdict).toBe('converged')
    const rounds = j.rounds as { kind: string; sent: number }[]
    expect(rounds[0]?.sent).toBe(4096)
    expect(rounds.at(-1)?.kind).toBe('stop-copy')
    expect(j.downtime_ms).toBeCloseTo((((rounds.at(-1)?.sent ?? 0) * 4096) / (8 << 20)) * 1000, 2)
  })
  it('refuses QEMU-only options under Xen, at their column', () => {
    const j = last('migrate vm 64 wws=8 dirty=1\nmigrate start xen postcopy=2')
    expect(j.ok).toBe(false)
    expect(j.column).toBe(28)
    expect(last('migrate vm 64 wws=8 dirty=1\nmigrate start xen-legacy auto-converge').column).toBe(
      26,
    )
  })
  it('refuses to step before start and after the verdict', () => {
    expect(last('migrate round').ok).toBe(false)
    expect(last('migrate vm 64 wws=8 dirty=1\nmigrate start\nmigrate run\nmigrate round').ok).toBe(
      false,
    )
  })
})
