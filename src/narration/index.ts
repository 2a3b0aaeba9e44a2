import { type EngineEvent, moduleOfEvent } from '../engine/index.ts'
import { familyOf } from '../console/families.ts'
import type { Localized } from '../console/index.ts'
import { tidyZh } from './zh.ts'

/** Narration written from the event alone, so any step reads the same when opened cold. */
export function describeEvent(e: EngineEvent): Localized {
  const d = familyOf(moduleOfEvent(e.kind)).narrate(e)
  return { en: d.en, zh: tidyZh(d.zh) }
}
