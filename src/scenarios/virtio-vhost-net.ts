import type { Phase } from './types.ts'

// The transmit of virtio-net-tx again, served by vhost-net (hw-facts-2 §2.4): the kick ends in
// KVM through ioeventfd, a kernel worker sends, the interrupt goes back through irqfd. Then a
// chain that loops, which the worker detects instead of following for ever.
export const phases: readonly Phase[] = [
  {
    id: 'handshake',
    setup: true,
    script: `virtio device vhost msix
virtio status acknowledge
virtio status driver
virtio features version_1 event_idx indirect_desc
virtio status features_ok
virtio queue size=8 at=0x10000
virtio status driver_ok`,
    say: {
      en: 'The same driver and the same handshake; only the host side differs. QEMU still emulates the PCI function, but it has given the ring’s addresses and two eventfds to vhost-net and registered an ioeventfd and an irqfd with KVM.',
      zh: '同样的驱动、同样的握手，只是宿主一侧不同。QEMU 仍然模拟这个 PCI 功能，但已把环的地址和两个 eventfd 交给 vhost-net，并向 KVM 注册了 ioeventfd 与 irqfd。',
    },
    title: { en: 'Handshake, vhost-net behind it', zh: '握手，背后是 vhost-net' },
  },
  {
    id: 'chain',
    script: 'virtio add 0x20000:12 0x21000:1514',
    say: {
      en: 'The guest cannot tell the difference: the same chain, published in the same order.',
      zh: '客户机看不出任何区别：同样的链，按同样的顺序发布。',
    },
    title: { en: 'The same chain', zh: '同样的链' },
  },
  {
    id: 'kick',
    questions: [
      { step: 1, kind: 'notify' },
      { step: 4, kind: 'kvm-exit' },
    ],
    script: 'virtio kick',
    say: {
      en: 'The doorbell store still exits (49), but KVM matches it to the ioeventfd, signals the eventfd and re-enters the guest at once: no KVM_EXIT_MMIO, no trip to user space. The vhost worker thread wakes in the kernel.',
      zh: '门铃写操作仍然会退出（49），但 KVM 把它匹配到 ioeventfd，触发该 eventfd 并立即重新进入客户机：没有 KVM_EXIT_MMIO，也不回到用户态。vhost 工作线程在内核中醒来。',
    },
    title: { en: 'The kick ends in KVM', zh: '通知在 KVM 内结束' },
  },
  {
    id: 'serve',
    questions: [{ step: 1, kind: 'used-idx' }],
    script: `virtio process
virtio reclaim`,
    say: {
      en: 'The worker walks the ring in guest memory through the mem table QEMU gave it, sendmsg()s the packet to the tap (still one copy), publishes the used entry and writes the call eventfd; irqfd makes KVM inject the MSI-X vector, kicking vCPU 0 out of the guest with an IPI (exit 1) to do it. QEMU never ran.',
      zh: '工作线程通过 QEMU 给它的内存表在客户机内存中遍历环，用 `sendmsg()` 把包发到 `tap`（仍是一次复制），发布已用项并写 `call` eventfd；irqfd 让 KVM 注入 MSI-X 向量，为此用 IPI 把 vCPU 0 踢出客户机（退出 1）。QEMU 自始至终没有运行。',
    },
    title: { en: 'Kernel thread sends, irqfd signals', zh: '内核线程发送，irqfd 中断' },
  },
  {
    id: 'batch',
    questions: [
      { step: 21, kind: 'used-idx' },
      { step: 34, kind: 'notify' },
    ],
    script: `virtio add 0x22000:12 0x23000:1514
virtio add 0x24000:12 0x25000:1514
virtio add 0x26000:12 0x27000:600 0x28000:900 indirect=0x30000
virtio kick
virtio process
virtio reclaim`,
    say: {
      en: 'The batch of three again. vhost-net publishes a batch’s used entries with a single used->idx update and signals once, so there is one interrupt decision instead of three.',
      zh: '再来一批三个包。vhost-net 用一次 `used->idx` 更新发布一批已用项，并只通知一次，所以只有一次中断判断，而不是三次。',
    },
    title: { en: 'Batching with vhost', zh: 'vhost 的批量处理' },
    now: {
      en: 'Four packets: 4 VM exits (2 doorbells, 2 interrupt kicks), 0 returns to user space, 2 worker wake-ups, 4 copies, 2 interrupts. Under QEMU the same packets took 4 exits and 2 returns to user space: vhost saves the trips to QEMU, not the exits or the copies.',
      zh: '四个包：4 次 VM 退出（2 次按门铃，2 次中断踢出）、0 次返回用户态、2 次工作线程唤醒、4 次复制、2 次中断。在 QEMU 下同样的包用了 4 次退出和 2 次返回用户态：vhost 省下的是去 QEMU 的往返，而不是退出或复制。',
    },
  },
  {
    id: 'loop',
    script: `virtio desc 0 addr=0x20000 len=64 flags=next next=1
virtio desc 1 addr=0x21000 len=64 flags=next next=0
virtio publish 0
virtio kick
virtio process`,
    say: {
      en: 'A buggy or hostile guest writes two descriptors that point at each other and publishes the pair. The worker counts what it walks: after more descriptors than the table holds (8) it stops with “Loop detected” and stops serving the queue. It never hangs, and the host is not at the guest’s mercy.',
      zh: '一个有缺陷或恶意的客户机写了两个互相指向的描述符并发布它们。工作线程对走过的描述符计数：超过表的大小（8）后以 `Loop detected` 停下，并停止服务这个队列。它绝不会卡死，宿主也不受客户机摆布。',
    },
    title: { en: 'A chain that loops', zh: '成环的链' },
  },
]
