// blkfront (DomU) and blkback (Dom0) over a blkif ring (hw-facts §5.3). Data never goes
// through the ring: each request carries segments naming granted frames, the backend maps
// them and does the disk I/O straight into / out of the guest's pages.
import { type Result, err, ok } from '../core/result.ts'
import type { XenError } from './errors.ts'
import type { XenEvent } from './events.ts'
import {
  endAccess,
  grantAccess,
  mapGrant,
  mappedFrame,
  readPage,
  unmapGrant,
  writePage,
} from './grant.ts'
import {
  BLKIF_OP_READ,
  BLKIF_OP_WRITE,
  BLKIF_RSP_ERROR,
  BLKIF_RSP_OKAY,
  type BlkifRequest,
  type BlkifSegment,
  backQueue,
  frontQueue,
} from './ring.ts'
import { type SplitStep, backendLoop, connectRing, frontendLoop, pushNotify } from './split.ts'
import type { XenState } from './types.ts'
import { allocFrame, freeFrame, getRing, hasDomain, noDomain, putRing } from './util.ts'

export const BLKIF_MAX_SEGMENTS_PER_REQUEST = 11
/** 512-byte sectors per 4 KiB frame: first_sect/last_sect range over 0..7. */
export const SECTORS_PER_FRAME = 8

/** What blkfront remembers about a request in flight (its "shadow" copy). */
export interface BlkShadow {
  readonly id: number
  readonly operation: number
  readonly sectorNumber: bigint
  readonly grefs: readonly number[]
  readonly frames: readonly number[]
}

export interface Vbd {
  readonly dev: string
  readonly frontDom: number
  readonly backDom: number
  /** blkif handle: the virtual device number (xvdX: 202 << 8 | X << 4, see vdevHandle). */
  readonly handle: number
  readonly ring: string
  readonly ringRef: number
  readonly frontPort: number
  readonly backPort: number
  readonly shadow: readonly BlkShadow[]
  /** The backing disk, sector → what it holds (unwritten sectors read as their number). */
  readonly disk: ReadonlyMap<string, string>
}

export type BlkEvent =
  | {
      readonly kind: 'blk.connect'
      readonly dev: string
      readonly frontDom: number
      readonly backDom: number
      readonly handle: number
      readonly ringRef: number
      readonly frontPort: number
      readonly backPort: number
      readonly cite: 'xen-split-driver'
    }
  | {
      readonly kind: 'blk.request'
      readonly dev: string
      readonly id: number
      readonly request: BlkifRequest
      readonly cite: 'xen-blkif'
    }
  | {
      readonly kind: 'blk.io'
      readonly dev: string
      readonly id: number
      readonly operation: number
      readonly sectorNumber: bigint
      readonly sectors: number
      readonly status: number
      readonly cite: 'xen-blkif'
    }
  | {
      readonly kind: 'blk.done'
      readonly dev: string
      readonly id: number
      readonly operation: number
      readonly status: number
      /** What the frontend's pages hold now (for a read: the data). */
      readonly data: readonly string[]
      readonly cite: 'xen-blkif'
    }

function getVbd(s: XenState, dev: string): Result<Vbd, XenError> {
  const v = s.vbds.find((x) => x.dev.toLowerCase() === dev.toLowerCase())
  return v
    ? ok(v)
    : err({
        code: 'no-such-device',
        message: `there is no block device '${dev}' (use 'blk connect')`,
      })
}

const putVbd = (s: XenState, v: Vbd): XenState => ({
  ...s,
  vbds: s.vbds.map((x) => (x.dev === v.dev ? v : x)),
})

/**
 * The virtual device number blkfront puts in every request's handle: Linux xen-blkfront.c
 * blkfront_probe takes it from the xenstore device directory ("info->handle =
 * simple_strtoul(strrchr(dev->nodename, '/')+1, NULL, 0)"), and Xen's
 * docs/man/xen-vbd-interface.7.pandoc encodes xvd disks 0-15 as "202 << 8 | disk << 4 |
 * partition" (xvda = 51712, xvdb = 51728). Whole disks only (partition 0); a name that is not
 * xvda..xvdp gets its index, a model choice.
 */
function vdevHandle(dev: string, index: number): number {
  const m = /^xvd([a-p])$/i.exec(dev)
  return m?.[1] ? (202 << 8) | ((m[1].toLowerCase().charCodeAt(0) - 97) << 4) : index
}

