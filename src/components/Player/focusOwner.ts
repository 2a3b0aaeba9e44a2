import { familyOf } from '../../console/families.ts'
import { type EngineEvent, moduleOfEvent } from '../../engine/index.ts'
import type { PanelId } from '../../scenarios/index.ts'

// Both VT-x panels explain VMX events; these kinds are about one of them. The rest (an exit,
// VMXON, a VMX fault) go to whichever of the two the scenario puts first.
const ON_VMCS: ReadonlySet<string> = new Set([
  'vmcs.read',
  'vmcs.write',
  'vmx.fail',
  'vmx.region',
  'vmx.bitmap',
])
const ON_CPU: ReadonlySet<string> = new Set(['vmx.entry', 'guest.exec', 'cpu.trap', 'cpu.picture'])
// With the comparison on the stage, an access's result and an MMU switch are about it: the
// step where a walk ends is where its count is set beside the other designs'.
const ON_COMPARE: ReadonlySet<string> = new Set([
  'virt.mmu',
  'paging.access',
  'shadow.access',
  'ept.access',
])

/**
 * The panel a step is about, of those on the stage: the panels the event's console family
 * names for it (the same table a loaded script's stage is built from), in stage order; the
 * first panel when none of them is on the stage.
 */
export function focusPanel(panels: readonly PanelId[], event: EngineEvent): PanelId | null {
  if (panels.length <= 1) return panels[0] ?? null
  let wanted: readonly PanelId[]
  if (panels.includes('compare') && ON_COMPARE.has(event.kind)) wanted = ['compare']
  else if (ON_VMCS.has(event.kind)) wanted = ['vmcs']
  else if (ON_CPU.has(event.kind)) wanted = ['cpuModes']
  else {
    try {
      wanted = familyOf(moduleOfEvent(event.kind)).panels(event as never)
    } catch {
      wanted = []
    }
  }
  // `way vt-x` sets VMX up in VMX steps: with no VMX panel on the stage, the guest panel's
  // checklist of them is what the step is about.
  const vmxStep = event.kind.startsWith('vmx.') || event.kind.startsWith('vmcs.')
  return (
    panels.find((p) => wanted.includes(p)) ??
    (vmxStep && panels.includes('guestCpu') ? 'guestCpu' : null) ??
    panels[0] ??
    null
  )
}
