import { exhaustive } from '../../engine/index.ts'
import { describeAddrSpaceEvent } from '../../narration/addrspace.ts'
import { addrSpaceCommands } from '../commands/addrspace.ts'
import { family } from '../family.ts'
import { addrSpaceEventJson, addrSpaceEventText } from '../format/addrspace.ts'

export const addrSpaceFamily = family({
  module: 'addrspace',
  commands: addrSpaceCommands,
  eventJson: addrSpaceEventJson,
  eventText: addrSpaceEventText,
  narrate: describeAddrSpaceEvent,
  // Its refusals are the engine's shared ones (misaligned, no guest...): format.ts.
  describeError: (e) => exhaustive(e),
  panels: () => ['addressSpaces'],
})
