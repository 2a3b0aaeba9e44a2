import type { Phase } from './types.ts'

// hw-facts §3.1: 5-level guest paging (LA57) on 5-level EPT (EPTP bits 5:3 = 4, value 0x20)
// makes (5+1)(5+1)-1 = 35 references on a TLB miss; native 5-level paging makes 5.
// EPTP = 0x10000000 | 0x20 | 6 = 0x10000026.
export const phases: readonly Phase[] = [
  {
    id: 'setup',
    script: 'mmu ept\npaging la57\neptp 0x10000000 levels=5\nmap 0x7000 0x400000 w',
    say: {
      en: 'The guest runs 5-level paging (57-bit addresses) and the hypervisor uses 5-level EPT: EPTP 0x10000026, page-walk length minus one = 4 in bits 5:3. The guest builds five table pages at GPA 0x100000-0x104000.',
      zh: '客户机使用 5 级分页（57 位地址），虚拟机监控器使用 5 级 EPT：EPTP 0x10000026，位 5:3 中的“遍历级数减一”为 4。客户机在 GPA 0x100000-0x104000 建立五个页表页。',
    },
    title: { en: 'A 5-level guest and EPT', zh: '5 级客户机页表与 EPT' },
    setup: true,
  },
  {
    id: 'ept',
    script: [
      'host map 0x100000 0x8100000 rwx',
      'host map 0x101000 0x8101000 rwx',
      'host map 0x102000 0x8102000 rwx',
      'host map 0x103000 0x8103000 rwx',
      'host map 0x104000 0x8104000 rwx',
      'host map 0x400000 0x8400000 rw',
    ].join('\n'),
    say: {
      en: 'The hypervisor backs the five guest table pages and the data page; its EPT has five levels too (PML5, PML4, PDPT, PD, PT).',
      zh: '虚拟机监控器为五个客户机页表页和数据页分配宿主机内存；它的 EPT 也有五级（PML5、PML4、PDPT、PD、PT）。',
    },
    title: { en: 'Back the guest pages', zh: '为客户机页分配宿主机内存' },
    setup: true,
  },
  {
    id: 'walk',
    questions: [
      { step: 1, kind: 'walk-refs' },
      { step: 2, kind: 'next-entry' },
      { step: 7, kind: 'next-entry' },
    ],
    script: 'access 0x7123',
    say: {
      en: 'Five guest levels, each needing a 5-reference EPT walk first, plus the data GPA’s walk: (5+1)×(5+1)−1 = 35 memory references for one load, where native 5-level paging needs 5.',
      zh: '5 级客户机页表，每一级都要先做 5 次访问的 EPT 遍历，再加上数据 GPA 的遍历：(5+1)×(5+1)−1 = 35 次内存访问才完成一次读取，而原生 5 级分页只需 5 次。',
    },
    title: { en: 'The walk: 35 references', zh: '遍历：35 次访问' },
  },
]
