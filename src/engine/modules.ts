// The engine's modules, listed once. Op, EngineEvent, EngineError, CitationId and Machine are
// derived from this list, and apply() routes by the kind -> module maps built from it. A new
// module is its own folder (with a module.ts descriptor) plus one line here.
import { addrSpaceModule } from './addrspace/module.ts'
import type { CitationId } from './core/cite.ts'
import type { EngineEvent } from './core/event.ts'
import { type AnyModule, type ErrorOf, type EventOf, type OpOf, kindMap } from './core/module.ts'
import { eptModule } from './ept/module.ts'
import { guestModule } from './guest/module.ts'
import { migrateModule } from './migrate/module.ts'
import { overcommitModule } from './overcommit/module.ts'
import { kvmModule } from './kvm/module.ts'
import { hypModule } from './hyp/module.ts'
import { pagingModule } from './paging/module.ts'
import { schedModule } from './sched/module.ts'
import { shadowModule } from './shadow/module.ts'
import { virtModule } from './virt/module.ts'
import { vmxModule } from './vmx/module.ts'
import { xenModule } from './xen/module.ts'
import { xenPvModule } from './xenpv/module.ts'
import { iommuModule } from './iommu/module.ts'
import { virtioModule } from './virtio/module.ts'
import { ioWaysModule } from './ioways/module.ts'

export const MODULES = [
  addrSpaceModule,
  pagingModule,
  virtModule,
  eptModule,
  shadowModule,
  xenPvModule,
  xenModule,
  vmxModule,
  guestModule,
  migrateModule,
  overcommitModule,
  kvmModule,
  iommuModule,
  schedModule,
  virtioModule,
  hypModule,
  ioWaysModule,
] as const

export type EngineModules = (typeof MODULES)[number]
export type ModuleId = EngineModules['id']

/** Every operation the engine understands; produced only by the console interpreter. */
export type Op = OpOf<EngineModules>

const ANY: readonly AnyModule[] = MODULES

/** Op kind -> owning module, built once (throws at load if two modules claim a kind). */
export const OP_ROUTES = kindMap(MODULES, (m) => m.opKinds)
const EVENT_OWNER = kindMap(ANY, (m) => m.eventKinds)

/** The id of the module that owns an event kind (console families and narration use it). */
export function moduleOfEvent(kind: string): ModuleId {
  const m = EVENT_OWNER.get(kind)
  if (m === undefined) throw new Error(`no engine module owns event kind ${kind}`)
  return m.id as ModuleId
}

/** Every citation's text, merged from the modules' registries (ids are disjoint). */
export const CITATIONS: Readonly<Record<string, string>> = Object.assign(
  {},
  ...MODULES.map((m) => m.citations),
)

export function citationText(id: CitationId): string {
  return CITATIONS[id] ?? id
}

type ModuleById<Id extends ModuleId> = Extract<EngineModules, { readonly id: Id }>
/** The events of one module, by its id. */
export type ModuleEvent<Id extends ModuleId> = EventOf<ModuleById<Id>>
/** The `error` of one module's refusals (`{ code: id, error }` in EngineError). */
export type ModuleError<Id extends ModuleId> = ErrorPart<ErrorOf<ModuleById<Id>>>
type ErrorPart<W> = W extends { readonly error: infer Er } ? Er : never

/** Narrows an event to its owning module's events (through the kind -> module map). */
export function isModuleEvent<Id extends ModuleId>(
  id: Id,
  e: EngineEvent,
): e is Extract<EngineEvent, ModuleEvent<Id>> {
  return moduleOfEvent(e.kind) === id
}

/** Convenience for the VT-x panels. */
export const isVmxEvent = (e: EngineEvent): e is ModuleEvent<'vmx'> => isModuleEvent('vmx', e)
