import { describe, expect, it } from 'vitest'
import {
  type Ring,
  backConsume,
  backFinalCheck,
  backPush,
  backQueue,
  checkNotify,
  createRing,
  freeRequests,
  frontConsume,
  frontFinalCheck,
  frontPush,
  frontQueue,
  ringFull,
  ringSizeFor,
  roundDownPow2,
  unconsumedRequests,
  unconsumedResponses,
} from './ring.ts'

function mk(size: number, start = 0): Ring {
  const r = createRing('r', 'raw', size, start)
  if (!r.ok) throw new Error(r.error.message)
  return r.value.ring
}
function q(r: Ring, n: number): Ring {
  const x = frontQueue(
    r,
    Array.from({ length: n }, () => null),
  )
  if (!x.ok) throw new Error(x.error.message)
  return x.value.ring
}
function bq(r: Ring, n: number): Ring {
  const x = backQueue(
    r,
    Array.from({ length: n }, () => null),
  )
  if (!x.ok) throw new Error(x.error.message)
  return x.value.ring
}
function bc(r: Ring, n: number | null = null): Ring {
  const x = backConsume(r, n)
  if (!x.ok) throw new Error(x.error.message)
  return x.value.ring
}
function fc(r: Ring, n: number | null = null): Ring {
  const x = frontConsume(r, n)
  if (!x.ok) throw new Error(x.error.message)
  return x.value.ring
}

describe('ring sizes (hw-facts §5.1–5.3)', () => {
  it('blkif: (4096 - 64) / 112 = 36, rounded down to 32', () => {
    expect(ringSizeFor('blkif')).toEqual({ slotBytes: 112, fit: 36, size: 32 })
  })
  it('netif TX: 12-byte slots, 336 fit, 256 entries', () => {
    expect(ringSizeFor('netif-tx')).toEqual({ slotBytes: 12, fit: 336, size: 256 })
  })
  it('netif RX: 8-byte slots, 504 fit, 256 entries', () => {
    expect(ringSizeFor('netif-rx')).toEqual({ slotBytes: 8, fit: 504, size: 256 })
  })
  it('__RD32 rounds down to a power of two', () => {
    expect([1, 2, 3, 36, 255, 256, 257].map(roundDownPow2)).toEqual([1, 2, 2, 32, 128, 256, 256])
  })
  it('raw needs a power-of-two size; blkif refuses a different size', () => {
    expect(createRing('a', 'raw', 6).ok).toBe(false)
    expect(createRing('a', 'raw', null).ok).toBe(false)
    expect(createRing('a', 'blkif', 64).ok).toBe(false)
    const b = createRing('a', 'blkif', null)
    expect(b.ok && b.value.ring.size).toBe(32)
  })
  it('SHARED_RING_INIT: producers 0, events 1, private indices 0', () => {
    const r = mk(8)
    expect(r.sring).toEqual({ reqProd: 0, reqEvent: 1, rspProd: 0, rspEvent: 1 })
    expect(r.front).toEqual({ reqProdPvt: 0, rspCons: 0 })
    expect(r.back).toEqual({ rspProdPvt: 0, reqCons: 0 })
  })
})

describe('notify rule (u32)(new - event) < (u32)(new - old)', () => {
  it('golden decisions', () => {
    expect(checkNotify(0, 1, 1)).toBe(true) // event in (0, 1]
    expect(checkNotify(0, 3, 1)).toBe(true) // event in (0, 3]
    expect(checkNotify(3, 5, 1)).toBe(false) // event behind: already notified for it
    expect(checkNotify(3, 5, 6)).toBe(false) // event ahead: consumer not waiting yet
    expect(checkNotify(3, 5, 5)).toBe(true)
    expect(checkNotify(3, 3, 4)).toBe(false) // nothing new
    // Around 2^32: old 0xfffffffe, new 1 (3 new messages), event 0 lies in (old, new].
    expect(checkNotify(0xfffffffe, 1, 0)).toBe(true)
    expect(checkNotify(0xfffffffe, 1, 0xffffffff)).toBe(true)
    expect(checkNotify(0xfffffffe, 1, 0xfffffffe)).toBe(false)
    expect(checkNotify(0xfffffffe, 1, 2)).toBe(false)
  })
})

