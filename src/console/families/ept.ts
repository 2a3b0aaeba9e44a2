import { describeEptEvent } from '../../narration/ept.ts'
import { eptCommands } from '../commands/ept.ts'
import { family } from '../family.ts'
import { describeEptError, eptEventJson, eptEventText } from '../format/ept.ts'

export const eptFamily = family({
  module: 'ept',
  commands: eptCommands,
  eventJson: eptEventJson,
  eventText: eptEventText,
  narrate: describeEptEvent,
  describeError: describeEptError,
  panels: () => ['walk2d'],
})
