// performance.measure() entries, in development and production alike: how long each panel's
// subtree took to render, and its effects (the d3 views draw there) to run, on every render
// the stage gives it; and the same for the whole player (stage, narration, script, controls),
// so what is not the panels shows too. `npm run bench:ui` sums them per key press
// (scripts/bench-ui.ts). A panel the stage skips (its picture did not change, PanelSlot)
// makes no entry.
import { useEffect } from 'react'
import type { PanelId } from '../../scenarios/index.ts'

export type Phase = 'render' | 'effects'

/** A measured part: one panel (`vmscope:panel:<id>`) or the whole player (`vmscope:player`). */
export type Part = { readonly panel: PanelId } | 'player'

/** The entry name: `vmscope:panel:<id>:render`, `vmscope:player:effects`, … */
export const measureName = (part: Part, phase: Phase): string =>
  `${part === 'player' ? 'vmscope:player' : `vmscope:panel:${part.panel}`}:${phase}`

/** The entry name of a panel's phase. */
export const panelMeasure = (id: PanelId, phase: Phase): string => measureName({ panel: id }, phase)

const started = new Map<string, number>()
// Entries stay in the page's buffer until cleared: a long lecture would make thousands.
// Observers (the bench) have them already when they are cleared.
const CLEAR_EVERY = 2000
let made = 0
const names = new Set<string>()

const canMeasure = typeof performance !== 'undefined' && typeof performance.measure === 'function'

function start(name: string): void {
  if (canMeasure) started.set(name, performance.now())
}

function end(name: string): void {
  const from = started.get(name)
  if (from === undefined) return
  started.delete(name)
  measureSince(name, from)
}

/** Runs `work` and makes a `name` entry of how long it took (the stage's focus scroll). */
export function measured<T>(name: string, work: () => T): T {
  if (!canMeasure) return work()
  const from = performance.now()
  try {
    return work()
  } finally {
    measureSince(name, from)
  }
}

function measureSince(name: string, from: number): void {
  if (!canMeasure) return
  performance.measure(name, { start: from, end: performance.now() })
  names.add(name)
  if (++made % CLEAR_EVERY === 0) for (const n of names) performance.clearMeasures(n)
}

// React renders siblings in order, each subtree whole, and runs effects in the same order: what
// happens between the marker before a part and the marker after it is that part's own work.

/** Put right before the part, as its sibling. */
export function MeasureBefore({ part }: { readonly part: Part }) {
  start(measureName(part, 'render'))
  useEffect(() => start(measureName(part, 'effects')))
  return null
}

/** Put right after the part, as its sibling. */
export function MeasureAfter({ part }: { readonly part: Part }) {
  end(measureName(part, 'render'))
  useEffect(() => end(measureName(part, 'effects')))
  return null
}
