import { describePagingEvent } from '../../narration/paging.ts'
import { pagingCommands } from '../commands/paging.ts'
import { family } from '../family.ts'
import { describePagingError, pagingEventJson, pagingEventText } from '../format/paging.ts'

export const pagingFamily = family({
  module: 'paging',
  commands: pagingCommands,
  eventJson: pagingEventJson,
  eventText: pagingEventText,
  narrate: describePagingEvent,
  describeError: describePagingError,
  panels: () => ['pageWalk'],
})
