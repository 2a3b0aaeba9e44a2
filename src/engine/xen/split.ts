// Pieces shared by the split drivers: the xenbus-style handshake (grant the ring page, map
// it, bind an interdomain event channel) and "push, and send an event if the rule says so".
import { type Result, err, ok } from '../core/result.ts'
import type { XenError } from './errors.ts'
import type { XenEvent } from './events.ts'
import { allocUnbound, bindInterdomain, send } from './evtchn.ts'
import { grantAccess, mapGrant } from './grant.ts'
import {
  type Ring,
  type RingProto,
  type RingRequest,
  type RingResponse,
  type RingStep,
  backConsume,
  backFinalCheck,
  backPush,
  createRing,
  frontConsume,
  frontFinalCheck,
  frontPush,
} from './ring.ts'
import type { XenState } from './types.ts'
import { allocFrame, getRing, putRing } from './util.ts'

export interface SplitStep {
  readonly state: XenState
  readonly events: readonly XenEvent[]
}

export interface RingLink {
  readonly ring: string
  readonly ringFrame: number
  readonly ringRef: number
  /** The backend's map handle of the ring page. */
  readonly ringHandle: number
  readonly frontPort: number
  readonly backPort: number
}

/**
 * The frontend allocates and grants the ring page and an unbound port; the backend maps the
 * page and binds to the port (the values travel through XenStore in real Xen).
 */
export function connectRing(
  s0: XenState,
  name: string,
  proto: Exclude<RingProto, 'raw'>,
  frontDom: number,
  backDom: number,
  portOverride: { readonly frontPort: number; readonly backPort: number } | null,
): Result<SplitStep & { link: RingLink }, XenError> {
  if (s0.rings.some((r) => r.name.toLowerCase() === name.toLowerCase())) {
    return err({ code: 'ring-exists', message: `a ring named '${name}' already exists` })
  }
  const events: XenEvent[] = []
  const c = createRing(name, proto, null)
  if (!c.ok) return c
  events.push(c.value.event)
  let s: XenState = { ...s0, rings: [...s0.rings, c.value.ring] }
  const f = allocFrame(s.grants, frontDom, `${name} shared ring page`)
  const g = grantAccess(f.grants, frontDom, backDom, f.frame, false)
  if (!g.ok) return g
  events.push(g.value.event)
  const m = mapGrant(g.value.domains, backDom, frontDom, g.value.value, false)
  events.push(m.event)
  if (m.value === null) {
    return err({ code: 'grant', message: `mapping the ring page failed (${m.event.kind})` })
  }
  s = { ...s, grants: m.domains }
  let ports = portOverride
  if (!ports) {
    const a = allocUnbound(s.evtchn, frontDom, backDom)
    if (!a.ok) return a
    events.push(...a.value.events)
    const b = bindInterdomain(a.value.domains, backDom, frontDom, a.value.port)
    if (!b.ok) return b
    events.push(...b.value.events)
    if (b.value.port === null) {
      return err({ code: 'port-state', message: 'binding the event channel failed (-EINVAL)' })
    }
    s = { ...s, evtchn: b.value.domains }
    ports = { frontPort: a.value.port, backPort: b.value.port }
  }
  return ok({
    state: s,
    events,
    link: {
      ring: name,
      ringFrame: f.frame,
      ringRef: g.value.value,
      ringHandle: m.value,
      ...ports,
    },
  })
}

/** RING_PUSH_*_AND_CHECK_NOTIFY, then EVTCHNOP_send only when it says notify. */
export function pushNotify(
  s: XenState,
  ringName: string,
  side: 'front' | 'back',
  dom: number,
  port: number,
): Result<SplitStep & { notify: boolean; ring: Ring }, XenError> {
  const r = getRing(s, ringName)
  if (!r.ok) return r
  const p = side === 'front' ? frontPush(r.value) : backPush(r.value)
  let next = putRing(s, p.ring)
  const events: XenEvent[] = [p.event]
  if (p.value) {
    const sent = send(next.evtchn, dom, port)
    if (!sent.ok) return sent
    events.push(...sent.value.events)
    next = { ...next, evtchn: sent.value.domains }
  }
  return ok({ state: next, events, notify: p.value, ring: p.ring })
}

/**
 * The end of one backend round (blkback and netback alike): push the responses written this
 * round and notify if the rule says so, then RING_FINAL_CHECK_FOR_REQUESTS. `more` says whether
 * requests arrived meanwhile, so the backend loops instead of sleeping.
 */
export function backEndOfRound(
  s: XenState,
  ringName: string,
  responded: boolean,
  dom: number,
  port: number,
): Result<SplitStep & { more: boolean }, XenError> {
  let next = s
  const events: XenEvent[] = []
  if (responded) {
    const p = pushNotify(next, ringName, 'back', dom, port)
    if (!p.ok) return p
    next = p.value.state
    events.push(...p.value.events)
  }
  const r = getRing(next, ringName)
  if (!r.ok) return r
  const fc = backFinalCheck(r.value)
  events.push(fc.event)
  return ok({ state: putRing(next, fc.ring), events, more: fc.value })
}

/**
 * What a driver does with the messages one round took (`taken.value`, consumed from
 * `taken.ring`): it appends its events and gives the state after handling them.
 */
export type RoundHandler<M> = (
  s: XenState,
  taken: RingStep<readonly M[]>,
  events: XenEvent[],
) => Result<XenState, XenError>

/**
 * The loop of every split-driver handler: take all unconsumed messages of one side, handle
 * them, end the round, and go round again while the end of round found more (at most 64).
 */
function serviceRounds<M>(
  s0: XenState,
  ringName: string,
  consume: (r: Ring, max: null) => Result<RingStep<readonly M[]>, XenError>,
  handle: RoundHandler<M>,
  endRound: (
    s: XenState,
    taken: RingStep<readonly M[]>,
  ) => Result<SplitStep & { more: boolean }, XenError>,
): Result<SplitStep, XenError> {
  let s = s0
  const events: XenEvent[] = []
  for (let round = 0; round < 64; round++) {
    const r = getRing(s, ringName)
    if (!r.ok) return r
    const c = consume(r.value, null)
    if (!c.ok) return c
    events.push(c.value.event)
    const handled = handle(s, c.value, events)
    if (!handled.ok) return handled
    const end = endRound(handled.value, c.value)
    if (!end.ok) return end
    s = end.value.state
    events.push(...end.value.events)
    if (!end.value.more) break
  }
  return ok({ state: s, events })
}

/**
 * A backend's service loop (blkback, netback): take every request, handle it, then push the
 * responses, notify `dom`'s `port` if asked and RING_FINAL_CHECK_FOR_REQUESTS (backEndOfRound).
 */
export function backendLoop(
  s0: XenState,
  ringName: string,
  dom: number,
  port: number,
  handle: RoundHandler<RingRequest>,
): Result<SplitStep, XenError> {
  return serviceRounds(s0, ringName, backConsume, handle, (s, taken) =>
    backEndOfRound(s, ringName, taken.value.length > 0, dom, port),
  )
}

/**
 * A frontend's interrupt handler (blkfront, netfront): take every response, handle it, then
 * RING_FINAL_CHECK_FOR_RESPONSES on the ring the responses were taken from.
 */
export function frontendLoop(
  s0: XenState,
  ringName: string,
  handle: RoundHandler<RingResponse>,
): Result<SplitStep, XenError> {
  return serviceRounds(s0, ringName, frontConsume, handle, (s, taken) => {
    const fc = frontFinalCheck(taken.ring)
    return ok({ state: putRing(s, fc.ring), events: [fc.event], more: fc.value })
  })
}
