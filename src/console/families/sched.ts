import { describeSchedEvent } from '../../narration/sched.ts'
import { schedCommands } from '../commands/sched.ts'
import { family } from '../family.ts'
import { describeSchedError, schedEventJson, schedEventText } from '../format/sched.ts'

export const schedFamily = family({
  module: 'sched',
  commands: schedCommands,
  eventJson: schedEventJson,
  eventText: schedEventText,
  narrate: describeSchedEvent,
  describeError: describeSchedError,
  // Selecting a pCPU is a VT-x story: the VMCS panel shows that pCPU's state.
  panels: (e) => (e.kind === 'sched.cpu' ? ['sched', 'vmcs'] : ['sched']),
})
