import type { Phase } from './types.ts'

// hw-facts §1.1: 32-bit paging has two levels, PD (bits 31:22) and PT (21:12), 1024 entries
// of 4 bytes each, so an entry sits at table base + index × 4; with CR4.PSE a PDE with PS=1
// maps a 4 MiB page (offset bits 21:0). No XD bit in this mode.
export const phases: readonly Phase[] = [
  {
    id: 'mode',
    script: `paging x86-32
map 0x7000 0xa000 w u`,
    say: {
      en: '32-bit paging: a page directory indexed by bits 31:22 and a page table by bits 21:12. Entries are 4 bytes, so the PTE for index 7 is at 0x101000 + 7 × 4 = 0x10101c.',
      zh: '32 位分页：页目录用第 31:22 位作索引，页表用第 21:12 位。表项为 4 字节，所以索引 7 的 PTE 位于 0x101000 + 7 × 4 = 0x10101c。',
    },
    title: { en: '32-bit paging and a mapping', zh: '32 位分页与映射' },
    setup: true,
  },
  {
    id: 'walk',
    questions: [
      { step: 1, kind: 'walk-refs' },
      { step: 2, kind: 'next-entry' },
    ],
    script: 'access 0x7123 write user',
    say: {
      en: 'A user write: two references, PDE then PTE. The processor sets A in both and, because this is a write, D in the PTE (0xa007 becomes 0xa067).',
      zh: '用户态写：读两个表项，先 PDE 后 PTE。处理器在两者中都置 A 位；因为是写访问，还在 PTE 中置 D 位（0xa007 变为 0xa067）。',
    },
    title: { en: 'A write: PDE, PTE, A and D', zh: '写访问：PDE、PTE、A 与 D' },
  },
  {
    id: 'large',
    questions: [{ step: 4, kind: 'walk-refs' }],
    script: `cr4.pse on
map 0x800000 0x1000000 w size=4M
access 0x812345 read kernel`,
    say: {
      en: 'With CR4.PSE on, a PDE with PS=1 maps a 4 MiB page: one reference only, and bits 21:0 (0x12345) are the offset, giving 0x1012345.',
      zh: '打开 CR4.PSE 后，PS=1 的 PDE 映射一个 4 MiB 大页：只读一个表项，第 21:0 位（0x12345）为偏移，结果为 0x1012345。',
    },
    title: { en: 'A 4 MiB page (PSE)', zh: '4 MiB 大页（PSE）' },
  },
]
