import { describeKvmEvent } from '../../narration/kvm.ts'
import { kvmCommands } from '../commands/kvm.ts'
import { family } from '../family.ts'
import { describeKvmError, kvmEventJson, kvmEventText } from '../format/kvm.ts'

export const kvmFamily = family({
  module: 'kvm',
  commands: kvmCommands,
  eventJson: kvmEventJson,
  eventText: kvmEventText,
  narrate: describeKvmEvent,
  describeError: describeKvmError,
  panels: (e) => (e.nic === null ? ['ioLayers'] : ['ioLayers', 'e1000']),
})
