import { describeIommuEvent } from '../../narration/iommu.ts'
import { iommuCommands } from '../commands/iommu.ts'
import { family } from '../family.ts'
import { describeIommuError, iommuEventJson, iommuEventText } from '../format/iommu.ts'

export const iommuFamily = family({
  module: 'iommu',
  commands: iommuCommands,
  eventJson: iommuEventJson,
  eventText: iommuEventText,
  narrate: describeIommuEvent,
  describeError: describeIommuError,
  // The device map shows functions, guests and who owns what; the walk panel the IOMMU itself.
  panels: (e) =>
    e.kind.startsWith('sriov.') ||
    e.kind === 'iommu.device' ||
    e.kind === 'iommu.vm' ||
    e.kind === 'vfio.bar' ||
    e.kind === 'vfio.touch'
      ? ['sriov']
      : e.kind === 'vfio.group'
        ? ['iommuWalk', 'sriov']
        : ['iommuWalk'],
})
