// netfront (DomU) and netback (Dom0): a TX ring and an RX ring of netif (hw-facts §5.2)
// sharing one event channel; Dom0 names its end vifN.M and bridges it on xenbr0.
import { type Result, err, ok } from '../core/result.ts'
import type { XenError } from './errors.ts'
import type { XenEvent } from './events.ts'
import {
  copyGrant,
  endAccess,
  grantAccess,
  grantTransfer,
  readPage,
  transferGrant,
} from './grant.ts'
import {
  NETIF_RSP_ERROR,
  NETIF_RSP_OKAY,
  type RequestBody,
  backConsume,
  backQueue,
  frontQueue,
  unconsumedRequests,
} from './ring.ts'
import { type SplitStep, backendLoop, connectRing, frontendLoop, pushNotify } from './split.ts'
import type { XenState } from './types.ts'
import { allocFrame, freeFrame, getRing, hasDomain, noDomain, putRing } from './util.ts'

/** The backend domain of every vif in the model. */
export const NETBACK_DOM = 0
/** Model limit: a packet fits one 4 KiB slot buffer (no NETTXF_more_data chains). */
export const MAX_PACKET = 4096

export interface NetBuf {
  readonly id: number
  readonly gref: number
  /** The frontend frame behind the grant; null for a flip buffer (the page comes from Dom0). */
  readonly frame: number | null
}

export interface Vif {
  /** vifN.M: N the frontend's domain id, M the device index. */
  readonly name: string
  readonly dom: number
  readonly devid: number
  readonly mac: string
  readonly rx: 'copy' | 'flip'
  readonly txRing: string
  readonly rxRing: string
  readonly frontPort: number
  readonly backPort: number
  readonly txShadow: readonly NetBuf[]
  readonly rxShadow: readonly NetBuf[]
  readonly rxDropped: number
}

export type NetEvent =
  | {
      readonly kind: 'net.connect'
      readonly vif: string
      readonly dom: number
      readonly devid: number
      readonly mac: string
      readonly bridge: string
      readonly rx: 'copy' | 'flip'
      readonly cite: 'xen-vif'
    }
  | {
      readonly kind: 'net.tx'
      readonly vif: string
      readonly id: number
      readonly gref: number
      readonly size: number
      readonly cite: 'xen-netif'
    }
  | {
      readonly kind: 'net.bridge'
      readonly bridge: string
      readonly from: string
      readonly to: string
      readonly dst: string
      readonly size: number
      readonly cite: 'xen-vif'
    }
  | {
      readonly kind: 'net.rx'
      readonly vif: string
      readonly id: number
      readonly gref: number
      readonly mode: 'copy' | 'flip'
      readonly size: number
      readonly cite: 'xen-net-rx-flip' | 'xen-netif'
    }
  | {
      readonly kind: 'net.drop'
      readonly vif: string
      readonly size: number
      readonly dropped: number
      readonly cite: 'xen-net-rx-flip'
    }
  | {
      readonly kind: 'net.done'
      readonly vif: string
      readonly dir: 'tx' | 'rx'
      readonly id: number
      readonly status: number
      /** For rx: what the frontend now holds (the packet), and which frame. */
      readonly data: string | null
      readonly frame: number | null
      readonly cite: 'xen-netif'
    }

const MAC_RE = /^([0-9a-f]{2}:){5}[0-9a-f]{2}$/i
const hex2 = (n: number): string => (n & 0xff).toString(16).padStart(2, '0')

/**
 * Xen's toolstacks pick a random MAC in 00:16:3e:xx:xx:xx (the Xen OUI); the engine has no
 * randomness, so it derives the last three bytes from the domain and device numbers.
 */
export function defaultMac(dom: number, devid: number): string {
  return `00:16:3e:${hex2(dom >> 8)}:${hex2(dom)}:${hex2(devid)}`
}

export const vifName = (dom: number, devid: number): string => `vif${dom}.${devid}`

function getVif(s: XenState, name: string): Result<Vif, XenError> {
  const v = s.vifs.find((x) => x.name.toLowerCase() === name.toLowerCase())
  return v
    ? ok(v)
    : err({
        code: 'no-such-device',
        message: `there is no network interface '${name}' (use 'net connect')`,
      })
}

const putVif = (s: XenState, v: Vif): XenState => ({
  ...s,
  vifs: s.vifs.map((x) => (x.name === v.name ? v : x)),
})

