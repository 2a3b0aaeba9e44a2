import type { Phase } from './types.ts'

// The same guest mapping and the same load under three MMUs (course notes 004 slides 58-63):
// native paging makes 4 references; shadow paging makes 4 once the shadow entry is filled but
// exits on the fill and on every guest page-table write (hw-facts §8); EPT makes 24 on a TLB
// miss (hw-facts §3.1) and never exits for guest page-table writes.
const BACKING = [
  'host map 0x100000 0x8100000 rwx',
  'host map 0x101000 0x8101000 rwx',
  'host map 0x102000 0x8102000 rwx',
  'host map 0x103000 0x8103000 rwx',
  'host map 0x400000 0x8400000 rw',
  'host map 0x401000 0x8401000 rw',
].join('\n')

export const phases: readonly Phase[] = [
  {
    id: 'native',
    questions: [{ step: 13, kind: 'walk-refs' }],
    script: 'mmu native\nmap 0x7000 0x400000 w\naccess 0x7123',
    say: {
      en: 'Native paging: a TLB miss walks the four levels of the OS’s tables. 4 references.',
      zh: '原生分页：TLB 未命中时遍历操作系统页表的四级。4 次访问。',
    },
    title: { en: 'Native: 4 references', zh: '原生：4 次访问' },
  },
  {
    id: 'shadow',
    script: `mmu shadow\nmap 0x7000 0x400000 w\n${BACKING}\naccess 0x7123\naccess 0x7123`,
    say: {
      en: 'Shadow paging: the hardware walks the hypervisor’s shadow table, 4 references, once it is filled. Filling it took VM exits (hidden page faults); the second access is a TLB hit.',
      zh: '影子页表：影子页表填好之后，硬件遍历的是虚拟机监控器的影子页表，4 次访问。但填表需要 VM 退出（隐藏的缺页）；第二次访问 TLB 命中。',
    },
    title: { en: 'Shadow: filled by exits', zh: '影子页表：靠退出填充' },
  },
  {
    id: 'shadow-write',
    questions: [{ step: 1, kind: 'exit-reason' }],
    script: 'poke 0x103038 0x401003\ninvlpg 0x7000\naccess 0x7123',
    say: {
      en: 'The guest changes its PTE: the store hits a write-protected page and exits, INVLPG exits, and the next access exits again to refill. Every guest page-table change costs exits.',
      zh: '客户机修改自己的 PTE：这次存储落在被写保护的页上，引发 VM 退出；INVLPG 也引发 VM 退出；下一次访问还要再退出一次来重新填表。客户机页表的每次修改都要付出 VM 退出的代价。',
    },
    title: { en: 'Shadow: a PTE change exits', zh: '影子页表：改 PTE 即退出' },
  },
  {
    id: 'ept',
    questions: [{ step: 34, kind: 'walk-refs' }],
    script: `mmu ept\nmap 0x7000 0x400000 w\n${BACKING}\naccess 0x7123`,
    say: {
      en: 'EPT: the same load makes 24 references on a TLB miss, but no VM exit at all.',
      zh: 'EPT：同样的读取在 TLB 未命中时要 24 次访问，但完全没有 VM 退出。',
    },
    title: { en: 'EPT: 24 references, no exit', zh: 'EPT：24 次访问，无退出' },
  },
  {
    id: 'ept-write',
    questions: [{ step: 3, kind: 'walk-refs' }],
    script: 'poke 0x103038 0x401003\ninvlpg 0x7000\naccess 0x7123',
    say: {
      en: 'The guest changes its PTE and invalidates it: plain guest instructions, no exit. The next access walks all 24 references again and finds the new page 0x401000. EPT trades exits for longer TLB misses.',
      zh: '客户机修改自己的 PTE 并使其失效：都是普通的客户机指令，没有 VM 退出。下一次访问重新走完 24 次访问，找到新的页 0x401000。EPT 用更长的 TLB 未命中换掉了 VM 退出。',
    },
    title: { en: 'EPT: a PTE change, no exit', zh: 'EPT：改 PTE 不退出' },
  },
]
