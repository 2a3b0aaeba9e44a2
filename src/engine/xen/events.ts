import type { BlkEvent } from './blk.ts'
import type { EvtchnEvent } from './evtchn.ts'
import type { GrantEvent } from './grant.ts'
import type { NetEvent } from './net.ts'
import type { RingEvent } from './ring.ts'

export type XenDomainEvent =
  | {
      readonly kind: 'xen.domain'
      readonly domid: number
      readonly vcpus: number
      readonly cite: 'xen-split-driver'
    }
  | {
      readonly kind: 'xen.page-write'
      readonly dom: number
      readonly frame: number
      readonly content: string
      readonly cite: 'xen-gnt-entry'
    }

/** Every event of the Xen model. */
export type XenEvent = RingEvent | EvtchnEvent | GrantEvent | BlkEvent | NetEvent | XenDomainEvent
export type XenEventKind = XenEvent['kind']
