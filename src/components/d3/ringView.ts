import { easeCubicInOut, interrupt, select, transition } from 'd3'
import {
  CENTER_X,
  CENTER_Y,
  LABEL_LEFT_X,
  LABEL_RIGHT_X,
  type Pointer,
  RING_H,
  RING_W,
  type RingLayout,
  SLOT_RADIUS,
  type SlotCell,
  markerTip,
} from '../Ring/layout.ts'
import { setText } from './text.ts'

export interface RingViewOptions {
  /** 0 under prefers-reduced-motion: every change lands at once. */
  readonly duration: number
}

export interface RingView {
  update(layout: RingLayout, options: RingViewOptions): void
  destroy(): void
}

const SHAPE = 14

// Pointers go round the centre: the group is rotated, so its marker always points inward.
const pointerTransform = (angle: number): string =>
  `translate(${CENTER_X},${CENTER_Y}) rotate(${angle})`

/** The leader from a marker's tip straight to the inner end of its name in the column. */
export function leaderPath(p: Pointer): string {
  const m = markerTip(p)
  const edge = p.side === 'left' ? LABEL_LEFT_X + 6 : LABEL_RIGHT_X - 6
  return `M${m.x.toFixed(1)},${m.y.toFixed(1)} L${edge.toFixed(1)},${p.labelY.toFixed(1)}`
}

/** Owns one SVG subtree: slots keyed by position, pointers keyed by index name. */
export function createRingView(svgEl: SVGSVGElement): RingView {
  const svg = select(svgEl).attr('viewBox', `0 0 ${RING_W} ${RING_H}`)
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
    .attr('cx', CENTER_X)
    .attr('cy', CENTER_Y)
    .attr('r', SLOT_RADIUS)
  const gGap = svg.append('g').attr('class', 'ring-gap')
  const gCells = svg.append('g').attr('class', 'ring-cells')
  const gPointers = svg.append('g').attr('class', 'ring-pointers')
  const gLabels = svg.append('g').attr('class', 'ring-labels')
  const gCenter = svg.append('g').attr('class', 'ring-center')
  const centerMark = gCenter
    .append('text')
    .attr('class', 'ring-center-mark')
    .attr('x', CENTER_X)
    .attr('y', CENTER_Y - 10)
    .attr('text-anchor', 'middle')
  const centerSub = gCenter
    .append('text')
    .attr('class', 'ring-center-sub')
    .attr('x', CENTER_X)
    .attr('y', CENTER_Y + 44)
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
      // Below the ring, clear of the slot numbers and the label columns; the break in the
      // circle at GAP_ANGLE is what it counts.
      .attr('x', CENTER_X)
      .attr('y', RING_H - 24)
      .attr('text-anchor', 'middle')
      .call(setText, (d) => d.text)

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
        g.append('text')
          .attr('class', 'ring-id')
          .attr('text-anchor', 'middle')
          .attr('dominant-baseline', 'central')
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
    cells.select('.ring-id').call(setText, (d) => (d.id === null ? '' : String(d.id)))
    // The slot number sits just inside the circle (centred on its point).
    cells
      .select('.ring-slot-no')
      .attr('x', (d) => -Math.sin((d.angle * Math.PI) / 180) * 38)
      .attr('y', (d) => Math.cos((d.angle * Math.PI) / 180) * 38)
      .attr('dominant-baseline', 'central')
      .call(setText, (d) => String(d.slot))

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

    // The names, in their columns: a leader from each marker, the name level with its end.
    const labels = gLabels
      .selectAll<SVGGElement, Pointer>('g.ring-label')
      .data(layout.pointers, (d) => d.name)
      .join((enter) => {
        const g = enter.append('g')
        // Born in place: a new name does not fly in from the corner.
        g.append('path')
          .attr('class', 'ring-leader')
          .attr('fill', 'none')
          .attr('d', (d) => leaderPath(d))
        g.append('text')
          .attr('class', 'ring-pointer-label')
          .attr('dominant-baseline', 'central')
          .attr('y', (d) => d.labelY)
        return g
      })
    labels
      .attr(
        'class',
        (d) =>
          `ring-label keeper-${d.keeper}${d.active ? ' active' : ''}${d.hidden ? ' hidden' : ''}`,
      )
      .attr('data-testid', (d) => `ring-label-${d.name}`)
    labels
      .select('.ring-pointer-label')
      .attr('x', (d) => (d.side === 'left' ? LABEL_LEFT_X : LABEL_RIGHT_X))
      .attr('text-anchor', (d) => (d.side === 'left' ? 'end' : 'start'))
      // The active name is bold and underlined, not only coloured (see styles.css).
      .call(setText, (d) => d.name)
    const texts = labels.select<SVGTextElement>('.ring-pointer-label')
    const leaders = labels.select<SVGPathElement>('.ring-leader')
    if (duration > 0) {
      texts.transition(move).attr('y', (d) => d.labelY)
      leaders.transition(move).attr('d', (d) => leaderPath(d))
    } else {
      texts.attr('y', (d) => d.labelY)
      leaders.attr('d', (d) => leaderPath(d))
    }

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
      .call(
        setText,
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
    centerSub.call(setText, layout.ring ? `${layout.ring.name} · ${layout.size}` : '')
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
