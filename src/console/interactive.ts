// What the interactive console needs beyond running lines: help, completion and history.
// Pure, so it is unit-tested without a browser or xterm.
import { VMCS_FIELDS } from '../engine/index.ts'
import { mmuextCompletions } from './commands/xenpv.ts'
import { INFO_TOPICS } from './info.ts'
import { lex } from './lexer.ts'
import { COMMANDS, type CommandDef, type Topic } from './registry.ts'

export type HelpLang = 'en' | 'zh'

const TOPIC_TITLE: Record<Topic, { en: string; zh: string }> = {
  guests: { en: 'Guests', zh: '客户机' },
  memory: { en: 'Memory and translation', zh: '内存与地址转换' },
  control: { en: 'Control bits', zh: '控制位' },
  xen: {
    en: 'Xen rings, event channels, grants, drivers',
    zh: 'Xen 环形缓冲区、事件通道、授权表、驱动',
  },
  vmx: { en: 'VT-x', zh: 'VT-x' },
}

/** `help` lists commands by topic; `help CMD` shows usage, summary and an example. */
export function helpLines(arg: string, lang: HelpLang): string[] {
  const query = arg.trim().toLowerCase()
  if (query === '') {
    const out: string[] = [
      lang === 'zh' ? '命令（输入 `help 命令名` 查看详情）：' : 'Commands (help CMD for details):',
    ]
    for (const topic of Object.keys(TOPIC_TITLE) as Topic[]) {
      const rows = COMMANDS.filter((c) => c.topic === topic)
      if (rows.length === 0) continue
      out.push('', TOPIC_TITLE[topic][lang])
      for (const c of rows) out.push(`  ${c.usage}`)
    }
    out.push('', lang === 'zh' ? '控制台' : 'Console')
    out.push(
      `  info ${INFO_TOPICS.join('|')}`,
      '  x/Ng VA   xp/Ng PA',
      '  history',
      '  clear',
      lang === 'zh'
        ? '  编辑：←/→ Home/End Delete，Ctrl+A/E/U/K，↑/↓ 历史，Tab 补全'
        : '  editing: ←/→ Home/End Delete, Ctrl+A/E/U/K, ↑/↓ history, Tab completes',
    )
    return out
  }
  const words = query.split(/\s+/)
  const matches = COMMANDS.filter((c) => c.words.join(' ') === query || c.words[0] === words[0])
  if (matches.length === 0) {
    return [lang === 'zh' ? `没有名为 '${arg.trim()}' 的命令。` : `no command '${arg.trim()}'`]
  }
  return matches.flatMap((c: CommandDef) => [
    `${lang === 'zh' ? '用法：' : 'usage: '}${c.usage}`,
    `  ${c.summary[lang]}`,
    `  ${lang === 'zh' ? '例如：' : 'example: '}${c.example}`,
  ])
}

const CONSOLE_WORDS = ['help', 'clear', 'history', 'info']

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

/** Completes the word at the end of the line: command words, sub-commands, VMCS field names. */
export function complete(line: string): Completion {
  const tokens = lex(line)
  const endsWithSpace = /\s$/.test(line) || line === ''
  const done = endsWithSpace
    ? tokens.map((t) => t.text.toLowerCase())
    : tokens.slice(0, -1).map((t) => t.text.toLowerCase())
  const partial = endsWithSpace ? '' : (tokens.at(-1)?.text ?? '')
  let pool: string[]
  if (done.length === 0) {
    pool = [...new Set([...COMMANDS.map((c) => c.words[0] ?? ''), ...CONSOLE_WORDS])]
  } else if (done[0] === 'help' && done.length === 1) {
    pool = [...new Set(COMMANDS.map((c) => c.words[0] ?? ''))]
  } else if (done[0] === 'info' && done.length === 1) {
    // Console dumps plus registry commands that start with `info` (info paging).
    pool = [
      ...INFO_TOPICS,
      ...COMMANDS.filter((c) => c.words[0] === 'info').map((c) => c.words[1] ?? ''),
    ]
  } else if (done[0] === 'mmuext') {
    pool = [...mmuextCompletions(done)]
  } else if ((done[0] === 'vmwrite' || done[0] === 'vmread') && done.length === 1) {
    pool = VMCS_FIELDS.map((f) => f.name)
  } else {
    // The next fixed word of a multi-word command (`host` -> `map`).
    pool = COMMANDS.filter(
      (c) => c.words.length > done.length && done.every((w, i) => c.words[i] === w),
    ).map((c) => c.words[done.length] ?? '')
  }
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
