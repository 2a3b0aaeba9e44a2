import type { Phase } from './types.ts'

// hw-facts §1.1/§1.3: PS=1 in a PDE maps a 2 MiB page (offset bits 20:0), in a PDPTE a 1 GiB
// page (offset bits 29:0); the walk ends there, one or two levels early.
export const phases: readonly Phase[] = [
  {
    id: 'map-2m',
    script: 'map 0x200000 0x400000 w u size=2M',
    say: {
      en: 'A 2 MiB page: the PDE for index 1 gets PS=1 and points straight at physical 0x400000. No page table is needed.',
      zh: '一个 2 MiB 大页：索引 1 的 PDE 被置 PS=1，直接指向物理地址 0x400000，不需要页表（PT）。',
    },
    title: { en: 'Map a 2 MiB page', zh: '映射 2 MiB 大页' },
    setup: true,
  },
  {
    id: 'walk-2m',
    questions: [
      { step: 1, kind: 'walk-refs' },
      { step: 6, kind: 'next-entry' },
    ],
    script: 'access 0x212345 read user',
    say: {
      en: 'The walk reads PML4E, PDPTE and PDE, then stops: bits 20:0 (0x12345) are the offset inside the 2 MiB page, so the result is 0x412345.',
      zh: '遍历读取 PML4E、PDPTE 和 PDE 后就停止：第 20:0 位（0x12345）是 2 MiB 页内的偏移，所以结果是 0x412345。',
    },
    title: { en: 'The walk ends at the PDE', zh: '遍历止于 PDE' },
  },
  {
    id: 'map-1g',
    script: 'map 0x40000000 0x80000000 w u size=1G',
    say: {
      en: 'A 1 GiB page: PS=1 in the PDPTE for index 1, pointing at physical 0x80000000.',
      zh: '一个 1 GiB 大页：索引 1 的 PDPTE 中 PS=1，指向物理地址 0x80000000。',
    },
    title: { en: 'Map a 1 GiB page', zh: '映射 1 GiB 大页' },
  },
  {
    id: 'walk-1g',
    questions: [{ step: 1, kind: 'walk-refs' }],
    script: 'access 0x40001234 read user',
    say: {
      en: 'Only two references, PML4E and PDPTE: bits 29:0 (0x1234) are the offset, so the result is 0x80001234.',
      zh: '只读两次：PML4E 和 PDPTE。第 29:0 位（0x1234）是偏移，所以结果是 0x80001234。',
    },
    title: { en: 'The walk ends at the PDPTE', zh: '遍历止于 PDPTE' },
  },
]
