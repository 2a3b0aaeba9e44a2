import type { Phase } from './types.ts'
import { XENPV_EIGHT_FRAMES } from './xenpv-setup.ts'

// hw-facts §5.6 (XEN-mmc do_mmu_update, get_page_from_lNe, _get_page_type, arch_init_memory):
// each rule Xen applies to a page-table update, broken once. L1 failures return -EBUSY (16),
// the others -EINVAL (22).
export const phases: readonly Phase[] = [
  {
    id: 'setup',
    script: `${XENPV_EIGHT_FRAMES}
map 0x400000 0x125000 w`,
    say: {
      en: 'A PV guest with eight machine frames (0x120-0x127) and one mapping: L4 0x120, L3 0x121, L2 0x122, L1 0x123, data page 0x125.',
      zh: '一个拥有八个机器页帧（0x120-0x127）和一个映射的半虚拟化客户机：L4 0x120、L3 0x121、L2 0x122、L1 0x123，数据页 0x125。',
    },
    title: { en: 'A PV guest and one mapping', zh: 'PV 客户机与一个映射' },
    setup: true,
  },
  {
    id: 'foreign',
    questions: [{ step: 1, kind: 'hypercall-rc' }],
    script: 'mmu_update 0x123008 0x300003',
    say: {
      en: 'Map machine frame 0x300, which is not the domain’s? Refused (-EBUSY): a guest may not give itself access to another VM’s memory or Xen’s.',
      zh: '映射不属于本域的机器页帧 0x300？被拒绝（-EBUSY）：客户机不能让自己访问其他虚拟机或 Xen 的内存。',
    },
    title: { en: 'Another domain’s frame', zh: '其他域的机器帧' },
  },
  {
    id: 'writable-table',
    questions: [
      { step: 1, kind: 'hypercall-rc' },
      { step: 3, kind: 'hypercall-rc' },
    ],
    script: `mmu_update 0x123008 0x123003
mmu_update 0x123008 0x123001`,
    say: {
      en: 'Map its own L1 table writable? Refused (-EBUSY): 0x123 is in use as an L1 table, and a frame cannot be a page table and writable at once (its type count is above 0, so its type cannot change). The same mapping read-only is accepted.',
      zh: '把自己的 L1 页表映射为可写？被拒绝（-EBUSY）：0x123 正被用作 L1 页表，一个页帧不能同时是页表又是可写页（其类型计数大于 0，类型不能改变）。同样的映射改为只读则被接受。',
    },
    title: { en: 'A writable page table', zh: '可写的页表' },
  },
  {
    id: 'wrong-level',
    questions: [{ step: 1, kind: 'hypercall-rc' }],
    script: 'mmu_update 0x122008 0x122007',
    say: {
      en: 'An L2 entry must name an L1 table. Pointing it at the L2 table 0x122 itself is refused (-EINVAL): the frame is typed L2, not L1.',
      zh: 'L2 表项必须指向 L1 页表。让它指向 L2 页表 0x122 自己被拒绝（-EINVAL）：该页帧的类型是 L2，不是 L1。',
    },
    title: { en: 'The wrong table level', zh: '页表级别不对' },
  },
  {
    id: 'flags',
    questions: [{ step: 1, kind: 'hypercall-rc' }],
    script: 'mmu_update 0x122008 0x1240e7',
    say: {
      en: 'An L2 entry with PS set (a 2 MiB superpage) is refused (-EINVAL): Xen allows only P, R/W, U/S, A, D, the available bits and NX above L1.',
      zh: '设置了 PS 位（2 MiB 大页）的 L2 表项被拒绝（-EINVAL）：在 L1 以上，Xen 只允许 P、R/W、U/S、A、D、可用位和 NX。',
    },
    title: { en: 'A superpage flag in L2', zh: 'L2 表项中的大页标志' },
  },
  {
    id: 'foreign-table',
    script: 'mmu_update 0x300000 0x125003',
    say: {
      en: 'Write an entry into frame 0x300, which the domain does not own? Refused (-EINVAL) before anything else is looked at.',
      zh: '往本域并不拥有的页帧 0x300 里写表项？在检查其他任何东西之前就被拒绝（-EINVAL）。',
    },
    title: { en: 'A table it does not own', zh: '不属于自己的页表' },
  },
  {
    id: 'bad-root',
    script: `poke 0x126000 0x123007
mmuext new_baseptr 0x126`,
    say: {
      en: 'The guest prepares frame 0x126 as a new root (a plain store: it is not a table yet) with entry 0 naming the L1 table 0x123, then asks for MMUEXT_NEW_BASEPTR. Xen validates 0x126 as an L4 table entry by entry; entry 0 needs an L3 table, 0x123 is an L1: refused (-EINVAL), CR3 stays on 0x120.',
      zh: '客户机把页帧 0x126 准备成新的根页表（普通写入：它还不是页表），第 0 项指向 L1 页表 0x123，然后请求 MMUEXT_NEW_BASEPTR。Xen 逐项把 0x126 验证为 L4 页表；第 0 项需要 L3 页表，而 0x123 是 L1：被拒绝（-EINVAL），CR3 仍指向 0x120。',
    },
    title: { en: 'An invalid new root', zh: '无效的新根表' },
  },
  {
    id: 'pin-twice',
    questions: [{ step: 1, kind: 'hypercall-rc' }],
    script: 'mmuext pin_l4_table 0x120',
    say: {
      en: 'Pinning the root again is refused (-EINVAL): a pin holds one type reference and pins do not nest.',
      zh: '再次固定根页表被拒绝（-EINVAL）：固定只持有一个类型引用，不能嵌套。',
    },
    title: { en: 'Pinning twice', zh: '重复固定' },
  },
]
