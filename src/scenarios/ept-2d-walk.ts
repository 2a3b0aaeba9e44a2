import type { Phase } from './types.ts'

// hw-facts §3.1-3.2: a 4-level guest on 4-level EPT makes (4+1)(4+1)-1 = 24 references on a
// TLB miss, in the order of Bhargava et al. Fig. 1(b): for each guest level an EPT walk of the
// guest entry's GPA (4) then the guest entry (1); then an EPT walk of the data GPA (4).
// Guest tables at GPA 0x100000-0x103000 (what `map` allocates), backed at GPA + 0x8000000.
// Last phases: paging-structure caches (hw-facts §3.3) cut a miss in the same guest page table
// to 1 guest PTE read + 4 for the new data page's EPT walk = 5.
// EPT tables: the VMM's allocator starts at host 0x10000000 (root), so the EPTP is
// 0x10000000 | 0x18 (4-level) | 6 (WB) = 0x1000001e (hw-facts §2.1).
export const phases: readonly Phase[] = [
  {
    id: 'guest',
    script: 'mmu ept\nmap 0x7000 0x400000 w',
    say: {
      en: 'Under EPT the guest OS builds its own page tables with ordinary stores, exactly as on bare metal: VA 0x7000 → guest-physical 0x400000, tables at GPA 0x100000 (PML4), 0x101000, 0x102000, 0x103000 (PT). No VM exit: the hypervisor does not watch them.',
      zh: '在 EPT 下，客户机操作系统用普通的存储指令建立自己的页表，和在裸机上完全一样：VA 0x7000 → 客户机物理地址 0x400000，页表位于 GPA 0x100000（PML4）、0x101000、0x102000、0x103000（PT）。没有 VM 退出：虚拟机监控器并不监视它们。',
    },
    title: { en: 'The guest builds its tables', zh: '客户机建立页表' },
    setup: true,
  },
  {
    id: 'ept',
    script: [
      'host map 0x100000 0x8100000 rwx',
      'host map 0x101000 0x8101000 rwx',
      'host map 0x102000 0x8102000 rwx',
      'host map 0x103000 0x8103000 rwx',
      'host map 0x400000 0x8400000 rw',
    ].join('\n'),
    say: {
      en: 'The hypervisor backs each guest page with host memory in its EPT tables (root at host 0x10000000, EPTP 0x1000001e: 4 levels, write-back). The guest’s page-table pages are guest memory too, so they need EPT entries like any data page.',
      zh: '虚拟机监控器在自己的 EPT 表中为每个客户机页分配宿主机内存（根表在宿主机 0x10000000，EPTP 0x1000001e：4 级、回写）。客户机的页表页本身也是客户机内存，因此和数据页一样需要 EPT 表项。',
    },
    title: { en: 'The hypervisor fills EPT', zh: '虚拟机监控器填写 EPT' },
    setup: true,
  },
  {
    id: 'walk',
    questions: [
      { step: 1, kind: 'walk-refs' },
      { step: 2, kind: 'next-entry' },
      { step: 6, kind: 'next-entry' },
    ],
    script: 'access 0x7123',
    say: {
      en: 'A TLB miss. The guest’s CR3 holds a guest-physical address, so before the CPU can read even the first guest entry it must walk EPT for that GPA: 4 references, then the guest PML4E itself. Every guest level repeats this, and the data GPA needs one last EPT walk: 4 guest references become 24.',
      zh: 'TLB 未命中。客户机的 CR3 里是客户机物理地址，所以 CPU 在读第一个客户机页表项之前，必须先为这个 GPA 遍历 EPT：4 次访问，然后才读客户机 PML4E 本身。每一级客户机页表都如此重复，最后数据的 GPA 还要再遍历一次 EPT：4 次客户机访问变成了 24 次。',
    },
    title: { en: 'The 2-D walk: 24 references', zh: '二维遍历：24 次访问' },
  },
  {
    id: 'hit',
    questions: [{ step: 1, kind: 'tlb-hit' }],
    script: 'access 0x7123',
    say: {
      en: 'The same page again: the TLB holds the combined translation guest-virtual 0x7000 → host-physical 0x8400000, so neither dimension is walked. This is why a TLB miss is the costly case under EPT.',
      zh: '再次访问同一页：TLB 中已有组合转换客户机虚拟地址 0x7000 → 宿主机物理地址 0x8400000，两个维度都不用遍历。这正是 EPT 下 TLB 未命中代价高昂的原因。',
    },
    title: { en: 'TLB hit', zh: 'TLB 命中' },
  },
  {
    id: 'caches-fill',
    script: [
      'ept caches on',
      'map 0x8000 0x401000 w',
      'map 0x9000 0x402000 w',
      'host map 0x401000 0x8401000 rw',
      'host map 0x402000 0x8402000 rw',
      'access 0x8123',
    ].join('\n'),
    say: {
      en: 'Real CPUs do not pay 24 on every miss: they cache the guest’s upper paging-structure entries (PML4/PDPTE/PDE caches) and guest-physical mappings (GPA → HPA). With the caches switched on but still empty, a miss on page 0x8000 walks all 24 and fills them.',
      zh: '真实的 CPU 并不会在每次未命中时都付出 24 次访问：它们缓存客户机上层的页表结构表项（PML4/PDPTE/PDE 缓存）和客户机物理映射（GPA → HPA）。缓存刚开启、仍是空的，对 0x8000 页的未命中仍走满 24 次，并把它们填满。',
    },
    title: { en: 'Caches on, filled by a miss', zh: '开启缓存，未命中时填充' },
  },
  {
    id: 'caches-hit',
    questions: [{ step: 1, kind: 'walk-refs' }],
    script: 'access 0x9123',
    say: {
      en: 'Page 0x9000 shares the guest’s page table with 0x8000. The PDE cache skips the guest levels 4, 3 and 2 (15 references), the PT page’s guest-physical mapping is cached (4 more), so only the guest PTE and the new data page’s EPT walk remain: 5 references.',
      zh: '0x9000 页与 0x8000 共用客户机的同一张页表。PDE 缓存跳过了客户机第 4、3、2 级（15 次访问），页表页的客户机物理映射也已缓存（又省 4 次），只剩客户机 PTE 和新数据页的 EPT 遍历：5 次访问。',
    },
    title: { en: 'A cached walk: 5 references', zh: '利用缓存：5 次访问' },
  },
]
