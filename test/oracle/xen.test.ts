// Property tests of the shared ring against a brute-force reference: unbounded integer
// indices (no wrap), and the notify decision found by scanning (old, new] for the event
// index instead of the ring.h subtraction trick (hw-facts §5.1).
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { ArgReader } from '../../src/console/args.ts'
import { ringCmdName } from '../../src/console/commands/ring.ts'
import { allXenCommands } from '../../src/console/commands/xen.ts'
import { ArgFailure } from '../../src/console/errors.ts'
import type { JsonObject } from '../../src/console/format.ts'
import { describeXenError, xenEventJson, xenEventText } from '../../src/console/format/xen.ts'
import { lex } from '../../src/console/lexer.ts'
import { type XenOp, type XenState, applyXen, initialXenState } from '../../src/engine/xen/index.ts'
import { describeXenEvent } from '../../src/narration/xen.ts'
import {
  type Ring,
  backConsume,
  backFinalCheck,
  backPush,
  backQueue,
  createRing,
  frontConsume,
  frontFinalCheck,
  frontPush,
  frontQueue,
  u32,
} from '../../src/engine/xen/ring.ts'

type Step =
  | { t: 'fq'; n: number }
  | { t: 'fp' }
  | { t: 'bc'; n: number | null }
  | { t: 'bq'; n: number }
  | { t: 'bp' }
  | { t: 'fc'; n: number | null }
  | { t: 'bf' }
  | { t: 'ff' }

const stepArb: fc.Arbitrary<Step> = fc.oneof(
  fc.record({ t: fc.constant('fq' as const), n: fc.integer({ min: 0, max: 5 }) }),
  fc.constant({ t: 'fp' as const }),
  fc.record({
    t: fc.constant('bc' as const),
    n: fc.option(fc.integer({ min: 1, max: 5 }), { nil: null }),
  }),
  fc.record({ t: fc.constant('bq' as const), n: fc.integer({ min: 0, max: 5 }) }),
  fc.constant({ t: 'bp' as const }),
  fc.record({
    t: fc.constant('fc' as const),
    n: fc.option(fc.integer({ min: 1, max: 5 }), { nil: null }),
  }),
  fc.constant({ t: 'bf' as const }),
  fc.constant({ t: 'ff' as const }),
)

const startArb = fc.oneof(
  fc.constant(0),
  fc.integer({ min: 0xffffffff - 40, max: 0xffffffff }),
  fc.integer({ min: 0, max: 0xffffffff }),
)

/** The reference: plain integers counted from the start, never wrapped. */
interface Ref {
  reqProdPvt: number
  reqProd: number
  reqCons: number
  rspProdPvt: number
  rspProd: number
  rspCons: number
  reqEvent: number
  rspEvent: number
}

/** Notify iff the event index is one of the newly published indices (old, new]. */
function bruteNotify(old: number, neu: number, event: number): boolean {
  for (let k = old + 1; k <= neu; k++) if (k === event) return true
  return false
}

