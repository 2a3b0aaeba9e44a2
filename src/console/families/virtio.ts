import { describeVirtioEvent } from '../../narration/virtio.ts'
import { virtioCommands } from '../commands/virtio.ts'
import { family } from '../family.ts'
import { describeVirtioError, virtioEventJson, virtioEventText } from '../format/virtio.ts'

export const virtioFamily = family({
  module: 'virtio',
  commands: virtioCommands,
  eventJson: virtioEventJson,
  eventText: virtioEventText,
  narrate: describeVirtioEvent,
  describeError: describeVirtioError,
  panels: () => ['virtqueue'],
})
