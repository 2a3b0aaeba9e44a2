import type { Phase } from './types.ts'

// hw-facts-2 §1.3-1.4: POPF at CPL > IOPL leaves IF unchanged without an exception (SDM2 POPF;
// Robin and Irvine §4). The kernel "disables interrupts" by popping an RFLAGS image with
// IF = 0 (0x2: only the always-one bit 1), as local_irq_restore does.
const PROGRAM = `program 32
asm push 0x2
asm popf
asm inc dword [counter]
asm pushf
asm pop eax
asm hlt
asm isr_32: iret`

export const phases: readonly Phase[] = [
  {
    id: 'program',
    title: { en: "The kernel's POPF routine", zh: '内核的 POPF 例程' },
    setup: true,
    script: PROGRAM,
    say: {
      en: 'A kernel routine that turns interrupts off the POPF way: it pushes an RFLAGS image with IF = 0 and pops it, updates a counter in its critical section, then reads its flags back with PUSHF. POPF and PUSHF are sensitive but not privileged.',
      zh: '一段以 POPF 方式关闭中断的内核例程：压入一个 IF = 0 的 RFLAGS 映像再弹出，在临界区中更新计数器，然后用 PUSHF 读回标志。POPF 与 PUSHF 是敏感指令，却不是特权指令。',
    },
  },
  {
    id: 'native',
    questions: [{ step: 3, kind: 'instr-outcome' }],
    title: { en: 'Bare metal: IF = 0', zh: '裸机：IF = 0' },
    script: `way native
stepi 2
irq 32
stepi 3`,
    say: {
      en: 'On bare metal at CPL 0, POPF writes IF = 0. Interrupt 32 arrives during the critical section and waits; PUSHF reads back IF = 0.',
      zh: '在裸机的 CPL 0 上，POPF 把 IF 写为 0。中断 32 在临界区中到达，只能等待；PUSHF 读回的 IF 为 0。',
    },
  },
  {
    id: 'trap',
    questions: [{ step: 3, kind: 'instr-outcome' }],
    title: { en: 'Ring 1: POPF silently ignored', zh: '第 1 环：POPF 被悄悄忽略' },
    script: `way trap
stepi 2
irq 32
stepi 4`,
    say: {
      en: 'Deprivileged to ring 1 with IOPL 0, the same POPF does not trap: the CPU silently keeps IF = 1 and the VMM never learns that the guest wanted interrupts off. Interrupt 32 is injected in the middle of the critical section, and PUSHF shows IF = 1, the flag the guest had cleared.',
      zh: '降级到第 1 环且 IOPL 为 0 时，同一条 POPF 不会陷入：CPU 悄悄保持 IF = 1，虚拟机监控器也不知道客户机想关中断。中断 32 在临界区中间被注入，PUSHF 读回的 IF 为 1，而客户机刚刚把它清零。',
    },
  },
  {
    id: 'fixes',
    questions: [
      { step: 4, kind: 'instr-outcome' },
      { step: 18, kind: 'instr-outcome' },
    ],
    title: { en: 'BT and VT-x close the hole', zh: '二进制翻译与 VT-x 堵上漏洞' },
    script: `way bt
stepi 2
irq 32
stepi 2
way vt-x
stepi 2
irq 32
stepi 2`,
    say: {
      en: 'Binary translation rewrites POPF into in-cache code that writes the virtual IF, so the interrupt waits. With VT-x the kernel keeps ring 0, POPF works as on bare metal, and the interrupt exits (reason 1) and waits for an interrupt window.',
      zh: '二进制翻译把 POPF 改写为写入虚拟 IF 的缓存内代码，因此中断会等待。使用 VT-x 时内核保留第 0 环，POPF 的效果与裸机相同，中断引起 VM 退出（原因号 1）并等待中断窗口。',
    },
  },
]
