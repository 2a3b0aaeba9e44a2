// Which steps of a scenario leave every panel's picture as it was, and whether each is a
// deliberate pause its phase marks. Shared by test/every-press.test.ts and
// scripts/unchanged.ts.
import type { Frame } from '../src/engine/index.ts'
import { type PanelId, type Pause, type Scenario, pauseAt } from '../src/scenarios/index.ts'
import { pictureKey } from './panelLayouts.ts'

export type PictureKey = (p: PanelId, f: Frame, frames: readonly Frame[]) => string

export interface PressReport {
  /** 1-based steps where no panel's picture changed. */
  readonly unchanged: readonly number[]
  /** Unchanged steps no phase marks as a pause. */
  readonly unmarked: readonly number[]
  /** Steps marked as a pause whose picture does change (the mark is stale). */
  readonly stale: readonly number[]
  /** The marked pauses, by step. */
  readonly pauses: readonly { readonly step: number; readonly pause: Pause }[]
}

export function checkPresses(
  s: Pick<Scenario, 'panels' | 'phases'>,
  frames: readonly Frame[],
  key: PictureKey = pictureKey,
): PressReport {
  const unchanged: number[] = []
  const unmarked: number[] = []
  const stale: number[] = []
  const pauses: { step: number; pause: Pause }[] = []
  let prev: string[] | null = null
  frames.forEach((f, i) => {
    const keys = s.panels.map((p) => key(p, f, frames))
    const same = prev !== null && keys.every((k, j) => k === prev?.[j])
    const pause = pauseAt(s, frames, i)
    if (pause) pauses.push({ step: i + 1, pause })
    if (same) unchanged.push(i + 1)
    if (same && !pause) unmarked.push(i + 1)
    if (!same && pause) stale.push(i + 1)
    prev = keys
  })
  return { unchanged, unmarked, stale, pauses }
}

/** "2-5, 9" from [2, 3, 4, 5, 9]. */
export function ranges(xs: readonly number[]): string {
  const out: string[] = []
  for (let i = 0; i < xs.length;) {
    let j = i
    while (j + 1 < xs.length && xs[j + 1] === (xs[j] ?? 0) + 1) j++
    out.push(i === j ? `${xs[i]}` : `${xs[i]}-${xs[j]}`)
    i = j + 1
  }
  return out.join(', ')
}
