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

/** One JSON object per executed command, as CONSOLE.md specifies. */
export function resultJson(r: CommandResult): JsonObject {
  const base: JsonObject = { line: r.line, cmd: r.cmd, ok: r.ok }
  if (!r.ok) return { ...base, error: r.error?.message ?? 'error', column: r.error?.column ?? 1 }
  return r.events.reduce<JsonObject>((acc, e) => ({ ...acc, ...eventJson(e) }), base)
}

/** One line of plain text per event: what the browser console prints. */
export function eventText(e: EngineEvent): string {
  return familyOf(moduleOfEvent(e.kind)).eventText(e)
}

export function resultText(r: CommandResult): string[] {
  if (!r.ok)
    return [`error at line ${r.line}, column ${r.error?.column ?? 1}: ${r.error?.message ?? ''}`]
  return r.events.map(eventText)
}
