// The union of every module's events, derived from the module list (modules.ts): a module
// owns its variants in its own events.ts and names their kinds in its descriptor.
import type { EventOf } from './module.ts'
import type { EngineModules } from '../modules.ts'

export type EngineEvent = EventOf<EngineModules>
export type EngineEventKind = EngineEvent['kind']
