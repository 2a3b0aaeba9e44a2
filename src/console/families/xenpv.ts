import { describeXenPvEvent } from '../../narration/xenpv.ts'
import { xenPvCommands } from '../commands/xenpv.ts'
import { family } from '../family.ts'
import { describeXenPvError, xenPvEventJson, xenPvEventText } from '../format/xenpv.ts'

export const xenPvFamily = family({
  module: 'xenpv',
  commands: xenPvCommands,
  eventJson: xenPvEventJson,
  eventText: xenPvEventText,
  narrate: describeXenPvEvent,
  describeError: describeXenPvError,
  panels: () => ['xenMmu'],
})
