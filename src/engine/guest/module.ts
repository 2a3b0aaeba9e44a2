import type { EngineModule } from '../core/module.ts'
import { applyGuest } from './apply.ts'
import { GUEST_CITATIONS } from './cite.ts'
import { GUEST_ERROR_KINDS, type GuestError } from './errors.ts'
import { GUEST_EVENT_KINDS, type GuestEvent } from './events.ts'
import { GUEST_OP_KINDS, type GuestOp } from './ops.ts'
import { type GuestState, initialGuestState } from './types.ts'

/** A guest kernel's instructions under native, trap-and-emulate, BT, PV and VT-x. */
export const guestModule: EngineModule<
  'guest',
  GuestOp,
  GuestEvent,
  GuestError,
  typeof GUEST_CITATIONS,
  'guest',
  GuestState
> = {
  id: 'guest',
  opKinds: GUEST_OP_KINDS,
  eventKinds: GUEST_EVENT_KINDS,
  errorKinds: GUEST_ERROR_KINDS,
  citations: GUEST_CITATIONS,
  slot: 'guest',
  initial: initialGuestState,
  apply: applyGuest,
}