export function netConnect(
  s0: XenState,
  dom: number,
  devid: number,
  mac: string | null,
  rx: 'copy' | 'flip',
): Result<SplitStep, XenError> {
  if (!hasDomain(s0, dom)) return err(noDomain(dom))
  if (dom === NETBACK_DOM) {
    return err({
      code: 'device-exists',
      message: 'Dom0 is the backend; give netfront a guest domain',
    })
  }
  const name = vifName(dom, devid)
  if (s0.vifs.some((v) => v.name === name)) {
    return err({ code: 'device-exists', message: `${name} already exists` })
  }
  const m = (mac ?? defaultMac(dom, devid)).toLowerCase()
  if (!MAC_RE.test(m)) return err({ code: 'bad-size', message: `'${m}' is not a MAC address` })
  if (s0.vifs.some((v) => v.mac === m)) {
    return err({ code: 'device-exists', message: `MAC ${m} is already used on this bridge` })
  }
  const tx = connectRing(s0, `${name}-tx`, 'netif-tx', dom, NETBACK_DOM, null)
  if (!tx.ok) return tx
  const rxr = connectRing(tx.value.state, `${name}-rx`, 'netif-rx', dom, NETBACK_DOM, {
    frontPort: tx.value.link.frontPort,
    backPort: tx.value.link.backPort,
  })
  if (!rxr.ok) return rxr
  const vif: Vif = {
    name,
    dom,
    devid,
    mac: m,
    rx,
    txRing: `${name}-tx`,
    rxRing: `${name}-rx`,
    frontPort: tx.value.link.frontPort,
    backPort: tx.value.link.backPort,
    txShadow: [],
    rxShadow: [],
    rxDropped: 0,
  }
  const s = rxr.value.state
  return ok({
    state: {
      ...s,
      vifs: [...s.vifs, vif],
      bridge: { ...s.bridge, ports: [...s.bridge.ports, name] },
    },
    events: [
      ...tx.value.events,
      ...rxr.value.events,
      {
        kind: 'net.connect',
        vif: name,
        dom,
        devid,
        mac: m,
        bridge: s.bridge.name,
        rx,
        cite: 'xen-vif',
      },
    ],
  })
}

/** netfront posts empty receive buffers: granted pages (copy) or transfer offers (flip). */
export function netPostRx(s0: XenState, name: string, count: number): Result<SplitStep, XenError> {
  const v = getVif(s0, name)
  if (!v.ok) return v
  const vif = v.value
  const r = getRing(s0, vif.rxRing)
  if (!r.ok) return r
  const events: XenEvent[] = []
  let grants = s0.grants
  const bodies: RequestBody[] = []
  const bufs: NetBuf[] = []
  const free = r.value.size - ((r.value.front.reqProdPvt - r.value.front.rspCons) >>> 0)
  if (count > free) {
    return err({
      code: 'ring-full',
      message: `ring ${vif.rxRing} is full: ${count} buffer(s) asked, ${free} free`,
    })
  }
  for (let i = 0; i < count; i++) {
    let frame: number | null = null
    let gref: number
    if (vif.rx === 'copy') {
      const f = allocFrame(grants, vif.dom, `(empty receive buffer of ${vif.name})`)
      const g = grantAccess(f.grants, vif.dom, NETBACK_DOM, f.frame, false)
      if (!g.ok) return g
      events.push(g.value.event)
      grants = g.value.domains
      gref = g.value.value
      frame = f.frame
    } else {
      const g = grantTransfer(grants, vif.dom, NETBACK_DOM)
      if (!g.ok) return g
      events.push(g.value.event)
      grants = g.value.domains
      gref = g.value.value
    }
    bodies.push({ proto: 'netif-rx', gref })
    bufs.push({ id: (r.value.nextId + i) % 0x10000, gref, frame })
  }
  const q = frontQueue(r.value, bodies)
  if (!q.ok) return q
  events.push(q.value.event)
  let s = putVif(putRing({ ...s0, grants }, q.value.ring), {
    ...vif,
    rxShadow: [...vif.rxShadow, ...bufs],
  })
  const p = pushNotify(s, vif.rxRing, 'front', vif.dom, vif.frontPort)
  if (!p.ok) return p
  s = p.value.state
  events.push(...p.value.events)
  return ok({ state: s, events })
}

