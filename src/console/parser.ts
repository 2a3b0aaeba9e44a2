import { type Op, type Result, err, ok } from '../engine/index.ts'
import { ArgReader } from './args.ts'
import { ArgFailure, type ConsoleError } from './errors.ts'
import { type Token, lex } from './lexer.ts'
import {
  COMMANDS,
  type CommandDef,
  type ConsoleWordDef,
  type WordCall,
  commandName,
  findCommand,
} from './registry.ts'
import { SUGGEST_MAX_LENGTH, editDistance } from './suggest.ts'

export { editDistance }

interface ParsedBase {
  readonly line: number
  readonly text: string
  /** Notes about words that parsed but may not mean what was typed (decimal addresses). */
  readonly warnings: readonly string[]
}

/** A line that runs an engine step. */
export interface ParsedOp extends ParsedBase {
  readonly kind: 'op'
  readonly def: CommandDef
  readonly op: Op
}

/** A line that runs a read-only console word (help, info, x, ...). */
export interface ParsedWord extends ParsedBase {
  readonly kind: 'word'
  readonly def: ConsoleWordDef
  readonly call: WordCall
}

export type ParsedCommand = ParsedOp | ParsedWord

/** The known command closest to what was typed, if it is close enough to be a typo. */
export function suggestCommand(typed: string): string | undefined {
  if (typed.length > SUGGEST_MAX_LENGTH) return undefined
  let best: { name: string; d: number } | undefined
  for (const c of COMMANDS) {
    const name = commandName(c)
    const d = Math.min(
      editDistance(typed.toLowerCase(), name),
      editDistance(typed.toLowerCase(), c.words[0] ?? ''),
    )
    if (!best || d < best.d) best = { name, d }
  }
  return best && best.d <= Math.max(2, Math.floor(typed.length / 3)) ? best.name : undefined
}

/** `x/4g` -> the word `x` and the format `4g` (with its column); other words unchanged. */
function splitFormat(first: Token): { word: Token; format: Token | null } {
  const slash = first.text.indexOf('/')
  if (slash <= 0) return { word: first, format: null }
  return {
    word: { text: first.text.slice(0, slash), column: first.column },
    format: { text: first.text.slice(slash + 1), column: first.column + slash + 1 },
  }
}

/** Parses one line. A blank or comment-only line gives null. */
export function parseLine(text: string, line: number): Result<ParsedCommand | null, ConsoleError> {
  const tokens = lex(text)
  const first = tokens[0]
  if (!first) return ok(null)
  const { word, format } = splitFormat(first)
  const def = findCommand([word.text, ...tokens.slice(1).map((t) => t.text)])
  if (!def) {
    const typed = tokens
      .slice(0, 2)
      .map((t) => t.text)
      .join(' ')
    const suggestion = suggestCommand(word.text) ?? suggestCommand(typed)
    return err({
      line,
      column: first.column,
      message:
        `unknown command '${first.text}'` + (suggestion ? `; did you mean '${suggestion}'?` : ''),
      ...(suggestion ? { suggestion } : {}),
    })
  }
  const argTokens = tokens.slice(def.words.length)
  // A missing argument is reported just after the last word typed.
  const last = tokens[tokens.length - 1] ?? first
  const failure = (e: ArgFailure, cmd: string): Result<never, ConsoleError> =>
    err({
      line,
      column: e.column,
      message: `${cmd}: ${e.message} (usage: ${def.usage})`,
      cmd,
      ...(e.suggestion === undefined ? {} : { suggestion: e.suggestion }),
    })
  let reader: ArgReader
  try {
    // The reader refuses an option given twice as it sorts the words.
    reader = new ArgReader(argTokens, last.column + last.text.length + 1, format)
  } catch (e) {
    if (e instanceof ArgFailure) return failure(e, commandName(def))
    throw e
  }
  try {
    if (format !== null && (def.kind !== 'word' || def.format === undefined))
      throw new ArgFailure(format.column - 1, `'${word.text}' takes no /FORMAT`)
    const base = { line, text, warnings: reader.warnings }
    if (def.kind === 'word') return ok({ ...base, kind: 'word', def, call: def.query(reader) })
    return ok({ ...base, kind: 'op', def, op: def.parse(reader) })
  } catch (e) {
    if (e instanceof ArgFailure) return failure(e, reader.command ?? commandName(def))
    throw e
  }
}
