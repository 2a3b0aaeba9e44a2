// The shared I/O ring exactly as Xen's public/io/ring.h defines it (hw-facts §5.1).
// Every index is a free-running unsigned 32-bit counter (RING_IDX), masked only when it
// picks a slot, so all arithmetic below goes through u32().
import { type Result, err, ok } from '../core/result.ts'
import type { XenError } from './errors.ts'

/** RING_IDX arithmetic: the value modulo 2^32, as an unsigned number. */
export const u32 = (x: number): number => x >>> 0

export type RingProto = 'blkif' | 'netif-tx' | 'netif-rx' | 'raw'
export const RING_PROTOS = ['blkif', 'netif-tx', 'netif-rx', 'raw'] as const

/** Bytes of the shared page before the slot array: 4 × u32 indices, 4-byte pad, 44 bytes (§5.1). */
export const SRING_HEADER_BYTES = 64
export const XEN_PAGE_SIZE = 4096

/**
 * sizeof the slot union (the larger of request and response) on x86-64:
 * blkif request 112 / response 16 (§5.3); netif TX request 12 / response 4, RX request 8 /
 * response 8 (§5.2).
 */
export const SLOT_BYTES = { blkif: 112, 'netif-tx': 12, 'netif-rx': 8 } as const

/** __RD32: the largest power of two not above n (n ≥ 1). */
export function roundDownPow2(n: number): number {
  let p = 1
  while (p * 2 <= n) p *= 2
  return p
}

/** __CONST_RING_SIZE: (page − 64) / sizeof(slot), rounded down to a power of two. */
export function ringSizeFor(proto: Exclude<RingProto, 'raw'>): {
  readonly slotBytes: number
  readonly fit: number
  readonly size: number
} {
  const slotBytes = SLOT_BYTES[proto]
  const fit = Math.floor((XEN_PAGE_SIZE - SRING_HEADER_BYTES) / slotBytes)
  return { slotBytes, fit, size: roundDownPow2(fit) }
}

/** The largest raw ring the model allows (a one-byte slot in one page: 4032 → 2048). */
export const RAW_MAX_SIZE = 2048

export const BLKIF_OP_READ = 0
export const BLKIF_OP_WRITE = 1
export const BLKIF_RSP_OKAY = 0
export const BLKIF_RSP_ERROR = -1
export const NETIF_RSP_DROPPED = -2
export const NETIF_RSP_ERROR = -1
export const NETIF_RSP_OKAY = 0

export interface BlkifSegment {
  readonly gref: number
  /** Inclusive 512-byte sector indices within the granted 4 KiB frame: 0..7 (§5.3). */
  readonly firstSect: number
  readonly lastSect: number
}

/** blkif_request_t without id (the slot's id is the echoed id, §5.3). */
export interface BlkifRequest {
  readonly proto: 'blkif'
  readonly operation: number
  readonly nrSegments: number
  readonly handle: number
  /** In 512-byte units regardless of the disk's sector size. */
  readonly sectorNumber: bigint
  readonly seg: readonly BlkifSegment[]
}
export interface NetifTxRequest {
  readonly proto: 'netif-tx'
  readonly gref: number
  readonly offset: number
  readonly flags: number
  readonly size: number
}
export interface NetifRxRequest {
  readonly proto: 'netif-rx'
  readonly gref: number
}
export type RequestBody = BlkifRequest | NetifTxRequest | NetifRxRequest

export interface BlkifResponse {
  readonly proto: 'blkif'
  readonly operation: number
  readonly status: number
}
export interface NetifTxResponse {
  readonly proto: 'netif-tx'
  readonly status: number
}
export interface NetifRxResponse {
  readonly proto: 'netif-rx'
  readonly offset: number
  readonly flags: number
  /** Negative NETIF_RSP_* or the received size (§5.2). */
  readonly status: number
}
export type ResponseBody = BlkifResponse | NetifTxResponse | NetifRxResponse