/** netfront transmits one packet: grant the page read-only, queue a TX request, push. */
export function netSend(
  s0: XenState,
  name: string,
  size: number,
  dst: string | null,
): Result<SplitStep, XenError> {
  const v = getVif(s0, name)
  if (!v.ok) return v
  const vif = v.value
  if (!Number.isInteger(size) || size < 1 || size > MAX_PACKET) {
    return err({
      code: 'bad-size',
      message: `packet size must be 1..${MAX_PACKET} bytes in this model`,
    })
  }
  if (dst !== null && !MAC_RE.test(dst)) {
    return err({ code: 'bad-size', message: `'${dst}' is not a MAC address` })
  }
  const r = getRing(s0, vif.txRing)
  if (!r.ok) return r
  const id = r.value.nextId
  const f = allocFrame(
    s0.grants,
    vif.dom,
    `packet ${vif.mac} -> ${dst?.toLowerCase() ?? 'wire'} (${size} bytes, ${vif.name} tx #${id})`,
  )
  const g = grantAccess(f.grants, vif.dom, NETBACK_DOM, f.frame, true)
  if (!g.ok) return g
  const q = frontQueue(r.value, [
    { proto: 'netif-tx', gref: g.value.value, offset: 0, flags: 0, size },
  ])
  if (!q.ok) return q
  const events: XenEvent[] = [
    g.value.event,
    { kind: 'net.tx', vif: vif.name, id, gref: g.value.value, size, cite: 'xen-netif' },
    q.value.event,
  ]
  let s = putVif(putRing({ ...s0, grants: g.value.domains }, q.value.ring), {
    ...vif,
    txShadow: [...vif.txShadow, { id, gref: g.value.value, frame: f.frame }],
  })
  const p = pushNotify(s, vif.txRing, 'front', vif.dom, vif.frontPort)
  if (!p.ok) return p
  s = p.value.state
  events.push(...p.value.events)
  return ok({ state: s, events })
}

/**
 * netback's receive path for one packet: take a posted RX buffer, copy the packet into the
 * granted page (GNTTABOP_copy) or hand Dom0's page over (GNTTABOP_transfer); with no buffer
 * posted the packet is dropped.
 */
function deliver(
  s0: XenState,
  vif: Vif,
  size: number,
  content: string,
): Result<SplitStep, XenError> {
  const r = getRing(s0, vif.rxRing)
  if (!r.ok) return r
  if (unconsumedRequests(r.value) === 0) {
    const dropped = vif.rxDropped + 1
    return ok({
      state: putVif(s0, { ...vif, rxDropped: dropped }),
      events: [{ kind: 'net.drop', vif: vif.name, size, dropped, cite: 'xen-net-rx-flip' }],
    })
  }
  const c = backConsume(r.value, 1)
  if (!c.ok) return c
  const req = c.value.value[0]
  const body = req?.body?.proto === 'netif-rx' ? req.body : null
  const events: XenEvent[] = [c.value.event]
  const f = allocFrame(s0.grants, NETBACK_DOM, content)
  let grants = f.grants
  let status = NETIF_RSP_ERROR
  if (body) {
    if (vif.rx === 'copy') {
      const cp = copyGrant(
        grants,
        NETBACK_DOM,
        { kind: 'gmfn', dom: NETBACK_DOM, frame: f.frame, offset: 0 },
        { kind: 'gref', dom: vif.dom, ref: body.gref, offset: 0 },
        size,
      )
      events.push(cp.event)
      grants = freeFrame(cp.domains, NETBACK_DOM, f.frame)
      if (cp.value) status = size
    } else {
      const t = transferGrant(grants, NETBACK_DOM, f.frame, vif.dom, body.gref)
      events.push(t.event)
      grants = t.domains
      if (t.value) status = size
      else grants = freeFrame(grants, NETBACK_DOM, f.frame)
    }
    events.push({
      kind: 'net.rx',
      vif: vif.name,
      id: req?.id ?? 0,
      gref: body.gref,
      mode: vif.rx,
      size,
      cite: vif.rx === 'flip' ? 'xen-net-rx-flip' : 'xen-netif',
    })
  }
  const q = backQueue(c.value.ring, [{ proto: 'netif-rx', offset: 0, flags: 0, status }])
  if (!q.ok) return q
  events.push(q.value.event)
  let s = putRing({ ...s0, grants }, q.value.ring)
  const p = pushNotify(s, vif.rxRing, 'back', NETBACK_DOM, vif.backPort)
  if (!p.ok) return p
  s = p.value.state
  events.push(...p.value.events)
  return ok({ state: s, events })
}

/** A packet arrives on the wire (eth0) for this vif's MAC; xenbr0 forwards it to netback. */
export function netReceive(s0: XenState, name: string, size: number): Result<SplitStep, XenError> {
  const v = getVif(s0, name)
  if (!v.ok) return v
  if (!Number.isInteger(size) || size < 1 || size > MAX_PACKET) {
    return err({
      code: 'bad-size',
      message: `packet size must be 1..${MAX_PACKET} bytes in this model`,
    })
  }
  const bridged: XenEvent = {
    kind: 'net.bridge',
    bridge: s0.bridge.name,
    from: 'eth0',
    to: v.value.name,
    dst: v.value.mac,
    size,
    cite: 'xen-vif',
  }
  const d = deliver(s0, v.value, size, `packet from wire -> ${v.value.mac} (${size} bytes)`)
  if (!d.ok) return d
  return ok({ state: d.value.state, events: [bridged, ...d.value.events] })
}

