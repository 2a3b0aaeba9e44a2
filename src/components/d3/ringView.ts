import { easeCubicInOut, interrupt, select, transition } from 'd3'
import {
  CENTER,
  GAP_ANGLE,
  type Pointer,
  RING_VIEW,
  type RingLayout,
  SLOT_RADIUS,
  type SlotCell,
  polar,
} from '../Ring/layout.ts'

export interface RingViewOptions {
  /** 0 under prefers-reduced-motion: every change lands at once. */
  readonly duration: number
}

export interface RingView {
  update(layout: RingLayout, options: RingViewOptions): void
  destroy(): void
}

const SHAPE = 13

// Pointers go round the centre: the group is rotated, so its label is always tangential.
const pointerTransform = (angle: number): string =>
  `translate(${CENTER},${CENTER}) rotate(${angle})`

/** Labels in the lower half would read upside down: turn them round their own anchor. */
const flipped = (angle: number): boolean => {
  const a = ((angle % 360) + 360) % 360
  return a > 90 && a < 270
}

/** Degrees of lane a label may use, and the gap between a marker and its label. */
const LABEL_SPAN = 110
const LABEL_GAP = 4
const pt = (deg: number, r: number): string => {
  const a = (deg * Math.PI) / 180
  return `${(r * Math.sin(a)).toFixed(2)},${(-r * Math.cos(a)).toFixed(2)}`
}

/**
 * The arc a pointer's label runs along, in the pointer group's own (rotated) frame, where the
 * marker sits at angle 0. Text on the arc cannot drift into the next lane the way straight
 * text does. Request-side labels run clockwise from the marker, response-side labels
 * counter-clockwise: responses always trail requests, so the two groups spread apart. In the
 * lower half the arc runs the other way round so the text reads left to right.
 */
export function labelArc(p: Pick<Pointer, 'name' | 'radius' | 'angle'>): {
  d: string
  anchor: 'start' | 'end'
  offset: string
} {
  const cw = p.name.startsWith('req')
  const flip = flipped(p.angle)
  // Glyphs stand outward from the baseline on a clockwise arc and inward on the reverse,
  // hence the two baseline radii below.
  const near = cw ? LABEL_GAP : -LABEL_GAP
  const far = cw ? LABEL_GAP + LABEL_SPAN : -LABEL_GAP - LABEL_SPAN
  // Clockwise reads left to right in the upper half, counter-clockwise in the lower half.
  const forward = !flip
  const [lo, hi] = cw ? [near, far] : [far, near]
  const [from, to] = forward ? [lo, hi] : [hi, lo]
  const r = forward ? p.radius - 5 : p.radius + 8
  const sweep = forward ? 1 : 0
  const d = `M${pt(from, r)} A${r},${r} 0 0 ${sweep} ${pt(to, r)}`
  // The label's start sits at the marker end of the arc.
  const startsAtMarker = from === near
  return { d, anchor: startsAtMarker ? 'start' : 'end', offset: startsAtMarker ? '0%' : '100%' }
}

let viewSeq = 0

