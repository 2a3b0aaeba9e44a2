import type { Phase } from './types.ts'

// hw-facts §1.1: 4-level paging splits a 48-bit linear address into PML4 47:39, PDPT 38:30,
// PD 29:21, PT 20:12 and a 12-bit offset; each entry is 8 bytes, so it sits at table base +
// index × 8. §1.6: the walk sets A in every entry it uses. §7: a TLB hit needs no walk.
// VA 0x7123: indices 0, 0, 0, 7, offset 0x123; the PTE is at 0x103000 + 7 × 8 = 0x103038.
export const phases: readonly Phase[] = [
  {
    id: 'map',
    script: 'map 0x7000 0xa000 w u',
    say: {
      en: 'The OS maps virtual page 0x7000 to physical page 0xa000. It allocates four table pages (PML4 at 0x100000, PDPT 0x101000, PD 0x102000, PT 0x103000) and writes one entry in each.',
      zh: '操作系统把虚拟页 0x7000 映射到物理页 0xa000。它分配四个页表页（PML4 在 0x100000，PDPT 0x101000，PD 0x102000，PT 0x103000），并在每一级写入一个表项。',
    },
    title: { en: 'The OS builds the tables', zh: '操作系统建立页表' },
    setup: true,
  },
  {
    id: 'walk',
    questions: [
      { step: 1, kind: 'walk-refs' },
      { step: 2, kind: 'next-entry' },
      { step: 8, kind: 'next-entry' },
    ],
    script: 'access 0x7123 read user',
    say: {
      en: 'A user read of 0x7123 misses the TLB, so the hardware walks: indices 0, 0, 0, 7, offset 0x123. Each entry sits at table base + index × 8, so the PTE is at 0x103000 + 7 × 8 = 0x103038. The walk sets A in each entry it uses.',
      zh: '用户态读取 0x7123 时 TLB 未命中，硬件开始遍历页表：各级索引为 0、0、0、7，页内偏移 0x123。每个表项位于表基址 + 索引 × 8，所以 PTE 在 0x103000 + 7 × 8 = 0x103038。遍历会把用到的每个表项的 A 位置 1。',
    },
    title: { en: 'TLB miss: the 4-level walk', zh: 'TLB 未命中：4 级遍历' },
  },
  {
    id: 'hit',
    questions: [{ step: 1, kind: 'tlb-hit' }],
    script: 'access 0x7123 read user',
    say: {
      en: 'The same page again: the TLB now holds 0x7000 -> 0xa000, so the processor uses it and reads no paging-structure entry at all.',
      zh: '再次访问同一页：TLB 中已有 0x7000 -> 0xa000，处理器直接使用它，不再读取任何页表项。',
    },
    title: { en: 'TLB hit', zh: 'TLB 命中' },
  },
]
