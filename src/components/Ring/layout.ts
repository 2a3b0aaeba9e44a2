import {
  type EngineEvent,
  type Ring,
  type RingStats,
  type XenState,
  u32,
} from '../../engine/index.ts'
import type { UiKey } from '../../i18n/index.ts'

// The shared ring of Xen's public/io/ring.h (hw-facts §5.1) as a circle of slots. Indices are
// free-running u32 counters; a slot is idx & (size − 1). Geometry is in viewBox units.
// The view is wider than tall: the index names stand in a column on each side of the ring
// (horizontal, one per line, joined to their marker by a leader), so they never overlap
// however the indices crowd, and the ring keeps the full height.
export const RING_W = 1000
export const RING_H = 820
export const CENTER_X = RING_W / 2
export const CENTER_Y = RING_H / 2
/** Radius of the slot circle; pointer lanes sit outside it. */
export const SLOT_RADIUS = 150
const LANE0 = 184
const LANE_STEP = 12
/** The two label columns: the inner edge of each, and the room between label baselines. */
export const LABEL_LEFT_X = 220
export const LABEL_RIGHT_X = RING_W - 220
export const LABEL_LINE = 38
const LABEL_TOP = 30
const LABEL_BOTTOM = RING_H - 30
/**
 * Rings larger than this are drawn as a window of WINDOW slots around the live indices: 32
 * slots round the circle would leave no room for ids and slot numbers at the 12 px floor.
 */
export const FULL_MAX = 16
/** Twelve: the slot numbers inside the circle stay apart at presenter size. */
export const WINDOW = 12
/**
 * In window mode the slots cover 300° starting at 280°, so the live region (two slots after
 * the window's start) sits near the top; the 60° gap left of the bottom stands for the rest.
 */
const WINDOW_ARC = 300
const WINDOW_START = 280
export const GAP_ANGLE = WINDOW_START - (360 - WINDOW_ARC) / 2

export type Translate = (key: UiKey, params?: Record<string, string | number>) => string

export type IndexName =
  | 'req_prod_pvt'
  | 'req_prod'
  | 'req_event'
  | 'req_cons'
  | 'rsp_prod_pvt'
  | 'rsp_prod'
  | 'rsp_event'
  | 'rsp_cons'

export type Keeper = 'shared' | 'front' | 'back'

/** Lane order, inner to outer: the request side, then the response side. */
export const INDEX_ORDER: readonly { readonly name: IndexName; readonly keeper: Keeper }[] = [
  { name: 'req_prod_pvt', keeper: 'front' },
  { name: 'req_prod', keeper: 'shared' },
  { name: 'req_event', keeper: 'shared' },
  { name: 'req_cons', keeper: 'back' },
  { name: 'rsp_prod_pvt', keeper: 'back' },
  { name: 'rsp_prod', keeper: 'shared' },
  { name: 'rsp_event', keeper: 'shared' },
  { name: 'rsp_cons', keeper: 'front' },
]

export function indexValue(r: Ring, name: IndexName): number {
  switch (name) {
    case 'req_prod_pvt':
      return r.front.reqProdPvt
    case 'req_prod':
      return r.sring.reqProd
    case 'req_event':
      return r.sring.reqEvent
    case 'req_cons':
      return r.back.reqCons
    case 'rsp_prod_pvt':
      return r.back.rspProdPvt
    case 'rsp_prod':
      return r.sring.rspProd
    case 'rsp_event':
      return r.sring.rspEvent
    case 'rsp_cons':
      return r.front.rspCons
  }
}

/**
 * What a live slot holds, read from the indices (rsp_cons ≤ rsp_prod ≤ rsp_prod_pvt ≤
 * req_cons ≤ req_prod ≤ req_prod_pvt, modulo 2^32): a response the frontend has not read yet,
 * one the backend wrote but did not push, a request the backend took and is serving, a pushed
 * request, or one the frontend wrote but did not push.
 */
export type SlotKind =
  'free' | 'rsp-published' | 'rsp-private' | 'req-taken' | 'req-published' | 'req-private'

export interface SlotCell {
  readonly key: string
  /** Masked slot number. */
  readonly slot: number
  readonly angle: number
  readonly x: number
  readonly y: number
  readonly kind: SlotKind
  /** The echoed id of the message in a live slot. */
  readonly id: number | null
  /** Written or read by this step. */
  readonly fresh: boolean
}

export interface Pointer {
  readonly name: IndexName
  readonly keeper: Keeper
  readonly value: number
  readonly slot: number
  readonly angle: number
  readonly radius: number
  /** Changed by this step. */
  readonly active: boolean
  /** Outside the drawn window of a large ring (drawn in the gap). */
  readonly hidden: boolean
  /** Where its name stands: the left or right column, and the line's vertical middle. */
  readonly side: 'left' | 'right'
  readonly labelY: number
}

export type Decision =
  | {
      readonly kind: 'push'
      readonly side: 'front' | 'back'
      readonly notify: boolean
      readonly old: number
      readonly new: number
      readonly event: number
      /** (u32)(new − event) and (u32)(new − old): notify iff lhs < rhs. */
      readonly lhs: number
      readonly rhs: number
    }
  | {
      readonly kind: 'final'
      readonly side: 'front' | 'back'
      readonly more: boolean
      readonly armed: boolean
      readonly event: number
    }

