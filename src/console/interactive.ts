// What the interactive console needs beyond running lines: help, completion and history.
// Pure, so it is unit-tested without a browser or xterm. Help and completion read only the
// registry (COMMANDS): the console words are rows there too (commands/console.ts).
import { helpText, wordsAfter } from './help.ts'
import { lex } from './lexer.ts'
import { COMMANDS, type Lang, findCommand } from './registry.ts'

export type HelpLang = Lang

/** `help` lists commands by topic, one line each; `help CMD` shows usage, summary and an example. */
export const helpLines = (arg: string, lang: HelpLang): string[] => helpText(COMMANDS, arg, lang)

export interface Completion {
  /** Words that fit what is being typed, sorted. */
  readonly candidates: readonly string[]
  /** The line with the longest common prefix filled in. */
  readonly line: string
}

const commonPrefix = (xs: readonly string[]): string =>
  xs.reduce((p, x) => {
    let i = 0
    while (i < p.length && i < x.length && p[i] === x[i]) i++
    return p.slice(0, i)
  }, xs[0] ?? '')

/**
 * The words that may come next after the finished words `done`: the next fixed word of every
 * row that starts with them (`host` -> map, poke; `info` -> paging), plus what the row they
 * name says its next argument can be (`complete`: info topics, VMCS fields, mmuext ops).
 */
export function nextWords(done: readonly string[]): string[] {
  const fixed = wordsAfter(COMMANDS, done)
  const row = done.length === 0 ? null : findCommand(done)
  const args = row?.complete?.(done.slice(row.words.length), COMMANDS) ?? []
  return [...fixed, ...args]
}

/** Completes the word at the end of the line from the registry's rows. */
export function complete(line: string): Completion {
  const tokens = lex(line)
  const endsWithSpace = /\s$/.test(line) || line === ''
  const done = endsWithSpace
    ? tokens.map((t) => t.text.toLowerCase())
    : tokens.slice(0, -1).map((t) => t.text.toLowerCase())
  const partial = endsWithSpace ? '' : (tokens.at(-1)?.text ?? '')
  const pool = nextWords(done)
  const lower = partial.toLowerCase()
  const upper = partial === partial.toUpperCase() && partial !== ''
  const candidates = [...new Set(pool.filter((w) => w.toLowerCase().startsWith(lower)))].sort()
  if (candidates.length === 0) return { candidates, line }
  let fill = commonPrefix(candidates.map((c) => c.toLowerCase()))
  // Field names are upper case; keep what the user typed in the case they typed.
  const sample = candidates[0] ?? ''
  if (sample === sample.toUpperCase() || upper) fill = fill.toUpperCase()
  const head = line.slice(0, line.length - partial.length)
  const word = fill.length >= partial.length ? fill : partial
  return { candidates, line: head + word + (candidates.length === 1 ? ' ' : '') }
}

/** Up/Down walk through earlier lines; the line being typed is kept as the newest entry. */
export interface History {
  readonly entries: readonly string[]
  /** entries.length means "the line being typed". */
  readonly index: number
  readonly draft: string
}

export const emptyHistory: History = { entries: [], index: 0, draft: '' }

export function historyPush(h: History, line: string): History {
  const text = line.trim()
  const entries =
    text === '' || h.entries.at(-1) === text ? h.entries : [...h.entries, text].slice(-500)
  return { entries, index: entries.length, draft: '' }
}

export function historyUp(h: History, current: string): { history: History; line: string } {
  if (h.index === 0) return { history: h, line: current }
  const draft = h.index === h.entries.length ? current : h.draft
  const index = h.index - 1
  return { history: { ...h, index, draft }, line: h.entries[index] ?? '' }
}

export function historyDown(h: History, current: string): { history: History; line: string } {
  if (h.index >= h.entries.length) return { history: h, line: current }
  const index = h.index + 1
  return {
    history: { ...h, index },
    line: index === h.entries.length ? h.draft : (h.entries[index] ?? ''),
  }
}
