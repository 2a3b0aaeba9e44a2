import type { Phase } from './types.ts'

// virtio-net transmit through QEMU in user space (hw-facts.md §6, hw-facts-2 §2.3): the
// handshake, one packet as a two-descriptor chain, the doorbell's trip to QEMU, the used ring
// and the interrupt; then three packets published before one kick, one of them indirect.
export const phases: readonly Phase[] = [
  {
    id: 'handshake',
    setup: true,
    script: `virtio device qemu msix
virtio status acknowledge
virtio status driver
virtio features version_1 event_idx indirect_desc
virtio status features_ok
virtio queue size=8 at=0x10000
virtio status driver_ok`,
    say: {
      en: 'The guest’s virtio-net driver brings the device up in the spec’s order: ACKNOWLEDGE, DRIVER, the features it wants (VERSION_1, EVENT_IDX, INDIRECT_DESC), FEATURES_OK, the transmit queue’s three parts in guest RAM, and DRIVER_OK.',
      zh: '客户机的 virtio-net 驱动按规范的顺序启动设备：ACKNOWLEDGE、DRIVER、它要的特性（VERSION_1、EVENT_IDX、INDIRECT_DESC）、FEATURES_OK、发送队列在客户机内存中的三部分，最后 DRIVER_OK。',
    },
    title: { en: 'Handshake and queue', zh: '握手与队列' },
  },
  {
    id: 'chain',
    script: 'virtio add 0x20000:12 0x21000:1514',
    say: {
      en: 'One packet is a chain of two descriptors: the 12-byte virtio-net header and the 1514-byte frame, linked with NEXT. The driver writes both descriptors, then the head into the avail ring, and only after a write barrier moves avail->idx. That order is what lets the device trust whatever idx says is there.',
      zh: '一个数据包是两个描述符组成的链：12 字节的 virtio-net 头和 1514 字节的帧，用 NEXT 连起来。驱动先写好两个描述符，再把链头写进可用环，做完写屏障后才移动 `avail->idx`。正是这个顺序让设备可以相信 `idx` 所说的内容已经就绪。',
    },
    title: { en: 'A chain, published in order', zh: '按顺序发布一条链' },
  },
  {
    id: 'kick',
    questions: [
      { step: 1, kind: 'notify' },
      { step: 4, kind: 'kvm-exit' },
    ],
    script: 'virtio kick',
    say: {
      en: 'The device has consumed nothing yet and its avail_event is 0, the entry just published, so the driver rings the doorbell. The store exits the guest (49), KVM has no handler for it in the kernel, and KVM_RUN returns to QEMU in user space, whose vCPU thread schedules the transmit and re-enters the guest.',
      zh: '设备还什么都没消费，它的 `avail_event` 是 0，正是刚发布的那一项，所以驱动按门铃。这次写让客户机退出（49），KVM 在内核里没有对应的处理者，`KVM_RUN` 返回用户态的 QEMU，其 vCPU 线程安排发送后再进入客户机。',
    },
    title: { en: 'The doorbell goes to user space', zh: '门铃一直通到用户态' },
  },
  {
    id: 'serve',
    questions: [{ step: 1, kind: 'used-idx' }],
    script: 'virtio process',
    say: {
      en: 'QEMU pops the chain, checking each index against the table, and writev()s header and frame to the tap: one copy. It writes the used element, moves used->idx after a barrier, and decides on the interrupt: the first one on a queue is always sent, as an MSI-X vector. QEMU’s TX bottom half runs in its main-loop thread while vCPU 0 is back in the guest, so KVM kicks vCPU 0 out with an IPI (exit 1) and injects the vector on the next entry.',
      zh: 'QEMU 取出这条链，逐个检查索引是否在表内，然后用 `writev()` 把头和帧交给 `tap`：一次复制。它写入已用项，做屏障后移动 `used->idx`，再决定是否中断：队列上的第一次中断总是发出，是一个 MSI-X 向量。QEMU 的发送下半部在主循环线程中运行，而此时 vCPU 0 已回到客户机，所以 KVM 用 IPI 把 vCPU 0 踢出（退出 1），在下一次进入时注入向量。',
    },
    title: { en: 'QEMU sends and interrupts', zh: 'QEMU 发送并中断' },
  },
  {
    id: 'reclaim',
    script: 'virtio reclaim',
    say: {
      en: 'The driver’s handler frees the two descriptors and sets used_event to 1: interrupt me again when the next used entry appears.',
      zh: '驱动的处理程序释放这两个描述符，并把 `used_event` 设为 1：下一个已用项出现时再中断我。',
    },
    title: { en: 'Reclaim', zh: '回收' },
  },
  {
    id: 'batch',
    questions: [{ step: 15, kind: 'notify' }],
    script: `virtio add 0x22000:12 0x23000:1514
virtio add 0x24000:12 0x25000:1514
virtio add 0x26000:12 0x27000:600 0x28000:900 indirect=0x30000
virtio kick`,
    say: {
      en: 'Now three packets before one kick, as the network stack batches them. The third has three buffers but takes one ring slot: an INDIRECT descriptor pointing at a table of three at 0x30000. The kick check covers all three at once: avail_event is 1, inside [1, 4), so one doorbell and one exit serve three packets.',
      zh: '这次在一次通知前放入三个数据包，就像网络协议栈批量发送那样。第三个包有三个缓冲区，却只占一个环槽：一个 INDIRECT 描述符指向 0x30000 处含三项的表。通知判断一次覆盖三项：`avail_event` 是 1，落在 `[1, 4)` 中，所以一次按门铃、一次退出就服务了三个包。',
    },
    title: { en: 'Batching: three packets, one kick', zh: '批量：三个包，一次通知' },
  },
  {
    id: 'serve-batch',
    questions: [
      { step: 1, kind: 'used-idx' },
      { step: 13, kind: 'notify' },
    ],
    script: `virtio process
virtio reclaim`,
    say: {
      en: 'QEMU serves the three chains and checks for an interrupt after each used entry. The first check publishes entry 1, which used_event asked for, so it interrupts; the next two find used_event already passed and stay silent. Three packets, one interrupt.',
      zh: 'QEMU 处理这三条链，每写一个已用项就判断一次中断。第一次判断发布了第 1 项，正是 `used_event` 要的，所以中断；后两次发现 `used_event` 已经过去，于是保持安静。三个包，一次中断。',
    },
    title: { en: 'Three packets, one interrupt', zh: '三个包，一次中断' },
    now: {
      en: 'Four packets cost 4 VM exits (2 doorbells, 2 kicks to inject an interrupt), 2 returns to user space, 4 copies and 2 interrupts (2 suppressed).',
      zh: '四个包一共花了 4 次 VM 退出（2 次按门铃，2 次为注入中断而踢出）、2 次返回用户态、4 次复制和 2 次中断（另有 2 次被抑制）。',
    },
  },
]
