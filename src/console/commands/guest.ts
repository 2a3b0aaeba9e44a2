// Console rows of the guest-kernel CPU model (src/engine/guest): write a small kernel routine
// line by line with `asm`, pick how it runs with `way`, then `stepi`, `run`, `irq`, `compare`.
import {
  type GuestOp,
  MAX_RUN,
  MAX_STEP,
  MNEMONICS,
  WAYS,
  assembleLine,
} from '../../engine/index.ts'
import { type ArgReader, intField } from '../args.ts'
import { ArgFailure } from '../errors.ts'
import type { CommandDef } from '../registry.ts'

const STEPS = intField(
  'N',
  'a number of instructions',
  MAX_STEP,
  'one stepi shows at most 64 steps',
  1,
)
const LIMIT = intField('N', 'a step limit', MAX_RUN, 'a run stops after at most 100000 steps', 1)
const VECTOR = intField(
  'VECTOR',
  'an interrupt vector',
  255,
  'external interrupts use vectors 32-255',
  32,
)
/** The default bound of `run` and `compare`: a program that never halts stops here. */
export const DEFAULT_RUN_LIMIT = 1000

/** Reads the rest of the line as one program line, checking its syntax with exact columns. */
function readAsm(a: ArgReader): GuestOp {
  const tokens = a.rest()
  a.done()
  const first = tokens[0]
  if (!first) throw a.missing('expected an instruction or a label, e.g. asm loop: cli')
  let text = ''
  for (const t of tokens) text = text.padEnd(t.column - first.column) + t.text
  // The program's width (program 32|64) is the engine's to check; the syntax is checked here.
  const r32 = assembleLine(text, first.column, 32)
  const r64 = assembleLine(text, first.column, 64)
  if (!r32.ok && !r64.ok) {
    const e = r64.error.column > r32.error.column ? r64.error : r32.error
    throw new ArgFailure(e.column, e.message)
  }
  return { kind: 'guest.asm', text, column: first.column }
}

