import { easeCubicInOut, interrupt, select, type Selection, transition } from 'd3'
import { CELL, type Layout, type Link, cellWidth } from '../AddressSpaces/layout.ts'
import { bezierPoint, flattenBezier, linkCurve, polylineLength } from './geometry.ts'
import { setText } from './text.ts'

/** Whether the link or cell with this key is the step's focus (marked `data-focus`). */
const isFocus = (layout: Layout, kind: 'link' | 'cell' | 'header', key: string): boolean =>
  layout.focus !== null && layout.focus.kind === kind && layout.focus.key === key

export interface ViewOptions {
  /** 0 under prefers-reduced-motion: every change lands at once. */
  readonly duration: number
}

export interface AddressSpacesView {
  update(layout: Layout, options: ViewOptions): void
  destroy(): void
}

const linkPath = (l: Link): string => {
  const mx = (l.from.x + l.to.x) / 2
  return `M${l.from.x},${l.from.y} C${mx},${l.from.y} ${mx},${l.to.y} ${l.to.x},${l.to.y}`
}

/**
 * Owns one SVG subtree and animates it from layout to layout. Created once per panel,
 * fed every frame through update(), removed by destroy().
 */
export function createAddressSpacesView(svgEl: SVGSVGElement): AddressSpacesView {
  const svg = select(svgEl)
  const defs = svg.append('defs')
  for (const kind of ['guest', 'host', 'active'] as const) {
    defs
      .append('marker')
      .attr('id', `arrow-${kind}`)
      .attr('viewBox', '0 0 10 10')
      .attr('refX', 9)
      .attr('refY', 5)
      // Fixed size in user units: a thick active arrow must not get a giant head.
      .attr('markerUnits', 'userSpaceOnUse')
      .attr('markerWidth', 14)
      .attr('markerHeight', 14)
      .attr('orient', 'auto-start-reverse')
      .append('path')
      .attr('d', 'M0,0 L10,5 L0,10 z')
      .attr('class', `arrowhead arrowhead-${kind}`)
  }
  // Diagonal hatching marks the second guest's cells, so guests differ without colour.
  defs
    .append('pattern')
    .attr('id', 'hatch')
    .attr('width', 8)
    .attr('height', 8)
    .attr('patternUnits', 'userSpaceOnUse')
    .attr('patternTransform', 'rotate(45)')
    .append('line')
    .attr('x1', 0)
    .attr('y1', 0)
    .attr('x2', 0)
    .attr('y2', 8)
    .attr('class', 'hatch-line')

  const gHeaders = svg.append('g').attr('class', 'headers')
  const gLinks = svg.append('g').attr('class', 'links')
  const gCells = svg.append('g').attr('class', 'cells')
  const token = svg.append('circle').attr('class', 'token').attr('r', 9).attr('opacity', 0)

  function update(layout: Layout, { duration }: ViewOptions): void {
    svg.attr('viewBox', `0 0 ${layout.width} ${layout.height}`)
    // One shared transition per update, so every moving part lands together.
    const move = transition('move').duration(duration).ease(easeCubicInOut)

    gHeaders
      .selectAll<SVGTextElement, Layout['headers'][number]>('text')
      .data(layout.headers, (d) => d.key)
      .join('text')
      .attr(
        'class',
        (d) =>
          `header vm-${d.vmIndex % 4}${d.emphasis ? ' emphasis' : ''}${d.key.startsWith('h:vm') ? ' vm-title' : ''}`,
      )
      .attr('x', (d) => d.x + d.width / 2)
      .attr('y', (d) => d.y)
      .attr('text-anchor', 'middle')
      .attr('data-focus', (d) => (isFocus(layout, 'header', d.key) ? '' : null))
      .call(setText, (d) => d.text)

    const links = gLinks
      .selectAll<SVGPathElement, Link>('path')
      .data(layout.links, (d) => d.key)
      .join((enter) => enter.append('path').attr('d', linkPath))
    links
      .attr('class', (d) => `link link-${d.kind} vm-${d.vmIndex % 4}${d.active ? ' active' : ''}`)
      .attr('marker-end', (d) => `url(#arrow-${d.active ? 'active' : d.kind})`)
      .attr('data-testid', (d) => `link-${d.key}`)
      .attr('data-focus', (d) => (isFocus(layout, 'link', d.key) ? '' : null))
    if (duration > 0) {
      links.transition(move).attr('d', linkPath)
    } else {
      links.attr('d', linkPath)
    }
    // A mapping made at this step draws itself from source to target.
    links
      .filter((d) => d.fresh)
      .each((_d, i, nodes) => {
        const path = nodes[i]
        if (!path) return
        const len = polylineLength(flattenBezier(linkCurve(_d.from, _d.to)))
        if (duration === 0 || len === 0) return
        select(path)
          .attr('stroke-dasharray', `${len} ${len}`)
          .attr('stroke-dashoffset', len)
          .transition()
          .duration(duration * 1.5)
          .ease(easeCubicInOut)
          .attr('stroke-dashoffset', 0)
          .on('end', () =>
            select(path).attr('stroke-dasharray', null).attr('stroke-dashoffset', null),
          )
      })
    links
      .filter((d) => !d.fresh)
      .attr('stroke-dasharray', null)
      .attr('stroke-dashoffset', null)

    const cells = gCells
      .selectAll<SVGGElement, Layout['cells'][number]>('g.cell')
      .data(layout.cells, (d) => d.key)
      .join((enter) => {
        const g = enter
          .append('g')
          .attr('class', 'cell')
          .attr('transform', (d) => `translate(${d.x},${d.y})`)
        g.append('rect')
          .attr('class', 'cell-bg')
          .attr('width', (d) => cellWidth(d.kind))
          .attr('height', CELL.height)
          .attr('rx', 6)
        g.append('rect')
          .attr('class', 'cell-hatch')
          .attr('width', (d) => cellWidth(d.kind))
          .attr('height', CELL.height)
          .attr('rx', 6)
        g.append('text').attr('class', 'cell-label').attr('x', 10).attr('y', 17)
        g.append('text').attr('class', 'cell-sub').attr('x', 10).attr('y', 33)
        g.append('text')
          .attr('class', 'cell-owner')
          .attr('x', (d) => cellWidth(d.kind) - 8)
          .attr('y', 33)
          .attr('text-anchor', 'end')
        return g
      })
    cells
      .attr(
        'class',
        (d) =>
          `cell cell-${d.kind} vm-${d.vmIndex % 4}${d.active ? ' active' : ''}${d.missing ? ' missing' : ''}`,
      )
      .attr('data-testid', (d) => `cell-${d.key}`)
      .attr('data-focus', (d) => (isFocus(layout, 'cell', d.key) ? '' : null))
    const moved = duration > 0 ? cells.transition(move) : cells
    ;(moved as Selection<SVGGElement, Layout['cells'][number], SVGGElement, unknown>).attr(
      'transform',
      (d) => `translate(${d.x},${d.y})`,
    )
    cells
      .select('.cell-hatch')
      .attr('fill', (d) =>
        (d.kind !== 'm' && d.vmIndex % 2 === 1) ||
        (d.kind === 'm' && d.owners.length > 0 && d.vmIndex % 2 === 1)
          ? 'url(#hatch)'
          : 'none',
      )
    cells.select('.cell-label').call(setText, (d) => d.label)
    cells.select('.cell-sub').call(setText, (d) => d.sub)
    cells.select('.cell-owner').call(setText, (d) => d.owners.join(', '))

    // The token travels along the arrow this step uses.
    const path = layout.token
      ? gLinks
          .selectAll<SVGPathElement, Link>('path')
          .filter((d) => d.key === layout.token?.link)
          .node()
      : null
    interrupt(token.node() as Element)
    if (!path || !layout.token) {
      token.attr('opacity', 0)
      return
    }
    const target = layout.links.find((l) => l.key === layout.token?.link)
    if (!target) return
    if (duration === 0) {
      token.attr('opacity', 1).attr('cx', target.to.x).attr('cy', target.to.y)
      return
    }
    const curve = linkCurve(target.from, target.to)
    token
      .attr('opacity', 1)
      .attr('cx', target.from.x)
      .attr('cy', target.from.y)
      .transition()
      .duration(duration * 1.5)
      .ease(easeCubicInOut)
      .tween('along', () => (u: number) => {
        const pt = bezierPoint(curve, u)
        token.attr('cx', pt.x).attr('cy', pt.y)
      })
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
