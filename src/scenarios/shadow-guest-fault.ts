import type { Phase } from './types.ts'

// hw-facts §8 (LX-mmudoc): on a #PF exit the VMM walks the guest's tables; a fault the guest's
// own tables would raise is reflected with the guest's error code (hw-facts §1.5) through the
// VM-entry interruption information (§4.7, 0x80000b0e), anything else is fixed silently.
// Course notes 003: guest-induced vs hypervisor-induced page faults. Same memory layout as
// shadow-lazy-fill: 0x400000 is a read-only user page, 0x600000 a writable kernel page.
const SETUP =
  'mmu shadow\nhost map 0x0 0x2000000 rwx size=2M\nhost map 0x200000 0x7a00000 rwx size=2M\nmap 0x400000 0x200000 u\nmap 0x600000 0x201000 w'

export const phases: readonly Phase[] = [
  {
    id: 'setup',
    script: SETUP,
    say: {
      en: 'The guest maps a read-only user page at 0x400000 and a writable kernel page at 0x600000. Every #PF the hardware raises exits to the VMM; the VMM must decide each time whose fault it is.',
      zh: '客户机在 0x400000 映射一个只读的用户页，在 0x600000 映射一个可写的内核页。硬件产生的每个 #PF 都会退出到虚拟机监控器；虚拟机监控器每次都要判断这是谁的缺页。',
    },
    title: { en: 'Two guest pages', zh: '两个客户机页' },
    setup: true,
  },
  {
    id: 'hidden',
    questions: [{ step: 1, kind: 'access-outcome' }],
    script: 'access 0x400000 read user',
    say: {
      en: 'A user read of 0x400000: the guest’s tables allow it, only the shadow entry is missing. Hypervisor-induced: the VMM fills the shadow and the guest retries without ever seeing a fault.',
      zh: '用户态读取 0x400000：客户机页表允许这次访问，只是缺少影子表项。这是虚拟机监控器引起的缺页：虚拟机监控器填好影子页表，客户机重试，完全看不到异常。',
    },
    title: { en: 'A hidden fault', zh: '隐藏的缺页' },
  },
  {
    id: 'write-ro',
    questions: [{ step: 1, kind: 'access-outcome' }],
    script: 'access 0x400000 write user',
    say: {
      en: 'A user write to the same page. The shadow leaf is read-only, the hardware faults and exits. This time the guest’s own PTE has R/W=0: the guest would fault on bare metal too. Guest-induced: the VMM reflects #PF with error code 0x7 (present, write, user) and CR2 0x400000, and the guest OS handles it (a copy-on-write, or SIGSEGV).',
      zh: '用户态写同一页。影子叶子表项只读，硬件产生缺页并退出。这一次客户机自己的 PTE 就是 R/W=0：在裸机上客户机同样会缺页。这是客户机引起的缺页：虚拟机监控器以错误码 0x7（存在、写、用户态）和 CR2 0x400000 反射 #PF，由客户机操作系统处理（写时复制或 SIGSEGV）。',
    },
    title: { en: 'Write to read-only: reflected', zh: '写只读页：转给客户机' },
  },
  {
    id: 'supervisor',
    questions: [{ step: 1, kind: 'pf-error-code' }],
    script: 'access 0x600000 read user',
    say: {
      en: 'User mode reads the kernel page. Nothing is shadowed for 0x600000 yet, so the hardware reports a not-present fault (error code 0x4). But the guest would see a protection fault: its tables say supervisor-only. The VMM reflects the guest’s error code 0x5 (present, user), not the hardware’s 0x4: the guest must not be able to tell it is running on shadow tables.',
      zh: '用户态读取内核页。0x600000 还没有任何影子表项，所以硬件报告“不存在”缺页（错误码 0x4）。但客户机应当看到的是保护错误：它的页表写明仅限内核。虚拟机监控器反射客户机的错误码 0x5（存在、用户态），而不是硬件的 0x4：客户机不能察觉自己运行在影子页表上。',
    },
    title: { en: 'User reads a kernel page', zh: '用户态读内核页' },
  },
  {
    id: 'unmapped',
    script: 'access 0x800000 read user',
    say: {
      en: 'An address the guest never mapped: not present in the guest’s PDE, so #PF with error code 0x4 and CR2 0x800000 is reflected, as on bare metal.',
      zh: '一个客户机从未映射的地址：客户机 PDE 中不存在，所以像在裸机上一样反射 #PF，错误码 0x4，CR2 0x800000。',
    },
    title: { en: 'An unmapped address', zh: '未映射的地址' },
  },
  {
    id: 'kernel',
    questions: [{ step: 1, kind: 'exit-reason' }],
    script: 'access 0x600000 read kernel',
    say: {
      en: 'The kernel reads its own page: allowed by the guest, so a hidden fault fills the shadow. Tally: 3 hidden page faults (hypervisor-induced: the trapped store into the shadowed PML4 during setup and two shadow fills) and 3 reflected ones (guest-induced). All 6 were VM exits, plus 1 exit for the CR3 load.',
      zh: '内核读取自己的页：客户机允许，所以一次隐藏缺页填好影子表项。统计：3 次隐藏缺页（虚拟机监控器引起：初始化时对已影子化的 PML4 的写入被陷入，以及两次填写影子表项）和 3 次反射缺页（客户机引起）。这 6 次都是 VM 退出，另外加载 CR3 还有 1 次。',
    },
    title: { en: 'A kernel read, and the tally', zh: '内核读取与统计' },
  },
  {
    id: 'wp-off',
    // SDM3 §4.6.1: with CR0.WP=0 supervisor writes ignore R/W. KVM keeps the real WP=1 and gives
    // the page a second shadow encoding (hw-facts §8; LX-mmudoc "Emulating cr0.wp").
    script: 'cr0.wp off\naccess 0x400000 write kernel',
    say: {
      en: 'The guest kernel clears CR0.WP (a CR-access exit; WP is part of every shadow page’s role, so they are all discarded) and writes the read-only user page. On bare metal WP=0 lets the kernel write any page. The host keeps the real WP at 1, so the hardware still faults; the VMM sees the guest allows it and makes the shadow leaf writable but supervisor-only (R/W=1, U/S=0).',
      zh: '客户机内核清除 CR0.WP（一次控制寄存器访问退出；WP 属于每个影子页的角色，所以它们全部被丢弃），然后写那个只读的用户页。在裸机上 WP=0 时内核可以写任何页。宿主机让真实的 WP 保持为 1，所以硬件仍然产生缺页；虚拟机监控器看到客户机允许这次写，就把影子叶子表项设为可写但仅限内核（R/W=1，U/S=0）。',
    },
    title: { en: 'CR0.WP=0: kernel writes read-only', zh: 'CR0.WP=0：内核写只读页' },
  },
  {
    id: 'wp-user',
    questions: [{ step: 1, kind: 'pf-error-code' }],
    script: 'access 0x400000 read user',
    say: {
      en: 'Now user mode reads the page. The supervisor-only shadow entry faults (error code 0x5), but the guest allows a user read: a hidden fault, and the VMM switches the entry back to read-only user (R/W=0, U/S=1). No single entry can hold “kernel may write, user may read” while the real WP is 1, so the entry flips between the two as the accesses alternate.',
      zh: '现在用户态读取这一页。仅限内核的影子表项产生缺页（错误码 0x5），但客户机允许用户态读取：这是隐藏缺页，虚拟机监控器把表项换回只读的用户态编码（R/W=0，U/S=1）。真实 WP 为 1 时，没有一个表项能同时表达“内核可写、用户可读”，所以随着访问交替，表项在两种编码之间来回切换。',
    },
    title: { en: 'A user read flips it back', zh: '用户态读取又把它换回来' },
  },
]
