import { describeHypEvent } from '../../narration/hyp.ts'
import { hypCommands } from '../commands/hyp.ts'
import { family } from '../family.ts'
import { describeHypError, hypEventJson, hypEventText } from '../format/hyp.ts'

export const hypFamily = family({
  module: 'hyp',
  commands: hypCommands,
  eventJson: hypEventJson,
  eventText: hypEventText,
  narrate: describeHypEvent,
  describeError: describeHypError,
  // Every step of this model is drawn by the layer diagram (its stacks, hops and tables).
  panels: () => ['ioLayers'],
})
