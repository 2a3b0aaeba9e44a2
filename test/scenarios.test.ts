import { readdirSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { runScript } from '../src/console/index.ts'
import { describeEvent } from '../src/narration/index.ts'
import { loadBody } from '../src/scenarios/bodies.ts'
import { loadCatalogueZh } from '../src/scenarios/catalogue.ts'
import {
  CATALOGUE,
  TOPICS,
  loadAllScenarios,
  loadScenario,
  scenarioScript,
} from '../src/scenarios/index.ts'

import { GLOSSARY_ID } from '../src/state/store.ts'
import { PRINT_PREFIX } from '../src/state/url.ts'

const SCENARIOS = await loadAllScenarios()
// The catalogue's Chinese titles and summaries are a lazy chunk (loaded with the Chinese UI).
await loadCatalogueZh()
const DIR = new URL('../src/scenarios/', import.meta.url)
// Module names (file names without .ts) of src/scenarios, tests excepted.
const modules = readdirSync(DIR)
  .filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'))
  .map((f) => f.slice(0, -'.ts'.length))
const importModule = (name: string): Promise<Record<string, unknown>> =>
  import(`../src/scenarios/${name}.ts`) as Promise<Record<string, unknown>>

describe('scenario catalogue', () => {
  it('has unique ids that are valid URL segments', () => {
    const ids = CATALOGUE.map((s) => s.id)
    expect(new Set(ids).size).toBe(ids.length)
    for (const id of ids) expect(id).toMatch(/^[a-z0-9][a-z0-9-]{0,63}$/)
    // `#/print/<id>` is a handout and `#/glossary` the terms page: neither can be a scenario.
    expect(ids).not.toContain(PRINT_PREFIX)
    expect(ids).not.toContain(GLOSSARY_ID)
  })

  it('lists every body file: a module here that exports phases has a catalogue entry', async () => {
    const ids = CATALOGUE.map((s) => s.id)
    for (const name of modules) {
      const m = await importModule(name)
      if ('phases' in m) {
        expect(ids, `src/scenarios/${name}.ts exports phases: add it to catalogue.ts`).toContain(
          name,
        )
      }
    }
  })

  it('answers undefined for an id it does not have', async () => {
    expect(await loadScenario('no-such-scenario')).toBeUndefined()
  })

  it('has an English summary for every catalogue entry and none for an id it does not have', async () => {
    const { SUMMARIES_EN } = await import('../src/scenarios/catalogue-en.ts')
    expect(Object.keys(SUMMARIES_EN)).toEqual(CATALOGUE.map((m) => m.id))
  })

  it('finds bodies by file name only: a helper module or a missing file is no body', async () => {
    await expect(loadBody('no-such-scenario')).rejects.toThrow(
      'no body file src/scenarios/no-such-scenario.ts',
    )
    await expect(loadBody('catalogue')).rejects.toThrow('no body file')
  })

  for (const meta of CATALOGUE) {
    describe(meta.id, () => {
      it(`has its body in src/scenarios/${meta.id}.ts, exporting only phases, and loads it`, async () => {
        expect(modules, `create src/scenarios/${meta.id}.ts`).toContain(meta.id)
        const own = await importModule(meta.id)
        expect(Object.keys(own), `src/scenarios/${meta.id}.ts exports only phases`).toEqual([
          'phases',
        ])
        const body = await loadBody(meta.id)
        expect(body.phases, `bodies.ts must load src/scenarios/${meta.id}.ts`).toBe(own.phases)
      })

      it('steps in the catalogue is the length of its run', () => {
        const s = SCENARIOS.find((x) => x.id === meta.id)
        if (!s) throw new Error(`${meta.id} did not load`)
        const { source, phaseOf } = scenarioScript(s)
        const n = runScript(source, { phaseOf }).trace.frames.length
        expect(meta.steps, `catalogue.ts, '${meta.id}': set steps: ${n}`).toBe(n)
      })
    })
  }
})

describe('scenarios', () => {
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
