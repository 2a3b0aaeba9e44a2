import type { Phase } from './types.ts'

// The same packet five ways (issue 17, hw-facts-2 §2.1-2.7): send 4 and receive 4 frames
// through e1000 emulation, virtio with QEMU, virtio with vhost-net, an assigned NIC and an
// SR-IOV VF, each a real run of its model; then the table.
export const phases: readonly Phase[] = [
  {
    id: 'e1000',
    script: 'io way e1000 k=4',
    say: {
      en: 'Full emulation. QEMU’s e1000 driver sends 4 frames (TDT write, then ICR read in the handler) and receives 4 (the I/O thread’s interrupt, ICR read, RDT write). Every register access exits: 20 VM exits, 16 of them back to QEMU in user space. QEMU copies each frame twice (guest RAM and tap): 16 copies.',
      zh: '完全仿真。QEMU e1000 上的驱动发送 4 个帧（写 TDT，处理程序中读 ICR），接收 4 个帧（I/O 线程发出的中断、读 ICR、写 RDT）。每次寄存器访问都退出：20 次 VM 退出，其中 16 次回到用户态的 QEMU。QEMU 对每个帧拷贝两次（客户机内存与 `tap` 之间）：16 次拷贝。',
    },
    title: { en: 'e1000: every register exits', zh: 'e1000：每个寄存器都退出' },
  },
  {
    id: 'virtio-qemu',
    questions: [{ step: 1, kind: 'ioways-exits' }],
    script: 'io way virtio-qemu k=4',
    say: {
      en: 'virtio with QEMU: the frames go through rings in guest memory. Only the transmit doorbell exits (49) to QEMU: 4 returns to user space. Receive needs no doorbell at all: the driver refills only after more than half the ring is used. Each interrupt comes from another thread, so KVM kicks vCPU 0 (exit 1): 12 exits. Still 12 copies: receive is copied twice.',
      zh: '以 QEMU 为后端的 virtio：帧经过客户机内存中的环。只有发送门铃会退出（49）到 QEMU：返回用户态 4 次。接收根本不需要门铃：驱动要等环用掉一半以上才补充。每次中断都来自另一个线程，所以 KVM 踢出 vCPU 0（退出 1）：共 12 次退出。拷贝仍有 12 次：接收要拷两次。',
    },
    title: { en: 'virtio with QEMU', zh: '以 QEMU 为后端的 virtio' },
  },
  {
    id: 'virtio-vhost',
    questions: [{ step: 1, kind: 'ioways-exits' }],
    script: 'io way virtio-vhost k=4',
    say: {
      en: 'vhost-net: the same rings and the same 12 exits, but the doorbell ends in KVM (ioeventfd) and a kernel worker does the work: 0 returns to user space, and receive is copied once, from the tap socket straight into the guest buffer: 8 copies.',
      zh: 'vhost-net：同样的环，同样的 12 次退出，但门铃在 KVM 中结束（ioeventfd），由内核工作线程干活：返回用户态 0 次；接收只拷贝一次，从 `tap` 套接字直接拷进客户机缓冲区：8 次拷贝。',
    },
    title: { en: 'virtio with vhost-net', zh: '以 vhost-net 为后端的 virtio' },
  },
  {
    id: 'vfio',
    questions: [{ step: 1, kind: 'ioways-exits' }],
    script: 'io way vfio k=4',
    say: {
      en: 'A real NIC assigned with VFIO: its registers are mapped into the guest, so the 8 doorbells and the ICR reads exit 0 times. The CPU copies nothing: the NIC itself makes 24 DMAs (descriptor, frame, status) through the IOMMU, and its 8 MSIs are remapped there.',
      zh: '用 VFIO 直通的真实网卡：它的寄存器映射进客户机，所以 8 次门铃和读 ICR 都是 0 次退出。CPU 什么也不拷贝：网卡自己经 IOMMU 做 24 次 DMA（描述符、帧、状态），它的 8 次 MSI 也在那里重映射。',
    },
    title: { en: 'An assigned NIC', zh: '直通网卡' },
  },
  {
    id: 'sriov-vf',
    questions: [{ step: 1, kind: 'ioways-exits' }],
    script: 'io way sriov-vf k=4',
    say: {
      en: 'An SR-IOV VF, 05:10.0 of PF 05:00.0, assigned the same way: the same counts as a whole NIC (0 exits, 24 DMAs), but the card can give other VFs to other guests, each in its own IOMMU domain.',
      zh: 'SR-IOV VF，即 PF `05:00.0` 的 `05:10.0`，以同样的方式直通：计数与整块网卡相同（0 次退出，24 次 DMA），但这块卡还能把其他 VF 分给其他客户机，各自在自己的 IOMMU 域中。',
    },
    title: { en: 'An SR-IOV VF', zh: 'SR-IOV VF' },
  },
  {
    id: 'table',
    script: 'io table',
    say: {
      en: 'Side by side: exits fall from 20 to 12 to 0, trips to user space from 16 to 4 to 0, CPU copies from 16 to 8 to 0, while the interrupts stay 8 in every way. What passthrough costs is not in this table: the device belongs to one guest, and the IOMMU must fence its DMA.',
      zh: '放在一起看：退出从 20 次降到 12 次再到 0 次，回到用户态从 16 次降到 4 次再到 0 次，CPU 拷贝从 16 次降到 8 次再到 0 次，而中断在每种方式下都是 8 次。直通的代价不在这张表里：设备只属于一台客户机，IOMMU 必须把它的 DMA 隔离起来。',
    },
    title: { en: 'The table', zh: '对比表' },
  },
]
