import type { Machine, Op } from '../engine/index.ts'
import type { ArgReader } from './args.ts'
import { consoleWords } from './commands/console.ts'
import { FAMILIES } from './families.ts'

export interface Localized {
  readonly en: string
  readonly zh: string
}

export type Lang = keyof Localized

export type Topic = 'guests' | 'memory' | 'control' | 'cpu' | 'xen' | 'vmx' | 'console' | 'io'

/** What every row has, whatever it runs: `help`, completion and "did you mean" read this. */
export interface RowBase {
  /** The command words, e.g. ['host', 'map']; the JSON "cmd" is them joined by a space. */
  readonly words: readonly string[]
  readonly usage: string
  readonly topic: Topic
  readonly summary: Localized
  readonly example: string
  /**
   * Tab completion of the next argument word: `after` holds the finished words after the
   * row's own (lower case), `rows` the whole registry (passed in, so a row need not import
   * the table it sits in). Without it only the row's own fixed words complete.
   */
  readonly complete?: (after: readonly string[], rows: readonly RowDef[]) => readonly string[]
}

/**
 * One row per command: the parser, `help`, completion and the CLI's JSON name all read
 * this table, so a command cannot be documented one way and parsed another.
 *
 * `O` narrows what `parse` returns for a family's own rows (the Xen rows give XenOp), so a
 * module's tests can feed a row's op straight to its own apply; every row is still a
 * `CommandDef` (= `CommandDef<Op>`) in COMMANDS.
 */
export interface CommandDef<O extends Op = Op> extends RowBase {
  /** An engine step (the default); read-only console words are `ConsoleWordDef`. */
  readonly kind?: 'op'
  readonly parse: (args: ArgReader) => O
  /**
   * The JSON "cmd" when it is not just the words: `ring NAME front push` has the NAME
   * between its words, and CONSOLE.md wants "ring front push" (word plus sub-command).
   */
  readonly cmdName?: (op: Op) => string
}

/** What a console word is given when it runs: in the terminal or headless (run.ts). */
export interface Session {
  /** The language of help text. Headless: English. */
  readonly lang: Lang
  /**
   * The lines entered so far, oldest first, this one last: the terminal's history, or
   * headless the script's lines that ran (blank and comment lines left out).
   */
  readonly history: readonly string[]
  /** Every row, for `help` (the registry passes itself in; no import cycle). */
  readonly rows: readonly RowDef[]
}

/** What a console word prints, and for `x`/`xp` the 64-bit values it read (JSON "values"). */
export interface WordOutput {
  readonly text: readonly string[]
  readonly values?: readonly bigint[]
}

/** A console word with its arguments read: run later against the machine of its line. */
export interface WordCall {
  /** The JSON "cmd" when it is more than the row's words (`info mem`). */
  readonly cmd?: string
  readonly run: (machine: Machine, session: Session) => WordOutput
}

/** What only the interactive terminal can do; headless the word just prints `text`. */
export type TerminalAction = 'clear'

/**
 * A read-only console word (`help`, `info`, `x`, `xp`, `history`, `clear`): it reads the
 * machine or the session and changes nothing, so it makes no engine event and no frame.
 * Its arguments are read at parse time like any row's (errors carry columns), and `query`
 * returns what to run once the machine of that line is known.
 */
export interface ConsoleWordDef extends RowBase {
  readonly kind: 'word'
  readonly query: (args: ArgReader) => WordCall
  /**
   * The QEMU-style `/FMT` the word takes glued to it (`x/Ng`), as help shows it. Only a row
   * with `format` accepts a slash; its query reads it with `args.format()`.
   */
  readonly format?: string
  /** Something the terminal does besides printing (clear the screen). */
  readonly terminal?: TerminalAction
}

/** Any row of the registry. */
export type RowDef = CommandDef | ConsoleWordDef

/** Every row: the families' command rows in their order (families.ts), then the console words. */
export const COMMANDS: readonly RowDef[] = [...FAMILIES.flatMap((f) => f.commands), ...consoleWords]

/** Longest match on the leading words, so `host map` wins over a future `host`. */
export function findCommand(words: readonly string[]): RowDef | null {
  let best: RowDef | null = null
  for (const c of COMMANDS) {
    if (c.words.length > words.length) continue
    if (c.words.every((w, i) => w === words[i]?.toLowerCase())) {
      if (!best || c.words.length > best.words.length) best = c
    }
  }
  return best
}

/** The JSON "cmd": the row's words, or what its `cmdName` says for the parsed op. */
export const commandName = (c: RowDef, op?: Op): string =>
  op !== undefined && c.kind !== 'word' && c.cmdName ? c.cmdName(op) : c.words.join(' ')
