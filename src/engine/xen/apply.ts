import { type Result, err, exhaustive, ok } from '../core/result.ts'
import { blkBackend, blkComplete, blkConnect, blkRequest } from './blk.ts'
import type { XenError } from './errors.ts'
import type { XenEvent } from './events.ts'
import * as ev from './evtchn.ts'
import * as gnt from './grant.ts'
import { netBackendTx, netConnect, netPoll, netPostRx, netReceive, netSend } from './net.ts'
import type { XenOp } from './ops.ts'
import {
  type RingStep,
  backConsume,
  backFinalCheck,
  backPush,
  backQueue,
  backQueueError,
  createRing,
  frontConsume,
  frontFinalCheck,
  frontPush,
  frontQueue,
  frontQueueError,
} from './ring.ts'
import { MAX_VCPUS, type XenState } from './types.ts'
import { getRing, hasDomain, noDomain, putRing } from './util.ts'

export interface XenStep {
  readonly state: XenState
  readonly events: readonly XenEvent[]
}

type R = Result<XenStep, XenError>

const one = (state: XenState, event: XenEvent): R => ok({ state, events: [event] })

function ringStep(s: XenState, r: Result<RingStep<unknown>, XenError> | RingStep<unknown>): R {
  if ('ok' in r) {
    if (!r.ok) return r
    return one(putRing(s, r.value.ring), r.value.event)
  }
  return one(putRing(s, r.ring), r.event)
}

const withEvtchn = (
  s: XenState,
  r: Result<{ domains: readonly ev.EvtchnDomain[]; events: readonly ev.EvtchnEvent[] }, XenError>,
): R => (r.ok ? ok({ state: { ...s, evtchn: r.value.domains }, events: r.value.events }) : r)

const withGrants = (s: XenState, r: gnt.GrantStep<unknown>): R =>
  one({ ...s, grants: r.domains }, r.event)

function need(s: XenState, ...doms: number[]): XenError | null {
  const missing = doms.find((d) => !hasDomain(s, d))
  return missing === undefined ? null : noDomain(missing)
}

const u32ok = (n: number): boolean => Number.isInteger(n) && n >= 0 && n <= 0xffffffff
const badFrame = (f: number): XenError => ({
  code: 'bad-size',
  message: `frame ${f} does not fit the 32-bit frame field of a grant entry`,
})

