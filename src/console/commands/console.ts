// The console's own words: `help`, `info`, `x`, `xp`, `history`, `clear`. They read the
// machine or the session and change nothing, so they make no engine event and no frame; they
// are registry rows like every command (help, completion and the parser read them from
// COMMANDS), listed here because no engine module owns them. registry.ts appends this list
// after the families' rows.
import type { ArgReader } from '../args.ts'
import { ArgFailure } from '../errors.ts'
import { helpText, wordsAfter } from '../help.ts'
import { INFO_TOPICS, examine, infoLines } from '../info.ts'
import type { Token } from '../lexer.ts'
import type { ConsoleWordDef } from '../registry.ts'

/** The most words one `x/Ng` reads. */
export const EXAMINE_MAX = 64

/** The N of `/Ng` (default 1): 1 to EXAMINE_MAX 64-bit words. */
function examineCount(fmt: Token | null): number {
  if (fmt === null) return 1
  const m = /^(\d{1,3})?g?$/i.exec(fmt.text)
  const n = m ? Number(m[1] ?? '1') : NaN
  if (!(n >= 1 && n <= EXAMINE_MAX))
    throw new ArgFailure(
      fmt.column,
      `expected /Ng: N 64-bit words, 1 to ${EXAMINE_MAX} (x/4g), got '/${fmt.text}'`,
    )
  return n
}

/** Every remaining word, lower case (help's CMD). */
function restWords(a: ArgReader): string[] {
  const out: string[] = []
  for (let w = a.optional((t) => t); w !== null; w = a.optional((t) => t)) out.push(w)
  return out
}

function examineRow(word: 'x' | 'xp'): ConsoleWordDef {
  const physical = word === 'xp'
  return {
    kind: 'word',
    words: [word],
    format: 'Ng',
    usage: physical ? 'xp/Ng PA [host]' : 'x/Ng VA',
    topic: 'console',
    summary: physical
      ? {
          en: `Read N 64-bit words (default 1, at most ${EXAMINE_MAX}) of physical memory at PA, as QEMU's xp does: the memory the (guest) OS sees. With host, under mmu shadow or ept: the hypervisor's host-physical memory (shadow and EPT tables). JSON: text and values.`,
          zh: `像 QEMU 的 \`xp\` 一样读取物理地址 PA 处的 N 个 64 位字（默认 1 个，最多 ${EXAMINE_MAX} 个）：即（客户机）操作系统看到的内存。加 \`host\` 时（\`mmu shadow\` 或 \`mmu ept\` 下）读取虚拟机监控器的宿主机物理内存（影子页表与 EPT 页表）。JSON 字段为 \`text\` 与 \`values\`。`,
        }
      : {
          en: `Read N 64-bit words (default 1, at most ${EXAMINE_MAX}) at VA through the page tables, with no A/D writes and no TLB fill, as QEMU's x does. JSON: text and values.`,
          zh: `像 QEMU 的 \`x\` 一样经页表读取 VA 处的 N 个 64 位字（默认 1 个，最多 ${EXAMINE_MAX} 个），不写 A/D 位也不填 TLB。JSON 字段为 \`text\` 与 \`values\`。`,
        },
    example: physical ? 'xp/2g 0x5000' : 'x/4g 0x7000',
    query: (a) => {
      const count = examineCount(a.format())
      const addr = a.address(physical ? 'a physical address' : 'a virtual address')
      const host = physical && a.optionalWord(['host']) !== null
      a.done()
      return { run: (m) => examine(m, { physical, count, addr, host }) }
    },
  }
}

