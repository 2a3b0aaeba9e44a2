import type { Phase } from './types.ts'

// Event channels with the 2-level ABI (hw-facts §5.5). Course notes seeds/000 (four kinds:
// interdomain, VIRQ, IPI, PIRQ), seeds/004 slide 32-33 (pending events in a per-domain bitmask,
// a mask flag to defer handling, analogous to disabling interrupts).
export const phases: readonly Phase[] = [
  {
    id: 'bind',
    script: `xen domain 1
evtchn alloc-unbound 1 0
evtchn bind-interdomain 0 1 1
evtchn handle 0`,
    say: {
      en: 'Event channels replace interrupts. DomU 1 allocates an unbound port that only Dom0 may bind; Dom0 binds its own port to it. Binding marks Dom0’s new port pending once, and Dom0’s handler clears it.',
      zh: '事件通道取代了中断。DomU 1 分配一个只允许 Dom0 绑定的未绑定端口；Dom0 把自己的端口绑定上去。绑定会让 Dom0 的新端口挂起一次，Dom0 的处理函数随后清除它。',
    },
    title: { en: 'Bind an interdomain channel', zh: '绑定域间通道' },
  },
  {
    id: 'send',
    questions: [
      { step: 1, kind: 'evtchn-deliver' },
      { step: 4, kind: 'evtchn-deliver' },
    ],
    script: `evtchn send 1 1
evtchn send 1 1
evtchn handle 0`,
    say: {
      en: 'DomU sends on its port: Xen sets the bit in Dom0’s pending bitmap, the selector bit and evtchn_upcall_pending, and upcalls Dom0. A second send finds the bit already set and adds nothing: events are edges, not counts.',
      zh: 'DomU 在自己的端口上发送：Xen 置位 Dom0 挂起位图中的对应位、选择位和 evtchn_upcall_pending，并上调 Dom0。第二次发送发现该位已置位，不再增加任何东西：事件是边沿，不是计数。',
    },
    title: { en: 'Send: pending and upcall', zh: '发送：挂起与 upcall' },
  },
  {
    id: 'mask',
    questions: [{ step: 2, kind: 'evtchn-deliver' }],
    script: `evtchn mask 0 1
evtchn send 1 1
evtchn unmask 0 1
evtchn handle 0`,
    say: {
      en: 'Dom0 masks the port, like disabling an interrupt. A send still sets the pending bit but raises no upcall. On unmask, Xen sees the port pending and raises the upcall then.',
      zh: 'Dom0 屏蔽该端口，类似于关中断。发送仍会置位挂起位，但不触发上调。解除屏蔽时，Xen 发现端口处于挂起状态，这时才触发上调。',
    },
    title: { en: 'Mask and unmask', zh: '屏蔽与解除屏蔽' },
  },
  {
    id: 'virq',
    questions: [{ step: 2, kind: 'evtchn-deliver' }],
    script: `evtchn bind-virq 1 timer
evtchn virq 1 timer
evtchn handle 1`,
    say: {
      en: 'A VIRQ comes from Xen itself: DomU binds VIRQ_TIMER (number 0) to a port, and Xen’s timer tick arrives as an event on it.',
      zh: 'VIRQ 来自 Xen 本身：DomU 把 VIRQ_TIMER（编号 0）绑定到一个端口，Xen 的时钟滴答就作为事件到达该端口。',
    },
    title: { en: 'VIRQ_TIMER', zh: 'VIRQ_TIMER 虚拟中断' },
  },
  {
    id: 'ipi',
    script: `evtchn bind-ipi 1
evtchn send 1 3
evtchn handle 1`,
    say: {
      en: 'An IPI channel connects vCPUs of the same domain: sending on it marks the port pending for the bound vCPU.',
      zh: 'IPI 通道连接同一域的各个 vCPU：在其上发送会让绑定的 vCPU 看到该端口挂起。',
    },
    title: { en: 'IPI between vCPUs', zh: 'vCPU 之间的 IPI' },
  },
  {
    id: 'pirq',
    script: `evtchn bind-pirq 0 16
evtchn pirq 0 16
evtchn handle 0`,
    say: {
      en: 'A PIRQ carries a real hardware interrupt to the domain that owns the device, here Dom0’s IRQ 16.',
      zh: 'PIRQ 把真实的硬件中断送到拥有该设备的域，这里是 Dom0 的 IRQ 16。',
    },
    title: { en: 'PIRQ: a real IRQ', zh: 'PIRQ：真实的硬件中断' },
  },
  {
    id: 'hypercall-errors',
    questions: [{ step: 1, kind: 'hypercall-rc' }],
    script: `evtchn send 1 2
evtchn bind-interdomain 0 1 1`,
    say: {
      en: 'A refused event-channel operation is not a crash: it is the hypercall’s return value. DomU cannot send on its VIRQ port (Xen is the only sender there), and Dom0 cannot bind DomU’s port 1 a second time, since it is no longer unbound. Both calls return -EINVAL (-22) and change nothing (xen/common/event_channel.c).',
      zh: '事件通道操作被拒绝并不会导致崩溃：拒绝的结果就是超级调用的返回值。DomU 不能在自己的 VIRQ 端口上发送（那里只有 Xen 才能发送），Dom0 也不能再次绑定 DomU 的 1 号端口，因为它已不再是未绑定状态。两次调用都返回 -EINVAL（-22），不改变任何状态（xen/common/event_channel.c）。',
    },
    title: { en: 'Refused operations', zh: '被拒绝的操作' },
  },
]
