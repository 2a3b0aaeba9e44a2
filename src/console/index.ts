export { runScript, type RunResult, type CommandResult, type RunOptions } from './run.ts'
export { parseLine, suggestCommand } from './parser.ts'
export {
  resultJson,
  resultText,
  eventText,
  describeEngineError,
  type JsonObject,
} from './format.ts'
export { COMMANDS, findCommand, commandName, type CommandDef, type Localized } from './registry.ts'
export type { ConsoleError } from './errors.ts'