export const consoleWords: readonly ConsoleWordDef[] = [
  {
    kind: 'word',
    words: ['help'],
    usage: 'help [CMD]',
    topic: 'console',
    summary: {
      en: 'List the commands by topic, one line each, and how numbers are read; help CMD shows its usage, what it does and an example.',
      zh: '按主题列出命令（每条一行）以及数字的写法；`help 命令名` 显示其用法、作用和示例。',
    },
    example: 'help access',
    complete: (after, rows) => wordsAfter(rows, after),
    query: (a) => {
      const words = restWords(a)
      a.done()
      return { run: (_m, s) => ({ text: helpText(s.rows, words.join(' '), s.lang) }) }
    },
  },
  {
    kind: 'word',
    words: ['info'],
    usage: `info ${INFO_TOPICS.join('|')}`,
    topic: 'console',
    summary: {
      en: 'Dump part of the machine as QEMU\'s monitor does: guest maps (mem), CPU registers, the current VMCS, shared rings, the TLB. JSON: text. See also "info paging".',
      zh: '像 QEMU 监视器那样输出机器的一部分：客户机映射（`mem`）、CPU 寄存器、当前 VMCS、共享环、TLB。JSON 字段为 `text`。另见 `info paging`。',
    },
    example: 'info registers',
    complete: (after) => (after.length === 0 ? INFO_TOPICS : []),
    query: (a) => {
      const topic = a.word('an info topic', INFO_TOPICS)
      a.done()
      return { cmd: `info ${topic}`, run: (m) => ({ text: infoLines(m, topic) }) }
    },
  },
  examineRow('x'),
  examineRow('xp'),
  {
    kind: 'word',
    words: ['history'],
    usage: 'history',
    topic: 'console',
    summary: {
      en: "List the lines entered so far, numbered, this one last. Headless: the script's lines that ran (blank and comment lines left out).",
      zh: '按编号列出目前输入过的行，最后一行是本命令。无界面运行时：脚本中已执行的行（不含空行与注释行）。',
    },
    example: 'history',
    query: (a) => {
      a.done()
      return {
        run: (_m, s) => ({ text: s.history.map((h, i) => `${String(i + 1).padStart(4)}  ${h}`) }),
      }
    },
  },
  {
    kind: 'word',
    words: ['clear'],
    usage: 'clear',
    topic: 'console',
    summary: {
      en: 'Clear the terminal screen (Ctrl+L too); the trace and the history stay. Headless: prints nothing.',
      zh: '清空终端屏幕（也可按 Ctrl+L）；轨迹与历史记录保留。无界面运行时：不输出任何内容。',
    },
    example: 'clear',
    terminal: 'clear',
    query: (a) => {
      a.done()
      return { run: () => ({ text: [] }) }
    },
  },
  {
    kind: 'word',
    words: ['predict'],
    usage: 'predict LINE',
    topic: 'console',
    summary: {
      en: 'What happens next? Runs LINE on a copy of the machine, asks a question its result answers (#PF error code, exit reason, VMX outcome, notify, references, outcome, TLB hit) and waits for answer; then LINE runs for real. In the browser console only; headless it prints a note and LINE does not run. JSON: text.',
      zh: '接下来会发生什么？在机器的副本上运行 LINE，就其结果提一个问题（`#PF` 错误码、退出原因、VMX 结果、是否通知、内存引用次数、访问结果、TLB 是否命中），等待 `answer` 作答；答完后 LINE 才真正运行。仅在浏览器控制台中可用；无界面运行时只输出一条说明，LINE 不运行。JSON 字段为 `text`。',
    },
    example: 'predict access 0x5000 write user',
    query: (a) => {
      a.rest()
      return { run: () => ({ text: [PREDICT_HEADLESS] }) }
    },
  },
  {
    kind: 'word',
    words: ['answer'],
    usage: 'answer CHOICE',
    topic: 'console',
    summary: {
      en: 'Answer the question predict asked: a letter (a, b, c...) or a whole number (decimal or 0x hex). Prints right or wrong with the explanation, then runs the predicted line. JSON: text.',
      zh: '回答 `predict` 提出的问题：一个字母（`a`、`b`、`c`……）或一个整数（十进制或 `0x` 十六进制）。输出对错与解释，然后运行被预测的那一行。JSON 字段为 `text`。',
    },
    example: 'answer b',
    query: (a) => {
      a.rest()
      return { run: () => ({ text: [PREDICT_HEADLESS] }) }
    },
  },
]

/** predict/answer need the browser console's session; a script or the CLI only notes it. */
const PREDICT_HEADLESS =
  'predict and answer work in the browser console; in a script they do nothing (the line is not run)'
