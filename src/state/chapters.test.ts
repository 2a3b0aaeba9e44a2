import { beforeEach, describe, expect, it } from 'vitest'
import { runScript } from '../console/index.ts'
import { loadAllScenarios, scenarioScript } from '../scenarios/index.ts'
import type { Phase } from '../scenarios/index.ts'
import {
  ADDED_CHAPTER_ID,
  afterSetup,
  chapterIndexAt,
  chaptersOf,
  chaptersOfRun,
  nextChapterStart,
  prevChapterStart,
  skipSetupTarget,
} from './chapters.ts'
import { installChapterCommands } from './chapterCommands.ts'
import { runAppCommand } from './commands.ts'
import { loadRuntime } from './runtime.ts'
import { resetVmStore, vmStore } from './store.ts'

installChapterCommands()

const phase = (id: string, setup = false): Phase => ({
  id,
  script: '',
  say: { en: id, zh: id },
  title: { en: `title ${id}`, zh: `标题 ${id}` },
  setup,
})
const frames = (...ids: string[]) => ids.map((phaseId) => ({ phaseId }))

describe('chaptersOf', () => {
  const scenario = { phases: [phase('a', true), phase('b', true), phase('c'), phase('d')] }

  it('makes one chapter per run of a phase’s frames, with its first and last step', () => {
    const c = chaptersOf(scenario, frames('a', 'a', 'b', 'c', 'c', 'c', 'd'))
    expect(c.map(({ id, first, last, setup }) => [id, first, last, setup])).toEqual([
      ['a', 0, 1, true],
      ['b', 2, 2, true],
      ['c', 3, 5, false],
      ['d', 6, 6, false],
    ])
    expect(c[2]?.title).toEqual({ en: 'title c', zh: '标题 c' })
  })

  it('leaves out a phase that made no step, and reads added console lines as one chapter', () => {
    const c = chaptersOf(scenario, frames('a', 'c', 'console-1', 'console-1', 'console-2'))
    expect(c.map(({ id, first, last }) => [id, first, last])).toEqual([
      ['a', 0, 0],
      ['c', 1, 1],
      [ADDED_CHAPTER_ID, 2, 4],
    ])
    expect(c[2]?.setup).toBe(false)
  })

  it('has no chapters without frames', () => {
    expect(chaptersOf(scenario, [])).toEqual([])
  })

  it('is worked out once per run', () => {
    const f = frames('a', 'c')
    expect(chaptersOfRun(scenario, f)).toBe(chaptersOfRun(scenario, f))
  })
})

describe('chapter jumps', () => {
  // Steps 0-1 setup a, 2 setup b, 3-5 c, 6 d.
  const c = chaptersOf(
    { phases: [phase('a', true), phase('b', true), phase('c'), phase('d')] },
    frames('a', 'a', 'b', 'c', 'c', 'c', 'd'),
  )

  it('finds the chapter of a step', () => {
    expect([0, 1, 2, 3, 5, 6].map((i) => chapterIndexAt(c, i))).toEqual([0, 0, 1, 2, 2, 3])
    expect(chapterIndexAt(c, 7)).toBe(-1)
  })

  it('goes to the next chapter’s first step, and nowhere from the last chapter', () => {
    expect(nextChapterStart(c, 0)).toBe(2)
    expect(nextChapterStart(c, 4)).toBe(6)
    expect(nextChapterStart(c, 6)).toBeNull()
  })

  it('goes back to this chapter’s first step, or from there to the previous chapter’s', () => {
    expect(prevChapterStart(c, 5)).toBe(3)
    expect(prevChapterStart(c, 3)).toBe(2)
    expect(prevChapterStart(c, 2)).toBe(0)
    expect(prevChapterStart(c, 0)).toBeNull()
  })

  it('skips the setup only from inside it', () => {
    expect(afterSetup(c)).toBe(3)
    expect(skipSetupTarget(c, 0)).toBe(3)
    expect(skipSetupTarget(c, 2)).toBe(3)
    expect(skipSetupTarget(c, 3)).toBeNull()
    expect(skipSetupTarget(c, 6)).toBeNull()
  })

  it('has nothing to skip without setup, or when everything is setup', () => {
    const plain = chaptersOf({ phases: [phase('x'), phase('y')] }, frames('x', 'y'))
    expect(afterSetup(plain)).toBeNull()
    const all = chaptersOf({ phases: [phase('x', true)] }, frames('x', 'x'))
    expect(afterSetup(all)).toBeNull()
  })
})

const SCENARIOS = await loadAllScenarios()

