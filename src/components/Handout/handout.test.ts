import { describe, expect, it } from 'vitest'
import { runScript } from '../../console/index.ts'
import { placeQuestions } from '../../quiz/questions.ts'
import { loadScenario, scenarioScript } from '../../scenarios/index.ts'
import {
  type SheetUnit,
  choiceLetter,
  fitZoom,
  handoutBlocks,
  handoutQuestions,
  packSheets,
} from './handout.ts'

const scenario = await loadScenario('paging-walk-4level')
if (!scenario) throw new Error('paging-walk-4level is in the catalogue')
const { source, phaseOf } = scenarioScript(scenario)
const run = runScript(source, { phaseOf })

describe('handoutBlocks', () => {
  it('gives each phase its last frame, its step and its script lines', () => {
    const blocks = handoutBlocks(scenario, run.trace.frames)
    expect(blocks.map((b) => b.phase.id)).toEqual(scenario.phases.map((p) => p.id))
    expect(blocks.map((b) => b.number)).toEqual([1, 2, 3])
    const frames = run.trace.frames
    for (const b of blocks) {
      const own = frames.filter((f) => f.phaseId === b.phase.id)
      expect(b.frame).toBe(own.at(-1))
      expect(b.step).toBe((own.at(-1)?.index ?? -1) + 1)
      // The frame after it (if any) belongs to the next phase: it is the phase's last step.
      expect(frames[(b.frame?.index ?? 0) + 1]?.phaseId).not.toBe(b.phase.id)
    }
    // The last phase ends at the run's last step.
    expect(blocks.at(-1)?.step).toBe(frames.length)
    expect(blocks[1]?.lines).toEqual(['access 0x7123 read user'])
  })

  it('keeps a phase that made no step, without a picture', () => {
    const phases = [
      ...scenario.phases,
      {
        id: 'note',
        script: '# only a comment\n',
        say: { en: 'x', zh: 'x' },
        title: scenario.phases[0]!.title,
      },
    ]
    const blocks = handoutBlocks({ phases }, run.trace.frames)
    expect(blocks.at(-1)).toMatchObject({ frame: null, step: null, lines: ['# only a comment'] })
  })
})

describe('handoutQuestions', () => {
  const frames = run.trace.frames
  const qs = handoutQuestions(scenario.phases, placeQuestions(scenario.phases, frames))

  it('numbers every question of the scenario in phase and step order, at its real step', () => {
    // paging-walk-4level asks walk-refs, next-entry at the walk's steps 1, 2 and 8, tlb-hit.
    expect(qs.map((q) => [q.number, q.phaseId])).toEqual([
      [1, 'walk'],
      [2, 'walk'],
      [3, 'walk'],
      [4, 'hit'],
    ])
    const walk = frames.findIndex((f) => f.phaseId === 'walk')
    const hit = frames.findIndex((f) => f.phaseId === 'hit')
    expect(qs.map((q) => q.step)).toEqual([walk + 1, walk + 2, walk + 8, hit + 1])
  })

  it('letters the choices, names the right letter, and leaves a number question unlettered', () => {
    const refs = qs[0]?.body
    if (!refs?.ok) throw new Error('walk-refs generates')
    // A 4-level walk on a TLB miss reads 4 entries (hw-facts §1.1).
    expect(refs).toMatchObject({ choices: null, letter: null, answerText: { en: '4' } })
    for (const q of qs.slice(1)) {
      const body = q.body
      if (!body.ok) throw new Error(`question ${q.number} generates`)
      const choices = body.choices ?? []
      expect(choices.length).toBeGreaterThan(1)
      expect(choices.map((c) => c.letter)).toEqual(choices.map((_, i) => 'abcdefgh'[i]))
      // The letter on the answers page is the option whose label is the right answer.
      const right = choices.find((c) => c.letter === body.letter)
      expect(right).toBeDefined()
      const placed = placeQuestions(scenario.phases, frames)[q.number - 1]?.generated
      if (!placed?.ok || placed.value.type !== 'choice') throw new Error('a choice question')
      const id = placed.value.answer
      expect(right?.label).toEqual(placed.value.choices.find((c) => c.id === id)?.label)
    }
  })

  it('keeps a question with no step, with why, in its phase', () => {
    const phases = scenario.phases.map((p) =>
      p.id === 'hit' ? { ...p, questions: [{ step: 9, kind: 'tlb-hit' as const }] } : p,
    )
    const out = handoutQuestions(phases, placeQuestions(phases, frames))
    const last = out.at(-1)
    expect(last).toMatchObject({ number: 4, phaseId: 'hit', step: null, body: { ok: false } })
    if (last?.body.ok === false) expect(last.body.message.en).toContain('no step 9')
  })

  it('letters past z without repeating', () => {
    expect([0, 1, 25, 26, 27].map(choiceLetter)).toEqual(['a', 'b', 'z', 'aa', 'ab'])
  })
})

