import { describeOcEvent } from '../../narration/overcommit.ts'
import { overcommitCommands } from '../commands/overcommit.ts'
import { family } from '../family.ts'
import { describeOcError, ocEventJson, ocEventText } from '../format/overcommit.ts'

export const overcommitFamily = family({
  module: 'overcommit',
  commands: overcommitCommands,
  eventJson: ocEventJson,
  eventText: ocEventText,
  narrate: describeOcEvent,
  describeError: describeOcError,
  panels: (e) =>
    e.kind === 'mem.share' || e.kind === 'mem.ksm-scan' || e.kind === 'mem.ksm-config'
      ? ['hostMemory', 'sharing']
      : ['hostMemory'],
})
