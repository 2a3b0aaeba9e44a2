import type { RunResult } from '../console/index.ts'
import type { MmuKind } from '../engine/index.ts'
import type { PanelId, Scenario } from './types.ts'

/** The id under which a loaded script file opens: `#/custom/<step>/<lines>`. */
export const CUSTOM_ID = 'custom'

// Which panel explains which family of events; the first match order is the stage order.
const PANEL_BY_PREFIX: readonly (readonly [RegExp, readonly PanelId[]])[] = [
  [/^(vm\.|map\.|access\.|control\.)/, ['addressSpaces']],
  [/^(vmx\.|vmcs\.|guest\.|cpu\.)/, ['vmcs', 'cpuModes']],
  [/^ring\./, ['ring']],
  [/^(evtchn\.|grant\.|blk\.|net\.|xen\.)/, ['xenDomains']],
  [/^ept\./, ['walk2d']],
  [/^shadow\./, ['shadowMmu']],
  [/^xenpv\./, ['xenMmu']],
  [/^paging\./, ['pageWalk']],
]

// Under a virtualized MMU the guest's own paging ops are part of that MMU's story: its panel
// shows them, not the native page-walk panel.
const MMU_PANEL: Record<MmuKind, PanelId> = {
  native: 'pageWalk',
  ept: 'walk2d',
  shadow: 'shadowMmu',
  'xen-pv': 'xenMmu',
}

/** The panels a script needs, from the events it produced; never an empty stage. */
export function panelsFor(run: RunResult): PanelId[] {
  const kinds = new Set(run.trace.frames.map((f) => f.event.kind))
  const mmus = new Set(
    run.trace.frames.flatMap((f) => (f.event.kind === 'virt.mmu' ? [MMU_PANEL[f.event.mmu]] : [])),
  )
  const virtualizedOnly = mmus.size > 0 && !mmus.has('pageWalk')
  const panels = PANEL_BY_PREFIX.filter(([re]) => [...kinds].some((k) => re.test(k)))
    .flatMap(([, p]) => p)
    .filter((p) => !(virtualizedOnly && p === 'pageWalk'))
  const all = [...new Set([...panels, ...mmus])]
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
