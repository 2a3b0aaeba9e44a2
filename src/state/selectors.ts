import type { Frame } from '../engine/index.ts'
import type { VmStore } from './store.ts'
import { type Chapter, chaptersOfRun } from './chapters.ts'

export const selectView = (s: VmStore) => s.view
export const selectPlayback = (s: VmStore) => s.playback
/**
 * What the step controls show. Use with zustand's useShallow: a new object each call, equal
 * field by field while playing between steps (only `carry` moves then), so no re-render.
 */
export const selectControls = ({ playback: p }: VmStore) => ({
  cursor: p.cursor,
  length: p.length,
  status: p.status,
  speed: p.speed,
})
export const selectPrefs = (s: VmStore) => s.prefs
export const selectLang = (s: VmStore) => s.prefs.lang
export const selectPresenter = (s: VmStore) => s.prefs.presenter
export const selectHelpOpen = (s: VmStore) => s.helpOpen

export const selectFrame = (s: VmStore): Frame | null =>
  s.view.kind === 'player' ? (s.view.run.trace.frames[s.playback.cursor] ?? null) : null

const NO_CHAPTERS: readonly Chapter[] = []

/** The open scenario's chapters (one array per run, so the selection is stable). */
export const selectChapters = (s: VmStore): readonly Chapter[] =>
  s.view.kind === 'player' ? chaptersOfRun(s.view.scenario, s.view.run.trace.frames) : NO_CHAPTERS
export const selectChaptersOpen = (s: VmStore) => s.chaptersOpen
