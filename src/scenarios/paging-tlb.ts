import type { Phase } from './types.ts'

// hw-facts §7: the TLB caches translations tagged with the PCID; INVLPG drops one page's
// entry; MOV to CR3 drops the non-global entries (of the new PCID when CR4.PCIDE=1), unless
// bit 63 of the operand is set with PCIDE=1; entries with G=1 and CR4.PGE=1 survive CR3 loads.
export const phases: readonly Phase[] = [
  {
    id: 'setup',
    script: `tlb size=4 policy=lru
map 0x7000 0xa000 w u
map 0x8000 0xb000 w u g`,
    say: {
      en: 'A small 4-entry TLB with LRU replacement. Two pages: 0x7000 -> 0xa000, and 0x8000 -> 0xb000 marked global (G=1; CR4.PGE is on).',
      zh: '一个只有 4 项、按 LRU 替换的小 TLB。两个页：0x7000 -> 0xa000，以及标记为全局页（G=1，CR4.PGE 已打开）的 0x8000 -> 0xb000。',
    },
    title: { en: 'A 4-entry TLB, two pages', zh: '4 项的 TLB 与两个页' },
    setup: true,
  },
  {
    id: 'misses',
    questions: [{ step: 1, kind: 'walk-refs' }],
    script: `access 0x7123 read user
access 0x8000 read user`,
    say: {
      en: 'The first access to each page misses the TLB: the processor walks the four levels and then caches the translation.',
      zh: '对每个页的第一次访问都未命中 TLB：处理器遍历四级页表，然后把这次转换缓存起来。',
    },
    title: { en: 'First accesses miss', zh: '首次访问未命中' },
  },
  {
    id: 'hit',
    questions: [{ step: 1, kind: 'tlb-hit' }],
    script: 'access 0x7123 read user',
    say: {
      en: 'The same page again hits the TLB: no paging-structure entry is read.',
      zh: '再次访问同一页时命中 TLB：不读取任何页表项。',
    },
    title: { en: 'TLB hit', zh: 'TLB 命中' },
  },
  {
    id: 'invlpg',
    questions: [{ step: 2, kind: 'tlb-hit' }],
    script: `invlpg 0x7000
access 0x7123 read user`,
    say: {
      en: 'INVLPG 0x7000 removes only that page from the TLB, so the next access to it misses and walks again; the entry for 0x8000 stays.',
      zh: 'INVLPG 0x7000 只从 TLB 中删除这一页，所以下一次访问它会未命中并重新遍历；0x8000 的表项仍然保留。',
    },
    title: { en: 'INVLPG drops one page', zh: 'INVLPG 清除一页' },
  },
  {
    id: 'cr3-reload',
    questions: [
      { step: 3, kind: 'tlb-hit' },
      { step: 5, kind: 'tlb-hit' },
    ],
    script: `cr3 0x100000
access 0x8000 read user
access 0x7123 read user`,
    say: {
      en: 'Writing CR3 again flushes the non-global entries. The global page 0x8000 survives and still hits; 0x7000 misses.',
      zh: '重新写入 CR3 会清除非全局的 TLB 项。全局页 0x8000 被保留，仍然命中；0x7000 则未命中。',
    },
    title: { en: 'CR3 reload keeps global pages', zh: '重载 CR3：全局页保留' },
  },
  {
    id: 'pcid',
    questions: [{ step: 4, kind: 'tlb-hit' }],
    script: `cr4.pcide on
cr3 0x100001
access 0x7123 read user`,
    say: {
      en: 'With CR4.PCIDE on, CR3 bits 11:0 are the PCID. Loading CR3 with PCID 1 keeps the PCID 0 entries; the access under PCID 1 misses and fills an entry tagged 1.',
      zh: '打开 CR4.PCIDE 后，CR3 的第 11:0 位是 PCID。以 PCID 1 加载 CR3 会保留 PCID 0 的表项；在 PCID 1 下的访问未命中，并填入一个标记为 1 的表项。',
    },
    title: { en: 'PCID tags the entries', zh: 'PCID 标记表项' },
  },
  {
    id: 'no-flush',
    questions: [{ step: 2, kind: 'tlb-hit' }],
    script: `cr3 0x8000000000100000
access 0x7123 read user`,
    say: {
      en: 'Back to PCID 0 with bit 63 of the operand set: nothing is flushed, so the old PCID 0 entry for 0x7000 hits at once.',
      zh: '切回 PCID 0，并把操作数的第 63 位置 1：不清除任何表项，所以 0x7000 原来在 PCID 0 下的表项立即命中。',
    },
    title: { en: 'CR3 load without a flush', zh: '不刷新的 CR3 加载' },
  },
]
