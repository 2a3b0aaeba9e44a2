import type { Op } from '../engine/index.ts'
import type { ArgReader } from './args.ts'
import { addrSpaceCommands } from './commands/addrspace.ts'

export interface Localized {
  readonly en: string
  readonly zh: string
}

export type Topic = 'guests' | 'memory' | 'control'

/**
 * One row per command: the parser, `help`, completion and the CLI's JSON name all read
 * this table, so a command cannot be documented one way and parsed another.
 */
export interface CommandDef {
  /** The command words, e.g. ['host', 'map']; the JSON "cmd" is them joined by a space. */
  readonly words: readonly string[]
  readonly usage: string
  readonly topic: Topic
  readonly summary: Localized
  readonly example: string
  readonly parse: (args: ArgReader) => Op
}

export const COMMANDS: readonly CommandDef[] = [...addrSpaceCommands]

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

export const commandName = (c: CommandDef): string => c.words.join(' ')
