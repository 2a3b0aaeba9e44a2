import { describeVmxEvent } from '../../narration/vmx.ts'
import { vmxCommands } from '../commands/vmx.ts'
import { family } from '../family.ts'
import { describeVmxError, vmxEventJson, vmxEventText } from '../format/vmx.ts'

export const vmxFamily = family({
  module: 'vmx',
  commands: vmxCommands,
  eventJson: vmxEventJson,
  eventText: vmxEventText,
  narrate: describeVmxEvent,
  describeError: describeVmxError,
  panels: () => ['vmcs', 'cpuModes'],
})
