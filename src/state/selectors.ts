import type { Frame } from '../engine/index.ts'
import type { VmStore } from './store.ts'

export const selectView = (s: VmStore) => s.view
export const selectPlayback = (s: VmStore) => s.playback
export const selectPrefs = (s: VmStore) => s.prefs
export const selectLang = (s: VmStore) => s.prefs.lang
export const selectHelpOpen = (s: VmStore) => s.helpOpen

export const selectFrame = (s: VmStore): Frame | null =>
  s.view.kind === 'player' ? (s.view.run.trace.frames[s.playback.cursor] ?? null) : null