function run(size: number, start: number, steps: readonly Step[]): void {
  const c = createRing('p', 'raw', size, start)
  if (!c.ok) throw new Error(c.error.message)
  let r: Ring = c.value.ring
  const ref: Ref = {
    reqProdPvt: 0,
    reqProd: 0,
    reqCons: 0,
    rspProdPvt: 0,
    rspProd: 0,
    rspCons: 0,
    reqEvent: 1,
    rspEvent: 1,
  }
  const queued: number[] = []
  const backSeen: number[] = []
  const frontSeen: number[] = []
  let notifies = 0
  let refNotifies = 0
  // A consumer "sleeps" after a final check that found nothing, until notified or polling.
  let backAsleep = false
  let frontAsleep = false

  const check = (): void => {
    const at = (x: number): number => u32(start + x)
    expect(r.front.reqProdPvt).toBe(at(ref.reqProdPvt))
    expect(r.sring.reqProd).toBe(at(ref.reqProd))
    expect(r.back.reqCons).toBe(at(ref.reqCons))
    expect(r.back.rspProdPvt).toBe(at(ref.rspProdPvt))
    expect(r.sring.rspProd).toBe(at(ref.rspProd))
    expect(r.front.rspCons).toBe(at(ref.rspCons))
    expect(r.sring.reqEvent).toBe(at(ref.reqEvent))
    expect(r.sring.rspEvent).toBe(at(ref.rspEvent))
    // Indices never cross: measured from rsp_cons in u32 they stay in this order.
    const d = (x: number): number => u32(x - r.front.rspCons)
    const chain = [
      0,
      d(r.sring.rspProd),
      d(r.back.rspProdPvt),
      d(r.back.reqCons),
      d(r.sring.reqProd),
      d(r.front.reqProdPvt),
    ]
    for (let i = 1; i < chain.length; i++)
      expect(chain[i]).toBeGreaterThanOrEqual(chain[i - 1] ?? 0)
    expect(d(r.front.reqProdPvt)).toBeLessThanOrEqual(size)
    // A sleeping consumer has nothing published that it has not seen.
    if (backAsleep) expect(ref.reqProd).toBe(ref.reqCons)
    if (frontAsleep) expect(ref.rspProd).toBe(ref.rspCons)
  }

  for (const s of steps) {
    switch (s.t) {
      case 'fq': {
        const x = frontQueue(
          r,
          Array.from({ length: s.n }, () => null),
        )
        const free = size - (ref.reqProdPvt - ref.rspCons)
        expect(x.ok).toBe(s.n <= free)
        if (x.ok) {
          r = x.value.ring
          queued.push(...x.value.value.map((q) => q.id))
          ref.reqProdPvt += s.n
        } else {
          expect(x.error.code).toBe('ring-full')
        }
        break
      }
      case 'fp': {
        const p = frontPush(r)
        r = p.ring
        const want = bruteNotify(ref.reqProd, ref.reqProdPvt, ref.reqEvent)
        if (backAsleep && ref.reqProdPvt > ref.reqProd) expect(p.value).toBe(true)
        expect(p.value).toBe(want)
        if (p.value) {
          notifies++
          backAsleep = false
        }
        if (want) refNotifies++
        ref.reqProd = ref.reqProdPvt
        break
      }
      case 'bc': {
        const x = backConsume(r, s.n)
        if (!x.ok) throw new Error(x.error.message)
        r = x.value.ring
        const avail = Math.min(ref.reqProd - ref.reqCons, size - (ref.reqCons - ref.rspProdPvt))
        const take = s.n === null ? avail : Math.min(s.n, avail)
        expect(x.value.value.length).toBe(take)
        backSeen.push(...x.value.value.map((q) => q.id))
        ref.reqCons += take
        backAsleep = false
        break
      }
      case 'bq': {
        const x = backQueue(
          r,
          Array.from({ length: s.n }, () => null),
        )
        const owed = ref.reqCons - ref.rspProdPvt
        expect(x.ok).toBe(s.n <= owed)
        if (x.ok) {
          r = x.value.ring
          ref.rspProdPvt += s.n
        }
        break
      }
      case 'bp': {
        const p = backPush(r)
        r = p.ring
        const want = bruteNotify(ref.rspProd, ref.rspProdPvt, ref.rspEvent)
        if (frontAsleep && ref.rspProdPvt > ref.rspProd) expect(p.value).toBe(true)
        expect(p.value).toBe(want)
        if (p.value) {
          notifies++
          frontAsleep = false
        }
        if (want) refNotifies++
        ref.rspProd = ref.rspProdPvt
        break
      }
      case 'fc': {
        const x = frontConsume(r, s.n)
        if (!x.ok) throw new Error(x.error.message)
        r = x.value.ring
        const avail = ref.rspProd - ref.rspCons
        const take = s.n === null ? avail : Math.min(s.n, avail)
        expect(x.value.value.length).toBe(take)
        frontSeen.push(...x.value.value.map((q) => q.id))
        ref.rspCons += take
        frontAsleep = false
        break
      }
      case 'bf': {
        const f = backFinalCheck(r)
        r = f.ring
        const work = Math.min(ref.reqProd - ref.reqCons, size - (ref.reqCons - ref.rspProdPvt))
        if (work === 0) ref.reqEvent = ref.reqCons + 1
        expect(f.value).toBe(work > 0)
        backAsleep = !f.value
        break
      }
      case 'ff': {
        const f = frontFinalCheck(r)
        r = f.ring
        const work = ref.rspProd - ref.rspCons
        if (work === 0) ref.rspEvent = ref.rspCons + 1
        expect(f.value).toBe(work > 0)
        frontAsleep = !f.value
        break
      }
    }
    check()
  }
  expect(notifies).toBe(refNotifies)
  expect(r.stats.notifySent).toBe(notifies)
  expect(r.stats.requests).toBe(ref.reqProd)
  expect(r.stats.responses).toBe(ref.rspProd)

  // Drain: push everything, consume, answer, consume; nothing is lost or duplicated.
  r = frontPush(r).ring
  const b = backConsume(r, null)
  if (!b.ok) throw new Error(b.error.message)
  backSeen.push(...b.value.value.map((q) => q.id))
  r = b.value.ring
  const owed = r.owed.length
  const bq = backQueue(
    r,
    Array.from({ length: owed }, () => null),
  )
  if (!bq.ok) throw new Error(bq.error.message)
  r = backPush(bq.value.ring).ring
  const f = frontConsume(r, null)
  if (!f.ok) throw new Error(f.error.message)
  frontSeen.push(...f.value.value.map((q) => q.id))
  expect(backSeen).toEqual(queued)
  expect(frontSeen).toEqual(queued)
  expect(new Set(queued).size).toBe(queued.length)
}

