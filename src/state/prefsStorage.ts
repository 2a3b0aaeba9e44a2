import { readStored, writeStored } from './safeStorage.ts'
import type { Prefs, Theme } from './store.ts'
import type { Lang, QuizMode } from './url.ts'

const KEY = 'vmscope.prefs.v1'

// Checked by hand, not with valibot: this runs before first paint, valibot waits for links.
const LANGS: readonly Lang[] = ['en', 'zh']
const THEMES: readonly Theme[] = ['system', 'light', 'dark']

/** `value` if it is one of `allowed`, else undefined. */
const oneOf = <T extends string>(allowed: readonly T[], value: unknown): T | undefined =>
  allowed.find((a) => a === value)

/** Reads remembered preferences; no storage or anything unreadable is ignored, never fatal. */
export function loadPrefs(win?: Pick<Window, 'localStorage'>): Partial<Prefs> {
  try {
    const raw = readStored(KEY, win)
    if (!raw) return {}
    const data: unknown = JSON.parse(raw)
    if (typeof data !== 'object' || data === null || Array.isArray(data)) return {}
    const lang = 'lang' in data ? oneOf(LANGS, data.lang) : undefined
    const theme = 'theme' in data ? oneOf(THEMES, data.theme) : undefined
    // A field that is present but not a known value makes the whole record unreadable, as
    // the schema this replaced did.
    if (('lang' in data && !lang) || ('theme' in data && !theme)) return {}
    return { ...(lang ? { lang } : {}), ...(theme ? { theme } : {}) }
  } catch {
    return {}
  }
}

/** Private mode, a full quota or no storage at all: the app works on, it just forgets. */
export function savePrefs(prefs: Prefs, win?: Pick<Window, 'localStorage'>): void {
  writeStored(KEY, JSON.stringify({ lang: prefs.lang, theme: prefs.theme }), win)
}

/** Where the question mode a person chose is kept (the link's `?quiz=` wins over it). */
export const QUIZ_MODE_KEY = 'vmscope.quiz-mode.v1'
const QUIZ_MODES: readonly QuizMode[] = ['class', 'study', 'off']

export function loadQuizMode(win?: Pick<Window, 'localStorage'>): QuizMode | undefined {
  return oneOf(QUIZ_MODES, readStored(QUIZ_MODE_KEY, win))
}

export function saveQuizMode(mode: QuizMode, win?: Pick<Window, 'localStorage'>): void {
  writeStored(QUIZ_MODE_KEY, mode, win)
}