/** A request as the frontend wrote it; body null for the bare `ring` commands. */
export interface RingRequest {
  readonly id: number
  readonly body: RequestBody | null
}
export interface RingResponse {
  readonly id: number
  readonly body: ResponseBody | null
}

/** Each slot is a union of request and response (§5.1): it holds whichever was written last. */
export type RingSlot =
  | { readonly kind: 'req'; readonly req: RingRequest }
  | { readonly kind: 'rsp'; readonly rsp: RingResponse }
  | null

/** The four u32 words at the start of the shared page. */
export interface SharedRing {
  readonly reqProd: number
  readonly reqEvent: number
  readonly rspProd: number
  readonly rspEvent: number
}

export interface Ring {
  readonly name: string
  readonly proto: RingProto
  /** RING_SIZE (nr_ents): a power of two. */
  readonly size: number
  readonly sring: SharedRing
  readonly slots: readonly RingSlot[]
  /** struct xxx_front_ring private fields. */
  readonly front: { readonly reqProdPvt: number; readonly rspCons: number }
  /** struct xxx_back_ring private fields. */
  readonly back: { readonly rspProdPvt: number; readonly reqCons: number }
  /** Requests the backend copied out of the ring (RING_COPY_REQUEST) and has not answered. */
  readonly owed: readonly RingRequest[]
  /** The id the frontend gives its next request (echoed in the response). */
  readonly nextId: number
  /** Counters for the panels: what was published and how often a push notified. */
  readonly stats: RingStats
}

export interface RingStats {
  readonly requests: number
  readonly responses: number
  /** Pushes that published something and notified / did not notify. */
  readonly notifySent: number
  readonly notifySuppressed: number
  /** Messages published by the last push (the batch size). */
  readonly lastBatch: number
}

const NO_STATS: RingStats = {
  requests: 0,
  responses: 0,
  notifySent: 0,
  notifySuppressed: 0,
  lastBatch: 0,
}

function countPush(st: RingStats, side: RingSide, batch: number, notify: boolean): RingStats {
  return {
    requests: st.requests + (side === 'front' ? batch : 0),
    responses: st.responses + (side === 'back' ? batch : 0),
    notifySent: st.notifySent + (notify ? 1 : 0),
    notifySuppressed: st.notifySuppressed + (!notify && batch > 0 ? 1 : 0),
    lastBatch: batch,
  }
}

/** The nine numbers CONSOLE.md puts in the "ring" JSON object. */
export interface RingIndices {
  readonly size: number
  readonly reqProd: number
  readonly reqEvent: number
  readonly rspProd: number
  readonly rspEvent: number
  readonly reqProdPvt: number
  readonly rspCons: number
  readonly rspProdPvt: number
  readonly reqCons: number
}

export function ringIndices(r: Ring): RingIndices {
  return {
    size: r.size,
    reqProd: r.sring.reqProd,
    reqEvent: r.sring.reqEvent,
    rspProd: r.sring.rspProd,
    rspEvent: r.sring.rspEvent,
    reqProdPvt: r.front.reqProdPvt,
    rspCons: r.front.rspCons,
    rspProdPvt: r.back.rspProdPvt,
    reqCons: r.back.reqCons,
  }
}

export type RingSide = 'front' | 'back'

