// Every panel's pure layout as a function of the frame, as its component calls it: the bench
// and the unchanged-step check compare them step by step.
import { layoutAddressSpaces } from '../src/components/AddressSpaces/layout.ts'
import { layoutCompare } from '../src/components/Compare/layout.ts'
import { layoutCpuModes } from '../src/components/CpuModes/layout.ts'
import { layoutGuestCpu } from '../src/components/GuestCpu/layout.ts'
import { layoutHostMemory, layoutSharing } from '../src/components/HostMemory/layout.ts'
import { layoutIommuWalk } from '../src/components/IommuWalk/layout.ts'
import { layoutMigrate } from '../src/components/Migrate/layout.ts'
import { layoutIoLayers } from '../src/components/IoLayers/layout.ts'
import { layoutHypLayers } from '../src/components/IoLayers/hypLayout.ts'
import { layoutE1000 } from '../src/components/E1000/layout.ts'
import { lastVaAt } from '../src/components/PageWalk/lastVa.ts'
import { focusVa as pageWalkVa, layoutPageWalk } from '../src/components/PageWalk/layout.ts'
import { layoutPgTable } from '../src/components/PgTable/layout.ts'
import { layoutRing } from '../src/components/Ring/layout.ts'
import { layoutSched } from '../src/components/Sched/layout.ts'
import { focusVa as shadowVa, layoutShadow } from '../src/components/ShadowMmu/layout.ts'
import { layoutSriov } from '../src/components/Sriov/layout.ts'
import { layoutIoWays } from '../src/components/IoWays/layout.ts'
import { layoutVmcs } from '../src/components/Vmcs/layout.ts'
import { layoutVirtqueue } from '../src/components/Virtqueue/layout.ts'
import { layoutWalk2D } from '../src/components/Walk2D/layout.ts'
import { commandEvents, laterInCommand } from '../src/components/Player/later.ts'
import { layoutXenDomains } from '../src/components/XenDomains/layout.ts'
import { layoutXenMmu } from '../src/components/XenMmu/layout.ts'
import type { Frame } from '../src/engine/index.ts'
import type { PanelId } from '../src/scenarios/index.ts'

const t = (k: string, o?: Record<string, unknown>) => (o ? `${k} ${JSON.stringify(o)}` : k)

export const PANEL_LAYOUTS: Record<PanelId, (f: Frame, frames?: readonly Frame[]) => unknown> = {
  addressSpaces: (f) => layoutAddressSpaces(f.machine.addr, f.event, t),
  pageWalk: (f, frames = []) =>
    layoutPageWalk(
      f.machine.paging,
      f.event,
      pageWalkVa(f.event) ?? lastVaAt(frames, f.index),
      laterInCommand(frames, f.index),
    ),
  walk2d: (f, frames = []) => layoutWalk2D(f.machine, f.event, laterInCommand(frames, f.index)),
  // The address the panel shows: the step's own, else the guest's last (as ShadowMmuPanel).
  shadowMmu: (f, frames = []) =>
    layoutShadow(
      f.machine,
      f.event,
      shadowVa(f.event) ?? f.machine.virt.shadow.lastVa,
      laterInCommand(frames, f.index),
    ),
  xenMmu: (f) => layoutXenMmu(f),
  vmcs: (f, frames = []) => layoutVmcs(f.machine.vmx, f.event, laterInCommand(frames, f.index)),
  cpuModes: (f, frames = []) =>
    layoutCpuModes(f.machine.vmx, f.event, laterInCommand(frames, f.index)),
  ring: (f) => layoutRing(f.machine.xen, f.event, t),
  xenDomains: (f, frames = []) =>
    layoutXenDomains(f.machine.xen, f.event, t, laterInCommand(frames, f.index)),
  guestCpu: (f, frames = []) =>
    layoutGuestCpu(
      f.machine.guest,
      f.event,
      frames.length > 0 ? commandEvents(frames, f.index) : undefined,
    ),
  compare: (f, frames = []) =>
    frames.length > 0 ? layoutCompare(frames, f.index) : layoutCompare([f], 0),
  migrate: (f) => layoutMigrate(f.machine.migrate, f.event),
  sched: (f) => layoutSched(f.machine, f.event),
  virtqueue: (f) => layoutVirtqueue(f.machine.virtio, f.event),
  pgTable: (f) => layoutPgTable(f.machine, f.event),
  hostMemory: (f) => layoutHostMemory(f.machine.overcommit, f.event),
  sharing: (f) => layoutSharing(f.machine.overcommit, f.event),
  ioLayers: (f, frames = []) => {
    const command =
      frames.length > 0 ? commandEvents(frames, f.index) : { done: [f.event], todo: [] }
    return layoutIoLayers(f.event, command) ?? layoutHypLayers(f.event, command)
  },
  e1000: (f) => layoutE1000(f.event, f.machine.kvm),
  iommuWalk: (f, frames = []) =>
    layoutIommuWalk(f.machine.iommu, f.event, laterInCommand(frames, f.index)),
  sriov: (f, frames = []) => layoutSriov(f.machine.iommu, f.event, laterInCommand(frames, f.index)),
  ioWays: (f) => layoutIoWays(f.machine.ioways, f.event),
}

/** A comparable string of a layout (bigints and Maps included). */
export const layoutKey = (layout: unknown): string =>
  JSON.stringify(layout, (_k, v: unknown) =>
    typeof v === 'bigint' ? `${v}n` : v instanceof Map ? [...v] : v instanceof Set ? [...v] : v,
  )

/**
 * Everything a panel draws at a frame, as a comparable string: its layout, plus what the
 * component reads from the frame beside it (so a change there is not missed), minus the
 * `focus` that only says which element carries `data-focus` (invisible: the stage scrolls to
 * it, the picture is the same). XenMmu's `focus` is a box it draws, so it stays.
 */
export function pictureKey(p: PanelId, f: Frame, frames: readonly Frame[]): string {
  const layout = PANEL_LAYOUTS[p](f, frames)
  const drawn =
    p !== 'xenMmu' && typeof layout === 'object' && layout !== null && 'focus' in layout
      ? { ...layout, focus: null }
      : layout
  const e = f.event
  const beside =
    p === 'pageWalk'
      ? f.machine.virt.mmu
      : p === 'addressSpaces'
        ? f.machine.addr.vms.length
        : p === 'xenDomains' && e.kind === 'evtchn.send'
          ? [e.dom, e.port]
          : null
  return layoutKey([drawn, beside])
}
