import type { Phase } from './types.ts'

// Where the hypervisor lives (hw-facts-2 §4.1-4.3): the two taxonomies, then one guest OUT to
// the virtual NIC followed hop by hop through ESX, VMware Workstation's hosted design with its
// world switch, Xen with Dom0, and KVM with QEMU; last the hops counted from the model.
export const phases: readonly Phase[] = [
  {
    id: 'taxonomy',
    script: 'hyp taxonomy',
    say: {
      en: '“Type 1” and “type 2” mean different things in different notes. Tanenbaum sorts by privilege: type 1 is the only program in the most privileged mode. The UCR slides sort by placement: on the bare machine or hosted, with Xen as a hybrid. KVM lands in both columns, for the reason under the table.',
      zh: '不同的笔记里“第 1 类”和“第 2 类”的含义不同。Tanenbaum 按特权级划分：第 1 类是唯一运行在最高特权级的程序。UCR 课件按位置划分：运行在裸机上还是宿主式，Xen 是混合式。KVM 两栏都出现了，原因写在表格下面。',
    },
    title: { en: 'Two taxonomies', zh: '两种分类' },
  },
  {
    id: 'esx',
    questions: [{ step: 2, kind: 'hyp-hops' }],
    script: `hyp design esx
hyp out 0xc010 0x1 size=2`,
    say: {
      en: 'Type 1: VMware ESX on the bare machine. The guest’s NIC driver executes OUT to its NIC’s transmit port. Step through: the VMM intercepts it, its virtual NIC decodes it, and ESX’s own I/O subsystem and driver send the frame. Everything happens in the hypervisor: no host OS, no world switch, no user process.',
      zh: '第 1 类：裸机上的 VMware ESX。客户机的网卡驱动对网卡的发送端口执行 OUT。逐步来看：VMM 截获它，虚拟网卡解码它，ESX 自己的 I/O 子系统和驱动发出这帧。一切都在 `hypervisor` 中完成：没有宿主操作系统，没有世界切换，也没有用户进程。',
    },
    title: { en: 'Type 1: ESX on bare metal', zh: '第 1 类：裸机上的 ESX' },
  },
  {
    id: 'hosted',
    questions: [{ step: 2, kind: 'hyp-hops' }],
    script: `hyp design hosted
hyp out 0xc010 0x1 size=2`,
    say: {
      en: 'Hosted: VMware Workstation. The same OUT reaches the VMM, but the VMM world has no host OS to send a frame with. VMDriver switches worlds, saving and restoring the whole CPU state (CR3, IDTR, GDTR and the rest); VMApp, an ordinary process, write()s the frame to the host’s own driver; then a second world switch brings the VMM back.',
      zh: '宿主式：`VMware Workstation`。同一条 OUT 到达 VMM，但 VMM 世界里没有可以用来发帧的宿主操作系统。VMDriver 切换世界，保存并恢复整个 CPU 状态（CR3、IDTR、GDTR 等）；普通进程 VMApp 用 `write()` 把帧交给宿主自己的驱动；然后第二次世界切换把 VMM 换回来。',
    },
    title: { en: 'Hosted: the world switch', zh: '宿主式：世界切换' },
  },
  {
    id: 'xen',
    questions: [{ step: 2, kind: 'hyp-hops' }],
    script: `hyp design xen
hyp out 0xc010 0x1 size=2`,
    say: {
      en: 'Xen with Dom0. Xen alone runs in ring 0 but has no NIC driver: the real drivers live in Dom0. A PV guest has no emulated NIC, so where the others execute OUT, netfront writes a request into a shared ring and makes a hypercall. Follow it: an event channel to Dom0, netback copies the frame through a grant, Dom0’s driver sends it, and an event brings the answer back.',
      zh: 'Xen 与 Dom0。只有 Xen 运行在 0 环，但它没有网卡驱动：真正的驱动在 Dom0 中。PV 客户机没有模拟网卡，所以在其他设计执行 OUT 的地方，netfront 把请求写进共享环并发出超级调用。跟着它走：事件通道通知 Dom0，netback 通过授权拷贝这帧，Dom0 的驱动把它发出，再由一个事件把回应带回来。',
    },
    title: { en: 'Xen: Dom0 holds the drivers', zh: 'Xen：驱动在 Dom0 中' },
  },
  {
    id: 'kvm',
    questions: [{ step: 2, kind: 'hyp-hops' }],
    script: `hyp design kvm
hyp out 0xc010 0x1 size=2`,
    say: {
      en: 'KVM with QEMU. The OUT is a VM exit (reason 30) into Linux with kvm.ko; no in-kernel device claims the port, so ioctl(KVM_RUN) returns KVM_EXIT_IO to the QEMU process. QEMU’s NIC model transmits with an ordinary write() to tap, and the next KVM_RUN enters the guest again. The hypervisor is Linux itself; the device model is a process.',
      zh: 'KVM 与 QEMU。OUT 是一次进入带 `kvm.ko` 的 Linux 的 VM 退出（原因 30）；没有内核中的设备认领这个端口，于是 `ioctl(KVM_RUN)` 以 `KVM_EXIT_IO` 返回 QEMU 进程。QEMU 的网卡模型用一次普通的 `write()` 写 `tap` 来发送，下一次 `KVM_RUN` 再进入客户机。`hypervisor` 就是 Linux 本身；设备模型是一个进程。',
    },
    title: { en: 'KVM: Linux plus a process', zh: 'KVM：Linux 加一个进程' },
  },
  {
    id: 'compare',
    script: 'hyp compare 0xc010 0x1 size=2',
    say: {
      en: 'The same OUT through all four, counted from the model’s hops, not typed in. Where the device model and the driver live decides the path: inside the hypervisor (ESX) is shortest; a hosted VMM pays two world switches and a trip through a process; Xen pays hypercalls and two domain switches; KVM pays a return to user space and a second ioctl.',
      zh: '同一条 OUT 穿过全部四种设计，数字由模型的各跳统计得出，而不是手写的。设备模型和驱动在哪里决定了路径：都在 `hypervisor` 内（ESX）最短；宿主式 VMM 要付出两次世界切换和一趟进程往返；Xen 要付出几次超级调用和两次域切换；KVM 要付出一次返回用户态和第二次 `ioctl`。',
    },
    title: { en: 'Hops per design', zh: '各设计的跳数' },
  },
]
