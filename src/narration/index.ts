import { type EngineEvent, moduleOfEvent } from '../engine/index.ts'
import { familyOf } from '../console/families.ts'
import type { Localized } from '../console/index.ts'

/** Narration written from the event alone, so any step reads the same when opened cold. */
export function describeEvent(e: EngineEvent): Localized {
  return familyOf(moduleOfEvent(e.kind)).narrate(e)
}
