import type { Phase } from './types.ts'

// hw-facts-2 §1.7: a 32-bit PV kernel in ring 1 calls Xen through the hypercall page: stub i
// at hypercall_page + 32·i is `mov $i,%eax; int $0x82; ret` (b8 ii 00 00 00 cd 82 c3).
// Numbers from xen.h: mmuext_op 26 (MMUEXT_NEW_BASEPTR 5, MMUEXT_INVLPG_LOCAL 7), sched_op 29
// (SCHEDOP_block 1), xen_version 17. Linux's pv_ops keep IF as vcpu_info's upcall mask.
const PROGRAM = `program 32
asm switch_mm: cli
asm mov eax, 0x200000
asm mov cr3, eax
asm invlpg [eax]
asm sti
asm mov eax, 17
asm int $0x82
asm hlt
asm isr_40: iret`

export const phases: readonly Phase[] = [
  {
    id: 'program',
    title: { en: 'The routine built for Xen', zh: '为 Xen 编译的例程' },
    setup: true,
    script: PROGRAM,
    say: {
      en: 'The kernel routine of the trap-and-emulate scenario, built for Xen: the paravirtualized kernel has the same source, but its sensitive operations are calls into the hypervisor. A last direct hypercall asks for Xen’s version (number 17).',
      zh: '与陷入并模拟场景相同的内核例程，这次为 Xen 编译：半虚拟化内核的源代码相同，但它的敏感操作都变成了对虚拟机监控器的调用。最后一条直接的超级调用询问 Xen 的版本（17 号）。',
    },
  },
  {
    id: 'pv',
    questions: [
      { step: 2, kind: 'instr-outcome' },
      { step: 4, kind: 'instr-outcome' },
    ],
    title: { en: 'Upcall mask and mmuext_op', zh: 'upcall 屏蔽位与 mmuext_op' },
    script: `way pv
stepi 5`,
    say: {
      en: 'CLI and STI are plain stores to the upcall mask in the shared vcpu_info page: no trap. The CR3 load and the INVLPG are each one mmuext_op hypercall (26) through the stub at hypercall_page + 32 × 26, which enters Xen with int $0x82.',
      zh: 'CLI 与 STI 只是对共享 vcpu_info 页中 upcall 屏蔽位的普通写入：不会陷入。CR3 加载与 INVLPG 各是一次 `mmuext_op` 超级调用（26 号），经由 `hypercall_page` + 32 × 26 处的桩代码，用 `int $0x82` 进入 Xen。',
    },
  },
  {
    id: 'direct',
    questions: [
      { step: 1, kind: 'instr-outcome' },
      { step: 2, kind: 'instr-outcome' },
    ],
    title: { en: 'xen_version and sched_op', zh: 'xen_version 与 sched_op' },
    script: `stepi 3`,
    say: {
      en: 'With EAX = 17, int $0x82 is itself a hypercall (xen_version). HLT becomes sched_op (29) with SCHEDOP_block: the vCPU sleeps in Xen until an event arrives.',
      zh: 'EAX = 17 时，`int $0x82` 本身就是一次超级调用（`xen_version`）。HLT 变成带 SCHEDOP_block 的 `sched_op`（29 号）：vCPU 在 Xen 中睡眠，直到有事件到来。',
    },
  },
  {
    id: 'event',
    title: { en: 'An event wakes the vCPU', zh: '事件唤醒 vCPU' },
    script: `irq 40`,
    say: {
      en: 'An event for the guest: its upcall mask is clear, so Xen delivers it at once (to the handler isr_40 in the model) and the blocked vCPU runs again.',
      zh: '一个发给客户机的事件：它的 upcall 屏蔽位为 0，所以 Xen 立即送达（在本模型中交给处理程序 `isr_40`），被阻塞的 vCPU 重新运行。',
    },
  },
]
