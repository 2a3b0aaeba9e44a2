import type { RunResult } from '../console/index.ts'
import { familyOf } from '../console/families.ts'
import { moduleOfEvent } from '../engine/index.ts'
import type { PanelId, Scenario } from './types.ts'

/** The id under which a loaded script file opens: `#/custom/<step>/<lines>`. */
export const CUSTOM_ID = 'custom'

// The stage order of the panels a loaded script may need.
const STAGE_ORDER: readonly PanelId[] = [
  'addressSpaces',
  'vmcs',
  'cpuModes',
  'ring',
  'xenDomains',
  'walk2d',
  'shadowMmu',
  'xenMmu',
  'pageWalk',
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

/**
 * A script someone loaded: no phases of its own, so narration comes from the events. With no
 * run yet (null) it is only the empty shell the lines are run against.
 */
export function customScenario(run: RunResult | null): Scenario {
  return {
    id: CUSTOM_ID,
    topic: 'memory',
    title: { en: 'Your script', zh: '你的脚本' },
    summary: { en: 'A script loaded from a file', zh: '从文件载入的脚本' },
    panels: run ? panelsFor(run) : [],
    phases: [],
  }
}
