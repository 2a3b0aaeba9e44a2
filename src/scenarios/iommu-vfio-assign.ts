import type { Phase } from './types.ts'

// Device assignment through VFIO (hw-facts-2 §2.6): a NIC assigned to guest a. Its DMA is
// translated in the guest's own domain (IOVA = guest-physical), its BAR is mapped into the
// guest (no exits on the data path), its config space stays trapped, its MSI is remapped.
export const phases: readonly Phase[] = [
  {
    id: 'setup',
    setup: true,
    script: `iommu on
iommu vm a pages=16
iommu device 03:00.0 bar0=0xf0000000 size=0x20000`,
    say: {
      en: 'VT-d is on. Guest a has 16 pages of RAM, which the host placed at HPA 0x40000000. A NIC at 03:00.0 has its registers in a 128 KiB BAR0 at HPA 0xf0000000.',
      zh: 'VT-d 已开启。客户机 `a` 有 16 页内存，主机把它放在 HPA 0x40000000。位于 `03:00.0` 的网卡，其寄存器位于 HPA 0xf0000000 处 128 KiB 的 BAR0 中。',
    },
    title: { en: 'A guest and a NIC', zh: '一台客户机和一块网卡' },
  },
  {
    id: 'assign',
    script: 'vfio assign 03:00.0 a',
    say: {
      en: 'QEMU assigns the NIC with VFIO. The NIC’s IOMMU group joins guest a’s container; the container gets its own domain, and VFIO_IOMMU_MAP_DMA maps all of a’s RAM into it with IOVA = guest-physical address. The NIC’s context entry points at that domain. Last, QEMU mmaps BAR0 and maps it into the guest’s physical address space.',
      zh: 'QEMU 用 VFIO 分配这块网卡。网卡的 IOMMU 组加入客户机 `a` 的容器；容器得到自己的域，`VFIO_IOMMU_MAP_DMA` 把 `a` 的全部内存映射进去，IOVA 就是客户物理地址。网卡的上下文表项指向这个域。最后 QEMU 对 BAR0 执行 `mmap`，并把它映射到客户机的物理地址空间。',
    },
    title: { en: 'VFIO assigns the device', zh: 'VFIO 分配设备' },
  },
  {
    id: 'datapath',
    questions: [{ step: 2, kind: 'dma-outcome' }],
    script: `vfio touch 03:00.0 bar 0x3818
dma 03:00.0 read 0x2000`,
    say: {
      en: 'The guest’s driver writes a transmit tail register at BAR0 + 0x3818: EPT maps that guest page straight onto the device, so there is no VM exit. The NIC then reads the descriptor at guest-physical 0x2000, the address the guest driver gave it. The IOMMU walks a’s domain (4 levels, 48-bit) and finds a’s own page at HPA 0x40002000. The hypervisor did nothing on this path.',
      zh: '客户机驱动写位于 BAR0 + 0x3818 的发送尾指针寄存器：EPT 把这一客户机页直接映射到设备上，所以没有 VM 退出。接着网卡读客户物理地址 0x2000 处的描述符，这是客户机驱动交给它的地址。IOMMU 遍历 `a` 的域（4 级，48 位），找到 `a` 自己位于 HPA 0x40002000 的页。虚拟机监控器在这条路径上什么也没做。',
    },
    title: { en: 'The data path: no exits', zh: '数据通路：没有退出' },
  },
  {
    id: 'config',
    script: 'vfio touch 03:00.0 config 0x0',
    say: {
      en: 'Config space is different: the guest reads the vendor and device ID through ports 0xCF8 and 0xCFC, each access exits (reason 30) to QEMU as KVM_EXIT_IO, and QEMU answers from VFIO region 7, filtering what the guest may see and change.',
      zh: '配置空间则不同：客户机通过端口 0xCF8 和 0xCFC 读取厂商 ID 和设备 ID，每次访问都退出（原因 30），以 `KVM_EXIT_IO` 交给 QEMU，QEMU 从 VFIO 区域 7 作答，并过滤客户机能看到和修改的内容。',
    },
    title: { en: 'Config space stays trapped', zh: '配置空间仍被截获' },
  },
  {
    id: 'escape',
    questions: [{ step: 1, kind: 'dma-outcome' }],
    script: 'dma 03:00.0 write 0x100000',
    say: {
      en: 'A malicious or buggy guest driver points the NIC at guest-physical 0x100000, beyond its 16 pages; on the host that address holds the IOMMU’s own root table. In a’s domain nothing is mapped there: level-1 entry 256 is not present and the write faults with 0x5. The guest cannot use the device to reach memory that is not its own.',
      zh: '恶意或有缺陷的客户机驱动让网卡写客户物理地址 0x100000，超出了它的 16 页；在主机上，这个地址正放着 IOMMU 自己的根表。在 `a` 的域中那里没有映射：第 1 级的第 256 项不存在，写操作以故障 0x5 结束。客户机无法借助设备访问不属于它的内存。',
    },
    title: { en: 'A DMA outside the guest', zh: '越出客户机的 DMA' },
  },
  {
    id: 'msi',
    questions: [{ step: 2, kind: 'dma-outcome' }],
    script: `vfio msi 03:00.0 vector=0x41 cpu=1
dma 03:00.0 msi`,
    say: {
      en: 'Interrupts are remapped too. IRTE 0 gets vector 0x41, CPU 1 and the NIC’s source-ID; the NIC is programmed with a remappable MSI address that carries only the handle. When the NIC signals, the IOMMU reads IRTE 0, checks the source-ID and delivers vector 0x41.',
      zh: '中断同样要重映射。IRTE 0 写入向量 0x41、CPU 1 和网卡的源 ID；网卡被编程为一个只携带句柄的可重映射 MSI 地址。网卡发出中断时，IOMMU 读 IRTE 0，检查源 ID，然后投递向量 0x41。',
    },
    title: { en: 'Interrupt remapping', zh: '中断重映射' },
  },
]
