import type { Frame } from '../engine/index.ts'
import type { VmStore } from './store.ts'

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

export const selectChaptersOpen = (s: VmStore) => s.chaptersOpen
