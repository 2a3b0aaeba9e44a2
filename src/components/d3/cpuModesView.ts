import { easeCubicInOut, select, transition } from 'd3'
import { type Band, CPU_VIEW, type CpuLayout, ringY } from '../CpuModes/layout.ts'
import { setText } from './text.ts'

export interface CpuViewLabels {
  readonly column: (operation: string) => string
  readonly ring: (ring: number) => string
  readonly occupant: (o: string) => string
  readonly entry: string
  readonly exit: string
  readonly trap: string
  readonly here: string
}

export interface CpuViewOptions {
  readonly duration: number
  /** Mark the band where the processor now executes as the stage's focus (`data-focus`). */
  readonly focus: boolean
}

export interface CpuModesView {
  update(layout: CpuLayout, labels: CpuViewLabels, options: CpuViewOptions): void
  destroy(): void
}

/**
 * Rings as bands per VMX operation, VM entry / exit arrows between the two ring-0 bands, and a
 * marker that glides to where the processor now executes (instant when duration is 0).
 */
export function createCpuModesView(svgEl: SVGSVGElement): CpuModesView {
  const svg = select(svgEl)
  svg.attr('viewBox', `0 0 ${CPU_VIEW.width} ${CPU_VIEW.height}`)
  const defs = svg.append('defs')
  defs
    .append('marker')
    .attr('id', 'cpu-arrow')
    .attr('viewBox', '0 0 10 10')
    .attr('refX', 9)
    .attr('refY', 5)
    .attr('markerUnits', 'userSpaceOnUse')
    .attr('markerWidth', 14)
    .attr('markerHeight', 14)
    .attr('orient', 'auto-start-reverse')
    .append('path')
    .attr('d', 'M0,0 L10,5 L0,10 z')
    .attr('class', 'cpu-arrowhead')
  const gCols = svg.append('g').attr('class', 'cpu-columns')
  const gBands = svg.append('g').attr('class', 'cpu-bands')
  const gArrows = svg.append('g').attr('class', 'cpu-arrows')
  const token = svg.append('g').attr('class', 'cpu-token').attr('opacity', 0)
  token.append('circle').attr('r', 13)
  token.append('text').attr('class', 'cpu-token-text').attr('x', 20).attr('y', 5)
  let placed = false

  function update(
    layout: CpuLayout,
    labels: CpuViewLabels,
    { duration, focus }: CpuViewOptions,
  ): void {
    gCols
      .selectAll<SVGTextElement, CpuLayout['columns'][number]>('text')
      .data(layout.columns, (d) => d.key)
      .join('text')
      .attr('class', 'cpu-column-title')
      .attr('x', (d) => d.x + d.width / 2)
      .attr('y', 40)
      .attr('text-anchor', 'middle')
      .call(setText, (d) => labels.column(d.operation))

    const bands = gBands
      .selectAll<SVGGElement, Band>('g.cpu-band')
      .data(layout.bands, (d) => d.key)
      .join((enter) => {
        const g = enter.append('g').attr('class', 'cpu-band')
        g.append('rect').attr('rx', 6)
        g.append('text').attr('class', 'cpu-ring-label').attr('x', 12)
        g.append('text').attr('class', 'cpu-occupant')
        return g
      })
    bands
      .attr(
        'class',
        (d) =>
          `cpu-band${d.here ? ' here' : ''}${d.occupant ? '' : ' empty'}${d.key.startsWith('non-root') ? ' nonroot' : ''}`,
      )
      .attr('data-focus', (d) => (focus && d.here ? '' : null))
    bands
      .select('rect')
      .attr('x', (d) => d.x)
      .attr('y', (d) => d.y)
      .attr('width', (d) => d.width)
      .attr('height', (d) => d.height)
    bands
      .select<SVGTextElement>('text.cpu-ring-label')
      .attr('x', (d) => d.x + 12)
      .attr('y', (d) => d.y + d.height / 2 + 6)
      .call(setText, (d) => labels.ring(d.ring))
    bands
      .select<SVGTextElement>('text.cpu-occupant')
      .attr('x', (d) => d.x + 110)
      .attr('y', (d) => d.y + d.height / 2 + 6)
      .call(setText, (d) => (d.occupant ? labels.occupant(d.occupant) : ''))

    // Arrows: VM entry root→non-root and VM exit back, between the ring-0 bands (slide 47);
    // pre-VT: the trap from ring 1 down to the VMM at ring 0.
    const y0 = ringY(0)
    const arrows =
      layout.picture === 'vt-x'
        ? [
            { key: 'entry', d: `M432,${y0 + 12} L568,${y0 + 12}`, label: labels.entry, ly: y0 + 4 },
            { key: 'exit', d: `M568,${y0 + 40} L432,${y0 + 40}`, label: labels.exit, ly: y0 + 64 },
          ]
        : [
            {
              key: 'trap',
              d: `M720,${ringY(1) + 25} C790,${ringY(1) + 25} 790,${y0 + 25} 720,${y0 + 25}`,
              label: labels.trap,
              ly: ringY(1) - 6,
            },
          ]
    const a = gArrows
      .selectAll<SVGGElement, (typeof arrows)[number]>('g.cpu-arrow')
      .data(arrows, (d) => d.key)
      .join((enter) => {
        const g = enter.append('g').attr('class', 'cpu-arrow')
        g.append('path').attr('marker-end', 'url(#cpu-arrow)')
        g.append('text').attr('text-anchor', 'middle')
        return g
      })
    a.attr('class', (d) => `cpu-arrow${layout.transition === d.key ? ' active' : ''}`)
    a.select('path').attr('d', (d) => d.d)
    a.select<SVGTextElement>('text')
      .attr('x', (d) => (d.key === 'trap' ? 860 : 500))
      .attr('y', (d) => d.ly)
      .call(setText, (d) => (layout.transition === d.key ? `▶ ${d.label}` : d.label))

    token.select('text').call(setText, labels.here)
    const pos = `translate(${layout.token.x},${layout.token.y})`
    if (!placed || duration === 0) {
      token.interrupt().attr('transform', pos).attr('opacity', 1)
      placed = true
    } else {
      token
        .transition(transition('cpu-move').duration(duration).ease(easeCubicInOut))
        .attr('transform', pos)
        .attr('opacity', 1)
    }
  }

  return {
    update,
    destroy: () => {
      svg.selectAll('*').interrupt().remove()
    },
  }
}
