import type { BaseType, Selection } from 'd3'

/**
 * `selection.call(setText, value)`: d3's `.text()` without the cost of unchanged text. d3
 * replaces each element's text node on every call, so a step that leaves a label as it was
 * still makes the browser lay that text out again; this writes only the labels that differ.
 */
export function setText<E extends BaseType, D, P extends BaseType, PD>(
  selection: Selection<E, D, P, PD>,
  value: string | ((d: D, i: number) => string),
): void {
  selection.each(function write(this: E, d: D, i: number) {
    const text = typeof value === 'function' ? value(d, i) : value
    const node = this as unknown as Node | null
    if (node && node.textContent !== text) node.textContent = text
  })
}
