// Joins every module's event union; modules own their own variants.
import type { AddrSpaceEvent } from '../addrspace/events.ts'

export type EngineEvent = AddrSpaceEvent
export type EngineEventKind = EngineEvent['kind']
