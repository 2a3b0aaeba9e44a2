import type { Phase } from './types.ts'

// The e1000 receive path under KVM and QEMU (hw-facts-2 §2.2): QEMU's I/O thread reads the
// tap, the e1000 model fills guest buffers with DD/EOP and raises RXT0; no buffers means QEMU
// holds the frame; too few buffers for a frame is an overrun (RXO).
export const phases: readonly Phase[] = [
  {
    id: 'setup',
    setup: true,
    script: `kvm create
pci e1000
e1000 init tx=8 rx=8 bsize=256`,
    say: {
      en: 'A VM with QEMU’s e1000; the driver has set up an 8-descriptor RX ring with 256-byte buffers (RCTL.BSIZE = 11) but has not given the device any buffer yet: RDH = RDT = 0.',
      zh: '一台带 QEMU e1000 的虚拟机；驱动建好了 8 个描述符的接收环，缓冲区 256 字节（RCTL.BSIZE = 11），但还没有给设备任何缓冲区：RDH = RDT = 0。',
    },
    title: { en: 'An empty RX ring', zh: '空的接收环' },
  },
  {
    id: 'held',
    questions: [{ step: 1, kind: 'rx-outcome' }],
    script: 'tap send 60',
    say: {
      en: 'A frame for the guest arrives on the tap device. QEMU’s I/O thread reads it, but e1000_can_receive is false: RDH == RDT, no buffers. QEMU keeps the frame queued. Nothing is dropped and no RXO is raised; vCPU 0 never noticed.',
      zh: '一个发给客户机的帧到达 TAP 设备。QEMU 的 I/O 线程读出它，但 `e1000_can_receive` 为假：RDH == RDT，没有缓冲区。QEMU 把帧留在队列里。没有丢弃，也没有 RXO；vCPU 0 根本没有察觉。',
    },
    title: { en: 'No buffers: QEMU holds it', zh: '没有缓冲区：QEMU 扣住帧' },
  },
  {
    id: 'fill',
    questions: [
      { step: 1, kind: 'rx-outcome' },
      { step: 10, kind: 'e1000-icr' },
    ],
    script: 'e1000 rx-fill 2',
    say: {
      en: 'The driver gives two buffers: two descriptors with addresses, then RDT = 2, one MMIO exit. In QEMU, set_rdt sees buffers and flushes the held frame on the vCPU thread: 60 bytes + 4 of FCS go into descriptor 0’s buffer, length 64, status DD|EOP. RXT0 raises the line (RXDMT0 too: one free buffer left is at the ½ threshold), and KVM_RUN injects vector 0x41.',
      zh: '驱动给出两个缓冲区：两个带地址的描述符，然后 RDT = 2，一次 MMIO 退出。在 QEMU 中，`set_rdt` 发现有了缓冲区，就在 vCPU 线程上把扣住的帧送入：60 字节加 4 字节 FCS 写入描述符 0 的缓冲区，长度 64，状态 DD|EOP。RXT0 拉高中断线（还有 RXDMT0：只剩一个空闲缓冲区，到了 ½ 阈值），`KVM_RUN` 注入向量 0x41。',
    },
    title: { en: 'Buffers: the frame goes in', zh: '有了缓冲区：帧送入' },
  },
  {
    id: 'isr',
    questions: [{ step: 1, kind: 'e1000-icr' }],
    script: `e1000 isr
e1000 clean`,
    say: {
      en: 'The handler reads ICR (RXT0|RXDMT0, cleared by the read), and the driver takes the frame from descriptor 0 because DD is set, then clears its status. Taking frames reads guest RAM only.',
      zh: '中断处理程序读 ICR（RXT0|RXDMT0，读后清零），驱动因为 DD 已置位而从描述符 0 取走帧，然后把它的状态清零。取帧只读客户机内存。',
    },
    title: { en: 'Take the frame', zh: '取走帧' },
  },
  {
    id: 'overrun',
    questions: [{ step: 1, kind: 'rx-outcome' }],
    script: 'tap send 600',
    say: {
      en: 'A 600-byte frame now needs three 256-byte buffers, but only descriptor 1 is free. This is an overrun: the e1000 model drops the frame, counts RNBC and MPC, and sets RXO in ICR. The driver did not enable RXO in IMS (it enabled RXT0, TXDW, RXDMT0, RXSEQ and LSC, Linux’s IMS_ENABLE_MASK), so the line stays low: no interrupt, and vCPU 0 runs on unaware.',
      zh: '一个 600 字节的帧现在需要三个 256 字节的缓冲区，但只有描述符 1 空闲。这就是溢出：e1000 模型丢弃这个帧，RNBC 和 MPC 加一，并在 ICR 中置上 RXO。驱动没有在 IMS 中使能 RXO（它使能的是 RXT0、TXDW、RXDMT0、RXSEQ 和 LSC，即 Linux 的 `IMS_ENABLE_MASK`），所以中断线保持为低：没有中断，vCPU 0 毫不知情地继续运行。',
    },
    title: { en: 'Too few buffers: overrun', zh: '缓冲区不够：溢出' },
  },
  {
    id: 'refill',
    script: `e1000 isr
e1000 rx-fill 5
tap send 600`,
    say: {
      en: 'On its next pass the driver reads ICR and finds RXO, then gives five more buffers (RDT = 7). The next 600-byte frame fits: descriptors 1, 2 and 3 get 256, 256 and 92 bytes, and only the last has EOP. DD is set on each as it is written; RXT0 raises the line, and KVM kicks vCPU 0 out of the guest (exit 1) to inject the interrupt.',
      zh: '驱动下一次检查时读 ICR，发现 RXO，再给出五个缓冲区（RDT = 7）。下一个 600 字节的帧放得下了：描述符 1、2、3 分别得到 256、256 和 92 字节，只有最后一个有 EOP。每个描述符写回时都置上 DD；RXT0 拉高中断线，KVM 把 vCPU 0 踢出客户机（退出 1）来注入中断。',
    },
    title: { en: 'One frame, three buffers', zh: '一个帧，三个缓冲区' },
    now: {
      en: 'Two frames received, one dropped by the overrun (MPC = 1), none lost while QEMU held the first.',
      zh: '收到两个帧，一个因溢出被丢弃（MPC = 1）；QEMU 扣住第一个帧期间没有丢失任何帧。',
    },
  },
]
