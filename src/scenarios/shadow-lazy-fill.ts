import type { Phase } from './types.ts'

// hw-facts §8 (KVM shadow MMU, LX-mmudoc): the hardware walks shadow tables that map
// guest-virtual straight to machine addresses; the VMM fills them lazily on #PF exits
// (exception-bitmap bit 14, §4.5) by walking the guest's tables, and sets the guest's A/D bits
// itself (§1.6). Guest RAM 0-2 MiB (its page tables at 0x100000-0x103000) is machine
// 0x2000000 + offset; guest 0x200000-0x3fffff is machine 0x7a00000 + offset. Shadow pages come
// from the host allocator at 0x10000000.
const SETUP =
  'mmu shadow\nhost map 0x0 0x2000000 rwx size=2M\nhost map 0x200000 0x7a00000 rwx size=2M'

export const phases: readonly Phase[] = [
  {
    id: 'setup',
    script: SETUP,
    say: {
      en: 'Three address spaces. The guest will use guest-virtual addresses; its page tables turn them into guest-physical ones; the hypervisor’s P2M turns those into machine addresses. Here guest-physical 0-2 MiB is machine 0x2000000 onwards and 0x200000-0x3fffff is machine 0x7a00000 onwards.',
      zh: '三种地址空间。客户机使用客户机虚拟地址；它的页表把虚拟地址变为客户机物理地址；虚拟机监控器的 P2M 再把它们变为机器地址。这里客户机物理 0-2 MiB 对应机器地址 0x2000000 起，0x200000-0x3fffff 对应机器地址 0x7a00000 起。',
    },
    title: { en: 'Guest memory in the P2M', zh: 'P2M 中的客户机内存' },
    setup: true,
  },
  {
    id: 'map',
    script: 'map 0x400000 0x200000 w u',
    say: {
      en: 'The guest OS maps VA 0x400000 to guest-physical 0x200000 and loads CR3 = 0x100000. MOV to CR3 exits (reason 28): the VMM gives the guest an empty shadow root at machine 0x10000000 and puts that into the real CR3. The guest’s PML4 is now shadowed, hence write-protected, so the OS’s store of the PML4 entry traps too: 2 exits before the process touches any memory.',
      zh: '客户机操作系统把虚拟地址 0x400000 映射到客户机物理地址 0x200000，并加载 CR3 = 0x100000。MOV 到 CR3 引发 VM 退出（原因 28）：虚拟机监控器为客户机准备一个位于机器地址 0x10000000 的空影子根，并把它装入真实 CR3。客户机的 PML4 从此被影子化、被写保护，所以操作系统写 PML4 表项也会陷入：进程还没访问内存就已经有 2 次 VM 退出。',
    },
    title: { en: 'The guest maps; CR3 exits', zh: '客户机建立映射，CR3 退出' },
  },
  {
    id: 'first',
    questions: [{ step: 1, kind: 'access-outcome' }],
    script: 'access 0x400123 read user',
    say: {
      en: 'The first access. The hardware walks the shadow table, finds PML4E[0] empty and raises #PF, which exits (reason 0, vector 14, error code 0x4). The VMM walks the guest’s four tables in software, sets their A bits as the hardware would have, allocates three shadow pages (16 KiB in all) and fills four shadow entries: guest entry composed with the P2M. The leaf stays read-only because the guest PTE is still clean. The guest retries: four shadow references, machine address 0x7a00123. The guest never saw a fault: a hidden, hypervisor-induced page fault.',
      zh: '第一次访问。硬件遍历影子页表，发现 PML4E[0] 为空，产生 #PF，引发 VM 退出（原因 0，向量 14，错误码 0x4）。虚拟机监控器用软件遍历客户机的四级页表，像硬件那样设置 A 位，分配三个影子页（共 16 KiB），并填写四个影子表项：客户机表项与 P2M 组合。因为客户机 PTE 还是干净的，叶子表项保持只读。客户机重试：四次影子表访问，机器地址 0x7a00123。客户机从未看到异常：这是隐藏的、由虚拟机监控器引起的缺页。',
    },
    title: { en: 'First access: a hidden #PF', zh: '首次访问：隐藏的 #PF' },
  },
  {
    id: 'again',
    questions: [{ step: 1, kind: 'tlb-hit' }],
    script: 'access 0x400456 read user',
    say: {
      en: 'The same page again: the TLB holds the shadow translation 0x400000 -> 0x7a00000. Full speed, no exit.',
      zh: '再次访问同一页：TLB 中已有影子转换 0x400000 -> 0x7a00000。全速运行，没有 VM 退出。',
    },
    title: { en: 'TLB hit, no exit', zh: 'TLB 命中，无退出' },
  },
  {
    id: 'write',
    questions: [{ step: 1, kind: 'exit-reason' }],
    script: 'access 0x400456 write user',
    say: {
      en: 'A write. The shadow leaf is read-only, so the hardware faults (error code 0x7: present, write, user) and exits. The guest allows the write, so the VMM sets D in the guest PTE (0x200027 -> 0x200067), makes the shadow leaf writable and lets the guest retry. This is how the guest’s dirty bits stay right although the hardware never walks its tables.',
      zh: '一次写。影子叶子表项是只读的，硬件产生缺页（错误码 0x7：存在、写、用户态）并退出。客户机允许写，于是虚拟机监控器在客户机 PTE 中设置 D(0x200027 -> 0x200067)，把影子叶子表项改为可写，再让客户机重试。虽然硬件从不遍历客户机页表，客户机的脏位也因此保持正确。',
    },
    title: { en: 'A write: the VMM sets D', zh: '写访问：VMM 置 D 位' },
  },
  {
    id: 'neighbour',
    questions: [{ step: 1, kind: 'pf-error-code' }],
    script: 'map 0x401000 0x201000 w u\naccess 0x401010 read user',
    say: {
      en: 'The guest maps the next page. Its PTE lives in a shadowed table, so the store traps and the VMM emulates it (1 exit). The first access to the new page is again a hidden fault, but only the leaf is missing now: one shadow entry filled, no new shadow page.',
      zh: '客户机映射下一页。它的 PTE 位于被影子化的页表中，所以这次写入会陷入，由虚拟机监控器模拟（1 次 VM 退出）。第一次访问新页又是一次隐藏缺页，但这次只缺叶子表项：只填写一个影子表项，不需要新的影子页。',
    },
    now: {
      en: 'First accesses are slow under shadow paging: 6 exits so far, 5 of them hidden page faults, for work native paging does with none.',
      zh: '影子页表下首次访问很慢：目前共 6 次 VM 退出，其中 5 次是隐藏缺页，而原生分页完成同样的工作一次也不需要。',
    },
    title: { en: 'The next page: one entry', zh: '相邻页：只填一项' },
  },
]
