// What the script loader says about a refused file. Loaded with the checker (LoadScript), so
// neither this nor its strings (the player's half of en.ts) are in the first chunk.
import type { TFunction } from 'i18next'
import { exhaustive } from '../../engine/index.ts'
import type { ImportError } from '../../state/importScript.ts'
import { badFileText, readAuthoredFile, shareHash } from '../../state/authored.ts'
import { vmStore } from '../../state/store.ts'
import type { Lang } from '../../state/url.ts'

/** The refusal in the reader's language. */
export function importMessage(t: TFunction, e: ImportError): string {
  switch (e.code) {
    case 'too-large':
      return t('load.too-large', { bytes: e.bytes, max: e.max })
    case 'not-utf8':
      return t('load.not-utf8')
    case 'too-many-lines':
      return t('load.too-many-lines', { lines: e.lines })
    case 'line-too-long':
      return t('load.line-too-long', { line: e.line })
    case 'link-too-long':
      return t('load.link-too-long', { length: e.length, max: e.max })
    case 'empty':
      return t('load.empty')
    case 'script-error':
      return t('load.script-error', {
        line: e.error.line,
        column: e.error.column,
        message: e.error.message,
      })
    default:
      return exhaustive(e)
  }
}

/**
 * "Load script…" with a scenario written in the editor (JSON, state/authored.ts).
 */
// Opens the file's scenario, or returns why it cannot (nothing is opened then).
export function openAuthoredFile(bytes: Uint8Array, lang: Lang): string | null {
  const a = readAuthoredFile(bytes)
  if (!a.ok) return badFileText(a.error)[lang]
  const h = shareHash(a.value)
  // Small enough: its link, which can be shared on; else the page holds it.
  if (h.ok) window.location.hash = h.value
  else vmStore.getState().openAuthored(a.value)
  return null
}
