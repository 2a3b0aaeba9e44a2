import type { Phase } from './types.ts'

// virtio-net receive (hw-facts.md §6; virtio 1.x §5.1.6.3-4; QEMU virtio_net_receive and
// virtio_net_has_buffers): a frame before any buffer waits in QEMU; the driver posts
// device-writable buffers and kicks; the device writes virtio_net_hdr and the frame and says how
// many bytes in the used ring; the driver reaps, refills past half the ring, and EVENT_IDX
// lets the second of two frames go without an interrupt.
export const phases: readonly Phase[] = [
  {
    id: 'handshake',
    setup: true,
    script: `virtio device qemu msix
virtio status acknowledge
virtio status driver
virtio features version_1 event_idx
virtio status features_ok
virtio queue size=8 at=0x10000
virtio queue rx size=8 at=0x20000
virtio status driver_ok`,
    say: {
      en: 'A virtio-net device served by QEMU, with VERSION_1 and EVENT_IDX. Besides the transmit queue, the driver has set up queue 0, receiveq1: 8 entries at 0x20000. It has not posted a single receive buffer yet.',
      zh: '一个由 QEMU 服务的 virtio-net 设备，协商了 VERSION_1 与 EVENT_IDX。除发送队列外，驱动还设置了队列 0，即 `receiveq1`：8 项，位于 0x20000。它还没有放入任何接收缓冲区。',
    },
    title: { en: 'A receive queue, no buffers', zh: '有接收队列，没有缓冲区' },
  },
  {
    id: 'early',
    script: 'virtio rx 60',
    say: {
      en: 'A 60-byte frame for the guest arrives on the tap, and QEMU’s I/O thread reads it. But avail->idx is 0: no receive buffer. virtio_net_has_buffers returns 0, so QEMU keeps the frame queued and asks to be kicked. Nothing is dropped; the guest knows nothing yet.',
      zh: '一个发给客户机的 60 字节帧到达 `tap`，QEMU 的 I/O 线程读出它。但 `avail->idx` 是 0：没有接收缓冲区。`virtio_net_has_buffers` 返回 0，于是 QEMU 把帧留在队列里，并请求驱动通知它。没有丢弃任何东西；客户机此时一无所知。',
    },
    title: { en: 'A frame, no buffer: it waits', zh: '有帧没缓冲区：等待' },
  },
  {
    id: 'post',
    questions: [{ step: 1, kind: 'kvm-exit' }],
    script: 'virtio rx-post 4',
    say: {
      en: 'The driver posts 4 buffers: each one descriptor with the WRITE flag (the device may write it), 12 + 1518 bytes long. avail_event is 0, inside [0, 4), so it kicks queue 0: exit 49, KVM_EXIT_MMIO, and QEMU’s handler flushes the waiting frame on this vCPU thread. It writes a 12-byte virtio_net_hdr and the 60-byte frame into buffer 0 and puts {id 0, len 72} in the used ring: 72 bytes written. The first interrupt is always sent, injected at the VM entry.',
      zh: '驱动放入 4 个缓冲区：每个是一个带 WRITE 标志（设备可写）的描述符，长 12 + 1518 字节。`avail_event` 是 0，落在 `[0, 4)` 中，所以它通知队列 0：退出 49，`KVM_EXIT_MMIO`，QEMU 的处理函数在这个 vCPU 线程上送出等待的帧。它把 12 字节的 `virtio_net_hdr` 和 60 字节的帧写进缓冲区 0，并在已用环写入 `{id 0, len 72}`：写了 72 字节。第一次中断总会发出，在 VM 进入时注入。',
    },
    title: { en: 'Post buffers: the frame goes in', zh: '放入缓冲区：帧送进去' },
  },
  {
    id: 'reap',
    questions: [{ step: 1, kind: 'notify' }],
    script: 'virtio rx-reap',
    say: {
      en: 'The driver’s poll takes used entry 0 and its length, 72: a 60-byte frame after the header. Now 5 of 8 descriptors are free, more than half of min(64, 8), so it refills all 5. The kick check finds avail_event 1 behind the 4 entries already published: no doorbell, the device still has buffers. Last, used_event = 1 re-arms the interrupt.',
      zh: '驱动的轮询取走已用项 0 及其长度 72：头部之后是一个 60 字节的帧。现在 8 个描述符中有 5 个空闲，超过 64 与 8 中较小者的一半，所以它把 5 个全部补上。通知检查发现 `avail_event` 为 1，落后于已经发布的 4 项：不用按门铃，设备手里还有缓冲区。最后 `used_event` = 1，重新开启中断。',
    },
    title: { en: 'Reap, refill, no kick', zh: '收取、补充、不通知' },
  },
  {
    id: 'two',
    questions: [{ step: 1, kind: 'used-idx' }],
    script: 'virtio rx 60 count=2',
    say: {
      en: 'Two frames arrive. QEMU’s I/O thread copies each into a buffer and publishes it. The first used entry is entry 1, which used_event asked for: interrupt. This thread is not vCPU 0’s, so KVM kicks the running vCPU out (exit 1) to inject. The second is not asked for: vring_need_event(1, 3, 2) is false, no interrupt. The guest’s poll will find both.',
      zh: '两个帧到达。QEMU 的 I/O 线程把每个拷进一个缓冲区并发布。第一个已用项是第 1 项，正是 `used_event` 要的：中断。这个线程不是 vCPU 0 的线程，所以 KVM 把正在运行的 vCPU 踢出（退出 1）来注入。第二个没有被要求：`vring_need_event(1, 3, 2)` 为假，不中断。客户机的轮询会同时找到这两个。',
    },
    title: { en: 'Two frames, one interrupt', zh: '两个帧，一次中断' },
    now: {
      en: 'Three frames received, none dropped; two VM exits for them: one doorbell, one kick to inject.',
      zh: '收到三个帧，没有丢弃；为此有两次 VM 退出：一次门铃，一次为注入中断而踢出。',
    },
  },
]
