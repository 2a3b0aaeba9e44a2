import { describeGuestEvent } from '../../narration/guest.ts'
import { guestCommands } from '../commands/guest.ts'
import { family } from '../family.ts'
import { describeGuestError, guestEventJson, guestEventText } from '../format/guest.ts'

export const guestFamily = family({
  module: 'guest',
  commands: guestCommands,
  eventJson: guestEventJson,
  eventText: guestEventText,
  narrate: describeGuestEvent,
  describeError: describeGuestError,
  // The Popek-Goldberg table marks the row of an instruction a step runs or appends.
  panels: (e) =>
    e.kind === 'guest.instr' || e.kind === 'guest.asm' ? ['guestCpu', 'pgTable'] : ['guestCpu'],
})
