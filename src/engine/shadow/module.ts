import type { EngineModule } from '../core/module.ts'
import { ok } from '../core/result.ts'
import { SHADOW_CITATIONS } from './cite.ts'
import { type ShadowError, SHADOW_ERROR_KINDS } from './errors.ts'
import { type ShadowEvent, SHADOW_EVENT_KINDS } from './events.ts'

/**
 * Shadow paging (`mmu shadow`): no console ops of its own. Its state lives in `virt.shadow`
 * and the guest's paging ops reach it through the `virt` module's MMU table.
 */
export const shadowModule: EngineModule<
  'shadow',
  never,
  ShadowEvent,
  ShadowError,
  typeof SHADOW_CITATIONS
> = {
  id: 'shadow',
  opKinds: {},
  eventKinds: SHADOW_EVENT_KINDS,
  errorKinds: SHADOW_ERROR_KINDS,
  citations: SHADOW_CITATIONS,
  slot: null,
  initial: null,
  // No op kind routes here (opKinds is empty).
  apply: (machine) => ok({ machine, events: [] }),
}
