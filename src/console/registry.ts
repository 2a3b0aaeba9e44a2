import type { Op } from '../engine/index.ts'
import type { ArgReader } from './args.ts'
import { FAMILIES } from './families.ts'

export interface Localized {
  readonly en: string
  readonly zh: string
}

export type Topic = 'guests' | 'memory' | 'control' | 'xen' | 'vmx'

/**
 * One row per command: the parser, `help`, completion and the CLI's JSON name all read
 * this table, so a command cannot be documented one way and parsed another.
 *
 * `O` narrows what `parse` returns for a family's own rows (the Xen rows give XenOp), so a
 * module's tests can feed a row's op straight to its own apply; every row is still a
 * `CommandDef` (= `CommandDef<Op>`) in COMMANDS.
 */
export interface CommandDef<O extends Op = Op> {
  /** The command words, e.g. ['host', 'map']; the JSON "cmd" is them joined by a space. */
  readonly words: readonly string[]
  readonly usage: string
  readonly topic: Topic
  readonly summary: Localized
  readonly example: string
  readonly parse: (args: ArgReader) => O
  /**
   * The JSON "cmd" when it is not just the words: `ring NAME front push` has the NAME
   * between its words, and CONSOLE.md wants "ring front push" (word plus sub-command).
   */
  readonly cmdName?: (op: Op) => string
}

/** Every command row, from the families in their order (families.ts). */
export const COMMANDS: readonly CommandDef[] = FAMILIES.flatMap((f) => f.commands)

/** Longest match on the leading words, so `host map` wins over a future `host`. */
export function findCommand(words: readonly string[]): CommandDef | null {
  let best: CommandDef | null = null
  for (const c of COMMANDS) {
    if (c.words.length > words.length) continue
    if (c.words.every((w, i) => w === words[i]?.toLowerCase())) {
      if (!best || c.words.length > best.words.length) best = c
    }
  }
  return best
}

/** The JSON "cmd": the row's words, or what its `cmdName` says for the parsed op. */
export const commandName = (c: CommandDef, op?: Op): string =>
  op !== undefined && c.cmdName ? c.cmdName(op) : c.words.join(' ')