export interface RingLayout {
  readonly size: number
  readonly ring: Ring | null
  readonly cells: readonly SlotCell[]
  readonly pointers: readonly Pointer[]
  /** Window mode: how many slots the gap stands for. */
  readonly gap: { readonly hidden: number; readonly text: string } | null
  readonly decision: Decision | null
  readonly stats: RingStats | null
  readonly title: string
  /**
   * Mark what this step moved as the stage's focus (`data-focus`): the slots it filled or
   * took and the pointers it moved. The panel turns it off when another panel holds it.
   */
  readonly focus: boolean
}

const rad = (deg: number): number => (deg * Math.PI) / 180
export const polar = (angle: number, r: number): { x: number; y: number } => ({
  x: CENTER_X + r * Math.sin(rad(angle)),
  y: CENTER_Y - r * Math.cos(rad(angle)),
})

/** Where a pointer's marker tip is, the point its label's leader starts from. */
export const markerTip = (p: Pick<Pointer, 'angle' | 'radius'>): { x: number; y: number } =>
  polar(p.angle, p.radius + 6)

/**
 * The label columns: each name goes to the side its marker is on, as near its marker's height
 * as the names above it allow (at least LABEL_LINE apart), pushed back up if the column runs
 * off the bottom. Returns, in INDEX_ORDER, each label's side and vertical middle.
 */
export function placeLabels(
  ps: readonly Pick<Pointer, 'angle' | 'radius'>[],
): { side: 'left' | 'right'; y: number }[] {
  const out = ps.map((p) => {
    const m = markerTip(p)
    return {
      side: m.x < CENTER_X - 0.5 ? ('left' as const) : ('right' as const),
      y: m.y,
      want: m.y,
    }
  })
  for (const side of ['left', 'right'] as const) {
    // Stable order: by marker height, then lane (inner first) for markers at the same height.
    const col = out
      .map((o, i) => ({ o, i }))
      .filter(({ o }) => o.side === side)
      .sort((a, b) => a.o.want - b.o.want || a.i - b.i)
      .map(({ o }) => o)
    let y = LABEL_TOP - LABEL_LINE
    for (const o of col) {
      o.y = Math.max(o.want, y + LABEL_LINE, LABEL_TOP)
      y = o.y
    }
    let below = LABEL_BOTTOM + LABEL_LINE
    for (let i = col.length - 1; i >= 0; i--) {
      const o = col[i]
      if (!o) continue
      o.y = Math.min(o.y, below - LABEL_LINE)
      below = o.y
    }
  }
  return out.map(({ side, y }) => ({ side, y }))
}

/** The ring this frame is about: named by the event, else the busiest one (last on a tie). */
export function pickRing(xen: XenState, event: EngineEvent): Ring | null {
  const byName = (n: string | undefined): Ring | null =>
    n === undefined ? null : (xen.rings.find((r) => r.name === n) ?? null)
  const vif = (name: string) => xen.vifs.find((v) => v.name === name)
  let named: Ring | null = null
  switch (event.kind) {
    case 'ring.create':
    case 'ring.queue':
    case 'ring.push':
    case 'ring.consume':
    case 'ring.final-check':
      named = byName(event.ring)
      break
    case 'blk.request':
    case 'blk.io':
    case 'blk.done':
    case 'blk.connect':
      named = byName(xen.vbds.find((b) => b.dev === event.dev)?.ring)
      break
    case 'net.tx':
      named = byName(vif(event.vif)?.txRing)
      break
    case 'net.rx':
    case 'net.drop':
    case 'net.connect':
      named = byName(vif(event.vif)?.rxRing)
      break
    case 'net.done': {
      const v = vif(event.vif)
      named = byName(event.dir === 'tx' ? v?.txRing : v?.rxRing)
      break
    }
    case 'net.bridge': {
      const to = vif(event.to)
      named = to ? byName(to.rxRing) : byName(vif(event.from)?.txRing)
      break
    }
    default:
      break
  }
  if (named) return named
  // Otherwise the guest the event is about (grant and event-channel steps) narrows it down.
  const e = event as unknown as Record<string, unknown>
  const target = e.target as { dom?: unknown } | null | undefined
  const guest = [e.grantDom, e.targetDom, e.remoteDom, e.dom, e.domid, target?.dom].find(
    (v): v is number => typeof v === 'number' && v !== 0,
  )
  const mine = new Set<string>()
  if (guest !== undefined) {
    for (const b of xen.vbds) if (b.frontDom === guest) mine.add(b.ring)
    for (const v of xen.vifs) if (v.dom === guest) for (const n of [v.txRing, v.rxRing]) mine.add(n)
  }
  const pool = mine.size > 0 ? xen.rings.filter((r) => mine.has(r.name)) : xen.rings
  let best: Ring | null = null
  for (const r of pool) {
    const w = r.stats.requests + r.stats.responses
    if (!best || w >= best.stats.requests + best.stats.responses) best = r
  }
  return best
}