describe('front side', () => {
  it('queue writes privately; push publishes req_prod and notifies the first time', () => {
    let r = q(mk(8), 3)
    expect(r.front.reqProdPvt).toBe(3)
    expect(r.sring.reqProd).toBe(0)
    expect(unconsumedRequests(r)).toBe(0)
    const p = frontPush(r)
    r = p.ring
    expect(r.sring.reqProd).toBe(3)
    expect(p.value).toBe(true)
    expect(p.event).toMatchObject({ kind: 'ring.push', old: 0, new: 3, event: 1, notify: true })
  })

  it('suppression: a second push before the consumer re-arms req_event sends no notify', () => {
    let r = frontPush(q(mk(8), 1)).ring
    const p2 = frontPush(q(r, 2))
    expect(p2.value).toBe(false)
    r = p2.ring
    // The backend consumes and final-checks with nothing left: req_event = req_cons + 1 = 4.
    r = bc(r)
    const f = backFinalCheck(r)
    expect(f.value).toBe(false)
    expect(f.ring.sring.reqEvent).toBe(4)
    const p3 = frontPush(q(f.ring, 1))
    expect(p3.value).toBe(true)
    expect(p3.ring.stats).toEqual({
      requests: 4,
      responses: 0,
      notifySent: 2,
      notifySuppressed: 1,
      lastBatch: 1,
    })
  })

  it('full ring: RING_FREE_REQUESTS reaches 0 and queue beyond it fails saying full', () => {
    let r = q(mk(4), 4)
    expect(freeRequests(r)).toBe(0)
    expect(ringFull(r)).toBe(true)
    const x = frontQueue(r, [null])
    expect(x.ok).toBe(false)
    if (!x.ok) {
      expect(x.error.code).toBe('ring-full')
      expect(x.error.message).toMatch(/full/)
    }
    // Responses consumed by the front free the slots again (rsp_cons, not req_cons).
    r = bc(frontPush(r).ring)
    expect(freeRequests(r)).toBe(0)
    r = backPush(bq(r, 2)).ring
    expect(freeRequests(r)).toBe(0)
    r = fc(r)
    expect(freeRequests(r)).toBe(2)
  })

  it('a response overwrites the slot of a consumed request (slots are unions)', () => {
    let r = frontPush(q(mk(2), 2)).ring
    r = bq(bc(r), 1)
    expect(r.slots[0]).toMatchObject({ kind: 'rsp', rsp: { id: 0 } })
    expect(r.slots[1]).toMatchObject({ kind: 'req', req: { id: 1 } })
  })
})

describe('back side', () => {
  it('consume takes at most N and only published requests', () => {
    let r = q(mk(8), 3)
    const c0 = backConsume(r, null)
    expect(c0.ok && c0.value.value.length).toBe(0)
    r = frontPush(r).ring
    const c1 = backConsume(r, 2)
    if (!c1.ok) throw new Error()
    expect(c1.value.value.map((x) => x.id)).toEqual([0, 1])
    expect(c1.value.ring.back.reqCons).toBe(2)
    expect(unconsumedRequests(c1.value.ring)).toBe(1)
  })
  it('cannot answer requests it has not consumed', () => {
    const r = bc(frontPush(q(mk(8), 2)).ring, 1)
    const x = backQueue(r, [null, null])
    expect(x.ok).toBe(false)
  })
  it('responses echo request ids in order and push notifies the waiting frontend', () => {
    let r = bc(frontPush(q(mk(8), 3)).ring)
    r = bq(r, 3)
    const p = backPush(r)
    expect(p.event).toMatchObject({ old: 0, new: 3, event: 1, notify: true })
    const c = frontConsume(p.ring, null)
    if (!c.ok) throw new Error()
    expect(c.value.value.map((x) => x.id)).toEqual([0, 1, 2])
    expect(unconsumedResponses(c.value.ring)).toBe(0)
  })
})

describe('final checks', () => {
  it('with work present, req_event is left alone and more = true', () => {
    const r = frontPush(q(mk(8), 2)).ring
    const f = backFinalCheck(r)
    expect(f.value).toBe(true)
    expect(f.event).toMatchObject({ more: true, armed: false })
    expect(f.ring.sring.reqEvent).toBe(1)
  })
  it('with no work, rsp_event = rsp_cons + 1 and more = false', () => {
    let r = bc(frontPush(q(mk(8), 2)).ring)
    r = backPush(bq(r, 2)).ring
    r = fc(r)
    const f = frontFinalCheck(r)
    expect(f.value).toBe(false)
    expect(f.ring.sring.rspEvent).toBe(3)
    // The next response push then notifies.
    let r2 = frontPush(q(f.ring, 1)).ring
    r2 = bq(bc(r2), 1)
    expect(backPush(r2).value).toBe(true)
  })
})

describe('wrap-around past 2^32', () => {
  it('indices wrap to 0 and slots stay masked', () => {
    const start = 0xfffffffe
    let r = mk(4, start)
    expect(r.sring.reqEvent).toBe(0xffffffff)
    r = q(r, 4)
    expect(r.front.reqProdPvt).toBe(2)
    expect(freeRequests(r)).toBe(0)
    const p = frontPush(r)
    expect(p.event).toMatchObject({ old: 0xfffffffe, new: 2, event: 0xffffffff, notify: true })
    r = p.ring
    expect(unconsumedRequests(r)).toBe(4)
    const c = backConsume(r, null)
    if (!c.ok) throw new Error()
    expect(c.value.value.map((x) => x.id)).toEqual([0, 1, 2, 3])
    expect(c.value.event).toMatchObject({ slots: [2, 3, 0, 1] })
    r = c.value.ring
    const f = backFinalCheck(r)
    expect(f.ring.sring.reqEvent).toBe(3)
    r = backPush(bq(f.ring, 4)).ring
    expect(r.sring.rspProd).toBe(2)
    r = fc(r)
    expect(r.front.rspCons).toBe(2)
    expect(freeRequests(r)).toBe(4)
  })
  it('final-check arms event = cons + 1 across the wrap (0xffffffff + 1 = 0)', () => {
    const r = mk(4, 0xffffffff)
    const f = backFinalCheck(r)
    expect(f.ring.sring.reqEvent).toBe(0)
    const p = frontPush(q(f.ring, 1))
    expect(p.event).toMatchObject({ old: 0xffffffff, new: 0, event: 0, notify: true })
  })
})
