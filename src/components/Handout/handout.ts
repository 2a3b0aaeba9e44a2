import type { Frame } from '../../engine/index.ts'
import type { Phase, Scenario } from '../../scenarios/index.ts'

/** One phase of a handout: its picture is the stage at the phase's last step. */
export interface HandoutBlock {
  readonly phase: Phase
  /** 1-based, in the scenario's order (the chapter number). */
  readonly number: number
  /** The phase's last frame: the stage as the phase leaves it (its `now` text is true there). */
  readonly frame: Frame | null
  /** That frame's step, 1-based, in the whole scenario. */
  readonly step: number | null
  /** The phase's console lines as written (comments too: they explain the lines), no blanks. */
  readonly lines: readonly string[]
}

/**
 * The handout's blocks, one per phase, from the scenario's own run (the frames carry the
 * phase each came from). A phase that made no frame (only comments) keeps its text, no picture.
 */
export function handoutBlocks(
  scenario: Pick<Scenario, 'phases'>,
  frames: readonly Frame[],
): HandoutBlock[] {
  const last = new Map<string, Frame>()
  for (const f of frames) last.set(f.phaseId, f)
  return scenario.phases.map((phase, i) => {
    const frame = last.get(phase.id) ?? null
    return {
      phase,
      number: i + 1,
      frame,
      step: frame ? frame.index + 1 : null,
      lines: phase.script
        .split('\n')
        .map((l) => l.trim())
        .filter((l) => l !== ''),
    }
  })
}

/** Millimetres to CSS pixels (CSS fixes 96 px to the inch). */
export const mmToPx = (mm: number): number => (mm * 96) / 25.4

/**
 * The page box every block is fitted to, the smaller of A4 (210 × 297 mm) and US Letter
 * (8.5 × 11 in = 215.9 × 279.4 mm) less the @page margins (handout.css), so one handout prints
 * cleanly on either paper without a setting: 186 mm wide (A4's), 255.4 mm high (Letter's).
 */
export const PAGE_MARGIN_MM = 12
export const PAGE_WIDTH_MM = 210 - 2 * PAGE_MARGIN_MM
export const PAGE_HEIGHT_MM = 279.4 - 2 * PAGE_MARGIN_MM

/**
 * The zoom that makes a block fit a page: `fixed` is the block's height without its picture,
 * `picture` the picture's height at zoom 1. Never enlarges; never below `min` (a picture that
 * small is unreadable, so a block that still overflows is a scenario to split, not to shrink).
 */
export function fitZoom(budget: number, fixed: number, picture: number, min = 0.4): number {
  if (picture <= 0) return 1
  const z = (budget - fixed) / picture
  return Math.max(min, Math.min(1, z))
}
