import { err, ok } from '../core/result.ts'
import type { EngineModule } from '../core/module.ts'
import { applyIommu } from './apply.ts'
import { IOMMU_CITATIONS } from './cite.ts'
import { type IommuError, IOMMU_ERROR_KINDS } from './errors.ts'
import { type IommuEvent, IOMMU_EVENT_KINDS } from './events.ts'
import { type IommuOp, IOMMU_OP_KINDS } from './ops.ts'
import { type IommuState, initialIommuState } from './types.ts'

/** Intel VT-d DMA and interrupt remapping, VFIO device assignment, SR-IOV virtual functions. */
export const iommuModule: EngineModule<
  'iommu',
  IommuOp,
  IommuEvent,
  IommuError,
  typeof IOMMU_CITATIONS,
  'iommu',
  IommuState
> = {
  id: 'iommu',
  opKinds: IOMMU_OP_KINDS,
  eventKinds: IOMMU_EVENT_KINDS,
  errorKinds: IOMMU_ERROR_KINDS,
  citations: IOMMU_CITATIONS,
  slot: 'iommu',
  initial: initialIommuState,
  apply: (machine, op) => {
    const r = applyIommu(machine.iommu, op)
    if (!r.ok) return err({ code: 'iommu', error: r.error })
    return ok({ machine: { ...machine, iommu: r.value.state }, events: r.value.events })
  },
}