export type RingEvent =
  | {
      readonly kind: 'ring.create'
      readonly ring: string
      readonly proto: RingProto
      /** sizeof(slot) and how many fit before rounding; null for raw. */
      readonly slotBytes: number | null
      readonly fit: number | null
      readonly indices: RingIndices
      readonly cite: 'xen-ring-layout'
    }
  | {
      readonly kind: 'ring.queue'
      readonly ring: string
      readonly side: RingSide
      readonly ids: readonly number[]
      /** Slot numbers written (index & (size − 1)). */
      readonly slots: readonly number[]
      /** Free requests left (front) or requests still owed a response (back). */
      readonly left: number
      readonly indices: RingIndices
      readonly cite: 'xen-ring-free' | 'xen-ring-idx'
    }
  | {
      readonly kind: 'ring.push'
      readonly ring: string
      readonly side: RingSide
      /** The shared producer index before and after the push. */
      readonly old: number
      readonly new: number
      /** req_event (front push) or rsp_event (back push) the decision compared against. */
      readonly event: number
      readonly notify: boolean
      readonly indices: RingIndices
      readonly cite: 'xen-ring-push'
    }
  | {
      readonly kind: 'ring.consume'
      readonly ring: string
      readonly side: RingSide
      readonly ids: readonly number[]
      readonly slots: readonly number[]
      /** Unconsumed messages that were available before taking. */
      readonly available: number
      readonly indices: RingIndices
      readonly cite: 'xen-ring-unconsumed'
    }
  | {
      readonly kind: 'ring.final-check'
      readonly ring: string
      readonly side: RingSide
      readonly more: boolean
      /** True when no work was found and the event index was re-armed to cons + 1. */
      readonly armed: boolean
      readonly indices: RingIndices
      readonly cite: 'xen-ring-final'
    }

export interface RingStep<T = null> {
  readonly ring: Ring
  readonly event: RingEvent
  readonly value: T
}

const isPow2 = (n: number): boolean => Number.isInteger(n) && n >= 1 && (n & (n - 1)) === 0

/**
 * SHARED_RING_INIT + FRONT/BACK_RING_INIT. `start` is a teaching device: the ring behaves
 * as if `start` messages had already gone round (real rings start at 0).
 */
export function createRing(
  name: string,
  proto: RingProto,
  rawSize: number | null,
  start = 0,
): Result<RingStep, XenError> {
  let size: number
  let slotBytes: number | null = null
  let fit: number | null = null
  if (proto === 'raw') {
    if (rawSize === null) {
      return err({ code: 'bad-size', message: 'a raw ring needs size=N (a power of two)' })
    }
    if (!isPow2(rawSize) || rawSize > RAW_MAX_SIZE) {
      return err({
        code: 'bad-size',
        message: `ring size ${rawSize} is not a power of two between 1 and ${RAW_MAX_SIZE}`,
      })
    }
    size = rawSize
  } else {
    const d = ringSizeFor(proto)
    if (rawSize !== null && rawSize !== d.size) {
      return err({
        code: 'bad-size',
        message: `a ${proto} ring in one 4 KiB page has ${d.size} slots ((4096 - 64) / ${d.slotBytes} = ${d.fit}, rounded down to a power of two); size=${rawSize} is only for proto=raw`,
      })
    }
    size = d.size
    slotBytes = d.slotBytes
    fit = d.fit
  }
  const s = u32(start)
  const ring: Ring = {
    name,
    proto,
    size,
    sring: { reqProd: s, reqEvent: u32(s + 1), rspProd: s, rspEvent: u32(s + 1) },
    slots: Array.from({ length: size }, () => null),
    front: { reqProdPvt: s, rspCons: s },
    back: { rspProdPvt: s, reqCons: s },
    owed: [],
    nextId: 0,
    stats: NO_STATS,
  }
  return ok({
    ring,
    event: {
      kind: 'ring.create',
      ring: name,
      proto,
      slotBytes,
      fit,
      indices: ringIndices(ring),
      cite: 'xen-ring-layout',
    },
    value: null,
  })
}

/** RING_FREE_REQUESTS. */
export const freeRequests = (r: Ring): number => r.size - u32(r.front.reqProdPvt - r.front.rspCons)
/** RING_FULL. */
export const ringFull = (r: Ring): boolean => freeRequests(r) === 0

/** RING_HAS_UNCONSUMED_REQUESTS (the back end's view, bounded by its own responses). */
export function unconsumedRequests(r: Ring): number {
  const req = u32(r.sring.reqProd - r.back.reqCons)
  const rsp = r.size - u32(r.back.reqCons - r.back.rspProdPvt)
  return Math.min(req, rsp)
}

