import { type Op, type Result, err, ok } from '../engine/index.ts'
import { ArgReader } from './args.ts'
import { ArgFailure, type ConsoleError } from './errors.ts'
import { lex } from './lexer.ts'
import { COMMANDS, type CommandDef, commandName, findCommand } from './registry.ts'
import { SUGGEST_MAX_LENGTH, editDistance } from './suggest.ts'

export { editDistance }

export interface ParsedCommand {
  readonly line: number
  readonly text: string
  readonly def: CommandDef
  readonly op: Op
  /** Notes about words that parsed but may not mean what was typed (decimal addresses). */
  readonly warnings: readonly string[]
}

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

/** Parses one line. A blank or comment-only line gives null. */
export function parseLine(text: string, line: number): Result<ParsedCommand | null, ConsoleError> {
  const tokens = lex(text)
  const first = tokens[0]
  if (!first) return ok(null)
  const def = findCommand(tokens.map((t) => t.text))
  if (!def) {
    const typed = tokens
      .slice(0, 2)
      .map((t) => t.text)
      .join(' ')
    const suggestion = suggestCommand(first.text) ?? suggestCommand(typed)
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
  const reader = new ArgReader(argTokens, last.column + last.text.length + 1)
  try {
    const op = def.parse(reader)
    return ok({ line, text, def, op, warnings: reader.warnings })
  } catch (e) {
    if (e instanceof ArgFailure) {
      const cmd = reader.command ?? commandName(def)
      return err({
        line,
        column: e.column,
        message: `${cmd}: ${e.message} (usage: ${def.usage})`,
        cmd,
        ...(e.suggestion === undefined ? {} : { suggestion: e.suggestion }),
      })
    }
    throw e
  }
}