describe('the scenarios’ chapters', () => {
  for (const s of SCENARIOS) {
    const run = runScript(scenarioScript(s).source, { phaseOf: scenarioScript(s).phaseOf })
    const n = run.trace.frames.length
    const c = chaptersOf(s, run.trace.frames)

    it(`${s.id}: one chapter per phase, in order, covering every step once`, () => {
      expect(c.map((x) => x.id)).toEqual(s.phases.map((p) => p.id))
      expect(c[0]?.first).toBe(0)
      expect(c.at(-1)?.last).toBe(n - 1)
      c.forEach((x, i) => {
        expect(x.last).toBeGreaterThanOrEqual(x.first)
        if (i > 0) expect(x.first).toBe((c[i - 1]?.last ?? -2) + 1)
      })
    })

    it(`${s.id}: short titles in both languages; setup phases come first`, () => {
      for (const p of s.phases) {
        expect(p.id).not.toMatch(/^console(-|$)/)
        expect(p.title.en.length, `${p.id} en`).toBeGreaterThan(0)
        expect(p.title.en.length, `${p.id} en: "${p.title.en}"`).toBeLessThanOrEqual(34)
        expect(p.title.zh.length, `${p.id} zh`).toBeGreaterThan(0)
        expect(p.title.zh.length, `${p.id} zh: "${p.title.zh}"`).toBeLessThanOrEqual(24)
      }
      const flags = s.phases.map((p) => p.setup === true)
      const firstPlain = flags.indexOf(false)
      expect(firstPlain, 'a scenario is not all setup').toBeGreaterThanOrEqual(0)
      expect(flags.slice(firstPlain), 'setup phases come first').not.toContain(true)
    })
  }

  it('EPT scenarios that build tables first skip to their first access', () => {
    for (const id of ['ept-2d-walk', 'ept-5level', 'ept-violation', 'ept-large-pages']) {
      const s = SCENARIOS.find((x) => x.id === id)
      if (!s) throw new Error(id)
      const { source, phaseOf } = scenarioScript(s)
      const run = runScript(source, { phaseOf })
      const target = afterSetup(chaptersOf(s, run.trace.frames))
      expect(target, id).not.toBeNull()
      // The step Skip setup lands on is the first one made by an `access` line.
      const frame = run.trace.frames[target ?? 0]
      const line = run.results.find((r) => r.line === frame?.line)
      expect(line?.text.trim(), id).toMatch(/^access /)
      expect(target, id).toBeGreaterThanOrEqual(15)
    }
  })
})

await loadRuntime()

describe('chapter commands on the store', () => {
  beforeEach(() => {
    resetVmStore()
    vmStore.getState().openRoute({ kind: 'scenario', id: 'ept-2d-walk', step: 1 })
  })
  const cursor = () => vmStore.getState().playback.cursor
  // Positions from the run itself: another setup grouping changes the numbers, not the rule.
  const chapters = () => {
    const v = vmStore.getState().view
    if (v.kind !== 'player') throw new Error('no scenario open')
    return chaptersOfRun(v.scenario, v.run.trace.frames)
  }

  it('] and [ move by chapter, S skips the setup, T opens the chapters', () => {
    const c = chapters()
    // guest (setup), ept (setup), walk, hit, caches-fill, caches-hit
    expect(c.map((x) => x.setup)).toEqual([true, true, false, false, false, false])
    const [, , walk, hit, fill] = c.map((x) => x.first)
    runAppCommand(vmStore, 'skip-setup')
    expect(cursor()).toBe(walk)
    runAppCommand(vmStore, 'skip-setup')
    expect(cursor(), 'nothing to skip after the setup').toBe(walk)
    runAppCommand(vmStore, 'next-chapter')
    expect(cursor()).toBe(hit)
    vmStore.getState().seek((fill ?? 0) + 3)
    runAppCommand(vmStore, 'prev-chapter')
    expect(cursor(), 'back to the start of this chapter').toBe(fill)
    runAppCommand(vmStore, 'prev-chapter')
    expect(cursor(), 'then the chapter before').toBe(hit)
    runAppCommand(vmStore, 'chapters')
    expect(vmStore.getState().chaptersOpen).toBe(true)
    runAppCommand(vmStore, 'chapters')
    expect(vmStore.getState().chaptersOpen).toBe(false)
  })

  it('opens no list for a script with a single chapter', () => {
    resetVmStore()
    vmStore.getState().openRoute({ kind: 'scenario', id: 'custom', step: 1, extra: ['mmu ept'] })
    expect(vmStore.getState().view.kind).toBe('player')
    expect(chapters()).toHaveLength(1)
    runAppCommand(vmStore, 'chapters')
    expect(vmStore.getState().chaptersOpen).toBe(false)
  })

  it('does nothing outside a scenario', () => {
    resetVmStore()
    runAppCommand(vmStore, 'next-chapter')
    runAppCommand(vmStore, 'chapters')
    expect(vmStore.getState().chaptersOpen).toBe(false)
    expect(vmStore.getState().playback.cursor).toBe(0)
  })
})
