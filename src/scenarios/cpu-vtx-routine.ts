import type { Phase } from './types.ts'

// hw-facts §4.5-4.6 with hw-facts-2 §1.5: with VT-x the kernel keeps ring 0 of VMX non-root
// operation and only what the VMCS execution controls name exits. The default controls
// (`way vt-x` creates VMCS vcpu0): pin 0x1 external-interrupt exiting; primary 0x81000080 =
// HLT exiting (bit 7), unconditional I/O exiting (bit 24), secondary controls (bit 31);
// secondary 0x2 enable EPT. Adding CR3-load exiting (bit 15) gives 0x81008080.
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
    title: { en: 'The same routine', zh: '同一段例程' },
    setup: true,
    script: PROGRAM,
    say: {
      en: 'The same kernel routine once more, now on a CPU with VT-x.',
      zh: '还是同一段内核例程，这次运行在支持 VT-x 的 CPU 上。',
    },
  },
  {
    id: 'vtx',
    questions: [
      { step: 2, kind: 'vmx-outcome' },
      { step: 10, kind: 'instr-outcome' },
      { step: 14, kind: 'instr-outcome' },
    ],
    title: { en: 'Ring 0 in non-root: OUT exits', zh: '非根模式第 0 环：OUT 退出' },
    script: `way vt-x
stepi 5`,
    say: {
      en: 'The VMM sets up VMCS vcpu0 with HLT exiting, unconditional I/O exiting and EPT. The kernel runs at CPL 0, so CLI, MOV CR3 and INVLPG simply run: with EPT there is no reason to exit on them. OUT exits with reason 30 and its I/O qualification.',
      zh: '虚拟机监控器建立 VMCS `vcpu0`，打开“HLT 退出”“无条件 I/O 退出”与 EPT。内核运行在 CPL 0，所以 CLI、MOV CR3 与 INVLPG 直接执行：有了 EPT，它们无需退出。OUT 以原因号 30 退出，并带有 I/O 退出限定。',
    },
  },
  {
    id: 'interrupt',
    questions: [{ step: 3, kind: 'instr-outcome' }],
    title: { en: 'Interrupt window', zh: '中断窗口' },
    script: `irq 32
stepi 3`,
    say: {
      en: 'An external interrupt exits (reason 1). The guest’s IF is 0, so the VMM turns on interrupt-window exiting (primary bit 2) and waits. STI sets IF, its one-instruction shadow lets HLT run, and HLT exits (reason 12); then the window is open (exit 7) and the VMM injects vector 32, waking the guest.',
      zh: '外部中断引起 VM 退出（原因号 1）。客户机的 IF 为 0，所以虚拟机监控器打开“中断窗口退出”（主控制字第 2 位）并等待。STI 置位 IF，它一条指令的屏蔽期让 HLT 先执行，HLT 退出（原因号 12）；随后中断窗口打开（退出 7），虚拟机监控器注入向量 32，唤醒客户机。',
    },
  },
  {
    id: 'controls',
    questions: [{ step: 5, kind: 'instr-outcome' }],
    title: { en: 'CR3-load exiting on', zh: '打开 CR3 加载退出' },
    script: `vmwrite CPU_BASED_VM_EXEC_CONTROL 0x81008080
way vt-x
stepi 3`,
    say: {
      en: 'The controls decide: with CR3-load exiting (bit 15) turned on, the same MOV CR3 now exits with reason 28, qualification 0x3 (CR3, MOV to CR, EAX).',
      zh: '由控制位决定：打开“CR3 加载退出”（第 15 位）后，同一条 MOV CR3 现在以原因号 28 退出，退出限定为 0x3（CR3、MOV 到 CR、EAX）。',
    },
  },
]