describe('shared ring oracle (hw-facts §5.1)', () => {
  it('random interleavings: indices never cross, nothing lost or duplicated, notifications match the brute-force rule', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(1, 2, 4, 8),
        startArb,
        fc.array(stepArb, { minLength: 1, maxLength: 80 }),
        (size, start, steps) => run(size, start, steps),
      ),
      { seed: 42, numRuns: 400 },
    )
  })

  it('the u32 notify rule equals "event in (old, new]" for every small window across 2^32', () => {
    fc.assert(
      fc.property(
        startArb,
        fc.integer({ min: 0, max: 300 }),
        fc.integer({ min: -20, max: 320 }),
        (base, n, e) => {
          // old = base, new = base + n, event = base + e, all reduced to u32.
          const p = frontPush({
            ...mkRing(base),
            front: { reqProdPvt: u32(base + n), rspCons: u32(base) },
            sring: { reqProd: u32(base), reqEvent: u32(base + e), rspProd: 0, rspEvent: 0 },
          })
          expect(p.value).toBe(bruteNotify(0, n, e))
        },
      ),
      { seed: 7, numRuns: 500 },
    )
  })
})

function mkRing(start: number): Ring {
  const c = createRing('w', 'raw', 2048, start)
  if (!c.ok) throw new Error(c.error.message)
  return c.value.ring
}

// ---- The console rows of CONSOLE.md driven end to end through a minimal runner ----

function runXenScript(src: string): JsonObject[] {
  let s: XenState = initialXenState
  const out: JsonObject[] = []
  src.split('\n').forEach((text, i) => {
    const tokens = lex(text)
    if (tokens.length === 0) return
    const def = [...allXenCommands]
      .filter((c) => c.words.every((w, k) => w === tokens[k]?.text.toLowerCase()))
      .sort((a, b) => b.words.length - a.words.length)[0]
    if (!def) throw new Error(`unknown command on line ${i + 1}`)
    const last = tokens[def.words.length - 1]
    const reader = new ArgReader(
      tokens.slice(def.words.length),
      (last?.column ?? 1) + (last?.text.length ?? 0) + 1,
    )
    let op: XenOp
    try {
      op = def.parse(reader)
    } catch (e) {
      if (e instanceof ArgFailure) {
        out.push({ line: i + 1, cmd: def.words.join(' '), ok: false, error: e.message })
        return
      }
      throw e
    }
    const cmd = ringCmdName(op) ?? def.words.join(' ')
    const r = applyXen(s, op)
    if (!r.ok) {
      out.push({ line: i + 1, cmd, ok: false, error: describeXenError(r.error) })
      return
    }
    s = r.value.state
    out.push(
      r.value.events.reduce<JsonObject>((acc, e) => ({ ...acc, ...xenEventJson(e) }), {
        line: i + 1,
        cmd,
        ok: true,
      }),
    )
    for (const e of r.value.events) {
      expect(xenEventText(e).length).toBeGreaterThan(0)
      const d = describeXenEvent(e)
      expect(d.en.length).toBeGreaterThan(0)
      expect(d.zh.length).toBeGreaterThan(0)
    }
  })
  return out
}