/**
 * netback's transmit path: take every TX request, copy the packet out of the guest page,
 * forward it on xenbr0 (to another vif by MAC, else out of eth0), answer, push, final-check.
 */
export function netBackendTx(s0: XenState, name: string): Result<SplitStep, XenError> {
  const v = getVif(s0, name)
  if (!v.ok) return v
  const vif = v.value
  return backendLoop(s0, vif.txRing, NETBACK_DOM, vif.backPort, (start, taken, events) => {
    let ring = taken.ring
    let s = putRing(start, ring)
    for (const req of taken.value) {
      const body = req.body?.proto === 'netif-tx' ? req.body : null
      let status = NETIF_RSP_ERROR
      if (body) {
        const f = allocFrame(s.grants, NETBACK_DOM, '(netback buffer)')
        const cp = copyGrant(
          f.grants,
          NETBACK_DOM,
          { kind: 'gref', dom: vif.dom, ref: body.gref, offset: body.offset },
          { kind: 'gmfn', dom: NETBACK_DOM, frame: f.frame, offset: 0 },
          body.size,
        )
        events.push(cp.event)
        const packet = readPage(cp.domains, NETBACK_DOM, f.frame) ?? ''
        s = { ...s, grants: freeFrame(cp.domains, NETBACK_DOM, f.frame) }
        if (cp.value) {
          status = NETIF_RSP_OKAY
          const dstMac = /-> ([0-9a-f:]{17})/.exec(packet)?.[1] ?? null
          const target = s.vifs.find((x) => x.mac === dstMac && x.name !== vif.name)
          events.push({
            kind: 'net.bridge',
            bridge: s.bridge.name,
            from: vif.name,
            to: target ? target.name : 'eth0',
            dst: dstMac ?? 'wire',
            size: body.size,
            cite: 'xen-vif',
          })
          if (target) {
            const d = deliver(s, target, body.size, packet)
            if (!d.ok) return d
            s = d.value.state
            events.push(...d.value.events)
          }
        }
      }
      const q = backQueue(ring, [{ proto: 'netif-tx', status }])
      if (!q.ok) return q
      events.push(q.value.event)
      ring = q.value.ring
      s = putRing(s, ring)
    }
    return ok(s)
  })
}

/** netfront's interrupt handler: reap TX responses and take received packets from RX. */
export function netPoll(s0: XenState, name: string): Result<SplitStep, XenError> {
  const v = getVif(s0, name)
  if (!v.ok) return v
  let vif = v.value
  let s = s0
  const all: XenEvent[] = []
  for (const dir of ['tx', 'rx'] as const) {
    const ringName = dir === 'tx' ? vif.txRing : vif.rxRing
    const polled = frontendLoop(s, ringName, (state, taken, events) => {
      let grants = state.grants
      let shadow = dir === 'tx' ? vif.txShadow : vif.rxShadow
      for (const rsp of taken.value) {
        const buf = shadow.find((b) => b.id === rsp.id)
        if (!buf) continue
        const e = endAccess(grants, vif.dom, buf.gref)
        if (!e.ok) return e
        events.push(e.value.event)
        grants = e.value.domains
        const frame =
          dir === 'rx' && buf.frame === null
            ? e.value.event.kind === 'grant.end'
              ? e.value.event.frame
              : null
            : buf.frame
        const status = rsp.body && 'status' in rsp.body ? rsp.body.status : NETIF_RSP_ERROR
        const data = dir === 'rx' && frame !== null ? readPage(grants, vif.dom, frame) : null
        if (dir === 'tx' && buf.frame !== null) grants = freeFrame(grants, vif.dom, buf.frame)
        events.push({
          kind: 'net.done',
          vif: vif.name,
          dir,
          id: rsp.id,
          status,
          data,
          frame,
          cite: 'xen-netif',
        })
        shadow = shadow.filter((b) => b !== buf)
      }
      vif = dir === 'tx' ? { ...vif, txShadow: shadow } : { ...vif, rxShadow: shadow }
      return ok(putVif(putRing({ ...state, grants }, taken.ring), vif))
    })
    if (!polled.ok) return polled
    s = polled.value.state
    all.push(...polled.value.events)
  }
  return ok({ state: s, events: all })
}
