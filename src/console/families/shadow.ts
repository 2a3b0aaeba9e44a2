import { describeShadowEvent } from '../../narration/shadow.ts'
import { family } from '../family.ts'
import { describeShadowError, shadowEventJson, shadowEventText } from '../format/shadow.ts'

/** Shadow paging has no commands of its own: the guest's paging commands drive it. */
export const shadowFamily = family({
  module: 'shadow',
  commands: [],
  eventJson: shadowEventJson,
  eventText: shadowEventText,
  narrate: describeShadowEvent,
  describeError: describeShadowError,
  panels: () => ['shadowMmu'],
})
