import { type RefObject, useEffect, useRef } from 'react'
import { useReducedMotion } from '../hooks/useReducedMotion.ts'
import { measured } from './panelTiming.ts'

/** Room left between the focus and the stage's edge, in CSS pixels. */
const MARGIN = 12

/**
 * The elements a step is about: the `[data-focus]` of the panel holding the focus (its slot
 * carries `data-focus-owner`), else any `[data-focus]`, else the caption of the panel the
 * step is about, so a step that concerns a panel without naming one of its parts still
 * brings that panel into view.
 */
export function stageFocusTargets(stage: Element): Element[] {
  const owner = stage.querySelector('[data-focus-owner]')
  const marked = owner?.querySelectorAll('[data-focus]')
  if (marked && marked.length > 0) return [...marked]
  const any = stage.querySelectorAll('[data-focus]')
  if (any.length > 0) return [...any]
  const caption = owner?.querySelector('figcaption')
  return caption ? [caption] : []
}

/** The box around all the elements' boxes. */
function union(els: readonly Element[]): {
  top: number
  bottom: number
  left: number
  right: number
} {
  const rects = els.map((el) => el.getBoundingClientRect())
  return {
    top: Math.min(...rects.map((r) => r.top)),
    bottom: Math.max(...rects.map((r) => r.bottom)),
    left: Math.min(...rects.map((r) => r.left)),
    right: Math.max(...rects.map((r) => r.right)),
  }
}

const scrolls = (el: Element, axis: 'x' | 'y'): boolean => {
  const s = getComputedStyle(el)
  const o = axis === 'x' ? s.overflowX : s.overflowY
  return o === 'auto' || o === 'scroll'
}

/** The change to one scroll offset that shows [lo, hi] inside [viewLo, viewHi]; 0 if shown. */
function delta(lo: number, hi: number, viewLo: number, viewHi: number): number {
  // Taller (wider) than the view: show its start.
  if (hi - lo > viewHi - viewLo - 2 * MARGIN) return lo - viewLo - MARGIN
  if (lo < viewLo + MARGIN) return lo - viewLo - MARGIN
  if (hi > viewHi - MARGIN) return hi - viewHi + MARGIN
  return 0
}

/**
 * Scrolls the boxes between the elements and `stage`, then the stage itself, so that they are
 * fully shown (their start, when together they are taller than the stage), with `head`
 * (their panel) from its top when that fits too. Unlike scrollIntoView it stops at the stage:
 * the page itself never moves. When the stage does not scroll (the phone layout, where the
 * page does), nothing happens.
 */
export function revealInStage(
  els: readonly Element[],
  stage: HTMLElement,
  behavior: ScrollBehavior,
  head: Element | null = null,
): void {
  const first = els[0]
  if (!first) return
  // Inner boxes first (a wide table in a box that scrolls sideways): at once, so the stage's
  // own measurement below sees where the elements end up.
  for (let box = first.parentElement; box && box !== stage; box = box.parentElement) {
    if (!stage.contains(box)) return
    const r = union(els)
    const b = box.getBoundingClientRect()
    const left = b.left + box.clientLeft
    const top = b.top + box.clientTop
    if (box.scrollWidth > box.clientWidth && scrolls(box, 'x'))
      box.scrollLeft += delta(r.left, r.right, left, left + box.clientWidth)
    if (box.scrollHeight > box.clientHeight && scrolls(box, 'y'))
      box.scrollTop += delta(r.top, r.bottom, top, top + box.clientHeight)
  }
  if (!scrolls(stage, 'y')) return
  const r = union(els)
  const s = stage.getBoundingClientRect()
  const top = s.top + stage.clientTop
  const left = s.left + stage.clientLeft
  let dy = delta(r.top, r.bottom, top, top + stage.clientHeight)
  // When the stage has to move anyway, it shows the panel from its head if the focus still
  // fits below it: the panel holding the focus gets the stage, with its context.
  const h = head?.getBoundingClientRect().top ?? null
  if (dy !== 0 && h !== null && h <= r.top && r.bottom - h + MARGIN <= stage.clientHeight)
    dy = h - top
  const dx = scrolls(stage, 'x') ? delta(r.left, r.right, left, left + stage.clientWidth) : 0
  if (dx === 0 && dy === 0) return
  stage.scrollTo({ top: stage.scrollTop + dy, left: stage.scrollLeft + dx, behavior })
}

/**
 * After each step's render, brings the element the step is about into the stage's view.
 * Runs after the panels' own effects (d3 views mark their focus there), again when a panel
 * arrives late (a lazy chunk) or the focus mark moves, and when the stage is resized (the
 * presenter mode, a window resize); each time before the next paint (a step's in the frame's
 * animation callbacks), so nothing is drawn, or clicked, where it is about to move away from. Between steps it leaves the stage alone,
 * so a lecturer may scroll it by hand. It glides from one step's focus to the next (unless
 * the system asks for reduced motion); the first focus of an opened scenario is shown at once.
 */
export function useStageFocus(stage: RefObject<HTMLElement | null>, step: unknown): void {
  const reduced = useReducedMotion()
  const shown = useRef<{ step: unknown; el: Element | null }>({ step: undefined, el: null })
  useEffect(() => {
    const root = stage.current
    if (!root) return
    const run = (force: boolean): void => {
      const els = stageFocusTargets(root)
      const el = els[0] ?? null
      const last = shown.current
      if (!force && last.step === step && last.el === el) return
      shown.current = { step, el }
      const glide = !reduced && last.el !== null && last.el.isConnected
      const head = el?.closest('.stage-slot') ?? null
      revealInStage(els, root, glide ? 'smooth' : 'instant', head)
    }
    // Read the boxes in the frame's animation callbacks, still before its paint: the d3 views'
    // first transition tick asked for this frame earlier (in their effects) and runs first, so
    // the frame lays out once, here, instead of here and again after the tick. Reading them
    // forces style and layout: measured for bench:ui.
    const frame = requestAnimationFrame(() => measured('vmscope:stage-focus', () => run(false)))
    const mutations = new MutationObserver(() => run(false))
    mutations.observe(root, {
      subtree: true,
      childList: true,
      attributes: true,
      attributeFilter: ['data-focus'],
    })
    let first = true
    const resize =
      typeof ResizeObserver === 'undefined'
        ? null
        : new ResizeObserver(() => {
            // The observer reports once on observe(); only later reports are resizes.
            if (first) first = false
            else run(true)
          })
    resize?.observe(root)
    return () => {
      cancelAnimationFrame(frame)
      mutations.disconnect()
      resize?.disconnect()
    }
  }, [stage, step, reduced])
}
