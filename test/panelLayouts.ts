// Every panel's pure layout as a function of the frame, as its component calls it: the bench
// and the unchanged-step check compare them step by step.
import { layoutAddressSpaces } from '../src/components/AddressSpaces/layout.ts'
import { layoutCompare } from '../src/components/Compare/layout.ts'
import { layoutCpuModes } from '../src/components/CpuModes/layout.ts'
import { layoutMigrate } from '../src/components/Migrate/layout.ts'
import { layoutPageWalk } from '../src/components/PageWalk/layout.ts'
import { layoutRing } from '../src/components/Ring/layout.ts'
import { focusVa as shadowVa, layoutShadow } from '../src/components/ShadowMmu/layout.ts'
import { layoutVmcs } from '../src/components/Vmcs/layout.ts'
import { layoutWalk2D } from '../src/components/Walk2D/layout.ts'
import { layoutXenDomains } from '../src/components/XenDomains/layout.ts'
import { layoutXenMmu } from '../src/components/XenMmu/layout.ts'
import type { Frame } from '../src/engine/index.ts'
import type { PanelId } from '../src/scenarios/index.ts'

const t = (k: string, o?: Record<string, unknown>) => (o ? `${k} ${JSON.stringify(o)}` : k)

export const PANEL_LAYOUTS: Record<PanelId, (f: Frame, frames?: readonly Frame[]) => unknown> = {
  addressSpaces: (f) => layoutAddressSpaces(f.machine.addr, f.event, t),
  pageWalk: (f) => layoutPageWalk(f.machine.paging, f.event, null),
  walk2d: (f) => layoutWalk2D(f.machine, f.event),
  // The address the panel shows: the step's own, else the guest's last (as ShadowMmuPanel).
  shadowMmu: (f) =>
    layoutShadow(f.machine, f.event, shadowVa(f.event) ?? f.machine.virt.shadow.lastVa),
  xenMmu: (f) => layoutXenMmu(f),
  vmcs: (f) => layoutVmcs(f.machine.vmx, f.event),
  cpuModes: (f) => layoutCpuModes(f.machine.vmx, f.event),
  ring: (f) => layoutRing(f.machine.xen, f.event, t),
  xenDomains: (f) => layoutXenDomains(f.machine.xen, f.event, t),
  compare: (f, frames = []) =>
    frames.length > 0 ? layoutCompare(frames, f.index) : layoutCompare([f], 0),
  migrate: (f) => layoutMigrate(f.machine.migrate, f.event),
}

/** A comparable string of a layout (bigints and Maps included). */
export const layoutKey = (layout: unknown): string =>
  JSON.stringify(layout, (_k, v: unknown) =>
    typeof v === 'bigint' ? `${v}n` : v instanceof Map ? [...v] : v instanceof Set ? [...v] : v,
  )
