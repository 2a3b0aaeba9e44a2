import type { Phase } from './types.ts'

// hw-facts-2 §1.2-1.4: Popek and Goldberg's classes (PG74) and x86's sensitive but unprivileged
// instructions (Robin and Irvine §4). One of each class, run deprivileged (ring 1, IOPL 0),
// with CR4.UMIP, and under VT-x. The table beside it lists every instruction form the model
// has; its buttons try one on its own under the way in force.
const PROGRAM = `program 32
asm push 0x2
asm popf
asm cli
asm mov eax, cs
asm sgdt [gdt_copy]
asm mov cr3, eax
asm add eax, 1
asm sti
asm hlt`

export const phases: readonly Phase[] = [
  {
    id: 'program',
    title: { en: 'One of each class', zh: '每类各一条' },
    setup: true,
    script: PROGRAM,
    say: {
      en: 'Popek and Goldberg sort instructions into privileged (they trap outside the most privileged mode), sensitive (control-sensitive: they change the machine’s configuration; behaviour-sensitive: their result depends on it) and innocuous. As each line is written, its row in the table lights up.',
      zh: 'Popek 与 Goldberg 把指令分为特权指令（在最高特权模式之外执行会陷入）、敏感指令（控制敏感：改变机器的配置；行为敏感：结果取决于配置）和无害指令。每写入一行，表中对应的行就会高亮。',
    },
  },
  {
    id: 'trap',
    questions: [
      { step: 3, kind: 'instr-outcome' },
      { step: 4, kind: 'instr-outcome' },
      { step: 6, kind: 'instr-outcome' },
    ],
    title: { en: 'Deprivileged: holes diverge', zh: '降级运行：漏洞导致偏离' },
    script: `way trap
stepi 9`,
    say: {
      en: 'In ring 1 with IOPL 0 the privileged ones (CLI, MOV CR3, STI, HLT) trap and the VMM emulates them. POPF, MOV from CS and SGDT are sensitive but do not trap: they run and leave a result bare metal would not give. Those rows are marked as holes, so x86 breaks Theorem 1. Sort the table by class or by what happens at CPL > 0 to see the holes together.',
      zh: '在第 1 环且 IOPL 为 0 时，特权指令（CLI、MOV CR3、STI、HLT）陷入，由虚拟机监控器模拟。POPF、从 CS 读取的 MOV 和 SGDT 是敏感指令却不陷入：它们照常执行，得到裸机上不会有的结果。这些行被标为漏洞，所以 x86 不满足定理 1。按分类或按 CPL > 0 时的行为排序，就能把漏洞排在一起。',
    },
  },
  {
    id: 'umip',
    questions: [{ step: 6, kind: 'instr-outcome' }],
    title: { en: 'CR4.UMIP closes one hole', zh: 'CR4.UMIP 堵上一个漏洞' },
    script: `way trap umip
stepi 5`,
    say: {
      en: 'With CR4.UMIP set on the real CPU, SGDT at CPL > 0 is #GP(0): the VMM now sees it and stores the guest’s own GDTR. POPF and MOV from CS still diverge. Press Try on a row to run that instruction on its own under this way.',
      zh: '在真实 CPU 上设置 CR4.UMIP 后，CPL > 0 时的 SGDT 会产生 #GP(0)：虚拟机监控器现在能看到它，并存入客户机自己的 GDTR。POPF 与从 CS 读取的 MOV 仍然偏离。按某一行的“试运行”按钮，可以在当前方式下单独运行这条指令。',
    },
  },
  {
    id: 'vtx',
    questions: [
      { step: 12, kind: 'instr-outcome' },
      { step: 18, kind: 'instr-outcome' },
    ],
    title: { en: 'VT-x: no holes at CPL 0', zh: 'VT-x：CPL 0 下没有漏洞' },
    script: `way vt-x
stepi 9`,
    say: {
      en: 'VT-x does not make x86 classically virtualizable; it sidesteps the question. The kernel keeps CPL 0 in non-root operation, so every sensitive instruction behaves as on bare metal, and only what the VMCS controls name leaves the guest: here HLT, with exit reason 12.',
      zh: 'VT-x 并没有让 x86 变得可以经典虚拟化，而是绕开了这个问题。内核在非根模式下保留 CPL 0，所以每条敏感指令的行为都与裸机相同，只有 VMCS 控制位指定的指令才会离开客户机：这里是 HLT，退出原因号 12。',
    },
  },
]
