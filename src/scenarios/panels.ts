// The panels a loaded script needs. Read from the console families, so it arrives with the
// script runner (state/runtime.ts), not with the library's first screen.
import { familyOf } from '../console/families.ts'
import type { RunResult } from '../console/index.ts'
import { moduleOfEvent } from '../engine/index.ts'
import type { PanelId } from './types.ts'

// The stage order of the panels a loaded script may need.
const STAGE_ORDER: readonly PanelId[] = [
  'addressSpaces',
  'guestCpu',
  'vmcs',
  'cpuModes',
  'ring',
  'xenDomains',
  'walk2d',
  'shadowMmu',
  'xenMmu',
  'pageWalk',
  'migrate',
  'hostMemory',
  'sharing',
  'ioLayers',
  'e1000',
  'iommuWalk',
  'sriov',
  'sched',
  'virtqueue',
]

/**
 * The panels a script needs, from the events it produced; never an empty stage. The panels
 * of the `mmu` switches come last, in the order the script chose them.
 */
export function panelsFor(run: RunResult): PanelId[] {
  const wanted = new Set<PanelId>()
  const mmuPanels = new Set<PanelId>()
  for (const { event } of run.trace.frames) {
    const panels = familyOf(moduleOfEvent(event.kind)).panels(event)
    for (const p of panels) (event.kind === 'virt.mmu' ? mmuPanels : wanted).add(p)
  }
  // Under a virtualized MMU only, the guest's paging ops are that MMU's story (its panel
  // shows them), so the native page-walk panel stays off the stage.
  if (mmuPanels.size > 0 && !mmuPanels.has('pageWalk')) wanted.delete('pageWalk')
  const all = [...new Set([...STAGE_ORDER.filter((p) => wanted.has(p)), ...mmuPanels])]
  return all.length > 0 ? all : ['addressSpaces']
}
