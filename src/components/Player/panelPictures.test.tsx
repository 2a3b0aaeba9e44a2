// The stage skips a panel whose picture a step leaves equal (PanelSlot). That is only right if
// equal pictures really draw equal panels: this renders each panel at both steps of such pairs,
// across every scenario, and compares the markup. It fails when a panel starts reading
// something from the frame that panelPictures.ts does not include.
import { act, cleanup, render } from '@testing-library/react'
import type { ComponentType } from 'react'
import { describe, expect, it } from 'vitest'
import type { Frame } from '../../engine/index.ts'
import { initI18n } from '../../i18n/index.ts'
import { CATALOGUE, type PanelId, loadScenario, scenarioScript } from '../../scenarios/index.ts'
import { loadRuntime } from '../../state/runtime.ts'
import { resetVmStore, vmStore } from '../../state/store.ts'
import { AddressSpacesPanel } from '../AddressSpaces/AddressSpacesPanel.tsx'
import { ComparePanel } from '../Compare/ComparePanel.tsx'
import { CpuModesPanel } from '../CpuModes/CpuModesPanel.tsx'
import { GuestCpuPanel } from '../GuestCpu/GuestCpuPanel.tsx'
import { IommuWalkPanel } from '../IommuWalk/IommuWalkPanel.tsx'
import { SriovPanel } from '../Sriov/SriovPanel.tsx'
import { IoWaysPanel } from '../IoWays/IoWaysPanel.tsx'
import { PageWalkPanel } from '../PageWalk/PageWalkPanel.tsx'
import { RingPanel } from '../Ring/RingPanel.tsx'
import { ShadowMmuPanel } from '../ShadowMmu/ShadowMmuPanel.tsx'
import { MigratePanel } from '../Migrate/MigratePanel.tsx'
import { SchedPanel } from '../Sched/SchedPanel.tsx'
import { VirtqueuePanel } from '../Virtqueue/VirtqueuePanel.tsx'
import { PgTablePanel } from '../PgTable/PgTablePanel.tsx'
import { HostMemoryPanel } from '../HostMemory/HostMemoryPanel.tsx'
import { SharingPanel } from '../HostMemory/SharingPanel.tsx'
import { IoLayersPanel } from '../IoLayers/IoLayersPanel.tsx'
import { E1000Panel } from '../E1000/E1000Panel.tsx'
import { VmcsPanel } from '../Vmcs/VmcsPanel.tsx'
import { Walk2DPanel } from '../Walk2D/Walk2DPanel.tsx'
import { XenDomainsPanel } from '../XenDomains/XenDomainsPanel.tsx'
import { XenMmuPanel } from '../XenMmu/XenMmuPanel.tsx'
import { StageFocusContext } from './focusContext.ts'
import { focusPanel } from './focusOwner.ts'
import { samePicture } from './panelPictures.ts'

const PANEL: Record<PanelId, ComponentType<{ frame: Frame }>> = {
  addressSpaces: AddressSpacesPanel,
  compare: ComparePanel,
  cpuModes: CpuModesPanel,
  guestCpu: GuestCpuPanel,
  migrate: MigratePanel,
  hostMemory: HostMemoryPanel,
  sharing: SharingPanel,
  ioLayers: IoLayersPanel,
  e1000: E1000Panel,
  virtqueue: VirtqueuePanel,
  pageWalk: PageWalkPanel,
  ring: RingPanel,
  shadowMmu: ShadowMmuPanel,
  vmcs: VmcsPanel,
  walk2d: Walk2DPanel,
  xenDomains: XenDomainsPanel,
  xenMmu: XenMmuPanel,
  sched: SchedPanel,
  pgTable: PgTablePanel,
  iommuWalk: IommuWalkPanel,
  sriov: SriovPanel,
  ioWays: IoWaysPanel,
}
// Pairs checked per panel and scenario (all of them take a minute).
const PER_PANEL = 8
let total = 0

const { runScript } = await loadRuntime()

/** The panel's markup at frame `f` (the store at that step, as the stage shows it). */
function markup(scenarioId: string, id: PanelId, f: Frame, owns: boolean): string {
  vmStore.getState().openRoute({ kind: 'scenario', id: scenarioId, step: f.index + 1, extra: [] })
  const Panel = PANEL[id]
  let html = ''
  act(() => {
    const { container } = render(
      <StageFocusContext value={owns}>
        <Panel frame={f} />
      </StageFocusContext>,
    )
    html = container.innerHTML
  })
  cleanup()
  // The d3 views fill their <svg> from the layout in effects: the layout is in the picture.
  return html.replace(/(<svg[^>]*class="[^"]*-svg[^"]*"[^>]*>)[\s\S]*?<\/svg>/g, '$1</svg>')
}

describe('equal pictures draw equal panels', () => {
  initI18n('en')
  for (const meta of CATALOGUE) {
    it(
      meta.id,
      async () => {
        const s = await loadScenario(meta.id)
        if (!s) throw new Error(meta.id)
        const { source, phaseOf } = scenarioScript(s)
        const frames = runScript(source, { phaseOf }).trace.frames
        let checked = 0
        for (const id of s.panels) {
          const owns = (f: Frame) => focusPanel(s.panels, f.event) === id
          const pairs = frames.flatMap((b, i) => {
            const a = frames[i - 1]
            return a && owns(a) === owns(b) && samePicture(id, a, b, frames)
              ? [[a, b] as const]
              : []
          })
          // One pair per kind of step (event kinds before and after), where a missed input
          // shows first, up to PER_PANEL.
          const seen = new Set<string>()
          const picked = pairs.filter(([a, b]) => {
            const kind = `${a.event.kind}>${b.event.kind}`
            if (seen.has(kind) || seen.size >= PER_PANEL) return false
            seen.add(kind)
            return true
          })
          for (const [a, b] of picked) {
            expect(markup(s.id, id, b, owns(b)), `${id} at step ${b.index + 1}`).toBe(
              markup(s.id, id, a, owns(a)),
            )
            checked++
          }
        }
        resetVmStore()
        total += checked
      },
      60_000,
    )
  }
  it('compared real pairs (every scenario with a panel a step leaves unchanged)', () => {
    expect(total).toBeGreaterThan(40)
  })
})
