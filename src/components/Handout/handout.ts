import type { Frame } from '../../engine/index.ts'
import type { Localized } from '../../console/index.ts'
import type { PlacedQuestion } from '../../quiz/questions.ts'
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

/** One question as the handout prints it: in its phase's block, and again on the answers page. */
export interface HandoutQuestion {
  /** 1-based, in the order the questions come in the scenario (phase by phase, step by step). */
  readonly number: number
  readonly phaseId: string
  /** The step whose events answer it, 1-based in the whole scenario; the player asks it on the
   *  step before (QuizBox), so a student predicts before seeing it. Null if it has no step. */
  readonly step: number | null
  readonly body:
    | {
        readonly ok: true
        readonly prompt: Localized
        /** A choice question's options, lettered a, b, c… in the generator's fixed order;
         *  null for a question answered with a whole number. */
        readonly choices: readonly { readonly letter: string; readonly label: Localized }[] | null
        /** The right option's letter (a choice question), or null. */
        readonly letter: string | null
        readonly answerText: Localized
        readonly explanation: Localized
      }
    /** A question that could not be generated (a forged or stale step): why, in words. */
    | { readonly ok: false; readonly message: Localized }
}

/** The letter of the `i`-th option (0-based): a … z, then aa, ab… (no generator offers 26). */
export function choiceLetter(i: number): string {
  const a = 'a'.charCodeAt(0)
  return i < 26
    ? String.fromCharCode(a + i)
    : choiceLetter(Math.floor(i / 26) - 1) + choiceLetter(i % 26)
}

/**
 * The handout's questions from `placeQuestions`: numbered in the phases' order and, within a
 * phase, by step (a question that has no step keeps its place in its phase's list).
 */
export function handoutQuestions(
  phases: readonly Pick<Phase, 'id'>[],
  placed: readonly PlacedQuestion[],
): HandoutQuestion[] {
  const order = new Map(phases.map((p, i) => [p.id, i]))
  const sorted = placed
    .map((q, i) => ({ q, i }))
    .sort(
      (x, y) =>
        (order.get(x.q.phaseId) ?? 0) - (order.get(y.q.phaseId) ?? 0) ||
        x.q.question.step - y.q.question.step ||
        x.i - y.i,
    )
  return sorted.map(({ q }, i) => {
    const g = q.generated
    const base = { number: i + 1, phaseId: q.phaseId, step: q.index < 0 ? null : q.index + 1 }
    if (!g.ok) return { ...base, body: { ok: false, message: g.error.message } }
    const v = g.value
    const choices =
      v.type === 'choice'
        ? v.choices.map((c, k) => ({ letter: choiceLetter(k), label: c.label }))
        : null
    const at = v.type === 'choice' ? v.choices.findIndex((c) => c.id === v.answer) : -1
    return {
      ...base,
      body: {
        ok: true,
        prompt: v.prompt,
        choices,
        letter: at < 0 ? null : choiceLetter(at),
        answerText: v.answerText,
        explanation: v.explanation,
      },
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
 * The scale that makes a picture fit a page: `fixed` is what must share the page with it (its
 * phase's heading), `picture` its height at scale 1. Never enlarges; never below `min` (a
 * picture that small is unreadable: a panel that still overflows is one to redesign).
 */
export function fitZoom(budget: number, fixed: number, picture: number, min = 0.3): number {
  if (picture <= 0) return 1
  const z = (budget - fixed) / picture
  return Math.max(min, Math.min(1, z))
}

/** A piece of the handout that is never split across pages (a heading, a panel, a text). */
export interface SheetUnit {
  readonly height: number
  /** The first unit of a phase: the phase moves to a fresh page when it does not fit whole. */
  readonly blockStart: boolean
  /** The rest of this unit's phase, from it on (the whole phase at its first unit). */
  readonly blockRest: number
  /** Never the last thing on a page (a heading stays with its picture). */
  readonly keepWithNext: boolean
  /** Always starts a page (the answers, kept apart from the questions). */
  readonly pageStart?: boolean
}

/**
 * Which page each unit goes on (0-based), filling pages of `budget` px in order. A phase that
 * fits on the rest of a page stays there; one that does not starts a new page; a phase taller
 * than a page is split between units only; a `pageStart` unit always opens a page (unless it
 * would be the first thing on page 0). `first` is taken from page 0 (the title above).
 */
export function packSheets(units: readonly SheetUnit[], budget: number, first = 0): number[] {
  const out: number[] = []
  let sheet = 0
  let used = first
  units.forEach((u, i) => {
    const next = units[i + 1]
    const need = u.keepWithNext && next ? u.height + next.height : u.height
    const fits = (h: number): boolean => used + h <= budget
    // The title makes the first page not empty: a phase that does not fit under it moves on.
    const empty = used === 0
    // A phase that fits here stays; one that would fit a page of its own goes to one; a phase
    // taller than any page starts where its first unit (and what it keeps with) still fits.
    const newSheet =
      u.pageStart === true ||
      (u.blockStart ? !fits(u.blockRest) && (u.blockRest <= budget || !fits(need)) : !fits(need))
    if (!empty && newSheet) {
      sheet += 1
      used = 0
    }
    out.push(sheet)
    used += u.height
  })
  return out
}