export function blkConnect(
  s: XenState,
  dev: string,
  frontDom: number,
  backDom: number,
): Result<SplitStep, XenError> {
  if (!hasDomain(s, frontDom)) return err(noDomain(frontDom))
  if (!hasDomain(s, backDom)) return err(noDomain(backDom))
  if (s.vbds.some((v) => v.dev.toLowerCase() === dev.toLowerCase())) {
    return err({ code: 'device-exists', message: `block device '${dev}' already exists` })
  }
  const c = connectRing(s, dev, 'blkif', frontDom, backDom, null)
  if (!c.ok) return c
  const { link } = c.value
  const vbd: Vbd = {
    dev,
    frontDom,
    backDom,
    handle: vdevHandle(dev, s.vbds.length),
    ring: link.ring,
    ringRef: link.ringRef,
    frontPort: link.frontPort,
    backPort: link.backPort,
    shadow: [],
    disk: new Map(),
  }
  return ok({
    state: { ...c.value.state, vbds: [...c.value.state.vbds, vbd] },
    events: [
      ...c.value.events,
      {
        kind: 'blk.connect',
        dev,
        frontDom,
        backDom,
        handle: vbd.handle,
        ringRef: link.ringRef,
        frontPort: link.frontPort,
        backPort: link.backPort,
        cite: 'xen-split-driver',
      },
    ],
  })
}

/**
 * blkfront turns one read or write of `count` sectors into one request: a granted frame per
 * 8 sectors (at most 11 segments), then RING_PUSH_REQUESTS_AND_CHECK_NOTIFY.
 */
export function blkRequest(
  s0: XenState,
  dev: string,
  operation: 'read' | 'write',
  sector: bigint,
  count: number,
): Result<SplitStep, XenError> {
  const v = getVbd(s0, dev)
  if (!v.ok) return v
  const vbd = v.value
  const max = BLKIF_MAX_SEGMENTS_PER_REQUEST * SECTORS_PER_FRAME
  if (!Number.isInteger(count) || count < 1 || count > max) {
    return err({
      code: 'bad-size',
      message: `one blkif request moves 1 to ${max} sectors (11 segments × 8 sectors of 512 bytes)`,
    })
  }
  const ring = getRing(s0, vbd.ring)
  if (!ring.ok) return ring
  if (ring.value.size - ((ring.value.front.reqProdPvt - ring.value.front.rspCons) >>> 0) < 1) {
    return err({ code: 'ring-full', message: `ring ${vbd.ring} is full: no free request slot` })
  }
  const op = operation === 'read' ? BLKIF_OP_READ : BLKIF_OP_WRITE
  const events: XenEvent[] = []
  let grants = s0.grants
  const seg: BlkifSegment[] = []
  const frames: number[] = []
  const id = ring.value.nextId
  for (let left = count, i = 0; left > 0; i++) {
    const n = Math.min(SECTORS_PER_FRAME, left)
    const content =
      operation === 'write'
        ? `${vbd.dev} write #${id} part ${i}`
        : `(buffer for ${vbd.dev} read #${id})`
    const f = allocFrame(grants, vbd.frontDom, content)
    // As classic blkfront does (grant readonly = rq_data_dir(req)): the backend only reads the
    // page of a WRITE, so that grant is read-only; a READ needs it writable. (Linux blkfront
    // with persistent grants grants every page read-write instead.)
    const g = grantAccess(f.grants, vbd.frontDom, vbd.backDom, f.frame, operation === 'write')
    if (!g.ok) return g
    events.push(g.value.event)
    grants = g.value.domains
    seg.push({ gref: g.value.value, firstSect: 0, lastSect: n - 1 })
    frames.push(f.frame)
    left -= n
  }
  const request: BlkifRequest = {
    proto: 'blkif',
    operation: op,
    nrSegments: seg.length,
    handle: vbd.handle,
    sectorNumber: sector,
    seg,
  }
  const q = frontQueue(ring.value, [request])
  if (!q.ok) return q
  events.push({ kind: 'blk.request', dev: vbd.dev, id, request, cite: 'xen-blkif' }, q.value.event)
  const shadow: BlkShadow = {
    id,
    operation: op,
    sectorNumber: sector,
    grefs: seg.map((x) => x.gref),
    frames,
  }
  let s = putVbd(putRing({ ...s0, grants }, q.value.ring), {
    ...vbd,
    shadow: [...vbd.shadow, shadow],
  })
  const p = pushNotify(s, vbd.ring, 'front', vbd.frontDom, vbd.frontPort)
  if (!p.ok) return p
  s = p.value.state
  events.push(...p.value.events)
  return ok({ state: s, events })
}

