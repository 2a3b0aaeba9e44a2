// The editor's draft in localStorage: saved on every change, read back on the next visit.
// The key carries the storage layout's version; the value is the scenario format itself
// (state/authored.ts), read through the same checks and upgrades as a link or a file.
import {
  type AuthoredError,
  type AuthoredScenario,
  blankAuthored,
  parseAuthoredJson,
} from '../../state/authored.ts'
import { readStored, writeStored } from '../../state/safeStorage.ts'

export const DRAFT_KEY = 'vmscope.editor.draft.v1'
/** A draft that could not be read is moved here rather than thrown away. */
export const UNREADABLE_KEY = 'vmscope.editor.unreadable.v1'
/** The draft before "Open" replaced it, so the replacement can be undone. */
export const PREVIOUS_KEY = 'vmscope.editor.previous.v1'

export type DraftLoad =
  | { readonly kind: 'none'; readonly draft: AuthoredScenario }
  | { readonly kind: 'restored'; readonly draft: AuthoredScenario }
  | { readonly kind: 'unreadable'; readonly draft: AuthoredScenario; readonly error: AuthoredError }

export function loadDraft(win?: Pick<Window, 'localStorage'>): DraftLoad {
  const text = readStored(DRAFT_KEY, win)
  if (text === null) return { kind: 'none', draft: blankAuthored() }
  const r = parseAuthoredJson(text)
  if (r.ok) return { kind: 'restored', draft: r.value }
  // Kept aside, not lost: the message names the key it is under.
  writeStored(UNREADABLE_KEY, text, win)
  return { kind: 'unreadable', draft: blankAuthored(), error: r.error }
}

/** Returns whether the browser kept it (no storage: a sandboxed frame, a full quota). */
export function saveDraft(d: AuthoredScenario, win?: Pick<Window, 'localStorage'>): boolean {
  return writeStored(DRAFT_KEY, JSON.stringify(d), win)
}

export function keepPrevious(d: AuthoredScenario, win?: Pick<Window, 'localStorage'>): void {
  writeStored(PREVIOUS_KEY, JSON.stringify(d), win)
}

export function loadPrevious(win?: Pick<Window, 'localStorage'>): AuthoredScenario | null {
  const text = readStored(PREVIOUS_KEY, win)
  if (text === null) return null
  const r = parseAuthoredJson(text)
  return r.ok ? r.value : null
}

/**
 * Hands a scenario to the editor (from a link or a file): the draft there is kept as the
 * previous one (the editor offers it back), then the editor opens with this one.
 */
export function editInEditor(d: AuthoredScenario, win: Window = window): void {
  const current = readStored(DRAFT_KEY, win)
  if (current !== null) writeStored(PREVIOUS_KEY, current, win)
  saveDraft(d, win)
  win.location.hash = '#/edit'
}
