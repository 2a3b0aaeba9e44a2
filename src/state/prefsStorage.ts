import * as v from 'valibot'
import type { Prefs } from './store.ts'

const KEY = 'vmscope.prefs.v1'

const StoredPrefs = v.object({
  lang: v.optional(v.picklist(['en', 'zh'])),
  theme: v.optional(v.picklist(['system', 'light', 'dark'])),
})

/** Reads remembered preferences; anything unreadable is ignored, never fatal. */
export function loadPrefs(storage: Storage | undefined): Partial<Prefs> {
  try {
    const raw = storage?.getItem(KEY)
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

export function savePrefs(storage: Storage | undefined, prefs: Prefs): void {
  try {
    storage?.setItem(KEY, JSON.stringify({ lang: prefs.lang, theme: prefs.theme }))
  } catch {
    // Private mode or a full quota: the app works on, it just forgets.
  }
}
