import { loadUiStrings } from '../../i18n/index.ts'

/**
 * The player's chunk (narration, script, controls) and the English strings it and the panels
 * show: fetched with a scenario, or when idle.
 */
export const loadPlayerView = () =>
  Promise.all([import('./PlayerView.tsx'), loadUiStrings()]).then(([m]) => m)
