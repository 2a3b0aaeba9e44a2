import { describe, expect, it } from 'vitest'
import { runScript } from '../src/console/index.ts'
import { describeEvent } from '../src/narration/index.ts'
import { SCENARIOS, TOPICS, scenarioScript } from '../src/scenarios/index.ts'

describe('scenario catalogue', () => {
  it('has unique ids that are valid URL segments', () => {
    const ids = SCENARIOS.map((s) => s.id)
    expect(new Set(ids).size).toBe(ids.length)
    for (const id of ids) expect(id).toMatch(/^[a-z0-9][a-z0-9-]{0,63}$/)
  })

  for (const s of SCENARIOS) {
    describe(s.id, () => {
      it('runs to the end without an error', () => {
        const { source, phaseOf } = scenarioScript(s)
        const run = runScript(source, { phaseOf })
        expect(run.error).toBeNull()
        expect(run.trace.truncated).toBe(false)
        expect(run.trace.frames.length).toBeGreaterThan(0)
      })

      it('has narration in both languages for every phase and every step', () => {
        expect(TOPICS).toContain(s.topic)
        for (const text of [s.title, s.summary, ...s.phases.map((p) => p.say)]) {
          expect(text.en.trim()).not.toBe('')
          expect(text.zh).toMatch(/[\u4e00-\u9fff]/)
        }
        const { source, phaseOf } = scenarioScript(s)
        for (const f of runScript(source, { phaseOf }).trace.frames) {
          const d = describeEvent(f.event)
          expect(d.en.trim()).not.toBe('')
          expect(d.zh).toMatch(/[\u4e00-\u9fff]/)
          expect(s.phases.some((p) => p.id === f.phaseId)).toBe(true)
        }
      })
    })
  }
})

describe('three-address-spaces', () => {
  it('teaches the numbers from the course notes', () => {
    const s = SCENARIOS.find((x) => x.id === 'three-address-spaces')
    if (!s) throw new Error('missing scenario')
    const { source, phaseOf } = scenarioScript(s)
    const machine = runScript(source, { phaseOf }).machine.addr
    const pages = (xs: readonly bigint[]) => xs.map((x) => Number(x >> 12n))
    const [g1, g2] = machine.vms
    expect(pages(g1?.guestMap.map((m) => m.va) ?? [])).toEqual([3, 4, 7])
    expect(g1?.guestMap.map((m) => [Number(m.va >> 12n), Number(m.pa >> 12n)])).toEqual([
      [3, 12],
      [4, 11],
      [7, 10],
    ])
    expect(g1?.hostMap.map((m) => [Number(m.gpa >> 12n), Number(m.hpa >> 12n)])).toEqual([
      [10, 10],
      [11, 11],
      [12, 12],
    ])
    expect(g2?.guestMap.slice(0, 3).map((m) => [Number(m.va >> 12n), Number(m.pa >> 12n)])).toEqual(
      [
        [4, 10],
        [5, 11],
        [6, 12],
      ],
    )
    expect(
      g2?.hostMap.slice(0, 3).map((m) => [Number(m.gpa >> 12n), Number(m.hpa >> 12n)]),
    ).toEqual([
      [10, 20],
      [11, 21],
      [12, 22],
    ])
  })
})
