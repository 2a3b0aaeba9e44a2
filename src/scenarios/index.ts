import { paging5Level } from './paging-5level.ts'
import { pagingFaults } from './paging-faults.ts'
import { pagingLargePages } from './paging-large-pages.ts'
import { pagingTlb } from './paging-tlb.ts'
import { pagingWalk4Level } from './paging-walk-4level.ts'
import { pagingX8632 } from './paging-x86-32.ts'
import { threeAddressSpaces } from './three-address-spaces.ts'
import type { Scenario, TopicId } from './types.ts'
import { vmxControls } from './vmx-controls.ts'
import { vmxExitReasons } from './vmx-exit-reasons.ts'
import { vmxInstructionErrors } from './vmx-instruction-errors.ts'
import { vmxLifecycle } from './vmx-lifecycle.ts'
import { vmxTwoVcpus } from './vmx-two-vcpus.ts'
import { xenBlkfrontRead } from './xen-blkfront-read.ts'
import { xenEventChannels } from './xen-event-channels.ts'
import { xenNetbackRx } from './xen-netback-rx.ts'
import { xenNetfrontTx } from './xen-netfront-tx.ts'
import { xenRingBasics } from './xen-ring-basics.ts'
import { xenRingBatching } from './xen-ring-batching.ts'
import { xenRingFull } from './xen-ring-full.ts'
import { xenRingWraparound } from './xen-ring-wraparound.ts'

export type { Scenario, Phase, TopicId, PanelId } from './types.ts'
export { scenarioScript } from './types.ts'

/** The catalogue, in library order. Ids are unique (tested). */
export const SCENARIOS: readonly Scenario[] = [
  threeAddressSpaces,
  pagingWalk4Level,
  pagingLargePages,
  pagingFaults,
  pagingTlb,
  paging5Level,
  pagingX8632,
  vmxLifecycle,
  vmxInstructionErrors,
  vmxExitReasons,
  vmxControls,
  vmxTwoVcpus,
  xenRingBasics,
  xenRingBatching,
  xenRingWraparound,
  xenRingFull,
  xenBlkfrontRead,
  xenNetfrontTx,
  xenNetbackRx,
  xenEventChannels,
]

export const TOPICS: readonly TopicId[] = ['memory', 'paging', 'vmx', 'xen']

export function findScenario(id: string): Scenario | undefined {
  return SCENARIOS.find((s) => s.id === id)
}
