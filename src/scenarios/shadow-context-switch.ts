import type { Phase } from './types.ts'

// hw-facts §8 (LX-mmudoc) and §4.5: MOV to CR3 exits (CR3-load exiting); the VMM looks up the
// shadow root for the new guest CR3 in its cache (KVM keys shadow pages by guest frame and
// level) or creates one. Course notes 000 ("Context switch: VMM must intervene to switch the
// physical MMU to the new process' shadow page table root") and 004 slides 56-57. Two guest
// processes map the same VA 0x400000 to guest-physical 0x200000 and 0x201000.
const SETUP =
  'mmu shadow\nhost map 0x0 0x2000000 rwx size=2M\nhost map 0x200000 0x7a00000 rwx size=2M\nmap 0x400000 0x200000 w u\naccess 0x400000 read user'

export const phases: readonly Phase[] = [
  {
    id: 'process-a',
    script: SETUP,
    say: {
      en: 'Process A (guest CR3 0x100000) maps VA 0x400000 to guest-physical 0x200000 and touches it: the hidden page fault builds its shadow tree.',
      zh: '进程 A（客户机 CR3 0x100000）把虚拟地址 0x400000 映射到客户机物理地址 0x200000 并访问它：隐藏缺页建立了它的影子树。',
    },
    now: {
      en: 'A’s shadow tree now has 4 shadow pages and the real CR3 holds shadow root 0x10000000.',
      zh: 'A 的影子树现在有 4 个影子页，真实 CR3 中是影子根 0x10000000。',
    },
    title: { en: 'Process A’s shadow tree', zh: '进程 A 的影子页表' },
    setup: true,
  },
  {
    id: 'switch-to-b',
    questions: [{ step: 1, kind: 'exit-reason' }],
    script: 'cr3 0x180000',
    say: {
      en: 'The guest OS switches to process B: MOV to CR3 0x180000. The guest may not load the real CR3, so the instruction exits (reason 28, qualification 0x3: CR3, MOV to CR). No shadow root exists for 0x180000 yet: the VMM allocates an empty one at 0x10004000 and loads it. 2 roots are now cached.',
      zh: '客户机操作系统切换到进程 B：MOV 到 CR3 0x180000。客户机不能加载真实 CR3，所以这条指令引发 VM 退出（原因 28，限定信息 0x3：CR3、MOV 到 CR）。0x180000 还没有影子根：虚拟机监控器在 0x10004000 分配一个空的影子根并加载它。现在缓存了 2 个影子根。',
    },
    title: { en: 'Switch to B: CR3 exits', zh: '切换到 B：CR3 退出' },
  },
  {
    id: 'process-b',
    questions: [{ step: 11, kind: 'access-outcome' }],
    script: 'map 0x400000 0x201000 w u\naccess 0x400000 read user',
    say: {
      en: 'Process B maps the same VA to guest-physical 0x201000 (its PML4 is shadowed, so that store traps) and touches it: a hidden page fault builds B’s shadow path, 4 more shadow pages. Same virtual address, different machine page: 0x7a01000.',
      zh: '进程 B 把同一虚拟地址映射到客户机物理地址 0x201000（它的 PML4 已被影子化，所以这次写入会陷入）并访问它：一次隐藏缺页建立了 B 的影子路径，又多了 4 个影子页。同一个虚拟地址，不同的机器页：0x7a01000。',
    },
    now: {
      en: 'The shadow tables now take 8 pages, 32 KiB, for two small guest address spaces.',
      zh: '现在两个很小的客户机地址空间就让影子页表占用了 8 个页，32 KiB。',
    },
    title: { en: 'Process B’s shadow tree', zh: '进程 B 的影子页表' },
  },
  {
    id: 'back-to-a',
    questions: [
      { step: 1, kind: 'exit-reason' },
      { step: 6, kind: 'walk-refs' },
    ],
    script: 'cr3 0x100000\naccess 0x400000 read user',
    say: {
      en: 'Back to process A: the CR3 load still exits, but the VMM finds A’s shadow root in its cache and reuses it. The CR3 load flushed the TLB, so the access walks the shadow tables, and A’s entries are still there: machine 0x7a00000 with no further exit.',
      zh: '切回进程 A：加载 CR3 仍会引发 VM 退出，但虚拟机监控器在缓存中找到了 A 的影子根并复用它。加载 CR3 清空了 TLB，所以这次访问要遍历影子页表，而 A 的表项仍在：直接到达机器地址 0x7a00000，没有新的 VM 退出。',
    },
    title: { en: 'Back to A: a cached root', zh: '回到 A：复用缓存的影子根' },
  },
  {
    id: 'back-to-b',
    script: 'cr3 0x180000\naccess 0x400000 read user',
    say: {
      en: 'And to B again: one exit for the CR3 load, then the cached shadow tree translates to 0x7a01000. Every context switch costs an exit under shadow paging; the root cache keeps it from costing a rebuild. Total: 8 exits (4 CR3 loads, 4 page faults).',
      zh: '再切回 B：加载 CR3 一次 VM 退出，之后缓存的影子树直接转换到 0x7a01000。影子页表下每次上下文切换都要一次 VM 退出；影子根缓存避免了每次都重建。合计：8 次 VM 退出（4 次加载 CR3，4 次缺页）。',
    },
    title: { en: 'Back to B', zh: '回到 B' },
  },
]
