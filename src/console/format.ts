import { type EngineError, type EngineEvent, hex, moduleOfEvent } from '../engine/index.ts'
import { familyOf } from './families.ts'
import type { CommandResult } from './run.ts'

/** The command typed for an op the engine refuses for want of a guest (it names ops by kind). */
const NEEDS_GUEST_WORD: Record<Extract<EngineError, { code: 'not-virtualized' }>['op'], string> = {
  'host.map': 'host map',
}

export function describeEngineError(e: EngineError): string {
  switch (e.code) {
    case 'misaligned':
      return `${e.what.toUpperCase()} ${hex(e.addr)} is not aligned to the ${e.size} page size`
    case 'not-virtualized':
      return `'${NEEDS_GUEST_WORD[e.op]}' needs a guest: create one first with 'vm NAME'`
    case 'address-too-wide':
      return `${e.what.toUpperCase()} ${hex(e.addr)} is wider than MAXPHYADDR (52 bits)`
    case 'no-permissions':
      return 'give at least one of r, w, x'
    default:
      // A module's own refusal: its family says it in plain words.
      return familyOf(e.code).describeError(e.error)
  }
}

export type JsonValue = string | number | boolean | null | JsonValue[] | { [k: string]: JsonValue }
export type JsonObject = { [k: string]: JsonValue }

/** The fields one event contributes to its command's JSON object. */
function eventJson(e: EngineEvent): JsonObject {
  return familyOf(moduleOfEvent(e.kind)).eventJson(e)
}

/**
 * One JSON object per executed command, as CONSOLE.md specifies. Beyond it (README "The
 * console"): a console word adds "text" (its lines) and, for x/xp, "values" (hex strings);
 * a line with notes adds "warnings".
 */
/**
 * Keys whose arrays accumulate over a command's events instead of the last one winning: one
 * `sched step` makes several decisions (a switch, a wake, an accounting), each one entry.
 */
const LIST_KEYS = ['decisions', 'hops'] as const

function mergeEvent(acc: JsonObject, next: JsonObject): JsonObject {
  const out: JsonObject = { ...acc, ...next }
  for (const k of LIST_KEYS) {
    const a = acc[k]
    const b = next[k]
    if (Array.isArray(a) && Array.isArray(b)) out[k] = [...a, ...b]
  }
  return out
}

export function resultJson(r: CommandResult): JsonObject {
  const base: JsonObject = { line: r.line, cmd: r.cmd, ok: r.ok }
  const warnings: JsonObject = r.warnings?.length ? { warnings: [...r.warnings] } : {}
  if (!r.ok)
    return {
      ...base,
      error: r.error?.message ?? 'error',
      column: r.error?.column ?? 1,
      ...warnings,
    }
  const word: JsonObject =
    r.output === undefined
      ? {}
      : {
          text: [...r.output],
          ...(r.values === undefined ? {} : { values: r.values.map((v) => hex(v)) }),
        }
  const events = r.events.reduce<JsonObject>((acc, e) => mergeEvent(acc, eventJson(e)), base)
  return { ...events, ...word, ...warnings }
}

/** One line of plain text per event: what the browser console prints. */
export function eventText(e: EngineEvent): string {
  return familyOf(moduleOfEvent(e.kind)).eventText(e)
}

/** The lines the console prints for a result: notes first, then events or a word's output. */
export function resultText(r: CommandResult): string[] {
  const notes = (r.warnings ?? []).map((w) => `note: ${w}`)
  if (!r.ok)
    return [
      ...notes,
      `error at line ${r.line}, column ${r.error?.column ?? 1}: ${r.error?.message ?? ''}`,
    ]
  return [...notes, ...r.events.map(eventText), ...(r.output ?? [])]
}