/** Owns one SVG subtree: slots keyed by position, pointers keyed by index name. */
export function createRingView(svgEl: SVGSVGElement): RingView {
  const seq = ++viewSeq
  const svg = select(svgEl).attr('viewBox', `0 0 ${RING_VIEW} ${RING_VIEW}`)
  const defs = svg.append('defs')
  defs
    .append('pattern')
    .attr('id', 'ring-hatch')
    .attr('width', 6)
    .attr('height', 6)
    .attr('patternUnits', 'userSpaceOnUse')
    .attr('patternTransform', 'rotate(45)')
    .append('line')
    .attr('x1', 0)
    .attr('y1', 0)
    .attr('x2', 0)
    .attr('y2', 6)
    .attr('class', 'ring-hatch-line')

  svg
    .append('circle')
    .attr('class', 'ring-track')
    .attr('cx', CENTER)
    .attr('cy', CENTER)
    .attr('r', SLOT_RADIUS)
  const gGap = svg.append('g').attr('class', 'ring-gap')
  const gCells = svg.append('g').attr('class', 'ring-cells')
  const gPointers = svg.append('g').attr('class', 'ring-pointers')
  const gCenter = svg.append('g').attr('class', 'ring-center')
  const centerMark = gCenter
    .append('text')
    .attr('class', 'ring-center-mark')
    .attr('x', CENTER)
    .attr('y', CENTER - 10)
    .attr('text-anchor', 'middle')
  const centerSub = gCenter
    .append('text')
    .attr('class', 'ring-center-sub')
    .attr('x', CENTER)
    .attr('y', CENTER + 40)
    .attr('text-anchor', 'middle')
  // Last drawn angle per pointer, so a move turns the short way round.
  const angles = new WeakMap<Element, number>()

  function update(layout: RingLayout, { duration }: RingViewOptions): void {
    const move = transition('ring-move').duration(duration).ease(easeCubicInOut)

    const gapData = layout.gap ? [layout.gap] : []
    gGap
      .selectAll<SVGTextElement, NonNullable<RingLayout['gap']>>('text')
      .data(gapData)
      .join('text')
      .attr('class', 'ring-gap-text')
      .attr('x', polar(GAP_ANGLE, SLOT_RADIUS).x)
      .attr('y', polar(GAP_ANGLE, SLOT_RADIUS).y + 5)
      .attr('text-anchor', 'middle')
      .text((d) => d.text)

    const cells = gCells
      .selectAll<SVGGElement, SlotCell>('g.ring-cell')
      .data(layout.cells, (d) => d.key)
      .join((enter) => {
        const g = enter.append('g').attr('class', 'ring-cell')
        g.append('rect')
          .attr('class', 'ring-req')
          .attr('x', -SHAPE)
          .attr('y', -SHAPE)
          .attr('width', SHAPE * 2)
          .attr('height', SHAPE * 2)
        g.append('rect')
          .attr('class', 'ring-req-hatch')
          .attr('x', -SHAPE)
          .attr('y', -SHAPE)
          .attr('width', SHAPE * 2)
          .attr('height', SHAPE * 2)
          .attr('fill', 'url(#ring-hatch)')
        g.append('circle').attr('class', 'ring-rsp').attr('r', SHAPE)
        g.append('circle').attr('class', 'ring-free').attr('r', 4)
        g.append('text').attr('class', 'ring-id').attr('text-anchor', 'middle').attr('y', 5)
        g.append('text').attr('class', 'ring-slot-no').attr('text-anchor', 'middle')
        return g
      })
    cells
      .attr('class', (d) => `ring-cell kind-${d.kind}${d.fresh ? ' fresh' : ''}`)
      .attr('data-testid', (d) => `ring-slot-${d.slot}`)
      .attr('data-focus', (d) => (layout.focus && d.fresh ? '' : null))
      .attr('transform', (d) => `translate(${d.x},${d.y})`)
    const isReq = (d: SlotCell) => d.kind.startsWith('req')
    const isRsp = (d: SlotCell) => d.kind.startsWith('rsp')
    cells.select('.ring-req').attr('display', (d) => (isReq(d) ? null : 'none'))
    cells.select('.ring-req-hatch').attr('display', (d) => (d.kind === 'req-taken' ? null : 'none'))
    cells.select('.ring-rsp').attr('display', (d) => (isRsp(d) ? null : 'none'))
    cells.select('.ring-free').attr('display', (d) => (d.kind === 'free' ? null : 'none'))
    cells.select('.ring-id').text((d) => (d.id === null ? '' : String(d.id)))
    // The slot number sits just inside the circle.
    cells
      .select('.ring-slot-no')
      .attr('x', (d) => -Math.sin((d.angle * Math.PI) / 180) * 30)
      .attr('y', (d) => Math.cos((d.angle * Math.PI) / 180) * 30 + 4)
      .text((d) => String(d.slot))

    const ptrs = gPointers
      .selectAll<SVGGElement, Pointer>('g.ring-pointer')
      .data(layout.pointers, (d) => d.name)
      .join((enter) => {
        const g = enter
          .append('g')
          .attr('class', 'ring-pointer')
          .attr('transform', (d) => pointerTransform(d.angle))
          .each(function remember(d) {
            angles.set(this, d.angle)
          })
        g.append('line').attr('class', 'ring-pointer-stem')
        g.append('path').attr('class', 'ring-pointer-mark')
        g.append('path')
          .attr('class', 'ring-pointer-arc')
          .attr('id', (d) => `ring${seq}-arc-${d.name}`)
          .attr('fill', 'none')
        g.append('text')
          .attr('class', 'ring-pointer-label')
          .append('textPath')
          .attr('href', (d) => `#ring${seq}-arc-${d.name}`)
        return g
      })
    ptrs
      .attr(
        'class',
        (d) =>
          `ring-pointer keeper-${d.keeper} side-${d.name.slice(0, 3)}${d.active ? ' active' : ''}${d.hidden ? ' hidden' : ''}`,
      )
      .attr('data-testid', (d) => `ring-ptr-${d.name}`)
    // A triangle on the pointer's lane, pointing in at its slot.
    // The pointers this step moved are part of its focus; not all of them at once (a new
    // ring sets every index: its table of indices is the focus then).
    const movedAll = layout.pointers.every((p) => p.active)
    ptrs
      .select('.ring-pointer-mark')
      .attr('d', (d) => `M0,${-d.radius + 9} L-7,${-d.radius - 4} L7,${-d.radius - 4} Z`)
      .attr('data-focus', (d) => (layout.focus && d.active && !d.hidden && !movedAll ? '' : null))
    // A faint stem from the lane down to the slot circle ties an outer pointer to its slot.
    ptrs
      .select('.ring-pointer-stem')
      .attr('x1', 0)
      .attr('x2', 0)
      .attr('y1', (d) => -d.radius + 9)
      .attr('y2', -SLOT_RADIUS - SHAPE - 4)
    ptrs.select('.ring-pointer-arc').attr('d', (d) => labelArc(d).d)
    ptrs
      .select('.ring-pointer-label')
      .attr('text-anchor', (d) => labelArc(d).anchor)
      .select('textPath')
      .attr('startOffset', (d) => labelArc(d).offset)
      .text((d) => (d.hidden ? `${d.name} ⟶` : d.name))

    ptrs.each(function turn(d) {
      const from = angles.get(this) ?? d.angle
      // Turn the short way: a forward step across the top goes forward, not all the way back.
      const delta = ((((d.angle - from) % 360) + 540) % 360) - 180
      const g = select(this)
      angles.set(this, d.angle)
      if (duration === 0 || delta === 0) {
        interrupt(this)
        g.attr('transform', pointerTransform(d.angle))
        return
      }
      g.transition(move).attrTween(
        'transform',
        () => (u: number) => pointerTransform(from + delta * u),
      )
    })

    const dec = layout.decision
    centerMark
      .attr(
        'class',
        `ring-center-mark${dec?.kind === 'push' ? (dec.notify ? ' notify' : ' suppressed') : ''}`,
      )
      .text(
        dec?.kind === 'push'
          ? dec.notify
            ? '⚡'
            : '⊘'
          : dec?.kind === 'final'
            ? dec.more
              ? '↻'
              : '☾'
            : '',
      )
    centerSub.text(layout.ring ? `${layout.ring.name} · ${layout.size}` : '')
  }

  return {
    update,
    destroy() {
      svg.selectAll('*').each(function stop() {
        interrupt(this as Element)
      })
      svg.selectAll('*').remove()
    },
  }
}
