import { threeAddressSpaces } from './three-address-spaces.ts'
import type { Scenario, TopicId } from './types.ts'

export type { Scenario, Phase, TopicId, PanelId } from './types.ts'
export { scenarioScript } from './types.ts'

/** The catalogue, in library order. Ids are unique (tested). */
export const SCENARIOS: readonly Scenario[] = [threeAddressSpaces]

export const TOPICS: readonly TopicId[] = ['memory', 'paging']

export function findScenario(id: string): Scenario | undefined {
  return SCENARIOS.find((s) => s.id === id)
}
