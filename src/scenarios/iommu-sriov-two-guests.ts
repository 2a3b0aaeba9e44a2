import type { Phase } from './types.ts'

// SR-IOV (hw-facts-2 §2.7): a PF with First VF Offset 0x80 and VF Stride 2 (the values the
// 82599 and 82576 hosts of §2.7 show) enables two VFs; each goes to a different guest with
// its own IOMMU domain, and guest b's attempts on guest a's memory and interrupt fault.
export const phases: readonly Phase[] = [
  {
    id: 'setup',
    setup: true,
    script: `iommu on
iommu vm a pages=16
iommu vm b pages=16`,
    say: {
      en: 'VT-d is on and two guests each have 16 pages of RAM: a at HPA 0x40000000, b at HPA 0x40200000.',
      zh: 'VT-d 已开启，两台客户机各有 16 页内存：`a` 位于 HPA 0x40000000，`b` 位于 HPA 0x40200000。',
    },
    title: { en: 'Two guests', zh: '两台客户机' },
  },
  {
    id: 'pf',
    questions: [
      { step: 3, kind: 'vf-rid' },
      { step: 4, kind: 'vf-rid' },
    ],
    script: `sriov pf 05:00.0 total=8 bar0=0xe0000000 vfbar0=0xe1000000
sriov numvfs 05:00.0 2`,
    say: {
      en: 'The NIC’s physical function 05:00.0 has an SR-IOV capability offering 8 VFs here, First VF Offset 0x80 and VF Stride 2. Writing 2 to sriov_numvfs makes Linux set NumVFs, then VFE and VF MSE, wait 100 ms and add VF0 at 0x0500 + 0x80 = 05:10.0 and VF1 at 05:10.2. Writing 9 would fail with -ERANGE: more than TotalVFs.',
      zh: '网卡的物理功能 `05:00.0` 有 SR-IOV 能力结构，这里提供 8 个 VF，`First VF Offset` 为 0x80，`VF Stride` 为 2。向 `sriov_numvfs` 写 2 时，Linux 先设置 `NumVFs`，再置位 VFE 与 VF MSE，等待 100 ms，然后在 0x0500 + 0x80 即 `05:10.0` 添加 VF0，在 `05:10.2` 添加 VF1。若写 9 则会以 `-ERANGE` 失败：超过了 `TotalVFs`。',
    },
    title: { en: 'The PF enables two VFs', zh: 'PF 启用两个 VF' },
  },
  {
    id: 'assign',
    script: `vfio assign 05:10.0 a
vfio assign 05:10.2 b`,
    say: {
      en: 'Each VF has its own requester ID, so each can have its own context entry and domain. VF0 goes to guest a (domain 1) and VF1 to guest b (domain 2); each domain maps only its own guest’s RAM, and each VF’s 16 KiB BAR slice is mapped into its guest.',
      zh: '每个 VF 都有自己的请求者 ID，所以各自可以有自己的上下文表项和域。VF0 分配给客户机 `a`（域 1），VF1 分配给客户机 `b`（域 2）；每个域只映射自己客户机的内存，每个 VF 的 16 KiB BAR 片段被映射进各自的客户机。',
    },
    title: { en: 'One VF per guest', zh: '每台客户机一个 VF' },
  },
  {
    id: 'same-iova',
    questions: [{ step: 1, kind: 'dma-outcome' }],
    script: `dma 05:10.0 write 0x3000
dma 05:10.2 write 0x3000`,
    say: {
      en: 'Both VFs write IOVA 0x3000, guest-physical page 3 in each guest. The root entry of bus 5 is shared, but context[0x80] and context[0x82] name different domains, so the same IOVA lands in a’s page at HPA 0x40003000 and in b’s at HPA 0x40203000.',
      zh: '两个 VF 都写 IOVA 0x3000，也就是各自客户机的客户物理第 3 页。总线 5 的根表项是共用的，但上下文表项 0x80 与 0x82 指向不同的域，所以同一个 IOVA 在 `a` 中落在 HPA 0x40003000，在 `b` 中落在 HPA 0x40203000。',
    },
    title: { en: 'Same IOVA, different memory', zh: '同一个 IOVA，不同的内存' },
  },
  {
    id: 'attack',
    questions: [{ step: 1, kind: 'dma-outcome' }],
    script: 'dma 05:10.2 write 0x40000000',
    say: {
      en: 'Guest b tries to reach guest a: it points its VF at 0x40000000, the host-physical address of a’s RAM. But the IOMMU reads every address of VF1 as an IOVA in b’s domain, where nothing is mapped at 0x40000000: the level-3 entry is not present and the write faults with 0x5. Without the IOMMU this write would have landed in a’s memory.',
      zh: '客户机 `b` 试图访问客户机 `a`：它让自己的 VF 写 0x40000000，即 `a` 的内存的主机物理地址。但 IOMMU 把 VF1 的每个地址都当作 `b` 的域中的 IOVA，而那里在 0x40000000 处没有映射：第 3 级表项不存在，写操作以故障 0x5 结束。如果没有 IOMMU，这次写就会落在 `a` 的内存里。',
    },
    title: { en: 'Guest b tries guest a’s memory', zh: '客户机 b 试探客户机 a 的内存' },
  },
  {
    id: 'msi',
    questions: [{ step: 2, kind: 'dma-outcome' }],
    script: `vfio msi 05:10.0 vector=0x41 cpu=0
dma 05:10.2 msi handle=0`,
    say: {
      en: 'Interrupts are isolated the same way. IRTE 0 belongs to VF0 of guest a; if VF1 sends an MSI with handle 0, the IOMMU compares the requester 05:10.2 with the SID in IRTE 0 (SVT = 01) and blocks it with fault 0x26: b cannot inject a’s interrupt.',
      zh: '中断也以同样的方式隔离。IRTE 0 属于客户机 `a` 的 VF0；如果 VF1 发送句柄为 0 的 MSI，IOMMU 会把请求者 `05:10.2` 与 IRTE 0 中的 SID 比较（SVT = 01），并以故障 0x26 阻止它：`b` 无法伪造 `a` 的中断。',
    },
    title: { en: 'A forged interrupt', zh: '伪造的中断' },
  },
]
