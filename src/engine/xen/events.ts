import type { KindSet } from '../core/module.ts'
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

/** Every event kind, listed once: the module descriptor and the routing read it. */
export const XEN_EVENT_KINDS = {
  'xen.domain': true,
  'xen.page-write': true,
  'ring.create': true,
  'ring.queue': true,
  'ring.push': true,
  'ring.consume': true,
  'ring.final-check': true,
  'evtchn.bind': true,
  'evtchn.close': true,
  'evtchn.fail': true,
  'evtchn.handle': true,
  'evtchn.mask': true,
  'evtchn.pending': true,
  'evtchn.raise': true,
  'evtchn.send': true,
  'evtchn.unmask': true,
  'evtchn.upcall': true,
  'grant.access': true,
  'grant.copy': true,
  'grant.end': true,
  'grant.map': true,
  'grant.transfer': true,
  'grant.unmap': true,
  'blk.connect': true,
  'blk.done': true,
  'blk.io': true,
  'blk.request': true,
  'net.bridge': true,
  'net.connect': true,
  'net.done': true,
  'net.drop': true,
  'net.rx': true,
  'net.tx': true,
} as const satisfies KindSet<XenEvent['kind']>
