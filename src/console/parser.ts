import { type Op, type Result, err, ok } from '../engine/index.ts'
import { ArgReader } from './args.ts'
import { ArgFailure, type ConsoleError } from './errors.ts'
import { lex } from './lexer.ts'
import { COMMANDS, type CommandDef, commandName, findCommand } from './registry.ts'

export interface ParsedCommand {
  readonly line: number
  readonly text: string
  readonly def: CommandDef
  readonly op: Op
}

/** Edit distance, for "did you mean" suggestions. */
export function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j)
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0] ?? 0
    row[0] = i
    for (let j = 1; j <= b.length; j++) {
      const cur = row[j] ?? 0
      row[j] = Math.min(cur + 1, (row[j - 1] ?? 0) + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1))
      prev = cur
    }
  }
  return row[b.length] ?? 0
}

/** Longer words are no typo of a command; the cap keeps edit distance cheap on any input. */
const MAX_SUGGEST_LENGTH = 32

/** The known command closest to what was typed, if it is close enough to be a typo. */
export function suggestCommand(typed: string): string | undefined {
  if (typed.length > MAX_SUGGEST_LENGTH) return undefined
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
  try {
    const reader = new ArgReader(argTokens, last.column + last.text.length + 1)
    const op = def.parse(reader)
    return ok({ line, text, def, op })
  } catch (e) {
    if (e instanceof ArgFailure) {
      return err({
        line,
        column: e.column,
        message: `${commandName(def)}: ${e.message} (usage: ${def.usage})`,
      })
    }
    throw e
  }
}