/** Which pointers this event moved or set. */
function activeIndices(event: EngineEvent): readonly IndexName[] {
  switch (event.kind) {
    case 'ring.create':
      return INDEX_ORDER.map((i) => i.name)
    case 'ring.queue':
      return event.side === 'front' ? ['req_prod_pvt'] : ['rsp_prod_pvt']
    case 'ring.push':
      return event.side === 'front' ? ['req_prod'] : ['rsp_prod']
    case 'ring.consume':
      return event.side === 'front' ? ['rsp_cons'] : ['req_cons']
    case 'ring.final-check':
      if (!event.armed) return []
      return event.side === 'front' ? ['rsp_event'] : ['req_event']
    default:
      return []
  }
}

export function decisionOf(event: EngineEvent): Decision | null {
  if (event.kind === 'ring.push') {
    return {
      kind: 'push',
      side: event.side,
      notify: event.notify,
      old: event.old,
      new: event.new,
      event: event.event,
      lhs: u32(event.new - event.event),
      rhs: u32(event.new - event.old),
    }
  }
  if (event.kind === 'ring.final-check') {
    return {
      kind: 'final',
      side: event.side,
      more: event.more,
      armed: event.armed,
      event: event.side === 'front' ? event.indices.rspEvent : event.indices.reqEvent,
    }
  }
  return null
}

function classify(r: Ring, idx: number): SlotKind {
  const base = r.front.rspCons
  const d = u32(idx - base)
  if (d >= u32(r.front.reqProdPvt - base)) return 'free'
  if (d < u32(r.sring.rspProd - base)) return 'rsp-published'
  if (d < u32(r.back.rspProdPvt - base)) return 'rsp-private'
  if (d < u32(r.back.reqCons - base)) return 'req-taken'
  if (d < u32(r.sring.reqProd - base)) return 'req-published'
  return 'req-private'
}

export function layoutRing(xen: XenState, event: EngineEvent, t: Translate): RingLayout {
  const r = pickRing(xen, event)
  if (!r) {
    return {
      size: 0,
      ring: null,
      cells: [],
      pointers: [],
      gap: null,
      decision: null,
      stats: null,
      title: '',
      focus: false,
    }
  }
  const mask = r.size - 1
  const full = r.size <= FULL_MAX
  const shown = full ? r.size : WINDOW
  // Window mode: start a little before the oldest live slot so the pointers stay in view.
  const first = full ? 0 : u32(r.front.rspCons - 2)
  const step = full ? 360 / r.size : WINDOW_ARC / WINDOW
  const offset = full ? 0 : WINDOW_START + step / 2
  const posOf = (idx: number): number | null => {
    if (full) return idx & mask
    const d = u32(idx - first)
    return d < WINDOW ? d : null
  }
  const angleOfPos = (p: number): number => offset + p * step

  const ringEventName =
    event.kind.startsWith('ring.') && 'ring' in event ? (event as { ring: string }).ring : null
  const freshSlots = new Set<number>(
    ringEventName === r.name && (event.kind === 'ring.queue' || event.kind === 'ring.consume')
      ? event.slots
      : [],
  )

  const cells: SlotCell[] = []
  for (let p = 0; p < shown; p++) {
    const idx = full ? p : u32(first + p)
    // In full mode a position is a slot; find the live free-running index that maps to it.
    const liveIdx = full
      ? u32(r.front.rspCons + ((p - (r.front.rspCons & mask) + r.size) & mask))
      : idx
    const kind = classify(r, liveIdx)
    const slot = idx & mask
    const content = r.slots[slot]
    const id =
      kind === 'free' || !content ? null : content.kind === 'req' ? content.req.id : content.rsp.id
    const angle = angleOfPos(p)
    const { x, y } = polar(angle, SLOT_RADIUS)
    cells.push({ key: `p${p}`, slot, angle, x, y, kind, id, fresh: freshSlots.has(slot) })
  }

  const moved = ringEventName === r.name ? new Set(activeIndices(event)) : new Set<IndexName>()
  const placed = INDEX_ORDER.map(({ name, keeper }, lane) => {
    const value = indexValue(r, name)
    const p = posOf(value)
    return {
      name,
      keeper,
      value,
      slot: value & mask,
      angle: p === null ? GAP_ANGLE : angleOfPos(p),
      radius: LANE0 + lane * LANE_STEP,
      active: moved.has(name),
      hidden: p === null,
    }
  })
  const labels = placeLabels(placed)
  const pointers: Pointer[] = placed.map((p, i) => ({
    ...p,
    side: labels[i]?.side ?? 'right',
    labelY: labels[i]?.y ?? 0,
  }))

  return {
    size: r.size,
    ring: r,
    cells,
    pointers,
    gap: full ? null : { hidden: r.size - WINDOW, text: t('ring.gap', { n: r.size - WINDOW }) },
    decision: ringEventName === r.name ? decisionOf(event) : null,
    stats: r.stats,
    title: t('ring.title', {
      name: r.name,
      proto: r.proto === 'raw' ? t('ring.raw') : r.proto,
      size: r.size,
    }),
    focus: true,
  }
}
