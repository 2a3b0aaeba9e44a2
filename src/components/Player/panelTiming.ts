// Per-panel performance.measure() entries, in development and production alike: how long each
// panel's subtree took to render, and its effects (the d3 views draw there) to run, on every
// render the stage gives it. `npm run bench:ui` sums them per key press (scripts/bench-ui.ts).
// A panel the stage skips (its picture did not change, PanelSlot) makes no entry.
import type { PanelId } from '../../scenarios/index.ts'

export type PanelPhase = 'render' | 'effects'

/** The entry name: `vmscope:panel:<id>:render` or `…:effects`. */
export const panelMeasure = (id: PanelId, phase: PanelPhase): string =>
  `vmscope:panel:${id}:${phase}`

const started = new Map<string, number>()
// Entries stay in the page's buffer until cleared: a long lecture would make thousands.
// Observers (the bench) have them already when they are cleared.
const CLEAR_EVERY = 2000
let made = 0
const names = new Set<string>()

const canMeasure = typeof performance !== 'undefined' && typeof performance.measure === 'function'

/** Where a phase of panel `id` starts (the marker before the panel). */
export function startPanel(id: PanelId, phase: PanelPhase): void {
  if (canMeasure) started.set(panelMeasure(id, phase), performance.now())
}

/** Where it ends (the marker after the panel): one measure entry from the start. */
export function endPanel(id: PanelId, phase: PanelPhase): void {
  const name = panelMeasure(id, phase)
  const start = started.get(name)
  if (!canMeasure || start === undefined) return
  started.delete(name)
  performance.measure(name, { start, end: performance.now() })
  names.add(name)
  if (++made % CLEAR_EVERY === 0) for (const n of names) performance.clearMeasures(n)
}
