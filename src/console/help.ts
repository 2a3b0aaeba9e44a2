// `help` and the word lists completion walks, computed from whatever rows they are given (the
// registry passes itself in: this file imports no table, so the registry can list the
// console words that use it without an import cycle).
import type { Lang, Localized, RowDef, Topic } from './registry.ts'
import { didYouMean, nearestWord } from './suggest.ts'

/** Topic headings, in the order `help` lists them. */
export const TOPIC_TITLE: Readonly<Record<Topic, Localized>> = {
  guests: { en: 'Guests', zh: '客户机' },
  memory: { en: 'Memory and translation', zh: '内存与地址转换' },
  control: { en: 'Control bits', zh: '控制位' },
  cpu: {
    en: 'Guest kernel instructions: native, trap-and-emulate, BT, PV, VT-x',
    zh: '客户机内核指令：原生、陷入并模拟、二进制翻译、半虚拟化、VT-x',
  },
  xen: {
    en: 'Xen rings, event channels, grants, drivers',
    zh: 'Xen 环形缓冲区、事件通道、授权表、驱动',
  },
  vmx: { en: 'VT-x', zh: 'VT-x' },
  io: {
    en: 'I/O under KVM and QEMU: the run loop, PCI, the e1000, virtio-net and vhost',
    zh: 'KVM 与 QEMU 下的 I/O：运行循环、PCI、e1000、virtio-net 与 vhost',
  },
  console: {
    en: 'Console (read the machine, take no step)',
    zh: '控制台（只读取机器状态，不产生步骤）',
  },
}

/** How a row is named in `help`: its words, with the `/FMT` a console word takes (`x/Ng`). */
export const rowTitle = (r: RowDef): string =>
  r.words.join(' ') + (r.kind === 'word' && r.format !== undefined ? `/${r.format}` : '')

/** The widest one-line description, in terminal columns. */
const MAX_WIDTH = 72

/** Terminal columns of a character: CJK and full-width forms take two. */
const width = (c: string): number => ((c.codePointAt(0) ?? 0) >= 0x2e80 ? 2 : 1)

/** Where the first sentence ends: `. ` or `; ` (`。`, `；` in Chinese) outside parentheses. */
function sentenceEnd(text: string, lang: Lang): number {
  let depth = 0
  for (let i = 0; i < text.length; i++) {
    const c = text[i] ?? ''
    if (c === '(' || c === '（') depth++
    else if (c === ')' || c === '）') depth = Math.max(0, depth - 1)
    else if (depth === 0) {
      if (
        lang === 'zh'
          ? c === '。' || c === '；'
          : (c === '.' || c === ';') && /\s|$/.test(text[i + 1] ?? '')
      )
        return i
    }
  }
  return text.length
}

/** The first sentence of a summary, cut to one line (MAX_WIDTH columns, at a word in English). */
export function oneLine(summary: Localized, lang: Lang): string {
  const text = summary[lang]
  const first = text.slice(0, sentenceEnd(text, lang))
  let cols = 0
  let end = 0
  for (const c of first) {
    if (cols + width(c) > MAX_WIDTH - 1) break
    cols += width(c)
    end += c.length
  }
  if (end === first.length) return first
  const cut = first.slice(0, end)
  if (lang === 'zh') {
    // Never end inside a Latin word or a `code` span: back up to before it.
    const open = (cut.match(/`/g) ?? []).length % 2 === 1 ? cut.lastIndexOf('`') : -1
    const word = /[A-Za-z0-9_.:/[\]@-]+$/.exec(cut)
    const stop = Math.min(open >= 0 ? open : end, word && word.index > 0 ? word.index : end)
    return cut.slice(0, stop).replace(/[\s，、：；（]+$/, '') + '…'
  }
  const space = cut.lastIndexOf(' ')
  return (space > end / 2 ? cut.slice(0, space).replace(/[,:]$/, '') : cut) + '…'
}

const NUMBERS: Localized = {
  en:
    'Numbers: 0x1f is hex, 31 is decimal: a bare number is always decimal; sizes take K, M, G (2M).\n' +
    '  An address of 4+ bare digits that is not a multiple of 4096 (access 9123) runs with a note (JSON: warnings).',
  zh:
    '数字：0x1f 是十六进制，31 是十进制：不带 0x 的数一律按十进制；大小可带 K、M、G（2M）。\n' +
    '  地址写成 4 位以上的纯数字且不是 4096 的倍数时（`access 9123`），照常执行并给出提示（JSON 字段 `warnings`）。',
}

const EDITING: Localized = {
  en: 'Editing: ←/→ Home/End Delete, Ctrl+A/E/U/K, ↑/↓ history, Tab completes, Ctrl+L clears, Esc back to the stage',
  zh: '编辑：←/→ Home/End Delete，Ctrl+A/E/U/K，↑/↓ 历史，Tab 补全，Ctrl+L 清屏，Esc 返回舞台',
}

/**
 * `help`: one line per row (its name and the first sentence of its summary) grouped by topic,
 * then how numbers are read. `help CMD`: the usage, the whole summary and an example of each
 * row named CMD (or starting with its first word).
 */
export function helpText(rows: readonly RowDef[], arg: string, lang: Lang): string[] {
  // `help x/4g` asks about `x`.
  const query = arg
    .trim()
    .toLowerCase()
    .replace(/^(\S+?)\/\S*/, '$1')
  if (query === '') {
    const width = Math.max(...rows.map((r) => rowTitle(r).length)) + 2
    const out: string[] = [
      lang === 'zh' ? '命令（输入 `help 命令名` 查看详情）：' : 'Commands (help CMD for details):',
    ]
    for (const topic of Object.keys(TOPIC_TITLE) as Topic[]) {
      const inTopic = rows.filter((c) => c.topic === topic)
      if (inTopic.length === 0) continue
      out.push('', TOPIC_TITLE[topic][lang])
      for (const c of inTopic) out.push(`  ${rowTitle(c).padEnd(width)}${oneLine(c.summary, lang)}`)
    }
    out.push('', ...NUMBERS[lang].split('\n'), EDITING[lang])
    return out
  }
  const words = query.split(/\s+/)
  const matches = rows.filter((c) => c.words.join(' ') === query || c.words[0] === words[0])
  if (matches.length === 0) {
    const near = nearestWord(words[0] ?? '', [...new Set(rows.map((r) => r.words[0] ?? ''))])
    return [
      (lang === 'zh' ? `没有名为 '${arg.trim()}' 的命令` : `no command '${arg.trim()}'`) +
        didYouMean(near),
    ]
  }
  return matches.flatMap((c) => [
    `${lang === 'zh' ? '用法：' : 'usage: '}${c.usage}`,
    `  ${c.summary[lang]}`,
    `  ${lang === 'zh' ? '例如：' : 'example: '}${c.example}`,
  ])
}

/** The next fixed word of every row whose words start with `done` (`host` -> map, poke). */
export const wordsAfter = (rows: readonly RowDef[], done: readonly string[]): string[] => [
  ...new Set(
    rows
      .filter((c) => c.words.length > done.length && done.every((w, i) => c.words[i] === w))
      .map((c) => c.words[done.length] ?? ''),
  ),
]
