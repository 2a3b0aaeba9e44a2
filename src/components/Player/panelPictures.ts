// What each panel draws, as a function of the frame: the layout its component computes (the
// same call, with the same arguments) and whatever else the component reads from the frame.
// Two frames with equal pictures draw the same panel, so the stage does not re-render it
// (PanelSlot in PlayerView). A panel that reads something new from the frame must add it here
// (src/components/Player/panelPictures.test.tsx renders every step and compares the markup).
// Language and stage focus are not part of it: they re-render a panel through its hooks.
import { layoutAddressSpaces } from '../AddressSpaces/layout.ts'
import { layoutCompare } from '../Compare/layout.ts'
import { layoutCpuModes } from '../CpuModes/layout.ts'
import { layoutGuestCpu } from '../GuestCpu/layout.ts'
import { layoutHostMemory, layoutSharing } from '../HostMemory/layout.ts'
import { layoutIommuWalk } from '../IommuWalk/layout.ts'
import { layoutMigrate } from '../Migrate/layout.ts'
import { layoutIoLayers } from '../IoLayers/layout.ts'
import { layoutHypLayers } from '../IoLayers/hypLayout.ts'
import { layoutE1000 } from '../E1000/layout.ts'
import { lastVaAt } from '../PageWalk/lastVa.ts'
import { focusVa, layoutPageWalk } from '../PageWalk/layout.ts'
import { layoutPgTable } from '../PgTable/layout.ts'
import { layoutRing } from '../Ring/layout.ts'
import { layoutSched } from '../Sched/layout.ts'
import { focusVa as shadowVa, layoutShadow } from '../ShadowMmu/layout.ts'
import { layoutSriov } from '../Sriov/layout.ts'
import { layoutIoWays } from '../IoWays/layout.ts'
import { layoutVmcs } from '../Vmcs/layout.ts'
import { layoutVirtqueue } from '../Virtqueue/layout.ts'
import { layoutWalk2D } from '../Walk2D/layout.ts'
import { layoutXenDomains } from '../XenDomains/layout.ts'
import { layoutXenMmu } from '../XenMmu/layout.ts'
import type { Frame } from '../../engine/index.ts'
import type { PanelId } from '../../scenarios/index.ts'
import { commandEvents, laterInCommand } from './later.ts'
import { sameValue } from './sameValue.ts'

// Stands in for i18next's t: equal keys and parameters give equal text in any language.
const t = (key: string, params?: Record<string, string | number>): string =>
  params ? `${key} ${JSON.stringify(params)}` : key

type Picture = (f: Frame, frames: readonly Frame[]) => unknown

// The events of the frame's command after it, as useLaterInCommand gives the panels: panels
// that draw a command step by step take them out of the picture.
const later = (f: Frame, frames: readonly Frame[]) =>
  frames[f.index] === f ? laterInCommand(frames, f.index) : []

