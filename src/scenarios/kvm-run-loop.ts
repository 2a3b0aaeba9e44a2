import type { Phase } from './types.ts'

// The KVM run loop for a port access and an MMIO access (hw-facts-2 §1.8, §2.2): exit, KVM's
// decision, KVM_RUN returning to QEMU, QEMU's device model, the next KVM_RUN.
export const phases: readonly Phase[] = [
  {
    id: 'vm',
    setup: true,
    script: `kvm create ram=128 vcpus=1
pci e1000`,
    say: {
      en: 'QEMU creates a VM through /dev/kvm with 128 MiB of RAM and one vCPU, which is one QEMU thread looping on KVM_RUN. Then it plugs in its e1000 at 00:03.0; firmware has placed BAR0 at 0xfebc0000 and BAR1 at port 0xc000.',
      zh: 'QEMU 通过 `/dev/kvm` 创建一台有 128 MiB 内存和一个 vCPU 的虚拟机，这个 vCPU 就是一个在 `KVM_RUN` 上循环的 QEMU 线程。然后它把 e1000 插在 00:03.0；固件已把 BAR0 放在 0xfebc0000，BAR1 放在端口 0xc000。',
    },
    title: { en: 'A VM with an e1000', zh: '一台带 e1000 的虚拟机' },
  },
  {
    id: 'out',
    questions: [
      { step: 1, kind: 'exit-reason' },
      { step: 2, kind: 'kvm-exit' },
    ],
    script: 'vcpu out 0xcf8 0x80001800 size=4',
    say: {
      en: 'The guest kernel enumerates PCI: it writes CONFIG_ADDRESS (port 0xCF8) to select bus 0, device 3, function 0, register 0. Step through the hops: the OUT exits (reason 30), KVM has no in-kernel device there, KVM_RUN returns KVM_EXIT_IO to QEMU, QEMU’s host bridge latches the address, and QEMU calls KVM_RUN again.',
      zh: '客户机内核枚举 PCI：它写 CONFIG_ADDRESS（端口 0xCF8），选中 0 号总线、3 号设备、0 号功能、0 号寄存器。逐跳来看：OUT 退出（原因 30），KVM 在那里没有内核中的设备，`KVM_RUN` 以 `KVM_EXIT_IO` 返回 QEMU，QEMU 的主桥锁存这个地址，然后 QEMU 再次调用 `KVM_RUN`。',
    },
    title: { en: 'A port write, hop by hop', zh: '一次端口写，一跳一跳' },
  },
  {
    id: 'in',
    script: 'vcpu in 0xcfc size=4',
    say: {
      en: 'Now IN from CONFIG_DATA (0xCFC). Same path, but the data flows back: QEMU reads dword 0 of the e1000’s configuration space, 0x100e8086 (device 0x100E, vendor 0x8086), puts it at kvm_run + data_offset, and the next KVM_RUN completes the IN into EAX before the guest runs on.',
      zh: '现在从 CONFIG_DATA（0xCFC）执行 IN。路径相同，但数据要流回去：QEMU 读出 e1000 配置空间的第 0 个双字 0x100e8086（设备 0x100E，厂商 0x8086），放到 `kvm_run` + `data_offset`，下一次 `KVM_RUN` 先把它写进 EAX 完成这条 IN，客户机才继续运行。',
    },
    title: { en: 'A port read returns data', zh: '端口读带回数据' },
  },
  {
    id: 'pit',
    questions: [{ step: 1, kind: 'kvm-exit' }],
    script: 'vcpu out 0x43 0x34',
    say: {
      en: 'Not every port goes to QEMU. Port 0x43 is the 8254 timer’s mode register, and KVM emulates the PIT (and the PICs and IOAPIC) inside the kernel: exit 30, KVM handles it, and it re-enters the guest at once. Three hops instead of five, and no trip to user space.',
      zh: '并不是每个端口都要到 QEMU。端口 0x43 是 8254 定时器的模式寄存器，KVM 在内核中模拟 PIT（以及 PIC 和 IOAPIC）：退出 30，KVM 处理它，立即重新进入客户机。三跳而不是五跳，也不用回到用户态。',
    },
    title: { en: 'Handled in the kernel', zh: '在内核中处理' },
  },
  {
    id: 'mmio-first',
    questions: [{ step: 1, kind: 'exit-reason' }],
    script: 'vcpu read STATUS',
    say: {
      en: 'MMIO: the guest loads the e1000’s STATUS register at 0xfebc0008. No memslot covers that page, so the first touch is an EPT violation (48). KVM finds no RAM there, installs an MMIO SPTE for the page, decodes the load, and returns KVM_EXIT_MMIO; QEMU’s e1000 model answers 0x80080783 (link up, full duplex, 1000 Mb/s).',
      zh: 'MMIO：客户机读 e1000 位于 0xfebc0008 的 STATUS 寄存器。这一页没有内存槽，所以第一次访问是 EPT 违例（48）。KVM 发现那里没有内存，为这一页装上 MMIO SPTE，解码这条读指令，返回 `KVM_EXIT_MMIO`；QEMU 的 e1000 模型回答 0x80080783（链路已连通、全双工、1000 Mb/s）。',
    },
    title: { en: 'MMIO: the first touch', zh: 'MMIO：第一次访问' },
  },
  {
    id: 'mmio-again',
    questions: [{ step: 1, kind: 'exit-reason' }],
    script: 'vcpu write IMS 0x9d',
    say: {
      en: 'A store to IMS in the same page. KVM’s MMIO SPTE now makes the CPU exit with an EPT misconfiguration (49), which tells KVM “MMIO” without a page-table walk. The rest is the same: KVM_EXIT_MMIO with is_write 1, the e1000 model enables the interrupt causes, KVM_RUN again.',
      zh: '对同一页中 IMS 的一次写。KVM 的 MMIO SPTE 现在让 CPU 以 EPT 配置错误（49）退出，不用查页表 KVM 就知道这是 MMIO。其余相同：`is_write` 为 1 的 `KVM_EXIT_MMIO`，e1000 模型使能这些中断原因，再次 `KVM_RUN`。',
    },
    title: { en: 'MMIO again: a misconfiguration', zh: '再次 MMIO：配置错误' },
    now: {
      en: 'Exits so far: three of reason 30 (one handled in the kernel), one 48, one 49; four returned to QEMU.',
      zh: '到目前为止的退出：原因 30 三次（一次在内核中处理），48 一次，49 一次；其中四次返回到 QEMU。',
    },
  },
  {
    id: 'ram',
    questions: [{ step: 1, kind: 'kvm-exit' }],
    script: 'vcpu write 0x1000 0x12345678',
    say: {
      en: 'For contrast, a store to guest RAM at 0x1000: EPT maps it to QEMU’s memory, so it completes in the guest. No exit, no KVM, no QEMU. Only device addresses pay the round trip.',
      zh: '作为对照，向客户机内存 0x1000 写：EPT 把它映射到 QEMU 的内存，所以在客户机内就完成了。没有退出，没有 KVM，也没有 QEMU。只有设备地址才要付出这一趟往返。',
    },
    title: { en: 'RAM never exits', zh: '内存访问不退出' },
  },
]
