import type { Phase } from './types.ts'

// hw-facts §1.1: 5-level paging (CR4.LA57) adds PML5 (bits 56:48) above PML4 47:39, PDPT
// 38:30, PD 29:21, PT 20:12; every index is 9 bits and every entry 8 bytes.
// VA 0x123456789abc: PML5 0, PML4 36, PDPT 209, PD 179, PT 393, offset 0xabc.
export const phases: readonly Phase[] = [
  {
    id: 'mode',
    script: 'paging la57',
    say: {
      en: 'With CR4.LA57 set, linear addresses are 57 bits wide and the walk starts at a PML5 table, indexed by bits 56:48.',
      zh: '置 CR4.LA57 后，线性地址为 57 位，页表遍历从 PML5 表开始，用第 56:48 位作索引。',
    },
    title: { en: 'Turn on LA57', zh: '开启 LA57' },
    setup: true,
  },
  {
    id: 'map',
    script: 'map 0x123456789000 0x5000 w u',
    say: {
      en: 'Mapping 0x123456789000 needs five table pages. Its indices are PML5 0, PML4 36, PDPT 209, PD 179, PT 393.',
      zh: '映射 0x123456789000 需要五个页表页。它的各级索引为 PML5 0、PML4 36、PDPT 209、PD 179、PT 393。',
    },
    title: { en: 'Map through five tables', zh: '用五级页表映射' },
    setup: true,
  },
  {
    id: 'walk',
    questions: [
      { step: 1, kind: 'walk-refs' },
      { step: 2, kind: 'next-entry' },
      { step: 10, kind: 'next-entry' },
    ],
    script: 'access 0x123456789abc read user',
    say: {
      en: 'Five references on a TLB miss. Each entry is at table base + index × 8: the PML4E at 0x101000 + 36 × 8 = 0x101120, the PTE at 0x104000 + 393 × 8 = 0x104c48. The result is 0x5abc.',
      zh: 'TLB 未命中时读取五个表项。每个表项位于表基址 + 索引 × 8：PML4E 在 0x101000 + 36 × 8 = 0x101120，PTE 在 0x104000 + 393 × 8 = 0x104c48。结果为 0x5abc。',
    },
    title: { en: 'TLB miss: five references', zh: 'TLB 未命中：五次访问' },
  },
]
