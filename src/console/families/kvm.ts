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
  // The device's own events and the driver's work in guest RAM are about the e1000 panel; every
  // hop between layers is about the layer diagram.
  panels: (e) =>
    e.kind.startsWith('e1000.') || e.kind === 'kvm.driver'
      ? ['e1000']
      : e.nic === null
        ? ['ioLayers']
        : ['ioLayers', 'e1000'],
})
