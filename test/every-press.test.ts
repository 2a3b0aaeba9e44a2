// Every press shows something (issue 13): a step that leaves every panel's picture as it was
// fails here unless its phase marks it as a deliberate pause with a reason, and a marked
// pause whose picture does change fails too (its reason would be false).
import { describe, expect, it } from 'vitest'
import { runScript } from '../src/console/index.ts'
import type { Frame } from '../src/engine/index.ts'
import { type Scenario, loadAllScenarios, scenarioScript } from '../src/scenarios/index.ts'
import { checkPresses, ranges } from './everyPress.ts'
import { PANEL_LAYOUTS, layoutKey, pictureKey } from './panelLayouts.ts'

const SCENARIOS = await loadAllScenarios()
const framesOf = (s: Scenario): readonly Frame[] => {
  const { source, phaseOf } = scenarioScript(s)
  return runScript(source, { phaseOf }).trace.frames
}

describe('every press shows something', () => {
  for (const s of SCENARIOS)
    it(s.id, () => {
      const r = checkPresses(s, framesOf(s))
      expect(
        ranges(r.unmarked),
        `${s.id}: steps that change no panel and are not marked pauses`,
      ).toBe('')
      expect(ranges(r.stale), `${s.id}: marked pauses whose picture changes`).toBe('')
      for (const { step, pause } of r.pauses) {
        expect(pause.why.en.trim(), `${s.id} step ${step}: pause reason (en)`).not.toBe('')
        expect(pause.why.zh.trim(), `${s.id} step ${step}: pause reason (zh)`).not.toBe('')
      }
    })

  it('marks every pause on a step that exists', () => {
    for (const s of SCENARIOS) {
      const frames = framesOf(s)
      for (const p of s.phases) {
        const n = frames.filter((f) => f.phaseId === p.id).length
        for (const pause of p.pauses ?? [])
          expect(pause.step, `${s.id} phase ${p.id}`).toBeLessThanOrEqual(n)
      }
    }
  })
})

describe('the check itself', () => {
  const s = SCENARIOS.find((x) => x.id === 'ept-2d-walk')
  if (!s) throw new Error('ept-2d-walk is missing')
  const frames = framesOf(s)

  it('passes the real scenario', () => {
    expect(checkPresses(s, frames).unmarked).toEqual([])
  })

  it('fails on a forged step that repeats the previous picture', () => {
    // Step 40 shown twice: the second press changes nothing.
    const forged = [...frames.slice(0, 40), frames[39], ...frames.slice(40)].filter(
      (f): f is Frame => f !== undefined,
    )
    expect(checkPresses(s, forged).unmarked).toEqual([41])
  })

  it('accepts the forged step once its phase marks it as a pause, and only then', () => {
    const forged = [...frames.slice(0, 40), frames[39], ...frames.slice(40)].filter(
      (f): f is Frame => f !== undefined,
    )
    const phaseId = frames[39]?.phaseId
    const first = forged.findIndex((f) => f.phaseId === phaseId)
    const why = { en: 'forged', zh: '伪造' }
    const marked: Scenario = {
      ...s,
      phases: s.phases.map((p) =>
        p.id === phaseId ? { ...p, pauses: [{ step: 41 - first, why }] } : p,
      ),
    }
    expect(checkPresses(marked, forged).unmarked).toEqual([])
    expect(checkPresses(marked, forged).stale).toEqual([])
    // The same mark on the real trace sits on a step that does change: stale.
    expect(checkPresses(marked, frames).stale).toEqual([41])
  })

  it('sees a change a panel draws beside its layout (PageWalk under another MMU)', () => {
    // The same frame but with the MMU switched: PageWalk's "guest view" note changes.
    const f = frames[0]
    if (!f) throw new Error('no frame')
    const other: Frame = {
      ...f,
      machine: { ...f.machine, virt: { ...f.machine.virt, mmu: 'shadow' } },
    }
    expect(pictureKey('pageWalk', f, frames)).not.toBe(pictureKey('pageWalk', other, frames))
  })

  it('ignores a focus change alone (data-focus is not drawn)', () => {
    const f = frames.find((x) => x.event.kind === 'ept.nested-ref')
    if (!f) throw new Error('no nested reference')
    expect(layoutKey(PANEL_LAYOUTS.walk2d(f, frames))).toContain('"focus":"cell"')
    expect(pictureKey('walk2d', f, frames)).not.toContain('"focus":"cell"')
  })
})
