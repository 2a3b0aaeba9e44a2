import type { Phase } from './types.ts'
import { XENPV_EIGHT_FRAMES } from './xenpv-setup.ts'

// hw-facts §5.6: HYPERVISOR_mmu_update (1) takes many {ptr, val} requests and reports in done
// how many it applied, stopping at the first failure; HYPERVISOR_multicall (13) runs a list of
// calls in one transition. Course notes: "updates can be batched into a single hypercall
// (reduce cost of entering/exiting Xen)".
export const phases: readonly Phase[] = [
  {
    id: 'setup',
    script: `${XENPV_EIGHT_FRAMES}
map 0x400000 0x125000 w`,
    say: {
      en: 'A PV guest with eight machine frames and a first mapping: L4 0x120, L3 0x121, L2 0x122, L1 0x123. Building it already took two hypercalls for six requests.',
      zh: '一个拥有八个机器页帧的半虚拟化客户机，已经建好第一个映射：L4 0x120、L3 0x121、L2 0x122、L1 0x123。建立它已经用了两次超级调用处理六个请求。',
    },
    title: { en: 'A PV guest’s first mapping', zh: 'PV 客户机的首个映射' },
    setup: true,
  },
  {
    id: 'one-by-one',
    script: `mmu_update 0x123008 0x124003
mmu_update 0x123010 0x126003
mmu_update 0x123018 0x127003`,
    say: {
      en: 'Three more pages, one hypercall each: three guest-to-Xen transitions, each as costly as a VM exit, for three entries of the same L1 table.',
      zh: '再映射三个页，每个一次超级调用：为同一张 L1 页表的三个表项进入 Xen 三次，每次都像一次 VM 退出一样昂贵。',
    },
    title: { en: 'One hypercall per update', zh: '每次更新一次超级调用' },
  },
  {
    id: 'batched',
    questions: [{ step: 1, kind: 'hypercall-done' }],
    script: 'mmu_update 0x123020 0x124001 0x123028 0x126001 0x123030 0x127001',
    say: {
      en: 'The same work batched: three read-only mappings in one mmu_update. One transition, three updates, done = 3; the counter of saved transitions grows by two.',
      zh: '同样的工作批量完成：一次 mmu_update 建立三个只读映射。一次切换、三个更新，done = 3；省下的切换数增加 2。',
    },
    title: { en: 'Three updates, one call', zh: '三个更新，一次调用' },
  },
  {
    id: 'multicall',
    questions: [{ step: 4, kind: 'hypercall-done' }],
    script: `multicall begin
mmu_update 0x123020 0x0 0x123028 0x0 0x123030 0x0
mmuext tlb_flush_local
multicall end`,
    say: {
      en: 'Different hypercalls can share one transition too: the guest writes an mmu_update (clear the three read-only entries) and an mmuext_op (flush the TLB) into a multicall list. Nothing happens until multicall end, which enters Xen once and runs both.',
      zh: '不同的超级调用也能共用一次切换：客户机把一个 mmu_update（清除三个只读表项）和一个 mmuext_op（刷新 TLB）写进 multicall 列表。在 `multicall end` 之前什么都不会发生；`multicall end` 进入 Xen 一次，把两个调用都执行掉。',
    },
    title: { en: 'Two operations, one multicall', zh: '两种操作，一次 multicall' },
  },
  {
    id: 'partial',
    questions: [
      { step: 1, kind: 'hypercall-rc' },
      { step: 2, kind: 'hypercall-done' },
    ],
    script: 'mmu_update 0x123020 0x124001 0x123028 0x122003 0x123030 0x127001',
    say: {
      en: 'A batch with a bad request in the middle: the second entry would map the L2 table 0x122 writable. Xen applies the first, refuses the second with -EBUSY and stops: done = 1, the third is never looked at. The guest learns from done where to resume.',
      zh: '中间夹着一个坏请求的批量：第二个表项会把 L2 页表 0x122 映射为可写。Xen 执行第一个，以 -EBUSY 拒绝第二个并停下：done = 1，第三个根本没被处理。客户机根据已完成的个数知道从哪里继续。',
    },
    title: { en: 'A batch stops at an error', zh: '批处理遇错即停' },
  },
]