/** RING_HAS_UNCONSUMED_RESPONSES. */
export const unconsumedResponses = (r: Ring): number => u32(r.sring.rspProd - r.front.rspCons)

const slotOf = (r: Ring, idx: number): number => idx & (r.size - 1)

function idLimit(proto: RingProto): number {
  // netif ids are u16 (§5.2); blkif ids are u64 (the model keeps them below 2^32).
  return proto === 'netif-tx' || proto === 'netif-rx' ? 0x10000 : 0x100000000
}

/**
 * The frontend writes requests into slots req_prod_pvt.. privately (RING_GET_REQUEST then
 * req_prod_pvt++). Nothing is visible to the backend until a push. Writing more than
 * RING_FREE_REQUESTS would overwrite slots whose responses were not consumed: refused.
 */
export function frontQueue(
  r: Ring,
  bodies: readonly (RequestBody | null)[],
): Result<RingStep<readonly RingRequest[]>, XenError> {
  const full = frontQueueError(r, bodies.length)
  if (full) return err(full)
  const slots = [...r.slots]
  const written: RingRequest[] = []
  const slotNos: number[] = []
  let idx = r.front.reqProdPvt
  let id = r.nextId
  for (const body of bodies) {
    const req: RingRequest = { id, body }
    const n = slotOf(r, idx)
    slots[n] = { kind: 'req', req }
    written.push(req)
    slotNos.push(n)
    idx = u32(idx + 1)
    id = (id + 1) % idLimit(r.proto)
  }
  const ring: Ring = {
    ...r,
    slots,
    front: { ...r.front, reqProdPvt: idx },
    nextId: id,
  }
  return ok({
    ring,
    event: {
      kind: 'ring.queue',
      ring: r.name,
      side: 'front',
      ids: written.map((q) => q.id),
      slots: slotNos,
      left: freeRequests(ring),
      indices: ringIndices(ring),
      cite: 'xen-ring-free',
    },
    value: written,
  })
}

/** Why the frontend cannot queue n more requests (RING_FREE_REQUESTS too small), or null. */
export function frontQueueError(r: Ring, n: number): XenError | null {
  const free = freeRequests(r)
  if (Number.isInteger(n) && n >= 0 && n <= free) return null
  return {
    code: 'ring-full',
    message: `ring ${r.name} is full: ${n} request(s) asked, ${free} free (RING_FREE_REQUESTS = ${r.size} - (req_prod_pvt ${r.front.reqProdPvt} - rsp_cons ${r.front.rspCons}))`,
  }
}

/** Why the backend cannot write n more responses (it answers only what it consumed), or null. */
export function backQueueError(r: Ring, n: number): XenError | null {
  if (Number.isInteger(n) && n >= 0 && n <= r.owed.length) return null
  return {
    code: 'ring-full',
    message: `ring ${r.name}: ${n} response(s) asked, but the backend has consumed only ${r.owed.length} request(s) it has not answered (rsp_prod_pvt ${r.back.rspProdPvt}, req_cons ${r.back.reqCons})`,
  }
}

/** The notify rule of RING_PUSH_*_AND_CHECK_NOTIFY, in u32 arithmetic (§5.1). */
export function checkNotify(oldProd: number, newProd: number, event: number): boolean {
  return u32(newProd - event) < u32(newProd - oldProd)
}

/** RING_PUSH_REQUESTS_AND_CHECK_NOTIFY. */
export function frontPush(r: Ring): RingStep<boolean> {
  const old = r.sring.reqProd
  const neu = r.front.reqProdPvt
  // wmb; req_prod = new; mb; then read req_event.
  const notify = checkNotify(old, neu, r.sring.reqEvent)
  const ring: Ring = {
    ...r,
    sring: { ...r.sring, reqProd: neu },
    stats: countPush(r.stats, 'front', u32(neu - old), notify),
  }
  return {
    ring,
    event: {
      kind: 'ring.push',
      ring: r.name,
      side: 'front',
      old,
      new: neu,
      event: ring.sring.reqEvent,
      notify,
      indices: ringIndices(ring),
      cite: 'xen-ring-push',
    },
    value: notify,
  }
}

