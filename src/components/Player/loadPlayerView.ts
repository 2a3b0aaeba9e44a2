/** The player's chunk (narration, script, controls): fetched with a scenario, or when idle. */
export const loadPlayerView = () => import('./PlayerView.tsx')
