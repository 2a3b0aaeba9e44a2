import { easeCubicInOut, interrupt, select, transition } from 'd3'
import type { Box, Wire, XenDomainsLayout } from '../XenDomains/layout.ts'
import { pointAlong } from './geometry.ts'
import { setText } from './text.ts'

export interface XenDomainsViewOptions {
  /** 0 under prefers-reduced-motion: every change lands at once. */
  readonly duration: number
}

export interface XenDomainsView {
  update(layout: XenDomainsLayout, options: XenDomainsViewOptions): void
  destroy(): void
}

/** Baseline of line i inside a box; Xen's state lines sit below the event-channel bus. */
const lineY = (b: Box, i: number): number =>
  b.kind === 'xen' ? (i === 0 ? 20 : 50 + i * 20) : b.kind === 'domain' ? 22 : 18 + i * 17

/** Owns one SVG subtree: boxes keyed by what they show, wires keyed by their port pair. */
export function createXenDomainsView(svgEl: SVGSVGElement): XenDomainsView {
  const svg = select(svgEl)
  const gBoxes = svg.append('g').attr('class', 'xd-boxes')
  const gWires = svg.append('g').attr('class', 'xd-wires')
  const pulse = svg.append('circle').attr('class', 'xd-pulse').attr('r', 8).attr('opacity', 0)

  function update(layout: XenDomainsLayout, { duration }: XenDomainsViewOptions): void {
    svg.attr('viewBox', `0 0 ${layout.width} ${layout.height}`)
    const move = transition('xd-move').duration(duration).ease(easeCubicInOut)

    const boxes = gBoxes
      .selectAll<SVGGElement, Box>('g.xd-box')
      .data(layout.boxes, (d) => d.key)
      .join((enter) => {
        const g = enter
          .append('g')
          .attr('transform', (d) => `translate(${d.x},${d.y})`)
          .attr('opacity', duration > 0 ? 0 : 1)
        g.append('rect').attr('class', 'xd-rect').attr('rx', 8)
        return g
      })
    boxes
      .attr(
        'class',
        (d) =>
          `xd-box kind-${d.kind}${d.variant ? ` variant-${d.variant}` : ''}${d.active ? ' active' : ''}`,
      )
      .attr('data-testid', (d) => `xd-${d.key}`)
      .attr('data-focus', (d) => (layout.focus === d.key ? '' : null))
    boxes
      .select<SVGRectElement>('.xd-rect')
      .attr('width', (d) => d.w)
      .attr('height', (d) => d.h)
    boxes
      .selectAll<SVGTextElement, { b: Box; text: string; i: number }>('text')
      .data((d) => d.lines.map((text, i) => ({ b: d, text, i })))
      .join('text')
      .attr('class', (d) => (d.i === 0 ? 'xd-title' : 'xd-line'))
      .attr('x', 10)
      .attr('y', (d) => lineY(d.b, d.i))
      .call(setText, (d) => d.text)
    if (duration > 0) {
      boxes
        .transition(move)
        .attr('opacity', 1)
        .attr('transform', (d) => `translate(${d.x},${d.y})`)
    } else {
      boxes.attr('opacity', 1).attr('transform', (d) => `translate(${d.x},${d.y})`)
    }

    const wires = gWires
      .selectAll<SVGGElement, Wire>('g.xd-wire')
      .data(layout.wires, (d) => d.key)
      .join((enter) => {
        const g = enter.append('g')
        g.append('path').attr('class', 'xd-wire-path')
        g.append('text').attr('class', 'xd-wire-label')
        return g
      })
    wires
      .attr('class', (d) => `xd-wire${d.lit ? ' lit' : ''}`)
      .attr('data-testid', (d) => `xd-wire-${d.key}`)
    wires.select('.xd-wire-path').attr('d', (d) => d.d)
    wires
      .select('.xd-wire-label')
      .attr('x', (d) => d.lx)
      .attr('y', (d) => d.ly)
      .call(setText, (d) => (d.lit ? `⚡ ${d.label}` : d.label))

    // A pulse runs along the lit wire, from the sender to the receiver.
    interrupt(pulse.node() as Element)
    const lit = layout.wires.find((w) => w.lit)
    const path = lit
      ? gWires
          .selectAll<SVGGElement, Wire>('g.xd-wire')
          .filter((d) => d.key === lit.key)
          .select<SVGPathElement>('path')
          .node()
      : null
    if (!lit || !path || duration === 0) {
      pulse.attr('opacity', 0)
      return
    }
    const forward = lit.from === 'domU'
    pulse
      .attr('opacity', 1)
      .transition()
      .duration(duration * 2)
      .ease(easeCubicInOut)
      .tween('along', () => (u: number) => {
        const pt = pointAlong(lit.points, forward ? u : 1 - u)
        pulse.attr('cx', pt.x).attr('cy', pt.y)
      })
      .on('end', () => pulse.attr('opacity', 0))
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