/** RING_PUSH_RESPONSES_AND_CHECK_NOTIFY. */
export function backPush(r: Ring): RingStep<boolean> {
  const old = r.sring.rspProd
  const neu = r.back.rspProdPvt
  const notify = checkNotify(old, neu, r.sring.rspEvent)
  const ring: Ring = {
    ...r,
    sring: { ...r.sring, rspProd: neu },
    stats: countPush(r.stats, 'back', u32(neu - old), notify),
  }
  return {
    ring,
    event: {
      kind: 'ring.push',
      ring: r.name,
      side: 'back',
      old,
      new: neu,
      event: ring.sring.rspEvent,
      notify,
      indices: ringIndices(ring),
      cite: 'xen-ring-push',
    },
    value: notify,
  }
}

type Filled = NonNullable<RingSlot>

/**
 * Reads `count` published slots of one kind from free-running index `start` (masked on use),
 * as RING_GET_REQUEST / RING_GET_RESPONSE do; a slot of the other kind is a model bug.
 */
function readSlots<K extends Filled['kind']>(
  r: Ring,
  start: number,
  count: number,
  kind: K,
): Result<{ slots: Extract<Filled, { kind: K }>[]; slotNos: number[]; end: number }, XenError> {
  const slots: Extract<Filled, { kind: K }>[] = []
  const slotNos: number[] = []
  let idx = start
  for (let i = 0; i < count; i++) {
    const n = slotOf(r, idx)
    const s = r.slots[n]
    if (!s || s.kind !== kind) {
      const what = kind === 'req' ? 'request' : 'response'
      return err({ code: 'ring-overflow', message: `ring ${r.name}: slot ${n} holds no ${what}` })
    }
    slots.push(s as Extract<Filled, { kind: K }>)
    slotNos.push(n)
    idx = u32(idx + 1)
  }
  return ok({ slots, slotNos, end: idx })
}

/**
 * The backend takes up to `max` unconsumed requests (default all), copying each out of its
 * slot (RING_COPY_REQUEST) so the slot can later hold the response.
 */
export function backConsume(
  r: Ring,
  max: number | null,
): Result<RingStep<readonly RingRequest[]>, XenError> {
  if (u32(r.sring.reqProd - r.back.rspProdPvt) > r.size) {
    return err({
      code: 'ring-overflow',
      message: `ring ${r.name}: req_prod ${r.sring.reqProd} is more than ${r.size} past rsp_prod_pvt ${r.back.rspProdPvt} (RING_REQUEST_PROD_OVERFLOW: ill-behaved frontend)`,
    })
  }
  const available = unconsumedRequests(r)
  const take = max === null ? available : Math.min(max, available)
  const read = readSlots(r, r.back.reqCons, take, 'req')
  if (!read.ok) return read
  const got = read.value.slots.map((x) => x.req)
  const { slotNos, end: idx } = read.value
  const ring: Ring = { ...r, back: { ...r.back, reqCons: idx }, owed: [...r.owed, ...got] }
  return ok({
    ring,
    event: {
      kind: 'ring.consume',
      ring: r.name,
      side: 'back',
      ids: got.map((q) => q.id),
      slots: slotNos,
      available,
      indices: ringIndices(ring),
      cite: 'xen-ring-unconsumed',
    },
    value: got,
  })
}

/**
 * The backend writes responses privately at rsp_prod_pvt, one per consumed request, in
 * order, echoing each request's id. It cannot answer requests it has not consumed.
 */
