import { threeAddressSpaces } from './three-address-spaces.ts'
import type { Scenario, TopicId } from './types.ts'
import { vmxControls } from './vmx-controls.ts'
import { vmxExitReasons } from './vmx-exit-reasons.ts'
import { vmxInstructionErrors } from './vmx-instruction-errors.ts'
import { vmxLifecycle } from './vmx-lifecycle.ts'
import { vmxTwoVcpus } from './vmx-two-vcpus.ts'

export type { Scenario, Phase, TopicId, PanelId } from './types.ts'
export { scenarioScript } from './types.ts'

/** The catalogue, in library order. Ids are unique (tested). */
export const SCENARIOS: readonly Scenario[] = [
  threeAddressSpaces,
  vmxLifecycle,
  vmxInstructionErrors,
  vmxExitReasons,
  vmxControls,
  vmxTwoVcpus,
]

export const TOPICS: readonly TopicId[] = ['memory', 'paging', 'vmx']

export function findScenario(id: string): Scenario | undefined {
  return SCENARIOS.find((s) => s.id === id)
}
