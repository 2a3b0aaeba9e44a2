import type { ModuleError, ModuleEvent, ModuleId } from '../engine/index.ts'
import type { PanelId } from '../scenarios/types.ts'
import type { JsonObject } from './format.ts'
import type { CommandDef, Localized } from './registry.ts'

// Methods, not function-valued properties: a list of families of different modules is then
// assignable to ConsoleFamily[] (method parameters are checked bivariantly); dispatch by the
// event's owning module (moduleOfEvent) keeps each call within its own family.
/**
 * Everything the console, the narration and the stage know about one engine module's
 * commands and events, in one record (DESIGN.md "Modules plug in at one place").
 * src/console/families.ts lists them; registry.ts, format.ts, narration/index.ts and
 * scenarios/custom.ts read only that list.
 */
export interface ConsoleFamily<Id extends ModuleId = ModuleId> {
  /** The engine module whose events and errors this family formats. */
  readonly module: Id
  readonly commands: readonly CommandDef[]
  /** The fields one event contributes to its command's JSON object (CONSOLE.md). */
  eventJson(e: ModuleEvent<Id>): JsonObject
  /** One line of plain text per event: what the console prints. */
  eventText(e: ModuleEvent<Id>): string
  /** Narration written from the event alone, in both languages. */
  narrate(e: ModuleEvent<Id>): Localized
  /** The module's refusals in plain words (`{ code: module, error }` in EngineError). */
  describeError(e: ModuleError<Id>): string
  /** The panels that explain an event of this family, for a loaded script's stage. */
  panels(e: ModuleEvent<Id>): readonly PanelId[]
}

/** Lets a list hold families of different modules while each stays checked against its own. */
export const family = <Id extends ModuleId>(f: ConsoleFamily<Id>): ConsoleFamily<Id> => f