describe('ring console JSON (CONSOLE.md)', () => {
  it('batching: one notification for a batch, none for the second push, re-armed by final-check', () => {
    const out = runXenScript(
      [
        'ring create r proto=blkif',
        'ring r front queue 3',
        'ring r front push',
        'ring r front queue 2',
        'ring r front push',
        'ring r back consume',
        'ring r back final-check',
        'ring r front queue 1',
        'ring r front push',
      ].join('\n'),
    )
    expect(out[0]).toMatchObject({
      cmd: 'ring create',
      ok: true,
      ring: {
        size: 32,
        reqProd: 0,
        reqEvent: 1,
        rspProd: 0,
        rspEvent: 1,
        reqProdPvt: 0,
        rspCons: 0,
        rspProdPvt: 0,
        reqCons: 0,
      },
    })
    expect(out[2]).toMatchObject({ cmd: 'ring front push', notify: true, ring: { reqProd: 3 } })
    expect(out[4]).toMatchObject({ notify: false, ring: { reqProd: 5, reqEvent: 1 } })
    expect(out[5]).toMatchObject({ cmd: 'ring back consume', ring: { reqCons: 5 } })
    expect(out[6]).toMatchObject({ more: false, ring: { reqEvent: 6 } })
    expect(out[8]).toMatchObject({ notify: true, ring: { reqProd: 6 } })
    expect(Object.keys(out[1]?.['ring'] ?? {}).sort()).toEqual(
      [
        'size',
        'reqProd',
        'reqEvent',
        'rspProd',
        'rspEvent',
        'reqProdPvt',
        'rspCons',
        'rspProdPvt',
        'reqCons',
      ].sort(),
    )
  })

  it('queue beyond free space fails with ok false and says the ring is full', () => {
    const out = runXenScript('ring create f proto=raw size=4\nring f front queue 5')
    expect(out[1]).toMatchObject({ ok: false })
    expect(String(out[1]?.['error'])).toMatch(/full/)
  })

  it('wrap-around: start=0xfffffffe, indices pass 2^32 as unsigned numbers', () => {
    const out = runXenScript(
      [
        'ring create w proto=raw size=4 start=0xfffffffe',
        'ring w front queue 3',
        'ring w front push',
        'ring w back consume 2',
        'ring w back queue 2',
        'ring w back push',
        'ring w front consume',
        'ring w front final-check',
      ].join('\n'),
    )
    expect(out[2]).toMatchObject({ notify: true, ring: { reqProd: 1, reqProdPvt: 1 } })
    expect(out[3]).toMatchObject({ ring: { reqCons: 0 } })
    expect(out[5]).toMatchObject({ notify: true, ring: { rspProd: 0 } })
    expect(out[7]).toMatchObject({ more: false, ring: { rspEvent: 1, rspCons: 0 } })
  })

  it('the other Xen commands parse and run', () => {
    const out = runXenScript(
      [
        'xen domain 1 vcpus=2',
        'evtchn alloc-unbound 1 0',
        'evtchn bind-interdomain 0 1 1',
        'evtchn send 0 1',
        'evtchn handle 1',
        'evtchn bind-virq 1 timer vcpu=1',
        'evtchn virq 1 timer vcpu=1',
        'xen page 1 0x200 hello',
        'grant access 1 0 0x200 ro',
        'grant map 0 1 8',
        'grant map 0 1 8 ro',
        'grant end 1 8',
        'grant copy 0 ref:1:8 frame:0x300 100',
        'grant unmap 0 0',
        'grant end 1 8',
        'blk connect xvda front=1',
        'blk write xvda 0 count=16',
        'blk backend xvda',
        'blk complete xvda',
        'net connect 1 rx=flip',
        'net receive vif1.0 60',
        'net post-rx vif1.0 2',
        'net receive vif1.0 60',
        'net poll vif1.0',
      ].join('\n'),
    )
    expect(out.every((o) => o['ok'] === true)).toBe(true)
    expect(out[3]).toMatchObject({ target: { dom: 1, port: 1 }, upcall: { dom: 1, vcpu: 0 } })
    expect(out[4]).toMatchObject({ handled: [1] })
    expect(out[9]).toMatchObject({ status: -1, statusName: 'GNTST_general_error' })
    expect(out[10]).toMatchObject({ status: 0, handle: 0, flags: '0xd' })
    expect(out[11]).toMatchObject({ ended: false })
    expect(out[12]).toMatchObject({ status: 0, len: 100 })
    expect(out[14]).toMatchObject({ ended: true, flags: '0x5' })
    expect(out[20]).toMatchObject({ dropped: 1 })
  })
})
