// The console families, listed once: one per engine module, in the order `help` lists their
// commands. A new module adds its record (families/<module>.ts) and one line here.
import type { ModuleError, ModuleEvent, ModuleId } from '../engine/index.ts'
import { addrSpaceFamily } from './families/addrspace.ts'
import { eptFamily } from './families/ept.ts'
import { guestFamily } from './families/guest.ts'
import { hypFamily } from './families/hyp.ts'
import { kvmFamily } from './families/kvm.ts'
import { iommuFamily } from './families/iommu.ts'
import { migrateFamily } from './families/migrate.ts'
import { overcommitFamily } from './families/overcommit.ts'
import { pagingFamily } from './families/paging.ts'
import { schedFamily } from './families/sched.ts'
import { shadowFamily } from './families/shadow.ts'
import { virtFamily } from './families/virt.ts'
import { vmxFamily } from './families/vmx.ts'
import { xenFamily } from './families/xen.ts'
import { xenPvFamily } from './families/xenpv.ts'
import { virtioFamily } from './families/virtio.ts'
import { ioWaysFamily } from './families/ioways.ts'
import type { ConsoleFamily } from './family.ts'

/** One family per engine module, keyed by its id: the compiler rejects a module left out. */
const BY_MODULE: { readonly [Id in ModuleId]: ConsoleFamily<Id> } = {
  addrspace: addrSpaceFamily,
  paging: pagingFamily,
  virt: virtFamily,
  ept: eptFamily,
  xen: xenFamily,
  xenpv: xenPvFamily,
  vmx: vmxFamily,
  shadow: shadowFamily,
  guest: guestFamily,
  migrate: migrateFamily,
  overcommit: overcommitFamily,
  kvm: kvmFamily,
  iommu: iommuFamily,
  sched: schedFamily,
  virtio: virtioFamily,
  hyp: hypFamily,
  ioways: ioWaysFamily,
}

/** Any one family (a union, so each keeps its own module's types). */
export type AnyFamily = (typeof BY_MODULE)[ModuleId]

export const FAMILIES: readonly AnyFamily[] = Object.values(BY_MODULE)

/**
 * The family of a module, typed by its id. Callers pass the id moduleOfEvent gives for the
 * event in hand, so handing that event to the family's methods is sound; the cast says so
 * once here instead of at every call.
 */
export const familyOf = <Id extends ModuleId>(id: Id): ConsoleFamily<Id> =>
  BY_MODULE[id] as unknown as ConsoleFamily<Id>

export type { ModuleError, ModuleEvent }