export function backQueue(
  r: Ring,
  bodies: readonly (ResponseBody | null)[],
): Result<RingStep<readonly RingResponse[]>, XenError> {
  const over = backQueueError(r, bodies.length)
  if (over) return err(over)
  const slots = [...r.slots]
  const written: RingResponse[] = []
  const slotNos: number[] = []
  let idx = r.back.rspProdPvt
  bodies.forEach((body, i) => {
    const req = r.owed[i]
    const rsp: RingResponse = { id: req?.id ?? 0, body }
    const n = slotOf(r, idx)
    slots[n] = { kind: 'rsp', rsp }
    written.push(rsp)
    slotNos.push(n)
    idx = u32(idx + 1)
  })
  const ring: Ring = {
    ...r,
    slots,
    back: { ...r.back, rspProdPvt: idx },
    owed: r.owed.slice(bodies.length),
  }
  return ok({
    ring,
    event: {
      kind: 'ring.queue',
      ring: r.name,
      side: 'back',
      ids: written.map((q) => q.id),
      slots: slotNos,
      left: ring.owed.length,
      indices: ringIndices(ring),
      cite: 'xen-ring-idx',
    },
    value: written,
  })
}

/** The frontend takes up to `max` unconsumed responses (default all): rsp_cons advances. */
export function frontConsume(
  r: Ring,
  max: number | null,
): Result<RingStep<readonly RingResponse[]>, XenError> {
  if (u32(r.sring.rspProd - r.front.rspCons) > r.size) {
    return err({
      code: 'ring-overflow',
      message: `ring ${r.name}: rsp_prod ${r.sring.rspProd} is more than ${r.size} past rsp_cons ${r.front.rspCons} (RING_RESPONSE_PROD_OVERFLOW: ill-behaved backend)`,
    })
  }
  const available = unconsumedResponses(r)
  const take = max === null ? available : Math.min(max, available)
  const read = readSlots(r, r.front.rspCons, take, 'rsp')
  if (!read.ok) return read
  const got = read.value.slots.map((x) => x.rsp)
  const { slotNos, end: idx } = read.value
  const ring: Ring = { ...r, front: { ...r.front, rspCons: idx } }
  return ok({
    ring,
    event: {
      kind: 'ring.consume',
      ring: r.name,
      side: 'front',
      ids: got.map((q) => q.id),
      slots: slotNos,
      available,
      indices: ringIndices(ring),
      cite: 'xen-ring-unconsumed',
    },
    value: got,
  })
}

/**
 * RING_FINAL_CHECK_FOR_REQUESTS (back) / RING_FINAL_CHECK_FOR_RESPONSES (front): the last look
 * before sleeping. With nothing unconsumed, ask to be notified for the very next message
 * (req_event / rsp_event = cons + 1), then look again (after mb).
 */
function finalCheck(r: Ring, side: RingSide): RingStep<boolean> {
  const unconsumed = side === 'back' ? unconsumedRequests : unconsumedResponses
  let ring = r
  let more = unconsumed(r) > 0
  let armed = false
  if (!more) {
    const sring =
      side === 'back'
        ? { ...r.sring, reqEvent: u32(r.back.reqCons + 1) }
        : { ...r.sring, rspEvent: u32(r.front.rspCons + 1) }
    ring = { ...r, sring }
    armed = true
    more = unconsumed(ring) > 0
  }
  return {
    ring,
    event: {
      kind: 'ring.final-check',
      ring: r.name,
      side,
      more,
      armed,
      indices: ringIndices(ring),
      cite: 'xen-ring-final',
    },
    value: more,
  }
}

/** RING_FINAL_CHECK_FOR_REQUESTS: the backend's last look before it sleeps. */
export const backFinalCheck = (r: Ring): RingStep<boolean> => finalCheck(r, 'back')

/** RING_FINAL_CHECK_FOR_RESPONSES. */
export const frontFinalCheck = (r: Ring): RingStep<boolean> => finalCheck(r, 'front')
