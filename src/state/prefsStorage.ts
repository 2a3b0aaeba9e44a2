import * as v from 'valibot'
import { readStored, writeStored } from './safeStorage.ts'
import type { Prefs } from './store.ts'

const KEY = 'vmscope.prefs.v1'

const StoredPrefs = v.object({
  lang: v.optional(v.picklist(['en', 'zh'])),
  theme: v.optional(v.picklist(['system', 'light', 'dark'])),
})

/** Reads remembered preferences; no storage or anything unreadable is ignored, never fatal. */
export function loadPrefs(win?: Pick<Window, 'localStorage'>): Partial<Prefs> {
  try {
    const raw = readStored(KEY, win)
    if (!raw) return {}
    const r = v.safeParse(StoredPrefs, JSON.parse(raw))
    if (!r.success) return {}
    return {
      ...(r.output.lang ? { lang: r.output.lang } : {}),
      ...(r.output.theme ? { theme: r.output.theme } : {}),
    }
  } catch {
    return {}
  }
}

/** Private mode, a full quota or no storage at all: the app works on, it just forgets. */
export function savePrefs(prefs: Prefs, win?: Pick<Window, 'localStorage'>): void {
  writeStored(KEY, JSON.stringify({ lang: prefs.lang, theme: prefs.theme }), win)
}
