import { type ComponentType, type LazyExoticComponent, lazy } from 'react'
import type { Frame } from '../../engine/index.ts'
import type { PanelId } from '../../scenarios/index.ts'

type PanelComponent = ComponentType<{ frame: Frame }>

// Panels (and d3 with them) load on demand, so the library's first paint stays light; each is
// a small chunk served with the app, and prefetchPanels() fetches them all once the page idles.
const LOADERS: Record<PanelId, () => Promise<{ default: PanelComponent }>> = {
  addressSpaces: () =>
    import('../AddressSpaces/AddressSpacesPanel.tsx').then((m) => ({
      default: m.AddressSpacesPanel,
    })),
  vmcs: () => import('../Vmcs/VmcsPanel.tsx').then((m) => ({ default: m.VmcsPanel })),
  cpuModes: () =>
    import('../CpuModes/CpuModesPanel.tsx').then((m) => ({ default: m.CpuModesPanel })),
  ring: () => import('../Ring/RingPanel.tsx').then((m) => ({ default: m.RingPanel })),
  xenDomains: () =>
    import('../XenDomains/XenDomainsPanel.tsx').then((m) => ({ default: m.XenDomainsPanel })),
  pageWalk: () =>
    import('../PageWalk/PageWalkPanel.tsx').then((m) => ({ default: m.PageWalkPanel })),
  xenMmu: () => import('../XenMmu/XenMmuPanel.tsx').then((m) => ({ default: m.XenMmuPanel })),
  walk2d: () => import('../Walk2D/Walk2DPanel.tsx').then((m) => ({ default: m.Walk2DPanel })),
  shadowMmu: () =>
    import('../ShadowMmu/ShadowMmuPanel.tsx').then((m) => ({ default: m.ShadowMmuPanel })),
  guestCpu: () =>
    import('../GuestCpu/GuestCpuPanel.tsx').then((m) => ({ default: m.GuestCpuPanel })),
  compare: () => import('../Compare/ComparePanel.tsx').then((m) => ({ default: m.ComparePanel })),
  migrate: () => import('../Migrate/MigratePanel.tsx').then((m) => ({ default: m.MigratePanel })),
  sched: () => import('../Sched/SchedPanel.tsx').then((m) => ({ default: m.SchedPanel })),
  virtqueue: () =>
    import('../Virtqueue/VirtqueuePanel.tsx').then((m) => ({ default: m.VirtqueuePanel })),
  pgTable: () => import('../PgTable/PgTablePanel.tsx').then((m) => ({ default: m.PgTablePanel })),
  hostMemory: () =>
    import('../HostMemory/HostMemoryPanel.tsx').then((m) => ({ default: m.HostMemoryPanel })),
  sharing: () =>
    import('../HostMemory/SharingPanel.tsx').then((m) => ({ default: m.SharingPanel })),
  ioLayers: () =>
    import('../IoLayers/IoLayersPanel.tsx').then((m) => ({ default: m.IoLayersPanel })),
  e1000: () => import('../E1000/E1000Panel.tsx').then((m) => ({ default: m.E1000Panel })),
  iommuWalk: () =>
    import('../IommuWalk/IommuWalkPanel.tsx').then((m) => ({ default: m.IommuWalkPanel })),
  sriov: () => import('../Sriov/SriovPanel.tsx').then((m) => ({ default: m.SriovPanel })),
  ioWays: () => import('../IoWays/IoWaysPanel.tsx').then((m) => ({ default: m.IoWaysPanel })),
}

export const PANELS = Object.fromEntries(
  Object.entries(LOADERS).map(([id, load]) => [id, lazy(load)]),
) as Record<PanelId, LazyExoticComponent<PanelComponent>>

/** Fetches every panel's chunk (each import runs once; later calls reuse it). */
export function prefetchPanels(): void {
  for (const load of Object.values(LOADERS)) void load()
}
