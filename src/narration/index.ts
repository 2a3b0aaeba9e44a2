import type { EngineEvent } from '../engine/index.ts'
import type { Localized } from '../console/index.ts'
import { describeAddrSpaceEvent } from './addrspace.ts'

/** Narration written from the event alone, so any step reads the same when opened cold. */
export function describeEvent(e: EngineEvent): Localized {
  return describeAddrSpaceEvent(e)
}
