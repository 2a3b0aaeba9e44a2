// JSON fields and text lines of the Xen events (CONSOLE.md: ring JSON is "ring" with the nine
// indices as numbers; push adds "notify"; final-check adds "more"; raw values are hex strings).
import {
  exhaustive,
  hex,
  type CopyPtr,
  type RingIndices,
  type XenError,
  type XenEvent,
  flagNames,
  virqName,
} from '../../engine/index.ts'
import type { JsonObject, JsonValue } from '../format.ts'

const h = (n: number): string => hex(BigInt(n))

function ringJson(i: RingIndices): JsonObject {
  return {
    size: i.size,
    reqProd: i.reqProd,
    reqEvent: i.reqEvent,
    rspProd: i.rspProd,
    rspEvent: i.rspEvent,
    reqProdPvt: i.reqProdPvt,
    rspCons: i.rspCons,
    rspProdPvt: i.rspProdPvt,
    reqCons: i.reqCons,
  }
}

const copyJson = (p: CopyPtr): JsonObject =>
  p.kind === 'gref'
    ? { dom: p.dom, ref: p.ref, offset: p.offset }
    : { dom: p.dom, frame: h(p.frame), offset: p.offset }

const copyText = (p: CopyPtr): string =>
  p.kind === 'gref'
    ? `d${p.dom} ref ${p.ref}+${p.offset}`
    : `d${p.dom} frame ${h(p.frame)}+${p.offset}`

type EvtchnFail = Extract<XenEvent, { kind: 'evtchn.fail' }>

/** What the port named by a refused event-channel call is, in words. */
function evtchnFailState(e: EvtchnFail): string {
  switch (e.state) {
    case 'invalid':
      return 'was never allocated'
    case 'closed':
      return 'is closed'
    case 'reserved':
      return 'is port 0, which Xen reserves'
    case 'virq':
      return 'is bound to a VIRQ'
    case 'pirq':
      return 'is bound to a physical IRQ (PIRQ)'
    case 'ipi':
      return 'is an IPI port'
    case 'interdomain':
      return 'is already connected (interdomain)'
    case 'unbound':
      return e.offeredTo === null ? 'is unbound' : `is unbound but offered to d${e.offeredTo}`
    default:
      return exhaustive(e.state)
  }
}

/** The plain-words message of a Xen model error. */
export function describeXenError(e: XenError): string {
  return e.message
}

/** The fields one Xen event adds to its command's JSON object. */
export function xenEventJson(e: XenEvent): JsonObject {
  switch (e.kind) {
    case 'ring.create':
      return { ring: ringJson(e.indices), name: e.ring, proto: e.proto }
    case 'ring.queue':
      return { ring: ringJson(e.indices), ids: [...e.ids], slots: [...e.slots] }
    case 'ring.push':
      return { ring: ringJson(e.indices), notify: e.notify }
    case 'ring.consume':
      return { ring: ringJson(e.indices), ids: [...e.ids] }
    case 'ring.final-check':
      return { ring: ringJson(e.indices), more: e.more }
    case 'xen.domain':
      return { domid: e.domid, vcpus: e.vcpus }
    case 'xen.page-write':
      return { dom: e.dom, frame: h(e.frame), content: e.content }
    case 'evtchn.bind':
      return { dom: e.dom, port: e.port, op: e.op, state: e.binding.state }
    case 'evtchn.send':
      return {
        dom: e.dom,
        port: e.port,
        target: e.target ? { dom: e.target.dom, port: e.target.port } : null,
      }
    case 'evtchn.raise':
      return { source: e.source, number: e.number, port: e.port }
    case 'evtchn.pending':
      return {
        pending: {
          dom: e.dom,
          port: e.port,
          vcpu: e.vcpu,
          wasPending: e.wasPending,
          masked: e.masked,
        },
      }
    case 'evtchn.upcall':
      return { upcall: { dom: e.dom, vcpu: e.vcpu, newlySet: e.newlySet, delivered: e.delivered } }
    case 'evtchn.mask':
      return { dom: e.dom, port: e.port, masked: true }
    case 'evtchn.unmask':
      return { dom: e.dom, port: e.port, masked: false, pending: e.pending }
    case 'evtchn.handle':
      return { dom: e.dom, vcpu: e.vcpu, selector: hex(e.selector), handled: [...e.ports] }
    case 'evtchn.close':
      return { dom: e.dom, port: e.port, was: e.was }
    case 'evtchn.fail':
      return {
        dom: e.dom,
        op: e.op,
        ...(e.remoteDom === null ? {} : { remoteDom: e.remoteDom }),
        port: e.port,
        state: e.state,
        ...(e.offeredTo === null ? {} : { offeredTo: e.offeredTo }),
        rc: e.rc,
        errno: e.errno,
      }
    case 'grant.access':
      return {
        dom: e.dom,
        ref: e.ref,
        flags: h(e.entry.flags),
        domid: e.entry.domid,
        frame: h(e.entry.frame),
      }
    case 'grant.map':
      return {
        status: e.status,
        statusName: `GNTST_${e.statusName}`,
        handle: e.handle,
        flags: e.flags === null ? null : h(e.flags),
      }
    case 'grant.unmap':
      return {
        status: e.status,
        statusName: `GNTST_${e.statusName}`,
        flags: e.flags === null ? null : h(e.flags),
      }
    case 'grant.copy':
      return {
        status: e.status,
        statusName: `GNTST_${e.statusName}`,
        source: copyJson(e.source),
        dest: copyJson(e.dest),
        len: e.len,
      }
    case 'grant.transfer':
      return {
        status: e.status,
        statusName: `GNTST_${e.statusName}`,
        flags: e.flags === null ? null : h(e.flags),
        received: e.received === null ? null : h(e.received),
      }
    case 'grant.end':
      return {
        ended: e.ended,
        flags: h(e.flags),
        ...(e.frame === null ? {} : { frame: h(e.frame) }),
      }
    case 'blk.connect':
      return {
        dev: e.dev,
        handle: e.handle,
        ringRef: e.ringRef,
        frontPort: e.frontPort,
        backPort: e.backPort,
      }
    case 'blk.request': {
      const seg: JsonValue[] = e.request.seg.map((s) => ({
        gref: s.gref,
        firstSect: s.firstSect,
        lastSect: s.lastSect,
      }))
      return {
        request: {
          id: e.id,
          operation: e.request.operation,
          nrSegments: e.request.nrSegments,
          handle: e.request.handle,
          sectorNumber: hex(e.request.sectorNumber),
          seg,
        },
      }
    }
    case 'blk.io':
      return { io: { id: e.id, sectors: e.sectors, status: e.status } }
    case 'blk.done':
      return { done: { id: e.id, status: e.status, data: [...e.data] } }
    case 'net.connect':
      return { vif: e.vif, mac: e.mac, bridge: e.bridge, rx: e.rx }
    case 'net.tx':
      return { tx: { id: e.id, gref: e.gref, size: e.size } }
    case 'net.bridge':
      return { bridged: { from: e.from, to: e.to, dst: e.dst, size: e.size } }
    case 'net.rx':
      return { rx: { vif: e.vif, id: e.id, gref: e.gref, mode: e.mode, size: e.size } }
    case 'net.drop':
      return { dropped: e.dropped }
    case 'net.done':
      return { done: { dir: e.dir, id: e.id, status: e.status, data: e.data } }
    default:
      return exhaustive(e)
  }
}

