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
  // The SR-IOV map explains the functions and who owns them; the walk panel everything else.
  panels: (e) =>
    e.kind === 'sriov.pf' || e.kind === 'sriov.enable' || e.kind === 'sriov.vf'
      ? ['sriov']
      : e.kind === 'vfio.group' || e.kind === 'vfio.bar' || e.kind === 'vfio.touch'
        ? ['iommuWalk', 'sriov']
        : ['iommuWalk'],
})
