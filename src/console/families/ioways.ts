import { describeIoWaysEvent } from '../../narration/ioways.ts'
import { ioWaysCommands } from '../commands/ioways.ts'
import { family } from '../family.ts'
import { describeIoWaysError, ioWaysEventJson, ioWaysEventText } from '../format/ioways.ts'

export const ioWaysFamily = family({
  module: 'ioways',
  commands: ioWaysCommands,
  eventJson: ioWaysEventJson,
  eventText: ioWaysEventText,
  narrate: describeIoWaysEvent,
  describeError: describeIoWaysError,
  panels: () => ['ioWays'],
})
