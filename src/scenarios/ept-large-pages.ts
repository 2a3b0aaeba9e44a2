import type { Phase } from './types.ts'

// hw-facts §3.1: large pages shorten a dimension. With 1 GiB EPT pages the nested walk is 2
// references (EPT PML4E, PDPTE), so a 4-level guest makes (4+1)(2+1)-1 = 14; a guest 2 MiB
// page (3 guest levels) on the same EPT makes (3+1)(2+1)-1 = 11. (2 MiB in only one dimension
// of a 4/4 walk gives 19, both 15.) The combined TLB entry takes the smaller page.
export const phases: readonly Phase[] = [
  {
    id: 'ept-1g',
    script: 'mmu ept\nmap 0x7000 0x400000 w\nhost map 0 0x40000000 rwx size=1G',
    say: {
      en: 'The guest maps a 4 KiB page as before, but the hypervisor backs all of guest-physical 0-1 GiB with a single 1 GiB EPT page: an EPT PDPTE with bit 7 (large page) set.',
      zh: '客户机和之前一样映射一个 4 KiB 页，但虚拟机监控器用一个 1 GiB 的 EPT 大页支撑整个客户机物理地址 0-1 GiB：一个设置了位 7（大页）的 EPT PDPTE。',
    },
    title: { en: 'A 1 GiB EPT page', zh: '1 GiB 的 EPT 大页' },
    setup: true,
  },
  {
    id: 'walk-14',
    questions: [
      { step: 1, kind: 'walk-refs' },
      { step: 2, kind: 'next-entry' },
    ],
    script: 'access 0x7123',
    say: {
      en: 'Each EPT walk now stops at the PDPTE: 2 references instead of 4. Four guest levels give (4+1)×(2+1)−1 = 14 references instead of 24.',
      zh: '每次 EPT 遍历在 PDPTE 处就结束：2 次访问而不是 4 次。4 级客户机页表共 (4+1)×(2+1)−1 = 14 次访问，而不是 24 次。',
    },
    title: { en: 'The walk: 14 references', zh: '遍历：14 次访问' },
  },
  {
    id: 'guest-2m',
    script: 'map 0x40000000 0x600000 w size=2M',
    say: {
      en: 'Now the guest OS maps a 2 MiB page of its own: its PDE has PS = 1, so its walk ends one level early.',
      zh: '现在客户机操作系统自己也映射一个 2 MiB 页：它的 PDE 中 PS = 1，因此它的遍历提前一级结束。',
    },
    title: { en: 'The guest maps 2 MiB', zh: '客户机映射 2 MiB 大页' },
  },
  {
    id: 'walk-11',
    questions: [{ step: 1, kind: 'walk-refs' }],
    script: 'access 0x40000123',
    say: {
      en: 'Large pages in both dimensions: 3 guest levels and 2 EPT levels make (3+1)×(2+1)−1 = 11 references. The TLB keeps one 2 MiB combined entry, the smaller of the two page sizes.',
      zh: '两个维度都用大页：3 级客户机页表和 2 级 EPT 共 (3+1)×(2+1)−1 = 11 次访问。TLB 记下一条 2 MiB 的组合表项，取两种页大小中较小的一个。',
    },
    title: { en: 'The walk: 11 references', zh: '遍历：11 次访问' },
  },
]
