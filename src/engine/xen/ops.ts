import type { KindSet } from '../core/module.ts'
import type { CopyPtr } from './grant.ts'
import type { RingProto, RingSide } from './ring.ts'

/** Every operation of the Xen model; produced only by the console. */
export type XenOp =
  | { readonly kind: 'xen.domain'; readonly domid: number; readonly vcpus: number }
  | {
      readonly kind: 'xen.page-write'
      readonly dom: number
      readonly frame: number
      readonly content: string
    }
  // The shared ring (CONSOLE.md `ring ...`).
  | {
      readonly kind: 'ring.create'
      readonly name: string
      readonly proto: RingProto
      readonly size: number | null
      /** Initial value of every index (real rings start at 0). */
      readonly start: number
    }
  | {
      readonly kind: 'ring.queue'
      readonly name: string
      readonly side: RingSide
      readonly count: number
    }
  | { readonly kind: 'ring.push'; readonly name: string; readonly side: RingSide }
  | {
      readonly kind: 'ring.consume'
      readonly name: string
      readonly side: RingSide
      readonly max: number | null
    }
  | { readonly kind: 'ring.final-check'; readonly name: string; readonly side: RingSide }
  // Event channels.
  | { readonly kind: 'evtchn.alloc-unbound'; readonly dom: number; readonly remoteDom: number }
  | {
      readonly kind: 'evtchn.bind-interdomain'
      readonly dom: number
      readonly remoteDom: number
      readonly remotePort: number
    }
  | {
      readonly kind: 'evtchn.bind-virq'
      readonly dom: number
      readonly virq: number
      readonly vcpu: number
    }
  | { readonly kind: 'evtchn.bind-ipi'; readonly dom: number; readonly vcpu: number }
  | { readonly kind: 'evtchn.bind-pirq'; readonly dom: number; readonly pirq: number }
  | { readonly kind: 'evtchn.send'; readonly dom: number; readonly port: number }
  | {
      readonly kind: 'evtchn.virq'
      readonly dom: number
      readonly virq: number
      readonly vcpu: number
    }
  | { readonly kind: 'evtchn.pirq'; readonly dom: number; readonly pirq: number }
  | { readonly kind: 'evtchn.mask'; readonly dom: number; readonly port: number }
  | { readonly kind: 'evtchn.unmask'; readonly dom: number; readonly port: number }
  | { readonly kind: 'evtchn.handle'; readonly dom: number; readonly vcpu: number }
  | { readonly kind: 'evtchn.close'; readonly dom: number; readonly port: number }
  // Grant tables.
  | {
      readonly kind: 'grant.access'
      readonly dom: number
      readonly remoteDom: number
      readonly frame: number
      readonly readonly: boolean
    }
  | { readonly kind: 'grant.accept-transfer'; readonly dom: number; readonly remoteDom: number }
  | {
      readonly kind: 'grant.map'
      readonly dom: number
      readonly grantDom: number
      readonly ref: number
      readonly readonly: boolean
    }
  | { readonly kind: 'grant.unmap'; readonly dom: number; readonly handle: number }
  | {
      readonly kind: 'grant.copy'
      readonly dom: number
      readonly source: CopyPtr
      readonly dest: CopyPtr
      readonly len: number
    }
  | {
      readonly kind: 'grant.transfer'
      readonly dom: number
      readonly frame: number
      readonly targetDom: number
      readonly ref: number
    }
  | { readonly kind: 'grant.end'; readonly dom: number; readonly ref: number }
  // Block split driver.
  | {
      readonly kind: 'blk.connect'
      readonly dev: string
      readonly frontDom: number
      readonly backDom: number
    }
  | {
      readonly kind: 'blk.request'
      readonly dev: string
      readonly operation: 'read' | 'write'
      readonly sector: bigint
      readonly count: number
    }
  | { readonly kind: 'blk.backend'; readonly dev: string }
  | { readonly kind: 'blk.complete'; readonly dev: string }
  // Network split driver.
  | {
      readonly kind: 'net.connect'
      readonly dom: number
      readonly devid: number
      readonly mac: string | null
      readonly rx: 'copy' | 'flip'
    }
  | { readonly kind: 'net.post-rx'; readonly vif: string; readonly count: number }
  | {
      readonly kind: 'net.send'
      readonly vif: string
      readonly size: number
      readonly dst: string | null
    }
  | { readonly kind: 'net.backend-tx'; readonly vif: string }
  | { readonly kind: 'net.receive'; readonly vif: string; readonly size: number }
  | { readonly kind: 'net.poll'; readonly vif: string }

/** Every op kind, listed once: the module descriptor and the routing read it. */
export const XEN_OP_KINDS = {
  'xen.domain': true,
  'xen.page-write': true,
  'ring.create': true,
  'ring.queue': true,
  'ring.push': true,
  'ring.consume': true,
  'ring.final-check': true,
  'evtchn.alloc-unbound': true,
  'evtchn.bind-interdomain': true,
  'evtchn.bind-virq': true,
  'evtchn.bind-ipi': true,
  'evtchn.bind-pirq': true,
  'evtchn.send': true,
  'evtchn.virq': true,
  'evtchn.pirq': true,
  'evtchn.mask': true,
  'evtchn.unmask': true,
  'evtchn.handle': true,
  'evtchn.close': true,
  'grant.access': true,
  'grant.accept-transfer': true,
  'grant.map': true,
  'grant.unmap': true,
  'grant.copy': true,
  'grant.transfer': true,
  'grant.end': true,
  'blk.connect': true,
  'blk.request': true,
  'blk.backend': true,
  'blk.complete': true,
  'net.connect': true,
  'net.post-rx': true,
  'net.send': true,
  'net.backend-tx': true,
  'net.receive': true,
  'net.poll': true,
} as const satisfies KindSet<XenOp['kind']>
