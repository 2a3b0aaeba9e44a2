import type { Phase } from './types.ts'

// hw-facts §2.3-2.4: the guest's first touch of a guest-physical page the hypervisor has not
// backed yet. The guest walk succeeds (its tables are backed, 20 references); the data GPA's EPT
// walk stops at the EPT PDE for 0x400000-0x5fffff, not present (21-23): EPT violation, exit
// reason 48, qualification bit 1 (write) | bit 7 (GLA
// valid) | bit 8 (final translation) = 0x182, GPA 0x400123. The VMM maps the page and resumes;
// the access runs again (hw-facts §7: the violation left no cached translation).
export const phases: readonly Phase[] = [
  {
    id: 'setup',
    script: [
      'mmu ept',
      'map 0x7000 0x400000 w',
      'host map 0x100000 0x8100000 rwx',
      'host map 0x101000 0x8101000 rwx',
      'host map 0x102000 0x8102000 rwx',
      'host map 0x103000 0x8103000 rwx',
    ].join('\n'),
    say: {
      en: 'The guest maps VA 0x7000 to guest-physical 0x400000. The hypervisor has backed the guest’s page-table pages but not page 0x400000 yet: as KVM does, it allocates guest memory only when the guest first touches it.',
      zh: '客户机把 VA 0x7000 映射到客户机物理地址 0x400000。虚拟机监控器已为客户机的页表页分配了宿主机内存，但还没有为 0x400000 分配：和 KVM 一样，它只在客户机第一次访问时才分配。',
    },
    title: { en: 'The data page is not backed', zh: '数据页尚未分配' },
    setup: true,
  },
  {
    id: 'fault',
    questions: [
      { step: 1, kind: 'walk-refs' },
      { step: 29, kind: 'exit-reason' },
    ],
    script: 'access 0x7123 write',
    say: {
      en: 'The guest writes 0x7123. Its own walk is fine (20 references), but the EPT walk of data GPA 0x400123 stops at the EPT PDE (reference 23): not present, since no EPT page table exists yet for this 2 MiB of guest memory. VM exit 48, EPT violation. The qualification 0x182 says: a data write (bit 1), EPT allowed nothing (bits 3-5 = 0), linear address valid (bit 7), and it was the final translation, not a guest page table (bit 8).',
      zh: '客户机写 0x7123。它自己的页表遍历没有问题（20 次访问），但数据 GPA 0x400123 的 EPT 遍历在 EPT PDE 处停下（第 23 次访问）：该表项不存在，因为这 2 MiB 客户机内存还没有 EPT 页表。VM 退出 48，EPT 违例。退出限定 0x182 表示：数据写（位 1）、EPT 什么都不允许（位 3-5 = 0）、线性地址有效（位 7）、出错的是最终转换而不是客户机页表（位 8）。',
    },
    title: { en: 'EPT violation (exit 48)', zh: 'EPT 违例（退出原因 48）' },
  },
  {
    id: 'map',
    script: 'host map 0x400000 0x8400000 rw',
    say: {
      en: 'The hypervisor reads the faulting GPA from the VMCS (0x2400), takes a host page and writes the missing EPT page table and PTE for it. The guest never saw a fault.',
      zh: '虚拟机监控器从 VMCS（0x2400）读出出错的 GPA，取一页宿主机内存，并为它写入缺少的 EPT 页表和 PTE。客户机从未看到任何故障。',
    },
    title: { en: 'The hypervisor maps the page', zh: '虚拟机监控器映射该页' },
  },
  {
    id: 'retry',
    questions: [{ step: 1, kind: 'walk-refs' }],
    script: 'access 0x7123 write',
    say: {
      en: 'VM entry resumes the guest at the same instruction: the write runs again, all 24 references succeed, and the combined translation goes into the TLB.',
      zh: 'VM 进入让客户机在同一条指令处继续执行：这次写重新执行，24 次访问全部成功，组合转换被放入 TLB。',
    },
    title: { en: 'Retry: 24 references', zh: '重试：24 次访问' },
  },
]
