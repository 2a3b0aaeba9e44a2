// Where each scenario's body is: src/scenarios/<id>.ts, one lazy chunk each. This map is itself
// a lazy chunk (index.ts imports it on the first open), so the first screen carries one title
// and summary per scenario and no loader code.
import type { ScenarioBody } from './types.ts'

const FILES = import.meta.glob<ScenarioBody>([
  './*.ts',
  '!./*.test.ts',
  '!./{bodies,catalogue,catalogue-zh,custom,index,panels,types}.ts',
])

/** Loads the body of scenario `id`; rejects naming the file when there is none. */
export function loadBody(id: string): Promise<ScenarioBody> {
  const file = `./${id}.ts`
  const load = FILES[file]
  if (!load) return Promise.reject(new Error(`no body file src/scenarios/${id}.ts`))
  return load()
}