/**
 * blkback's service loop: take every request, map its segments, do the I/O, unmap, answer,
 * push responses (notifying if asked), then RING_FINAL_CHECK_FOR_REQUESTS and loop if more.
 */
export function blkBackend(s0: XenState, dev: string): Result<SplitStep, XenError> {
  const v = getVbd(s0, dev)
  if (!v.ok) return v
  let vbd = v.value
  return backendLoop(s0, vbd.ring, vbd.backDom, vbd.backPort, (s, taken, events) => {
    let ring = taken.ring
    let grants = s.grants
    let disk = new Map(vbd.disk)
    for (const req of taken.value) {
      const body = req.body?.proto === 'blkif' ? req.body : null
      let status = BLKIF_RSP_OKAY
      let sectors = 0
      if (!body || (body.operation !== BLKIF_OP_READ && body.operation !== BLKIF_OP_WRITE)) {
        status = BLKIF_RSP_ERROR
      } else {
        let sector = body.sectorNumber
        const write = body.operation === BLKIF_OP_WRITE
        for (const sg of body.seg) {
          // A WRITE only needs to read the guest page: map it GNTMAP_readonly.
          const m = mapGrant(grants, vbd.backDom, vbd.frontDom, sg.gref, write)
          events.push(m.event)
          if (m.value === null) {
            status = BLKIF_RSP_ERROR
            break
          }
          grants = m.domains
          const where = mappedFrame(grants, vbd.backDom, m.value)
          for (let k = sg.firstSect; k <= sg.lastSect; k++) {
            const key = (sector + BigInt(k - sg.firstSect)).toString()
            if (write && where) {
              disk.set(key, `${readPage(grants, where.dom, where.frame) ?? '(zeros)'} [${k}]`)
            }
          }
          if (!write && where) {
            const data = []
            for (let k = sg.firstSect; k <= sg.lastSect; k++) {
              const key = (sector + BigInt(k - sg.firstSect)).toString()
              data.push(disk.get(key) ?? `sector ${key}`)
            }
            grants = writePage(grants, where.dom, where.frame, data.join(' | '))
          }
          sectors += sg.lastSect - sg.firstSect + 1
          sector += BigInt(sg.lastSect - sg.firstSect + 1)
          const u = unmapGrant(grants, vbd.backDom, m.value)
          events.push(u.event)
          grants = u.domains
        }
      }
      if (status !== BLKIF_RSP_OKAY) disk = new Map(vbd.disk)
      events.push({
        kind: 'blk.io',
        dev: vbd.dev,
        id: req.id,
        operation: body?.operation ?? -1,
        sectorNumber: body?.sectorNumber ?? 0n,
        sectors,
        status,
        cite: 'xen-blkif',
      })
      const q = backQueue(ring, [{ proto: 'blkif', operation: body?.operation ?? 0, status }])
      if (!q.ok) return q
      events.push(q.value.event)
      ring = q.value.ring
    }
    vbd = { ...vbd, disk }
    return ok(putVbd(putRing({ ...s, grants }, ring), vbd))
  })
}

/** blkfront's interrupt handler: take responses, end the grants, final-check, loop if more. */
export function blkComplete(s0: XenState, dev: string): Result<SplitStep, XenError> {
  const v = getVbd(s0, dev)
  if (!v.ok) return v
  let vbd = v.value
  return frontendLoop(s0, vbd.ring, (s, taken, events) => {
    let grants = s.grants
    let shadow = vbd.shadow
    for (const rsp of taken.value) {
      const sh = shadow.find((x) => x.id === rsp.id)
      if (!sh) continue
      for (const gref of sh.grefs) {
        const e = endAccess(grants, vbd.frontDom, gref)
        if (!e.ok) return e
        events.push(e.value.event)
        grants = e.value.domains
      }
      const data = sh.frames.map((f) => readPage(grants, vbd.frontDom, f) ?? '(zeros)')
      for (const f of sh.frames) grants = freeFrame(grants, vbd.frontDom, f)
      const status = rsp.body?.proto === 'blkif' ? rsp.body.status : BLKIF_RSP_ERROR
      events.push({
        kind: 'blk.done',
        dev: vbd.dev,
        id: rsp.id,
        operation: sh.operation,
        status,
        data,
        cite: 'xen-blkif',
      })
      shadow = shadow.filter((x) => x !== sh)
    }
    vbd = { ...vbd, shadow }
    return ok(putVbd(putRing({ ...s, grants }, taken.ring), vbd))
  })
}
