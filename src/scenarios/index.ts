import { CATALOGUE, loadCatalogueSummaries } from './catalogue.ts'
import type { Scenario, ScenarioMeta } from './types.ts'

export type {
  Scenario,
  ScenarioBody,
  ScenarioInfo,
  ScenarioMeta,
  Phase,
  Pause,
  TopicId,
  PanelId,
} from './types.ts'
export { pauseAt, scenarioScript } from './types.ts'
export { CATALOGUE, TOPICS, catalogueSummaries, loadCatalogueSummaries } from './catalogue.ts'

/** The catalogue entry for an id, known without loading anything. */
export function findMeta(id: string): ScenarioMeta | undefined {
  return CATALOGUE.find((s) => s.id === id)
}

// One import per scenario per page load; a failed import is forgotten so a retry can work.
const pending = new Map<string, Promise<Scenario>>()
const loaded = new Map<string, Scenario>()

/** The full scenario (catalogue entry + phases), or undefined for an id not in the catalogue. */
export function loadScenario(id: string): Promise<Scenario | undefined> {
  const meta = findMeta(id)
  if (!meta) return Promise.resolve(undefined)
  let p = pending.get(id)
  if (!p) {
    const { topic, title, summary, panels } = meta
    p = import('./bodies.ts')
      .then((b) => b.loadBody(id))
      .then(
        ({ phases }) => {
          const s: Scenario = { id, topic, title, summary, panels, phases }
          loaded.set(id, s)
          return s
        },
        (e: unknown) => {
          pending.delete(id)
          throw e
        },
      )
    pending.set(id, p)
  }
  return p
}

/** The scenario if its body has already been loaded (see loadScenario), else undefined. */
export function loadedScenario(id: string): Scenario | undefined {
  return loaded.get(id)
}

/** Every scenario with its body, in library order (Node: CLI, tests, bench). */
export async function loadAllScenarios(): Promise<Scenario[]> {
  await loadCatalogueSummaries()
  return Promise.all(
    CATALOGUE.map(async (m) => {
      const s = await loadScenario(m.id)
      if (!s) throw new Error(`scenario ${m.id} is in the catalogue but did not load`)
      return s
    }),
  )
}