/** Pure: never mutates `s`, never throws on bad input. */
export function applyXen(s: XenState, op: XenOp): R {
  switch (op.kind) {
    case 'xen.domain': {
      if (!Number.isInteger(op.domid) || op.domid < 0 || op.domid >= 0x7ff0) {
        return err({
          code: 'no-such-domain',
          message: `domain ids run from 0 to 0x7fef (DOMID_FIRST_RESERVED is 0x7ff0)`,
        })
      }
      if (hasDomain(s, op.domid)) {
        return err({ code: 'domain-exists', message: `domain ${op.domid} already exists` })
      }
      if (!Number.isInteger(op.vcpus) || op.vcpus < 1 || op.vcpus > MAX_VCPUS) {
        return err({ code: 'bad-vcpu', message: `vcpus must be 1..${MAX_VCPUS}` })
      }
      return one(
        {
          ...s,
          domains: [...s.domains, { domid: op.domid, vcpus: op.vcpus }],
          evtchn: ev.addEvtchnDomain(s.evtchn, op.domid, op.vcpus),
          grants: [...s.grants, gnt.newGrantDomain(op.domid)],
        },
        { kind: 'xen.domain', domid: op.domid, vcpus: op.vcpus, cite: 'xen-split-driver' },
      )
    }
    case 'xen.page-write': {
      const e = need(s, op.dom)
      if (e) return err(e)
      if (!u32ok(op.frame)) return err(badFrame(op.frame))
      return one(
        { ...s, grants: gnt.writePage(s.grants, op.dom, op.frame, op.content) },
        {
          kind: 'xen.page-write',
          dom: op.dom,
          frame: op.frame,
          content: op.content,
          cite: 'xen-gnt-entry',
        },
      )
    }
    case 'ring.create': {
      if (s.rings.some((r) => r.name.toLowerCase() === op.name.toLowerCase())) {
        return err({ code: 'ring-exists', message: `a ring named '${op.name}' already exists` })
      }
      if (!u32ok(op.start)) {
        return err({ code: 'bad-size', message: 'start= must fit in 32 bits (RING_IDX is u32)' })
      }
      const c = createRing(op.name, op.proto, op.size, op.start)
      if (!c.ok) return c
      return one({ ...s, rings: [...s.rings, c.value.ring] }, c.value.event)
    }
    case 'ring.queue': {
      const r = getRing(s, op.name)
      if (!r.ok) return r
      // Check before building the list, so a huge N is an error and not an allocation.
      const bad =
        op.side === 'front' ? frontQueueError(r.value, op.count) : backQueueError(r.value, op.count)
      if (bad) return err(bad)
      const bodies = Array.from({ length: op.count }, () => null)
      return ringStep(
        s,
        op.side === 'front' ? frontQueue(r.value, bodies) : backQueue(r.value, bodies),
      )
    }
    case 'ring.push': {
      const r = getRing(s, op.name)
      if (!r.ok) return r
      return ringStep(s, op.side === 'front' ? frontPush(r.value) : backPush(r.value))
    }
    case 'ring.consume': {
      const r = getRing(s, op.name)
      if (!r.ok) return r
      return ringStep(
        s,
        op.side === 'front' ? frontConsume(r.value, op.max) : backConsume(r.value, op.max),
      )
    }
    case 'ring.final-check': {
      const r = getRing(s, op.name)
      if (!r.ok) return r
      return ringStep(s, op.side === 'front' ? frontFinalCheck(r.value) : backFinalCheck(r.value))
    }
    case 'evtchn.alloc-unbound':
      return withEvtchn(s, ev.allocUnbound(s.evtchn, op.dom, op.remoteDom))
    case 'evtchn.bind-interdomain':
      return withEvtchn(s, ev.bindInterdomain(s.evtchn, op.dom, op.remoteDom, op.remotePort))
    case 'evtchn.bind-virq':
      return withEvtchn(
        s,
        ev.bindLocal(s.evtchn, op.dom, { kind: 'virq', virq: op.virq, vcpu: op.vcpu }),
      )
    case 'evtchn.bind-ipi':
      return withEvtchn(s, ev.bindLocal(s.evtchn, op.dom, { kind: 'ipi', vcpu: op.vcpu }))
    case 'evtchn.bind-pirq':
      return withEvtchn(s, ev.bindLocal(s.evtchn, op.dom, { kind: 'pirq', pirq: op.pirq }))
    case 'evtchn.send':
      return withEvtchn(s, ev.send(s.evtchn, op.dom, op.port))
    case 'evtchn.virq':
      return withEvtchn(
        s,
        ev.raise(s.evtchn, op.dom, { kind: 'virq', virq: op.virq, vcpu: op.vcpu }),
      )
    case 'evtchn.pirq':
      return withEvtchn(s, ev.raise(s.evtchn, op.dom, { kind: 'pirq', pirq: op.pirq }))
    case 'evtchn.mask':
      return withEvtchn(s, ev.mask(s.evtchn, op.dom, op.port))
    case 'evtchn.unmask':
      return withEvtchn(s, ev.unmask(s.evtchn, op.dom, op.port))
    case 'evtchn.handle':
      return withEvtchn(s, ev.handleUpcall(s.evtchn, op.dom, op.vcpu))
    case 'evtchn.close':
      return withEvtchn(s, ev.close(s.evtchn, op.dom, op.port))
    case 'grant.access': {
      if (!u32ok(op.frame)) return err(badFrame(op.frame))
      const r = gnt.grantAccess(s.grants, op.dom, op.remoteDom, op.frame, op.readonly)
      return r.ok ? withGrants(s, r.value) : r
    }
    case 'grant.accept-transfer': {
      const e = need(s, op.remoteDom)
      if (e) return err(e)
      const r = gnt.grantTransfer(s.grants, op.dom, op.remoteDom)
      return r.ok ? withGrants(s, r.value) : r
    }
    case 'grant.map':
      return withGrants(s, gnt.mapGrant(s.grants, op.dom, op.grantDom, op.ref, op.readonly))
    case 'grant.unmap':
      return withGrants(s, gnt.unmapGrant(s.grants, op.dom, op.handle))
    case 'grant.copy':
      return withGrants(s, gnt.copyGrant(s.grants, op.dom, op.source, op.dest, op.len))
    case 'grant.transfer':
      return withGrants(s, gnt.transferGrant(s.grants, op.dom, op.frame, op.targetDom, op.ref))
    case 'grant.end': {
      const r = gnt.endAccess(s.grants, op.dom, op.ref)
      return r.ok ? withGrants(s, r.value) : r
    }
    case 'blk.connect':
      return split(blkConnect(s, op.dev, op.frontDom, op.backDom))
    case 'blk.request':
      return split(blkRequest(s, op.dev, op.operation, op.sector, op.count))
    case 'blk.backend':
      return split(blkBackend(s, op.dev))
    case 'blk.complete':
      return split(blkComplete(s, op.dev))
    case 'net.connect':
      return split(netConnect(s, op.dom, op.devid, op.mac, op.rx))
    case 'net.post-rx':
      return split(netPostRx(s, op.vif, op.count))
    case 'net.send':
      return split(netSend(s, op.vif, op.size, op.dst))
    case 'net.backend-tx':
      return split(netBackendTx(s, op.vif))
    case 'net.receive':
      return split(netReceive(s, op.vif, op.size))
    case 'net.poll':
      return split(netPoll(s, op.vif))
    default:
      return exhaustive(op)
  }
}

function split(r: Result<{ state: XenState; events: readonly XenEvent[] }, XenError>): R {
  return r
}
