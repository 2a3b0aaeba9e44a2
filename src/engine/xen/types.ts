import type { EvtchnDomain } from './evtchn.ts'
import { newEvtchnDomain } from './evtchn.ts'
import type { GrantDomain } from './grant.ts'
import { newGrantDomain } from './grant.ts'
import type { Ring } from './ring.ts'
import type { Vbd } from './blk.ts'
import type { Vif } from './net.ts'

/** A domain's vCPU count; Xen limits are far higher, the model keeps it small. */
export const MAX_VCPUS = 8

export interface XenDomainInfo {
  readonly domid: number
  readonly vcpus: number
}

/** Everything the Xen part of the machine holds; rings and devices in creation order. */
export interface XenState {
  readonly domains: readonly XenDomainInfo[]
  readonly rings: readonly Ring[]
  /** Per-domain event-channel state (shared_info bitmaps, vcpu_info). */
  readonly evtchn: readonly EvtchnDomain[]
  /** Per-domain grant tables, maptracks and frame contents. */
  readonly grants: readonly GrantDomain[]
  readonly vbds: readonly Vbd[]
  readonly vifs: readonly Vif[]
  /** Dom0's software bridge: the physical NIC plus one port per vif. */
  readonly bridge: { readonly name: 'xenbr0'; readonly ports: readonly string[] }
}

/** Xen boots with Dom0 (domain 0, one vCPU here); guests are added with `xen domain`. */
export const initialXenState: XenState = {
  domains: [{ domid: 0, vcpus: 1 }],
  rings: [],
  evtchn: [newEvtchnDomain(0, 1)],
  grants: [newGrantDomain(0)],
  vbds: [],
  vifs: [],
  bridge: { name: 'xenbr0', ports: ['eth0'] },
}
