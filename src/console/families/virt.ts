import type { MmuKind } from '../../engine/index.ts'
import { describeVirtEvent } from '../../narration/virt.ts'
import type { PanelId } from '../../scenarios/types.ts'
import { virtCommands } from '../commands/virt.ts'
import { family } from '../family.ts'
import { describeVirtError, virtEventJson, virtEventText } from '../format/virt.ts'

// Under a virtualized MMU the guest's own paging ops are part of that MMU's story: its panel
// shows them (scenarios/custom.ts then drops the native page-walk panel).
export const MMU_PANEL: Record<MmuKind, PanelId> = {
  native: 'pageWalk',
  ept: 'walk2d',
  shadow: 'shadowMmu',
  'xen-pv': 'xenMmu',
}

export const virtFamily = family({
  module: 'virt',
  commands: virtCommands,
  eventJson: virtEventJson,
  eventText: virtEventText,
  narrate: describeVirtEvent,
  describeError: describeVirtError,
  panels: (e) => (e.kind === 'virt.mmu' ? [MMU_PANEL[e.mmu]] : []),
})