const side = (s: 'front' | 'back'): string => (s === 'front' ? 'frontend' : 'backend')
const ids = (xs: readonly number[]): string =>
  xs.length === 0 ? 'none' : xs.length > 8 ? `${xs.slice(0, 8).join(', ')}, ...` : xs.join(', ')

/** One line of plain text per Xen event. */
export function xenEventText(e: XenEvent): string {
  switch (e.kind) {
    case 'ring.create':
      return e.slotBytes === null
        ? `ring ${e.ring}: raw, ${e.indices.size} slots, indices start at ${e.indices.reqProd}`
        : `ring ${e.ring}: ${e.proto}, (4096 - 64) / ${e.slotBytes} = ${e.fit} -> ${e.indices.size} slots`
    case 'ring.queue':
      return e.side === 'front'
        ? `ring ${e.ring}: frontend wrote request(s) ${ids(e.ids)} in slot(s) ${ids(e.slots)}; req_prod_pvt = ${e.indices.reqProdPvt}, ${e.left} free`
        : `ring ${e.ring}: backend wrote response(s) ${ids(e.ids)} in slot(s) ${ids(e.slots)}; rsp_prod_pvt = ${e.indices.rspProdPvt}`
    case 'ring.push':
      return `ring ${e.ring}: ${side(e.side)} push ${e.side === 'front' ? 'req_prod' : 'rsp_prod'} ${e.old} -> ${e.new}, ${e.side === 'front' ? 'req_event' : 'rsp_event'} ${e.event}: ${e.notify ? 'notify' : 'no notify (suppressed)'}`
    case 'ring.consume':
      return `ring ${e.ring}: ${side(e.side)} took ${e.ids.length} of ${e.available} (${ids(e.ids)}); ${e.side === 'front' ? `rsp_cons = ${e.indices.rspCons}` : `req_cons = ${e.indices.reqCons}`}`
    case 'ring.final-check':
      return `ring ${e.ring}: ${side(e.side)} final check: ${e.more ? 'more work' : 'no more'}${e.armed ? `, ${e.side === 'back' ? `req_event = ${e.indices.reqEvent}` : `rsp_event = ${e.indices.rspEvent}`}` : ''}`
    case 'xen.domain':
      return `domain ${e.domid} created with ${e.vcpus} vCPU(s)`
    case 'xen.page-write':
      return `d${e.dom} frame ${h(e.frame)} := ${e.content}`
    case 'evtchn.bind':
      return `d${e.dom} port ${e.port}: ${e.op} -> ${e.binding.state}`
    case 'evtchn.send':
      return e.target
        ? `d${e.dom} port ${e.port} sends to d${e.target.dom} port ${e.target.port}`
        : `d${e.dom} port ${e.port} is unbound: notification dropped`
    case 'evtchn.raise':
      return `${e.source === 'virq' ? virqName(e.number) : `PIRQ ${e.number}`} for d${e.dom}: ${e.port === null ? 'no port bound, lost' : `port ${e.port}`}`
    case 'evtchn.pending':
      return e.wasPending
        ? `d${e.dom} port ${e.port} already pending: nothing more`
        : `d${e.dom} port ${e.port} pending${e.masked ? ' (masked: no upcall)' : ''}`
    case 'evtchn.upcall':
      return `d${e.dom} vCPU ${e.vcpu}: evtchn_upcall_pending = 1${e.delivered ? '' : ' (upcall masked, waits)'}`
    case 'evtchn.mask':
      return `d${e.dom} port ${e.port} masked`
    case 'evtchn.unmask':
      return `d${e.dom} port ${e.port} unmasked${e.pending && e.wasMasked ? ' (was pending)' : ''}`
    case 'evtchn.handle':
      return `d${e.dom} vCPU ${e.vcpu} handler: selector ${hex(e.selector)}, handled port(s) ${ids(e.ports)}`
    case 'evtchn.close':
      return `d${e.dom} port ${e.port} closed${e.remote ? `; d${e.remote.dom} port ${e.remote.port} is unbound again` : ''}`
    case 'evtchn.fail':
      return `d${e.dom} EVTCHNOP_${e.op} ${e.remoteDom === null ? '' : `d${e.remoteDom} `}port ${e.port}: rc ${e.rc} (-${e.errno}), the port ${evtchnFailState(e)}`
    case 'grant.access':
      return `d${e.dom} grant ref ${e.ref}: ${flagNames(e.entry.flags).join('|')} to d${e.entry.domid}, frame ${h(e.entry.frame)}`
    case 'grant.map':
      return e.status === 0
        ? `d${e.dom} maps d${e.grantDom} ref ${e.ref}${e.readonly ? ' read-only' : ''}: handle ${e.handle ?? '?'}`
        : `d${e.dom} map d${e.grantDom} ref ${e.ref}: GNTST_${e.statusName} (${e.status}) ${e.detail}`
    case 'grant.unmap':
      return `d${e.dom} unmap handle ${e.handle}: GNTST_${e.statusName}`
    case 'grant.copy':
      return `d${e.dom} copy ${e.len} bytes ${copyText(e.source)} -> ${copyText(e.dest)}: GNTST_${e.statusName}${e.detail ? ` (${e.detail})` : ''}`
    case 'grant.transfer':
      return `d${e.dom} transfers frame ${h(e.frame)} to d${e.targetDom} ref ${e.ref}: GNTST_${e.statusName}`
    case 'grant.end':
      return e.ended
        ? `d${e.dom} grant ref ${e.ref} ended${e.frame === null ? '' : `, received frame ${h(e.frame)}`}`
        : `d${e.dom} grant ref ${e.ref} still in use (${flagNames(e.flags).join('|')}): not ended`
    case 'blk.connect':
      return `${e.dev}: blkfront d${e.frontDom} <-> blkback d${e.backDom}, ring ref ${e.ringRef}, ports ${e.frontPort}/${e.backPort}`
    case 'blk.request':
      return `${e.dev}: request ${e.id} ${e.request.operation === 0 ? 'READ' : 'WRITE'} sector ${e.request.sectorNumber}, ${e.request.nrSegments} segment(s), grefs ${e.request.seg.map((s) => s.gref).join(', ')}`
    case 'blk.io':
      return `${e.dev}: backend did request ${e.id}: ${e.sectors} sector(s), status ${e.status}`
    case 'blk.done':
      return `${e.dev}: request ${e.id} completed, status ${e.status}`
    case 'net.connect':
      return `${e.vif} on ${e.bridge}, MAC ${e.mac}, rx ${e.rx}`
    case 'net.tx':
      return `${e.vif}: TX request ${e.id}, gref ${e.gref}, ${e.size} bytes`
    case 'net.bridge':
      return `${e.bridge}: ${e.size} bytes ${e.from} -> ${e.to}`
    case 'net.rx':
      return `${e.vif}: ${e.mode === 'copy' ? 'copied' : 'flipped'} ${e.size} bytes into RX buffer ${e.id} (gref ${e.gref})`
    case 'net.drop':
      return `${e.vif}: no RX buffer posted, packet dropped (${e.dropped} so far)`
    case 'net.done':
      return `${e.vif}: ${e.dir.toUpperCase()} ${e.id} done, status ${e.status}`
    default:
      return exhaustive(e)
  }
}