export const guestCommands: readonly CommandDef<GuestOp>[] = [
  {
    words: ['program'],
    usage: 'program [32|64]',
    topic: 'cpu',
    summary: {
      en: 'Start a new, empty guest-kernel program, 32-bit (default) or 64-bit: the width decides the ring a deprivileged kernel runs in (ring 1 for 32-bit, ring 3 for 64-bit).',
      zh: '开始一个新的空客户机内核程序，32 位（默认）或 64 位：位宽决定被降级的内核运行在哪一环（32 位在第 1 环，64 位在第 3 环）。',
    },
    example: 'program 32',
    parse: (a): GuestOp => {
      const w = a.optionalWord(['32', '64'])
      a.done()
      return { kind: 'guest.program', bits: w === '64' ? 64 : 32 }
    },
  },
  {
    words: ['asm'],
    usage: 'asm [LABEL:] MNEMONIC [OPERAND, OPERAND]',
    topic: 'cpu',
    summary: {
      en: `Append one line to the guest-kernel program, Intel syntax (mov eax, 1; xchg eax, [lock]; jnz spin; int $0x82). A label alone names the next line; isr_N: is the handler of vector N, a present IDT gate (DPL 0, or 3 for vectors 3, 4 and 0x80; isr_N_dpl3: sets it); far jumps and calls take SELECTOR:LABEL (jmp 0x8:next). 64-bit code has r8-r15. Mnemonics: ${MNEMONICS.join(' ')}.`,
      zh: `向客户机内核程序追加一行，Intel 语法（\`mov eax, 1\`；\`xchg eax, [lock]\`；\`jnz spin\`；\`int $0x82\`）。单独一个标签命名下一行；\`isr_N:\` 是向量 N 的处理程序，即 IDT 中一个存在的门（DPL 为 0，向量 3、4 与 0x80 为 3；\`isr_N_dpl3:\` 可指定 DPL）；远跳转与远调用写作 \`SELECTOR:LABEL\`（\`jmp 0x8:next\`）。64 位代码可用 \`r8\`–\`r15\`。助记符：\`${MNEMONICS.join(' ')}\`。`,
    },
    example: 'asm do_atomic_operation: cli',
    parse: readAsm,
  },
  {
    words: ['way'],
    usage: `way ${WAYS.join('|')} [umip]`,
    topic: 'cpu',
    summary: {
      en: 'Choose how the guest kernel runs and boot it at its first line: native (ring 0), trap (deprivileged, trap-and-emulate), bt (binary translation), pv (Xen paravirtualization, hypercall page) or vt-x (ring 0 of VMX non-root; exits as the current VMCS says). umip sets CR4.UMIP on the real CPU.',
      zh: '选择客户机内核的运行方式，并从第一行启动：`native`（第 0 环）、`trap`（降级运行，陷入并模拟）、`bt`（二进制翻译）、`pv`（Xen 半虚拟化，超级调用页）或 `vt-x`（VMX 非根模式的第 0 环，按当前 VMCS 决定哪些指令退出）。`umip` 在真实 CPU 上设置 CR4.UMIP。',
    },
    example: 'way trap',
    parse: (a): GuestOp => {
      const way = a.word('a way to run the kernel', WAYS)
      const umip = a.flags(['umip']).has('umip')
      a.done()
      return { kind: 'guest.way', way, umip }
    },
  },
  {
    words: ['stepi'],
    usage: 'stepi [N]',
    topic: 'cpu',
    summary: {
      en: 'Run the next N guest instructions (default 1, at most 64), one step each: what class each is and what happened to it (ran, emulated, diverged, translated, hypercall, exit).',
      zh: '执行接下来的 N 条客户机指令（默认 1 条，最多 64 条），每条一步：它属于哪一类，以及它的结果（直接运行、被模拟、结果偏离、被翻译、超级调用、VM 退出）。',
    },
    example: 'stepi 4',
    parse: (a): GuestOp => {
      const count = a.optionalInt(STEPS) ?? 1
      a.done()
      return { kind: 'guest.step', count }
    },
  },
  {
    words: ['run'],
    usage: `run [limit=N]`,
    topic: 'cpu',
    summary: {
      en: `Run the guest kernel until HLT with nothing pending, a stop, or the step limit (default ${DEFAULT_RUN_LIMIT}); one step with the counts. The limit says when it was hit.`,
      zh: `运行客户机内核，直到执行 HLT 且没有待处理的中断、运行停止，或达到步数上限（默认 ${DEFAULT_RUN_LIMIT}）；结果作为一步，并给出计数。达到上限时会明确说明。`,
    },
    example: 'run limit=200',
    parse: (a): GuestOp => {
      const limit = a.intOption('limit', LIMIT) ?? DEFAULT_RUN_LIMIT
      a.done()
      return { kind: 'guest.run', limit }
    },
  },
  {
    words: ['irq'],
    usage: 'irq VECTOR',
    topic: 'cpu',
    summary: {
      en: 'A device raises interrupt VECTOR (32-255): delivered at once if the guest’s IF is 1, else held until it becomes 1 (by the VMM under trap, BT and PV; an interrupt window under VT-x).',
      zh: '设备发出中断 VECTOR（32-255）：若客户机的 IF 为 1 立即送达，否则暂存到 IF 变为 1 为止（`trap`、`bt`、`pv` 方式下由虚拟机监控器保存；VT-x 下用中断窗口）。',
    },
    example: 'irq 32',
    parse: (a): GuestOp => {
      const vector = a.int(VECTOR)
      a.done()
      return { kind: 'guest.irq', vector }
    },
  },
  {
    words: ['compare'],
    usage: 'compare [limit=N]',
    topic: 'cpu',
    summary: {
      en: 'Run the program from its first line under every way and compare: traps, exits, translations, call-outs, hypercalls, divergences, and approximate cycles from the cited nanobenchmarks.',
      zh: '在每种方式下从第一行运行程序并比较：陷入、VM 退出、翻译、调出、超级调用、结果偏离的次数，以及依据所引用微基准得出的近似周期数。',
    },
    example: 'compare',
    parse: (a): GuestOp => {
      const limit = a.intOption('limit', LIMIT) ?? DEFAULT_RUN_LIMIT
      a.done()
      return { kind: 'guest.compare', limit }
    },
  },
]
