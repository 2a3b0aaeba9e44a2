import type { Localized } from '../console/index.ts'
import type { Frame } from '../engine/index.ts'
import type { Scenario } from '../scenarios/index.ts'
import type { VmStore } from './store.ts'

/** A phase as the player sees it: a titled run of steps, a jump target. */
export interface Chapter {
  readonly id: string
  readonly title: Localized
  /** 0-based frame index of its first step. */
  readonly first: number
  /** 0-based frame index of its last step. */
  readonly last: number
  readonly setup: boolean
}

/** Lines someone added in the console, after the scenario's own script (store.ts). */
export const ADDED_CHAPTER_ID = 'console'
const ADDED_TITLE: Localized = { en: 'Your added lines', zh: '你添加的命令' }

const isAdded = (phaseId: string): boolean => phaseId.startsWith('console-')

/**
 * The chapters of a run, in order: each maximal run of frames of one phase. Frames are
 * derived, not the phase list, so a phase that produced no step has no chapter and the ranges
 * always match what the player steps through. Added console lines form one last chapter.
 */
export function chaptersOf(
  scenario: Pick<Scenario, 'phases'>,
  frames: readonly Pick<Frame, 'phaseId'>[],
): readonly Chapter[] {
  const byId = new Map(scenario.phases.map((p) => [p.id, p]))
  const out: Chapter[] = []
  let start = 0
  for (let i = 1; i <= frames.length; i++) {
    const id = frames[start]?.phaseId ?? ''
    const here = frames[i]?.phaseId
    // Added lines are one phase each (`console-N`) but read as one chapter.
    if (i < frames.length && (here === id || (isAdded(id) && here !== undefined && isAdded(here))))
      continue
    const phase = byId.get(id)
    if (phase)
      out.push({ id, title: phase.title, first: start, last: i - 1, setup: phase.setup === true })
    else if (isAdded(id))
      out.push({
        id: ADDED_CHAPTER_ID,
        title: ADDED_TITLE,
        first: start,
        last: i - 1,
        setup: false,
      })
    start = i
  }
  return out
}

// The store keeps one run per view; its chapters are worked out once per run.
const cache = new WeakMap<object, readonly Chapter[]>()

/** chaptersOf, remembered per run (`run.trace.frames` is never mutated once made). */
export function chaptersOfRun(
  scenario: Pick<Scenario, 'phases'>,
  frames: readonly Pick<Frame, 'phaseId'>[],
): readonly Chapter[] {
  let c = cache.get(frames)
  if (!c) {
    c = chaptersOf(scenario, frames)
    cache.set(frames, c)
  }
  return c
}

/** The index of the chapter holding `cursor`, or -1 (no chapters). */
export function chapterIndexAt(chapters: readonly Chapter[], cursor: number): number {
  return chapters.findIndex((c) => cursor >= c.first && cursor <= c.last)
}

/** Where "next chapter" goes: the next chapter's first step, or null at the last chapter. */
export function nextChapterStart(chapters: readonly Chapter[], cursor: number): number | null {
  return chapters.find((c) => c.first > cursor)?.first ?? null
}

/**
 * Where "previous chapter" goes, as slide software and media players do: inside a chapter,
 * back to its first step; on its first step, to the previous chapter's first step.
 */
export function prevChapterStart(chapters: readonly Chapter[], cursor: number): number | null {
  for (let i = chapters.length - 1; i >= 0; i--) {
    const c = chapters[i]
    if (c && c.first < cursor) return c.first
  }
  return null
}

/**
 * The first step after the setup chapters (they come first), or null when the scenario has
 * no setup or nothing follows it.
 */
export function afterSetup(chapters: readonly Chapter[]): number | null {
  const i = chapters.findIndex((c) => !c.setup)
  return i > 0 ? (chapters[i]?.first ?? null) : null
}

/** Where "Skip setup" goes from `cursor`: past the setup while inside it, else nowhere. */
export function skipSetupTarget(chapters: readonly Chapter[], cursor: number): number | null {
  const target = afterSetup(chapters)
  return target !== null && cursor < target ? target : null
}

const NO_CHAPTERS: readonly Chapter[] = []

/** The open scenario's chapters (one array per run, so the selection is stable). */
export const selectChapters = (s: VmStore): readonly Chapter[] =>
  s.view.kind === 'player' ? chaptersOfRun(s.view.scenario, s.view.run.trace.frames) : NO_CHAPTERS
