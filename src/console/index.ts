export {
  runScript,
  runWord,
  type RunResult,
  type CommandResult,
  type RunOptions,
  type SessionInput,
} from './run.ts'
export {
  parseLine,
  suggestCommand,
  type ParsedCommand,
  type ParsedOp,
  type ParsedWord,
} from './parser.ts'
export {
  resultJson,
  resultText,
  eventText,
  describeEngineError,
  type JsonObject,
} from './format.ts'
export {
  COMMANDS,
  findCommand,
  commandName,
  type CommandDef,
  type ConsoleWordDef,
  type Lang,
  type Localized,
  type RowDef,
} from './registry.ts'
export type { ConsoleError } from './errors.ts'
