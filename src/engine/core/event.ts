// Joins every module's event union; modules own their own variants.
import type { AddrSpaceEvent } from '../addrspace/events.ts'
import type { EptEvent } from '../ept/events.ts'
import type { PagingEvent } from '../paging/events.ts'
import type { ShadowEvent } from '../shadow/events.ts'
import type { VirtEvent } from '../virt/events.ts'
import type { VmxEvent } from '../vmx/events.ts'
import type { XenEvent } from '../xen/events.ts'
import type { XenPvEvent } from '../xenpv/events.ts'

export type EngineEvent =
  | AddrSpaceEvent
  | XenEvent
  | VmxEvent
  | PagingEvent
  | VirtEvent
  | EptEvent
  | ShadowEvent
  | XenPvEvent
export type EngineEventKind = EngineEvent['kind']

// Every event kind of the Xen, VT-x and paging modules, listed once so the console and narration can
// hand an event to its module's formatter. The Record types make the compiler reject a
// missing kind, and (through Exclude, which makes it an excess key) one two modules share.
type Kinds<Mine extends EngineEvent, Others extends EngineEvent> = Readonly<
  Record<Exclude<Mine['kind'], Others['kind']>, true>
>

const XEN_EVENT_KINDS: Kinds<XenEvent, AddrSpaceEvent | VmxEvent | PagingEvent | VirtEvent> = {
  'xen.domain': true,
  'xen.page-write': true,
  'ring.create': true,
  'ring.queue': true,
  'ring.push': true,
  'ring.consume': true,
  'ring.final-check': true,
  'evtchn.bind': true,
  'evtchn.close': true,
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
}

const VMX_EVENT_KINDS: Kinds<VmxEvent, AddrSpaceEvent | XenEvent | PagingEvent | VirtEvent> = {
  'vmx.region': true,
  'vmx.instr': true,
  'vmx.fail': true,
  'vmx.fault': true,
  'vmcs.read': true,
  'vmcs.write': true,
  'vmx.entry': true,
  'vmx.exit': true,
  'guest.exec': true,
  'cpu.trap': true,
  'cpu.picture': true,
  'vmx.bitmap': true,
}

const PAGING_EVENT_KINDS: Kinds<PagingEvent, AddrSpaceEvent | XenEvent | VmxEvent | VirtEvent> = {
  'paging.mode': true,
  'paging.cr3': true,
  'paging.pdpte.load': true,
  'paging.control': true,
  'paging.poke': true,
  'paging.alloc': true,
  'paging.entry.write': true,
  'paging.map': true,
  'paging.ref': true,
  'paging.ad': true,
  'paging.tlb.hit': true,
  'paging.tlb.miss': true,
  'paging.tlb.fill': true,
  'paging.tlb.flush': true,
  'paging.tlb.config': true,
  'paging.access': true,
  'paging.translate': true,
  'paging.dump': true,
}

const VIRT_EVENT_KINDS: Kinds<VirtEvent, AddrSpaceEvent | XenEvent | VmxEvent | PagingEvent> = {
  'virt.mmu': true,
  'virt.host-poke': true,
  'virt.p2m-map': true,
}

const EPT_EVENT_KINDS: Kinds<
  EptEvent,
  AddrSpaceEvent | XenEvent | VmxEvent | PagingEvent | VirtEvent
> = {
  'ept.eptp': true,
  'ept.vpid': true,
  'ept.cap': true,
  'ept.table': true,
  'ept.entry-write': true,
  'ept.map': true,
  'ept.nested-ref': true,
  'ept.guest-ref': true,
  'ept.ad': true,
  'ept.guest-ad': true,
  'ept.violation': true,
  'ept.misconfig': true,
  'ept.tlb.hit': true,
  'ept.tlb.miss': true,
  'ept.tlb.fill': true,
  'ept.tlb.flush': true,
  'ept.world-switch': true,
  'ept.cache-hit': true,
  'ept.caches': true,
  'ept.access': true,
  'ept.info': true,
}

export const isXenEvent = (e: EngineEvent): e is XenEvent => Object.hasOwn(XEN_EVENT_KINDS, e.kind)
export const isVmxEvent = (e: EngineEvent): e is VmxEvent => Object.hasOwn(VMX_EVENT_KINDS, e.kind)
export const isPagingEvent = (e: EngineEvent): e is PagingEvent =>
  Object.hasOwn(PAGING_EVENT_KINDS, e.kind)
export const isVirtEvent = (e: EngineEvent): e is VirtEvent =>
  Object.hasOwn(VIRT_EVENT_KINDS, e.kind)
export const isEptEvent = (e: EngineEvent): e is EptEvent => Object.hasOwn(EPT_EVENT_KINDS, e.kind)

const SHADOW_EVENT_KINDS: Kinds<
  ShadowEvent,
  AddrSpaceEvent | XenEvent | VmxEvent | PagingEvent | VirtEvent
> = {
  'shadow.exit': true,
  'shadow.ref': true,
  'shadow.guest-ad': true,
  'shadow.alloc': true,
  'shadow.write-protect': true,
  'shadow.sync': true,
  'shadow.pt-write': true,
  'shadow.inject': true,
  'shadow.resume': true,
  'shadow.root': true,
  'shadow.zap': true,
  'shadow.tlb': true,
  'shadow.access': true,
  'shadow.cost': true,
  'shadow.info': true,
}
export const isShadowEvent = (e: EngineEvent): e is ShadowEvent =>
  Object.hasOwn(SHADOW_EVENT_KINDS, e.kind)

const XENPV_EVENT_KINDS: Kinds<
  XenPvEvent,
  AddrSpaceEvent | XenEvent | VmxEvent | PagingEvent | VirtEvent | EptEvent | ShadowEvent
> = {
  'xenpv.update': true,
  'xenpv.mmuext': true,
  'xenpv.hypercall': true,
  'xenpv.multicall-begin': true,
  'xenpv.multicall-queue': true,
  'xenpv.direct-write': true,
  'xenpv.access': true,
  'xenpv.map': true,
}
export const isXenPvEvent = (e: EngineEvent): e is XenPvEvent =>
  Object.hasOwn(XENPV_EVENT_KINDS, e.kind)
