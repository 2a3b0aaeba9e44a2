import type { Phase } from './types.ts'

// The e1000 transmit path under KVM and QEMU, as the course notes walk it (seeds 002-003,
// hw-facts-2 §2.2): fill descriptors, write TDT, start_xmit on the vCPU thread, the interrupt,
// ICR read-to-clear, reclaim.
export const phases: readonly Phase[] = [
  {
    id: 'setup',
    setup: true,
    script: `kvm create
pci e1000
e1000 init tx=8 rx=8`,
    say: {
      en: 'A VM with QEMU’s e1000 and a guest driver that has set up 8-descriptor TX and RX rings in guest RAM and programmed the registers (13 MMIO exits, counted).',
      zh: '一台带 QEMU e1000 的虚拟机；客户机驱动已在客户机内存中建好各 8 个描述符的发送环和接收环，并设置好寄存器（13 次 MMIO 退出，只计数）。',
    },
    title: { en: 'Driver ready', zh: '驱动就绪' },
  },
  {
    id: 'fill',
    script: 'e1000 send 60 count=2',
    say: {
      en: 'The driver has two 60-byte frames to send. It writes each frame into a buffer and a 16-byte legacy descriptor into slots 0 and 1: buffer address, length 60, CMD 0x0b (EOP, IFCS, RS). These are ordinary stores to guest RAM: no exit, and TDT still equals TDH, so the device owns nothing yet.',
      zh: '驱动有两个 60 字节的帧要发。它把每个帧写进一个缓冲区，并在槽 0 和槽 1 写入 16 字节的传统描述符：缓冲区地址、长度 60、CMD 0x0b（EOP、IFCS、RS）。这些都是普通的客户机内存写：没有退出，TDT 仍等于 TDH，设备此时还不拥有任何描述符。',
    },
    title: { en: 'Fill descriptors', zh: '填写描述符' },
  },
  {
    id: 'kick',
    questions: [
      { step: 1, kind: 'exit-reason' },
      { step: 2, kind: 'kvm-exit' },
      { step: 5, kind: 'e1000-icr' },
    ],
    script: 'e1000 kick',
    say: {
      en: 'One register write hands both frames over: TDT = 2. It exits (49), KVM returns KVM_EXIT_MMIO, and QEMU’s set_tctl runs start_xmit right there on the vCPU thread: read descriptor 0, copy its buffer, EOP so send to the tap, RS so write DD back; the same for descriptor 1; TDH reaches TDT. ICR gets TXDW and TXQE, the line goes high, and the next KVM_RUN injects vector 0x41.',
      zh: '一次寄存器写就交出两个帧：TDT = 2。它退出（49），KVM 返回 `KVM_EXIT_MMIO`，QEMU 的 `set_tctl` 就在 vCPU 线程上运行 `start_xmit`：读描述符 0，拷贝它的缓冲区，有 EOP 就发给 TAP 设备，有 RS 就回写 DD；描述符 1 也一样；TDH 追上 TDT。ICR 置上 TXDW 和 TXQE，中断线拉高，下一次 `KVM_RUN` 注入向量 0x41。',
    },
    title: { en: 'Write TDT: start_xmit', zh: '写 TDT：`start_xmit`' },
    now: {
      en: 'Two frames on the tap device, both descriptors with DD set, one interrupt injected.',
      zh: 'TAP 设备上已有两个帧，两个描述符都置了 DD，注入了一次中断。',
    },
  },
  {
    id: 'isr',
    questions: [{ step: 1, kind: 'e1000-icr' }],
    script: 'e1000 isr',
    say: {
      en: 'The guest’s interrupt handler reads ICR: another MMIO exit, all the way to QEMU and back. ICR is read-to-clear, so the read returns TXDW|TXQE and leaves ICR at 0; the line drops and QEMU tells KVM.',
      zh: '客户机的中断处理程序读 ICR：又一次 MMIO 退出，一路到 QEMU 再回来。ICR 读后清零，所以这次读返回 TXDW|TXQE，并把 ICR 留为 0；中断线降低，QEMU 告诉 KVM。',
    },
    title: { en: 'Interrupt: read ICR', zh: '中断：读 ICR' },
  },
  {
    id: 'clean',
    script: 'e1000 clean',
    say: {
      en: 'The driver reclaims: from next_to_clean, every descriptor with DD set is done, so its buffer is free again. It reads guest RAM only, so no exit. Sending the two frames cost two exits to QEMU, the TDT write and the ICR read; the data itself needed none.',
      zh: '驱动回收：从 `next_to_clean` 开始，每个置了 DD 的描述符都已完成，它的缓冲区重新可用。这只读客户机内存，所以没有退出。发送这两个帧一共只退出到 QEMU 两次：写 TDT、读 ICR；数据本身不需要退出。',
    },
    title: { en: 'Reclaim', zh: '回收' },
  },
  {
    id: 'bad-tdt',
    script: 'vcpu write TDT 20',
    say: {
      en: 'A buggy driver writes TDT = 20 into an 8-descriptor ring. The hardware does not refuse it: start_xmit walks from TDH 2 round the ring, sending nothing from the empty slots and resending the two old frames, until TDH comes back to where it started. QEMU’s guard stops it there instead of looping for ever; TDH = 2, TDT = 20 stays.',
      zh: '一个有缺陷的驱动向 8 个描述符的环写入 TDT = 20。硬件并不拒绝：`start_xmit` 从 TDH 2 开始绕环一周，空槽什么也不发，两个旧帧又被发了一遍，直到 TDH 回到起点。QEMU 的保护在那里把它停下，而不是无限循环；TDH = 2、TDT = 20 保持不变。',
    },
    title: { en: 'A TDT beyond the ring', zh: '超出环的 TDT' },
  },
]
