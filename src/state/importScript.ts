import { type ConsoleError, runScript } from '../console/index.ts'
import { type Result, err, ok } from '../engine/index.ts'
import { checkLinkLines } from './link.ts'
import { MAX_EXTRA_LINES, MAX_HASH_LENGTH, MAX_LINE_LENGTH } from './url.ts'

export const MAX_SCRIPT_BYTES = 64 * 1024

export type ImportError =
  | { readonly code: 'too-large'; readonly bytes: number; readonly max: number }
  | { readonly code: 'not-utf8' }
  | { readonly code: 'too-many-lines'; readonly lines: number }
  | { readonly code: 'line-too-long'; readonly line: number }
  /** Within the other limits, but the link carrying it would be longer than parseHash reads. */
  | { readonly code: 'link-too-long'; readonly length: number; readonly max: number }
  | { readonly code: 'empty' }
  | { readonly code: 'script-error'; readonly error: ConsoleError }

/**
 * Checks an uploaded script before it becomes a scenario: size, encoding, the limits a link
 * can carry, then a full run (a script with an error is refused whole, naming line and column).
 */
export function validateScript(
  bytes: Uint8Array,
  /** The scenario id of the link it will open under (`custom`; passed in, so this lazy chunk
   * does not import the scenarios and change how the first screen's code is split). */
  id: string,
): Result<string[], ImportError> {
  if (bytes.length > MAX_SCRIPT_BYTES)
    return err({ code: 'too-large', bytes: bytes.length, max: MAX_SCRIPT_BYTES })
  let text: string
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes)
  } catch {
    return err({ code: 'not-utf8' })
  }
  const lines = text
    .replace(/^\uFEFF/, '')
    .replace(/\r?\n$/, '')
    .split(/\r?\n/)
  if (lines.length > MAX_EXTRA_LINES) return err({ code: 'too-many-lines', lines: lines.length })
  const long = lines.findIndex((l) => l.length > MAX_LINE_LENGTH)
  if (long >= 0) return err({ code: 'line-too-long', line: long + 1 })
  // The same limits parseHash enforces, so the link it opens under can be opened again.
  const fits = checkLinkLines(id, lines)
  if (!fits.ok) {
    if (fits.error.code === 'link-too-long')
      return err({ code: 'link-too-long', length: fits.error.length, max: MAX_HASH_LENGTH })
    return err(
      fits.error.code === 'too-many-lines'
        ? { code: 'too-many-lines', lines: fits.error.lines }
        : { code: 'line-too-long', line: fits.error.line },
    )
  }
  const run = runScript(lines.join('\n'))
  if (run.error) return err({ code: 'script-error', error: run.error })
  if (run.trace.frames.length === 0) return err({ code: 'empty' })
  return ok(lines)
}