describe('fitZoom', () => {
  it('never enlarges, shrinks to fit, and stops at the floor', () => {
    expect(fitZoom(1000, 100, 500)).toBe(1)
    expect(fitZoom(1000, 100, 1800)).toBeCloseTo(0.5)
    expect(fitZoom(1000, 100, 100_000)).toBe(0.3)
    expect(fitZoom(1000, 100, 0)).toBe(1)
  })
})

const u = (height: number, block: number, all: [number, number][], head = false): SheetUnit => {
  const i = all.findIndex(([h, b]) => h === height && b === block)
  const rest = all
    .slice(i)
    .filter(([, b]) => b === block)
    .reduce((s, [h]) => s + h, 0)
  const first = all.findIndex(([, b]) => b === block) === i
  return { height, blockStart: first, blockRest: rest, keepWithNext: head }
}
const units = (spec: [number, number, boolean?][]): SheetUnit[] =>
  spec.map(([h, b, head]) =>
    u(
      h,
      b,
      spec.map(([x, y]) => [x, y]),
      head,
    ),
  )

describe('packSheets', () => {
  it('keeps a phase that fits on the page it starts on', () => {
    expect(
      packSheets(
        units([
          [40, 1, true],
          [300, 1],
          [100, 1],
          [50, 2, true],
          [200, 2],
        ]),
        1000,
      ),
    ).toEqual([0, 0, 0, 0, 0])
  })

  it('moves a phase that would fit a page of its own to a new page, whole', () => {
    expect(
      packSheets(
        units([
          [40, 1, true],
          [600, 1],
          [41, 2, true],
          [500, 2],
          [60, 2],
        ]),
        1000,
      ),
    ).toEqual([0, 0, 1, 1, 1])
  })

  it('splits a phase taller than a page between units, never inside one', () => {
    const s = packSheets(
      units([
        [40, 1, true],
        [900, 1],
        [700, 1],
        [200, 1],
      ]),
      1000,
    )
    expect(s).toEqual([0, 0, 1, 1])
  })

  it('keeps a heading with what follows it', () => {
    // Phase 2 is taller than a page; its heading fits after phase 1, its picture does not:
    // both go to the next page, and the text after the picture to the one after.
    const s = packSheets(
      units([
        [40, 1, true],
        [800, 1],
        [41, 2, true],
        [900, 2],
        [200, 2],
      ]),
      1000,
    )
    expect(s).toEqual([0, 0, 1, 1, 2])
  })

  it('takes the title out of the first page', () => {
    // A phase that does not fit under the title starts the next page, its heading with it.
    expect(
      packSheets(
        units([
          [40, 1, true],
          [900, 1],
        ]),
        1000,
        100,
      ),
    ).toEqual([1, 1])
    expect(
      packSheets(
        units([
          [40, 1, true],
          [800, 1],
        ]),
        1000,
        100,
      ),
    ).toEqual([0, 0])
  })

  it('starts a page at a pageStart unit even when it would fit, and keeps packing after it', () => {
    const list = units([
      [40, 1, true],
      [100, 1],
      [40, 2, true],
      [30, 2],
      [30, 2],
    ])
    const answers = list.map((x, i) => (i === 2 ? { ...x, pageStart: true } : x))
    expect(packSheets(list, 1000)).toEqual([0, 0, 0, 0, 0])
    expect(packSheets(answers, 1000)).toEqual([0, 0, 1, 1, 1])
    // Alone at the top of page 0 (no title) it has nothing to move away from.
    expect(packSheets(answers.slice(2), 1000)).toEqual([0, 0, 0])
  })

  it('never puts more on a page than it holds, unless one unit alone is taller', () => {
    const spec: [number, number, boolean?][] = []
    for (let b = 1; b <= 12; b++) spec.push([40, b, true], [((b * 373) % 900) + 50, b], [120, b])
    const list = units(spec)
    const sheets = packSheets(list, 1000, 80)
    const used = new Map<number, number>([[0, 80]])
    list.forEach((x, i) => {
      const s = sheets[i] ?? -1
      used.set(s, (used.get(s) ?? 0) + x.height)
      if (i > 0) expect(s).toBeGreaterThanOrEqual(sheets[i - 1] ?? 0)
    })
    for (const total of used.values()) expect(total).toBeLessThanOrEqual(1000)
  })
})
