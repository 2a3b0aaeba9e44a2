import { type RefObject, useEffect, useRef } from 'react'
import { useReducedMotion } from '../hooks/useReducedMotion.ts'

/** What a d3 factory in this folder returns: one owner of one SVG subtree. */
export interface D3View<L> {
  update(layout: L, options: { readonly duration: number }): void
  destroy(): void
}

/**
 * Creates the view once for the panel's <svg>, feeds it every new layout, destroys it on
 * unmount. Under prefers-reduced-motion the duration is 0, so each step lands at once.
 */
export function useD3View<L>(
  create: (svg: SVGSVGElement) => D3View<L>,
  layout: L,
  durationMs = 450,
): RefObject<SVGSVGElement | null> {
  const reduced = useReducedMotion()
  const svgRef = useRef<SVGSVGElement>(null)
  const viewRef = useRef<D3View<L> | null>(null)
  useEffect(() => {
    if (!svgRef.current) return
    const view = create(svgRef.current)
    viewRef.current = view
    return () => {
      view.destroy()
      viewRef.current = null
    }
  }, [create])
  useEffect(() => {
    viewRef.current?.update(layout, { duration: reduced ? 0 : durationMs })
  }, [layout, reduced, durationMs])
  return svgRef
}
