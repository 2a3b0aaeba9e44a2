import type { Phase } from './types.ts'

// hw-facts-2 §1.5: the deprivileged kernel's privileged instructions #GP into the VMM, which
// decodes and interprets them on the virtual CPU; interrupts wait while the virtual IF is 0
// (UCR slide 10). Ring 1 for a 32-bit kernel (§1.1). Cycle figures: AA06 §3.2, approximate.
const PROGRAM = `program 32
asm switch_mm: cli
asm mov eax, 0x200000
asm mov cr3, eax
asm invlpg [eax]
asm out 0x80, al
asm sti
asm hlt
asm isr_32: iret`

export const phases: readonly Phase[] = [
  {
    id: 'program',
    title: { en: 'A small kernel routine', zh: '一段小的内核例程' },
    setup: true,
    script: PROGRAM,
    say: {
      en: 'A small kernel routine: interrupts off, load a new page-table root into CR3, flush one TLB entry, write a byte to port 0x80, interrupts on, halt. Each line shows its Popek–Goldberg class and its real encoding length.',
      zh: '一段小的内核例程：关中断、把新的页表根装入 CR3、刷新一个 TLB 表项、向 0x80 端口写一个字节、开中断、停机。每一行都标出它的 Popek–Goldberg 分类和真实编码长度。',
    },
  },
  {
    id: 'trap',
    questions: [
      { step: 2, kind: 'instr-outcome' },
      { step: 4, kind: 'instr-outcome' },
      { step: 5, kind: 'instr-outcome' },
    ],
    title: { en: 'Each privileged instruction traps', zh: '每条特权指令都陷入' },
    script: `way trap
stepi
irq 32
stepi 5`,
    say: {
      en: 'The kernel runs in ring 1. CLI at CPL 1 > IOPL 0 raises #GP into the VMM, which clears the virtual IF; the real IF stays 1. Interrupt 32 arrives and the VMM queues it. MOV CR3, INVLPG and OUT each trap and are emulated on the virtual CPU; STI traps too and sets the virtual IF.',
      zh: '内核运行在第 1 环。CPL 1 > IOPL 0 时 CLI 产生 #GP 进入虚拟机监控器，由它清除虚拟 IF；真实 IF 保持为 1。中断 32 到达后被虚拟机监控器排队。MOV CR3、INVLPG 与 OUT 都会陷入，并在虚拟 CPU 上被模拟；STI 同样陷入，并置位虚拟 IF。',
    },
  },
  {
    id: 'return',
    questions: [{ step: 3, kind: 'instr-outcome' }],
    title: { en: 'HLT, injection, IRET', zh: 'HLT、注入与 IRET' },
    script: `stepi 3`,
    say: {
      en: 'STI holds interrupts off for one more instruction, so HLT runs first: it traps and the VMM halts the virtual CPU. The waiting interrupt wakes it: the VMM injects vector 32 into the guest’s IDT, and the handler’s IRET (to the guest’s CS 0x08 from CPL 1, a #GP) is performed by the VMM on the virtual CPU.',
      zh: 'STI 还会让中断再推迟一条指令，所以 HLT 先执行：它陷入，虚拟机监控器让虚拟 CPU 停机。等待中的中断把它唤醒：虚拟机监控器把向量 32 注入客户机的 IDT，处理程序的 IRET（从 CPL 1 返回客户机的 CS 0x08，产生 #GP）由虚拟机监控器在虚拟 CPU 上完成。',
    },
  },
  {
    id: 'compare',
    title: { en: 'Every way compared', zh: '各种方式对比' },
    script: `compare`,
    say: {
      en: 'The same routine under every way: trap-and-emulate pays a trap for each privileged instruction, binary translation replaces them with in-cache code and call-outs, PV with hypercalls, and VT-x exits only where the VMCS says so (here OUT and HLT).',
      zh: '同一段例程在每种方式下的代价：陷入并模拟为每条特权指令付出一次陷入，二进制翻译用缓存内代码与调出替换它们，半虚拟化用超级调用，VT-x 只在 VMCS 要求时退出（这里是 OUT 与 HLT）。',
    },
  },
]