const PICTURES: Record<PanelId, Picture> = {
  // AddressSpacesPanel also lists every mapping of the machine in a table for screen readers.
  addressSpaces: (f) => [layoutAddressSpaces(f.machine.addr, f.event, t), f.machine.addr],
  // PageWalkPanel previews the last address an earlier step was about, and names the MMU.
  pageWalk: (f, frames) => [
    layoutPageWalk(
      f.machine.paging,
      f.event,
      focusVa(f.event) ?? lastVaAt(frames, f.index),
      later(f, frames),
    ),
    f.machine.virt.mmu,
  ],
  walk2d: (f, frames) => layoutWalk2D(f.machine, f.event, later(f, frames)),
  shadowMmu: (f, frames) =>
    layoutShadow(
      f.machine,
      f.event,
      shadowVa(f.event) ?? f.machine.virt.shadow.lastVa,
      later(f, frames),
    ),
  xenMmu: (f) => layoutXenMmu(f),
  vmcs: (f, frames) => layoutVmcs(f.machine.vmx, f.event, later(f, frames)),
  cpuModes: (f, frames) => layoutCpuModes(f.machine.vmx, f.event, later(f, frames)),
  ring: (f) => layoutRing(f.machine.xen, f.event, t),
  // XenDomainsPanel's caption names the port an evtchn.send signals.
  xenDomains: (f, frames) => [
    layoutXenDomains(f.machine.xen, f.event, t, later(f, frames)),
    f.event.kind === 'evtchn.send' ? [f.event.dom, f.event.port] : null,
  ],
  // GuestCpuPanel splits the command at the step (useCommandEvents).
  guestCpu: (f, frames) =>
    layoutGuestCpu(
      f.machine.guest,
      f.event,
      frames[f.index] === f ? commandEvents(frames, f.index) : { done: [f.event], todo: [] },
    ),
  migrate: (f) => layoutMigrate(f.machine.migrate, f.event),
  // ComparePanel tallies the run's frames up to this one (its own history outside a run).
  compare: (f, frames) =>
    frames[f.index] === f ? layoutCompare(frames, f.index) : layoutCompare([f], 0),
  sched: (f) => layoutSched(f.machine, f.event),
  virtqueue: (f) => layoutVirtqueue(f.machine.virtio, f.event),
  // PgTablePanel's tries read the machine, which tryKey stands for.
  pgTable: (f) => layoutPgTable(f.machine, f.event),
  hostMemory: (f) => layoutHostMemory(f.machine.overcommit, f.event),
  sharing: (f) => layoutSharing(f.machine.overcommit, f.event),
  // IoLayersPanel lists the hops of the command so far (useCommandEvents).
  ioLayers: (f, frames) => {
    const command =
      frames[f.index] === f ? commandEvents(frames, f.index) : { done: [f.event], todo: [] }
    return layoutIoLayers(f.event, command) ?? layoutHypLayers(f.event, command)
  },
  e1000: (f) => layoutE1000(f.event, f.machine.kvm),
  iommuWalk: (f, frames) => layoutIommuWalk(f.machine.iommu, f.event, later(f, frames)),
  sriov: (f, frames) => layoutSriov(f.machine.iommu, f.event, later(f, frames)),
  ioWays: (f) => layoutIoWays(f.machine.ioways, f.event),
}

// Frames are immutable and a run keeps them, so each frame's picture is computed once.
const cache = new Map<PanelId, WeakMap<Frame, unknown>>()

function pictureOf(id: PanelId, f: Frame, frames: readonly Frame[]): unknown {
  let byFrame = cache.get(id)
  if (!byFrame) cache.set(id, (byFrame = new WeakMap()))
  if (byFrame.has(f)) return byFrame.get(f)
  const p = PICTURES[id](f, frames)
  byFrame.set(f, p)
  return p
}

/** True when panel `id` draws frame `b` exactly as it draws frame `a` (same run). */
export function samePicture(id: PanelId, a: Frame, b: Frame, frames: readonly Frame[]): boolean {
  return a === b || sameValue(pictureOf(id, a, frames), pictureOf(id, b, frames))
}

/**
 * Computes the pictures of the step after `index` ahead of time, so that a press compares
 * cached pictures instead of laying the panels out twice on the way to its frame (the
 * comparison is in the press's critical path; XenDomains and Ring take several ms each on a
 * loaded machine). A picture that fails here is left for the render, whose boundary shows it.
 */
export function warmPictures(
  ids: readonly PanelId[],
  frames: readonly Frame[],
  index: number,
): void {
  const next = frames[index + 1]
  if (!next) return
  for (const id of ids)
    try {
      pictureOf(id, next, frames)
    } catch {
      // The render meets it again and reports it where the panel is.
    }
}

/** True when panel `id`'s picture of `f` is already made (a press will not compute it). */
export function pictureReady(id: PanelId, f: Frame): boolean {
  return cache.get(id)?.has(f) ?? false
}
