import {
  type EngineEvent,
  isPagingEvent,
  isVirtEvent,
  isVmxEvent,
  isXenEvent,
  isEptEvent,
  isShadowEvent,
  isXenPvEvent,
} from '../engine/index.ts'
import type { Localized } from '../console/index.ts'
import { describeAddrSpaceEvent } from './addrspace.ts'
import { describeEptEvent } from './ept.ts'
import { describePagingEvent } from './paging.ts'
import { describeShadowEvent } from './shadow.ts'
import { describeVirtEvent } from './virt.ts'
import { describeVmxEvent } from './vmx.ts'
import { describeXenEvent } from './xen.ts'
import { describeXenPvEvent } from './xenpv.ts'

/** Narration written from the event alone, so any step reads the same when opened cold. */
export function describeEvent(e: EngineEvent): Localized {
  if (isXenEvent(e)) return describeXenEvent(e)
  if (isVmxEvent(e)) return describeVmxEvent(e)
  if (isPagingEvent(e)) return describePagingEvent(e)
  if (isVirtEvent(e)) return describeVirtEvent(e)
  if (isEptEvent(e)) return describeEptEvent(e)
  if (isShadowEvent(e)) return describeShadowEvent(e)
  if (isXenPvEvent(e)) return describeXenPvEvent(e)
  return describeAddrSpaceEvent(e)
}
