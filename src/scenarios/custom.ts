import type { PanelId, Scenario } from './types.ts'

/** The id under which a loaded script file opens: `#/custom/<step>/<lines>`. */
export const CUSTOM_ID = 'custom'

/**
 * A script someone loaded: no phases of its own, so narration comes from the events. Its
 * panels follow from what its lines did (panelsFor in ./panels.ts, which arrives with the
 * script runner); with none yet it is only the empty shell the lines are run against.
 */
export function customScenario(panels: readonly PanelId[]): Scenario {
  return {
    id: CUSTOM_ID,
    topic: 'memory',
    title: { en: 'Your script', zh: '你的脚本' },
    summary: { en: 'A script loaded from a file', zh: '从文件载入的脚本' },
    panels,
    phases: [],
  }
}

/**
 * The id under which an authored scenario opens: `#/authored/<step>/<payload>`, the whole
 * scenario in the payload (state/authored.ts), or `#/authored/<step>` for one loaded from a
 * file too large for a link (held in the page until it closes).
 */
export const AUTHORED_ID = 'authored'

/** The editor's route: `#/edit`. */
export const EDIT_ID = 'edit'
