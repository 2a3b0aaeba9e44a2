import type { Phase } from './types.ts'

// DMA remapping with Intel VT-d (hw-facts-2 §2.5): a NIC's DMA before and after the IOMMU is
// on, the walk root[bus] -> context[devfn] -> 3 second-level levels, the caches, the faults
// (write to a read-only page, an unmapped IOVA, a device with no context entry) and an IOTLB
// entry that outlives its unmap until the IOTLB is invalidated.
export const phases: readonly Phase[] = [
  {
    id: 'off',
    script: 'dma 03:00.0 read 0x7000',
    say: {
      en: 'A NIC at 03:00.0 reads memory by DMA. With no IOMMU, the address it puts on the bus is the host-physical address: it reads HPA 0x7000, whatever lives there. A device, or a driver that programs it wrongly, can reach any byte of memory.',
      zh: '位于 `03:00.0` 的网卡通过 DMA 读内存。没有 IOMMU 时，它放到总线上的地址就是主机物理地址：它读到 HPA 0x7000，不管那里放的是什么。一个设备，或者给它编程出错的驱动，可以访问内存中的任何字节。',
    },
    title: { en: 'DMA without an IOMMU', zh: '没有 IOMMU 的 DMA' },
  },
  {
    id: 'tables',
    script: `iommu on
iommu domain 1 aw=39
iommu attach 03:00.0 1
iommu map 1 0x10000 0x40002000 pages=2
iommu map 1 0x20000 0x40008000 r`,
    say: {
      en: 'The host driver turns VT-d on and builds the tables: domain 1 with 39-bit IOVAs (AW 1, so 3 levels), the NIC’s context entry pointing at it (the bus’s root entry is written on the way), a two-page receive buffer at IOVA 0x10000 that the NIC may read and write, and one page at IOVA 0x20000 it may only read.',
      zh: '主机驱动打开 VT-d 并建立各级表：域 1 使用 39 位 IOVA（AW 为 1，因此 3 级），网卡的上下文表项指向它（途中写入该总线的根表项），IOVA 0x10000 处两页接收缓冲区网卡可读可写，IOVA 0x20000 处的一页网卡只能读。',
    },
    title: { en: 'Root, context, second-level tables', zh: '根表、上下文表与二级页表' },
  },
  {
    id: 'walk',
    questions: [{ step: 1, kind: 'dma-outcome' }],
    script: 'dma 03:00.0 write 0x10040',
    say: {
      en: 'The NIC writes a received frame to IOVA 0x10040. The request carries its source-ID 0x0300 (bus 3, devfn 0). Both caches miss, so the IOMMU reads root[3], then context[0], then the three second-level entries chosen by 9-bit slices of the IOVA, just as the MMU walks a page table. Every entry along the way has W = 1, so the write lands at HPA 0x40002040.',
      zh: '网卡把收到的帧写到 IOVA 0x10040。请求带着它的源 ID 0x0300（总线 3，`devfn` 0）。两个缓存都未命中，于是 IOMMU 依次读根表项 3、上下文表项 0，再读由 IOVA 每 9 位一段选出的三个二级页表项，和 MMU 遍历页表一样。途中每个表项都有 W = 1，所以写操作落在 HPA 0x40002040。',
    },
    title: { en: 'One DMA, walked', zh: '一次 DMA 的完整遍历' },
  },
  {
    id: 'cached',
    questions: [{ step: 1, kind: 'dma-outcome' }],
    script: 'dma 03:00.0 write 0x10080',
    say: {
      en: 'The next write to the same page: the context cache knows 03:00.0 and the IOTLB holds the page, so no table is read at all.',
      zh: '对同一页的下一次写：上下文缓存认识 `03:00.0`，IOTLB 里也有这一页，所以一张表都不用读。',
    },
    title: { en: 'The caches answer', zh: '缓存直接给出结果' },
  },
  {
    id: 'blocked',
    questions: [
      { step: 1, kind: 'dma-outcome' },
      { step: 13, kind: 'dma-outcome' },
    ],
    script: `dma 03:00.0 write 0x20000
dma 03:00.0 read 0x7000
dma 03:00.1 read 0x10000`,
    say: {
      en: 'Three requests the IOMMU blocks. A write to the read-only page: the leaf has W = 0, fault 0x5. A read of IOVA 0x7000, the address that reached memory unchecked at the start: nothing is mapped there, the leaf is not present and QEMU’s model reports that as a permission fault, 0x6, not 0x7. And function 03:00.1 has no context entry at all: fault 0x2. Each fault fills a fault record: source-ID, reason, the page, and T = 1 for a read.',
      zh: 'IOMMU 阻止了三个请求。写只读页：叶子表项 W = 0，故障 0x5。读 IOVA 0x7000，也就是开头那次未经检查就到达内存的地址：那里没有映射，叶子表项不存在，QEMU 的模型把它报告为权限故障 0x6，而不是 0x7。功能 `03:00.1` 根本没有上下文表项：故障 0x2。每次故障都填写一条故障记录：源 ID、原因、页地址，读操作的 T = 1。',
    },
    title: { en: 'Blocked DMA and the fault records', zh: '被阻止的 DMA 与故障记录' },
  },
  {
    id: 'stale',
    questions: [{ step: 2, kind: 'dma-outcome' }],
    script: `iommu unmap 1 0x10000
dma 03:00.0 read 0x10000
iommu invalidate iotlb page 1 0x10000
dma 03:00.0 read 0x10000`,
    say: {
      en: 'The driver unmaps the first buffer page but does not invalidate yet. The IOTLB still holds the old translation, so the NIC can still read the freed page. After a page-selective IOTLB invalidation (IIRG = 3, domain 1) the same read walks the tables, finds the leaf cleared and faults. This is why an unmap is only finished when the invalidation is.',
      zh: '驱动解除了第一页缓冲区的映射，但还没有使 IOTLB 失效。IOTLB 仍缓存着旧的转换，所以网卡仍能读到已释放的页。做了一次按页的 IOTLB 失效（IIRG = 3，域 1）之后，同样的读会遍历各级表，发现叶子表项已被清除，于是报告故障。这就是为什么解除映射要等失效完成才算结束。',
    },
    title: { en: 'A stale IOTLB entry', zh: '过期的 IOTLB 表项' },
  },
]
