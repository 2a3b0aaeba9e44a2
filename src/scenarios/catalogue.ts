// The scenario catalogue: what the library and the router need before a body loads. Each
// scenario's phases (script and narration) live in its own file, src/scenarios/<id>.ts, which
// the app loads only when the scenario opens (one lazy chunk each).
//
// To add a scenario:
//   1. Create src/scenarios/<id>.ts with `export const phases: readonly Phase[] = [...]`
//      (import type { Phase } from './types.ts'). Nothing else is exported from it.
//   2. Add its entry below, in library order, with `load: () => import('./<id>.ts')`.
//   3. Set `steps` to its frame count: `npx vitest run test/scenarios.test.ts` fails with the
//      right number if it is wrong, and fails if the id has no body file or the loader points
//      at another file.
//   4. Write its golden: `npm run test:golden -- -u`, and review test/golden/<id>.jsonl.
import type { ScenarioMeta, TopicId } from './types.ts'

/** The topics in library order; each scenario's `topic` is one of them. */
// x86 paging first: shadow paging, EPT and Xen direct paging build on it.
export const TOPICS: readonly TopicId[] = ['paging', 'memory', 'vmx', 'xen']

/** Every built-in scenario, in library order. Ids are unique (tested). */
export const CATALOGUE: readonly ScenarioMeta[] = [
  {
    id: 'paging-walk-4level',
    topic: 'paging',
    title: { en: 'A 4-level page walk', zh: '四级页表遍历' },
    summary: {
      en: 'One translation read step by step: PML4E, PDPTE, PDE, PTE, then a TLB hit.',
      zh: '一步步读完一次地址转换：PML4E、PDPTE、PDE、PTE，然后命中 TLB。',
    },
    panels: ['pageWalk'],
    steps: 24,
    load: () => import('./paging-walk-4level.ts'),
  },
  {
    id: 'paging-large-pages',
    topic: 'paging',
    title: { en: 'Large pages: 2 MiB and 1 GiB', zh: '大页：2 MiB 与 1 GiB' },
    summary: {
      en: 'PS=1 ends the walk early: three references for a 2 MiB page, two for a 1 GiB page.',
      zh: 'PS=1 让遍历提前结束：2 MiB 大页读三次，1 GiB 大页读两次。',
    },
    panels: ['pageWalk'],
    steps: 26,
    load: () => import('./paging-large-pages.ts'),
  },
  {
    id: 'paging-faults',
    topic: 'paging',
    title: { en: 'Page faults and their error codes', zh: '缺页异常及其错误码' },
    summary: {
      en: 'Not present, write to read-only, user to kernel page, NX fetch, reserved bit, SMEP, SMAP: each #PF with its error code.',
      zh: '页不存在、写只读页、用户访问内核页、执行不可执行页、保留位、SMEP、SMAP：每种 #PF 及其错误码。',
    },
    panels: ['pageWalk'],
    steps: 77,
    load: () => import('./paging-faults.ts'),
  },
  {
    id: 'paging-tlb',
    topic: 'paging',
    title: { en: 'The TLB: hits, misses, invalidation', zh: 'TLB：命中、未命中与失效' },
    summary: {
      en: 'Misses fill the TLB, hits skip the walk; INVLPG and CR3 loads invalidate; global pages and PCIDs survive.',
      zh: '未命中时填充 TLB，命中时跳过页表遍历；INVLPG 和加载 CR3 使其失效；全局页和 PCID 标记的项得以保留。',
    },
    panels: ['pageWalk'],
    steps: 67,
    load: () => import('./paging-tlb.ts'),
  },
  {
    id: 'paging-5level',
    topic: 'paging',
    title: { en: '5-level paging (LA57)', zh: '五级分页（LA57）' },
    summary: {
      en: 'A fifth level, PML5, widens linear addresses to 57 bits: five references per walk.',
      zh: '第五级 PML5 把线性地址扩展到 57 位：每次遍历读取五个表项。',
    },
    panels: ['pageWalk'],
    steps: 27,
    load: () => import('./paging-5level.ts'),
  },
  {
    id: 'paging-x86-32',
    topic: 'paging',
    title: { en: '32-bit paging', zh: '32 位分页' },
    summary: {
      en: 'The classic two-level walk with 4-byte entries, and a 4 MiB page with CR4.PSE.',
      zh: '经典的两级页表遍历（4 字节表项），以及 CR4.PSE 下的 4 MiB 大页。',
    },
    panels: ['pageWalk'],
    steps: 23,
    load: () => import('./paging-x86-32.ts'),
  },
  {
    id: 'three-address-spaces',
    topic: 'memory',
    title: { en: 'Three address spaces', zh: '三种地址空间' },
    summary: {
      en: 'Two guests both use guest-physical pages 10-12; the hypervisor backs them with different machine pages.',
      zh: '两个客户机都使用客户机物理页 10-12，虚拟机监控器用不同的机器页来支撑它们。',
    },
    panels: ['addressSpaces'],
    steps: 32,
    load: () => import('./three-address-spaces.ts'),
  },
  {
    id: 'shadow-lazy-fill',
    topic: 'memory',
    title: { en: 'Shadow page tables: lazy fill', zh: '影子页表：按需填写' },
    summary: {
      en: 'The hardware walks the VMM’s shadow table; each first access is a hidden page fault: a VM exit, a software walk of the guest tables, shadow entries built from guest entry + P2M, and a retry.',
      zh: '硬件遍历虚拟机监控器的影子页表；每次首次访问都是一次隐藏缺页：VM 退出、软件遍历客户机页表、由客户机表项与 P2M 构建影子表项，然后重试。',
    },
    panels: ['shadowMmu'],
    steps: 89,
    load: () => import('./shadow-lazy-fill.ts'),
  },
  {
    id: 'shadow-pt-write-trap',
    topic: 'memory',
    title: {
      en: 'Shadow page tables: write-protected guest tables',
      zh: '影子页表：被写保护的客户机页表',
    },
    summary: {
      en: 'Every store the guest OS makes to a shadowed page table traps; the VMM emulates it and updates or drops the shadow entry.',
      zh: '客户机操作系统对已影子化页表的每次写入都会陷入；虚拟机监控器模拟写入，并更新或丢弃影子表项。',
    },
    panels: ['shadowMmu'],
    steps: 98,
    load: () => import('./shadow-pt-write-trap.ts'),
  },
  {
    id: 'shadow-context-switch',
    topic: 'memory',
    title: { en: 'Shadow page tables: context switch', zh: '影子页表：上下文切换' },
    summary: {
      en: 'MOV to CR3 exits; the VMM switches the real CR3 to the new process’s shadow root, built on first use and reused from its cache afterwards.',
      zh: 'MOV 到 CR3 会引发 VM 退出；虚拟机监控器把真实 CR3 切换到新进程的影子根：首次使用时新建，之后从缓存中复用。',
    },
    panels: ['shadowMmu'],
    steps: 109,
    load: () => import('./shadow-context-switch.ts'),
  },
  {
    id: 'shadow-guest-fault',
    topic: 'memory',
    title: { en: 'Shadow page tables: whose page fault?', zh: '影子页表：这是谁的缺页？' },
    summary: {
      en: 'Every #PF exits; the VMM reflects the guest-induced ones with the guest’s own error code and fixes the hypervisor-induced ones silently.',
      zh: '每个 #PF 都会引发 VM 退出；虚拟机监控器以客户机自己的错误码反射客户机引起的缺页，并悄悄处理虚拟机监控器引起的缺页。',
    },
    panels: ['shadowMmu'],
    steps: 103,
    load: () => import('./shadow-guest-fault.ts'),
  },
  {
    id: 'xen-direct-paging',
    topic: 'memory',
    title: { en: 'Xen direct paging', zh: 'Xen 直接分页' },
    summary: {
      en: 'A PV guest’s tables hold machine frames and the MMU walks them; the guest reads them, and every change is checked by Xen: mmu_update, or a trapped store Xen emulates.',
      zh: '半虚拟化客户机的页表中存放机器页帧，MMU 直接遍历它们；客户机可以读页表，每次修改都要经过 Xen 检查：mmu_update，或被 Xen 捕获并模拟的写操作。',
    },
    panels: ['xenMmu'],
    steps: 81,
    load: () => import('./xen-direct-paging.ts'),
  },
  {
    id: 'xen-mmu-update-batching',
    topic: 'memory',
    title: { en: 'Batching page-table updates', zh: '批量更新页表' },
    summary: {
      en: 'One hypercall per update, then many updates per mmu_update and several hypercalls per multicall: fewer transitions into Xen; done tells how far a failed batch got.',
      zh: '每个更新一次超级调用，然后一次 mmu_update 多个更新、一次 multicall 多个超级调用：进入 Xen 的次数变少；批量失败时，已完成的个数说明执行到了哪里。',
    },
    panels: ['xenMmu'],
    steps: 48,
    load: () => import('./xen-mmu-update-batching.ts'),
  },
  {
    id: 'xen-invalid-update',
    topic: 'memory',
    title: { en: 'Updates Xen refuses', zh: 'Xen 拒绝的更新' },
    summary: {
      en: 'Another domain’s frame, a writable page table, the wrong level, a superpage bit, a bad new root, a second pin: each refused with its errno.',
      zh: '别的域的页帧、可写的页表、错误的级别、大页位、不合法的新根页表、重复固定：每一种都以相应的错误码被拒绝。',
    },
    panels: ['xenMmu'],
    steps: 41,
    load: () => import('./xen-invalid-update.ts'),
  },
  {
    id: 'ept-2d-walk',
    topic: 'memory',
    title: { en: 'The two-dimensional page walk', zh: '二维页表遍历' },
    summary: {
      en: 'A 4-level guest on 4-level EPT: one TLB miss makes 24 memory references, every guest table address walked through EPT first.',
      zh: '4 级客户机页表加 4 级 EPT：一次 TLB 未命中需要 24 次内存访问，每个客户机页表地址都要先经过 EPT 遍历。',
    },
    panels: ['walk2d'],
    steps: 112,
    load: () => import('./ept-2d-walk.ts'),
  },
  {
    id: 'ept-large-pages',
    topic: 'memory',
    title: { en: 'Large pages shorten the 2-D walk', zh: '大页缩短二维遍历' },
    summary: {
      en: '1 GiB EPT pages cut 24 references to 14; a guest 2 MiB page on top cuts them to 11.',
      zh: '1 GiB 的 EPT 大页把 24 次访问减到 14 次；客户机再用 2 MiB 大页时减到 11 次。',
    },
    panels: ['walk2d'],
    steps: 58,
    load: () => import('./ept-large-pages.ts'),
  },
  {
    id: 'ept-5level',
    topic: 'memory',
    title: { en: '5-level guest on 5-level EPT', zh: '5 级客户机页表加 5 级 EPT' },
    summary: {
      en: 'With LA57 and a 5-level EPT one TLB miss costs (5+1)×(5+1)−1 = 35 references.',
      zh: '使用 LA57 和 5 级 EPT 时，一次 TLB 未命中要 (5+1)×(5+1)−1 = 35 次访问。',
    },
    panels: ['walk2d'],
    steps: 81,
    load: () => import('./ept-5level.ts'),
  },
  {
    id: 'ept-violation',
    topic: 'memory',
    title: { en: 'EPT violation: first touch', zh: 'EPT 违例：第一次访问' },
    summary: {
      en: 'The guest writes a page the hypervisor has not backed: VM exit 48 with its qualification, the VMM maps it, the write retries.',
      zh: '客户机写一个虚拟机监控器尚未分配的页：VM 退出 48 及其退出限定，虚拟机监控器映射该页，写操作重新执行。',
    },
    panels: ['walk2d'],
    steps: 89,
    load: () => import('./ept-violation.ts'),
  },
  {
    id: 'ept-vpid-tlb',
    topic: 'memory',
    title: { en: 'VPID keeps the TLB across exits', zh: 'VPID 让 TLB 在退出后保留' },
    summary: {
      en: 'Without VPID every VM exit flushes the guest’s translations; with VPID they survive, tagged, until INVVPID.',
      zh: '没有 VPID 时每次 VM 退出都会清空客户机的地址转换；有了 VPID，它们带着标记保留下来，直到 INVVPID。',
    },
    panels: ['walk2d'],
    steps: 181,
    load: () => import('./ept-vpid-tlb.ts'),
  },
  {
    id: 'ept-vs-shadow',
    topic: 'memory',
    title: { en: 'Native, shadow and EPT side by side', zh: '原生、影子页表与 EPT 对比' },
    summary: {
      en: 'The same load: 4 references native, 4 with shadow tables but exits on every page-table change, 24 with EPT and no exits.',
      zh: '同一次读取：原生 4 次访问；影子页表 4 次，但每次修改页表都要 VM 退出；EPT 24 次，没有 VM 退出。',
    },
    // The comparison on top; the shadow phase has its own panel, as a loaded copy of the
    // script gets (panelsFor).
    panels: ['compare', 'walk2d', 'shadowMmu', 'pageWalk'],
    steps: 194,
    load: () => import('./ept-vs-shadow.ts'),
  },
  {
    id: 'vmx-lifecycle',
    topic: 'vmx',
    title: { en: 'VT-x life cycle: VMXON to VMRESUME', zh: 'VT-x 生命周期：从 VMXON 到 VMRESUME' },
    summary: {
      en: 'Before VT-x the guest kernel was pushed to ring 1; with VT-x the VMM fills a VMCS, enters the guest with VMLAUNCH, handles a CPUID exit and goes back in with VMRESUME.',
      zh: '在 VT-x 之前，客户机内核被挤到 1 环；有了 VT-x，虚拟机监控器填写 VMCS，用 VMLAUNCH 进入客户机，处理一次 CPUID 引起的 VM 退出，再用 VMRESUME 返回。',
    },
    panels: ['cpuModes', 'vmcs'],
    steps: 24,
    load: () => import('./vmx-lifecycle.ts'),
  },
  {
    id: 'vmx-instruction-errors',
    topic: 'vmx',
    title: { en: 'VMX instructions that fail', zh: '失败的 VMX 指令' },
    summary: {
      en: 'VMLAUNCH twice (error 4), VMRESUME on a clear VMCS (5), VMWRITE to a read-only field (13), VMPTRLD of a bad address (9) or of the VMXON region (10), and VMfailInvalid with no current VMCS.',
      zh: '两次 VMLAUNCH（错误号 4）、对“清除”状态的 VMCS 执行 VMRESUME（5）、VMWRITE 只读字段（13）、VMPTRLD 非法地址（9）或 VMXON 区域（10），以及没有当前 VMCS 时的 VMfailInvalid。',
    },
    panels: ['vmcs', 'cpuModes'],
    steps: 30,
    load: () => import('./vmx-instruction-errors.ts'),
  },
  {
    id: 'vmx-exit-reasons',
    topic: 'vmx',
    title: { en: 'Why a guest exits: VM-exit reasons', zh: '客户机为什么退出：VM 退出原因' },
    summary: {
      en: 'CPUID (10), HLT (12), OUT and IN (30), MOV to CR3 (28) and VMCALL (18): each exit leaves its reason, qualification and instruction length in the VMCS.',
      zh: 'CPUID（10）、HLT（12）、OUT 与 IN（30）、MOV CR3（28）和 VMCALL（18）：每次 VM 退出都在 VMCS 中留下原因、退出限定和指令长度。',
    },
    panels: ['vmcs', 'cpuModes'],
    steps: 46,
    load: () => import('./vmx-exit-reasons.ts'),
  },
  {
    id: 'vmx-controls',
    topic: 'vmx',
    title: { en: 'Execution controls decide what exits', zh: '执行控制字段决定哪些指令退出' },
    summary: {
      en: 'MOV CR3, OUT and HLT run in the guest with no exit; with HLT and CR3-load exiting on they exit; with an I/O bitmap only the marked port 0x3F8 exits.',
      zh: 'MOV CR3、OUT 和 HLT 在客户机内直接执行，不退出；打开“HLT 退出”和“CR3 加载退出”后它们会退出；使用 I/O 位图时，只有标记的端口 0x3F8 退出。',
    },
    panels: ['vmcs', 'cpuModes'],
    steps: 41,
    load: () => import('./vmx-controls.ts'),
  },
  {
    id: 'vmx-two-vcpus',
    topic: 'vmx',
    title: {
      en: 'Two vCPUs, one CPU: VMPTRLD and VPID',
      zh: '两个 vCPU 共用一个 CPU：VMPTRLD 与 VPID',
    },
    summary: {
      en: 'Two VMCSs with VPIDs 1 and 2 take turns on one physical CPU; VMPTRLD switches between them, and their TLB entries coexist instead of being flushed.',
      zh: '两个 VMCS（VPID 分别为 1 和 2）轮流在一个物理 CPU 上运行；VMPTRLD 在它们之间切换，它们的 TLB 条目可以共存，不必刷新。',
    },
    panels: ['cpuModes', 'vmcs'],
    steps: 47,
    load: () => import('./vmx-two-vcpus.ts'),
  },
  {
    id: 'xen-ring-basics',
    topic: 'xen',
    title: { en: 'The Xen shared ring', zh: 'Xen 共享环形缓冲区' },
    summary: {
      en: 'One request and one response through a blkif ring: queue, push with notify, consume, respond, final check.',
      zh: '一个请求和一个响应走过 blkif 环：排队、推送并通知、消费、响应、最终检查。',
    },
    panels: ['ring'],
    steps: 9,
    load: () => import('./xen-ring-basics.ts'),
  },
  {
    id: 'xen-ring-batching',
    topic: 'xen',
    title: { en: 'Many requests, one notification', zh: '多个请求，一次通知' },
    summary: {
      en: 'Twelve requests in three pushes, but only the first push notifies: the busy backend has not re-armed req_event.',
      zh: '三次推送共 12 个请求，只有第一次推送发出通知：忙碌的后端还没有重新设置 req_event。',
    },
    panels: ['ring'],
    steps: 14,
    load: () => import('./xen-ring-batching.ts'),
  },
  {
    id: 'xen-ring-wraparound',
    topic: 'xen',
    title: { en: 'Ring indices past 2^32', zh: '越过 2^32 的环索引' },
    summary: {
      en: 'An 8-slot ring whose indices start at 4294967293: the producer index wraps to 0 and the notify rule still works.',
      zh: '一个 8 槽的环，索引从 4294967293 开始：生产者索引回绕到 0，通知规则依然成立。',
    },
    panels: ['ring'],
    steps: 12,
    load: () => import('./xen-ring-wraparound.ts'),
  },
  {
    id: 'xen-ring-full',
    topic: 'xen',
    title: { en: 'A full ring', zh: '环满了' },
    summary: {
      en: 'A 4-slot ring fills up; slots come back only when the frontend consumes responses.',
      zh: '一个 4 槽的环被填满；只有前端消费了响应，槽位才会归还。',
    },
    panels: ['ring'],
    steps: 9,
    load: () => import('./xen-ring-full.ts'),
  },
  {
    id: 'xen-blkfront-read',
    topic: 'xen',
    title: { en: 'blkfront reads a disk block', zh: 'blkfront 读取磁盘块' },
    summary: {
      en: 'DomU grants two pages, sends one read request with their grant refs, Dom0 maps them, fills them and answers.',
      zh: 'DomU 授权两个页，发出一个携带授权引用的读请求，Dom0 映射这些页、填入数据并回复。',
    },
    panels: ['xenDomains', 'ring'],
    steps: 37,
    load: () => import('./xen-blkfront-read.ts'),
  },
  {
    id: 'xen-netfront-tx',
    topic: 'xen',
    title: { en: 'netfront sends packets', zh: 'netfront 发送数据包' },
    summary: {
      en: 'DomU sends two packets through its TX ring; netback copies them out and forwards them on xenbr0.',
      zh: 'DomU 通过 TX 环发送两个数据包；netback 把它们复制出来，经 xenbr0 转发。',
    },
    panels: ['xenDomains', 'ring'],
    steps: 46,
    load: () => import('./xen-netfront-tx.ts'),
  },
  {
    id: 'xen-netback-rx',
    topic: 'xen',
    title: { en: 'netback delivers received packets', zh: 'netback 投递接收到的数据包' },
    summary: {
      en: 'A packet with no posted RX buffer is dropped; with buffers posted it is copied in, or the page is flipped.',
      zh: '没有投放 RX 缓冲区时数据包被丢弃；投放缓冲区后，数据包被复制进来，或者整页交换。',
    },
    panels: ['xenDomains', 'ring'],
    steps: 73,
    load: () => import('./xen-netback-rx.ts'),
  },
  {
    id: 'xen-event-channels',
    topic: 'xen',
    title: { en: 'Event channels', zh: '事件通道' },
    summary: {
      en: 'Bind an interdomain channel, send, mask and unmask, then a VIRQ, an IPI and a PIRQ.',
      zh: '绑定一条域间通道，发送、屏蔽、解除屏蔽，再看 VIRQ、IPI 与 PIRQ。',
    },
    panels: ['xenDomains'],
    steps: 35,
    load: () => import('./xen-event-channels.ts'),
  },
  {
    id: 'cpu-popf-hole',
    topic: 'vmx',
    title: { en: 'The POPF hole', zh: 'POPF 漏洞' },
    summary: {
      en: 'A deprivileged kernel pops IF = 0: nothing traps, interrupts stay on. Native, trap-and-emulate, BT and VT-x side by side.',
      zh: '被降级的内核弹出 IF = 0：没有陷入，中断仍然开着。原生、陷入并模拟、二进制翻译与 VT-x 对照。',
    },
    panels: ['guestCpu'],
    steps: 44,
    load: () => import('./cpu-popf-hole.ts'),
  },
  {
    id: 'cpu-trap-and-emulate',
    topic: 'vmx',
    title: { en: 'Trap-and-emulate a kernel routine', zh: '陷入并模拟一段内核例程' },
    summary: {
      en: 'CLI, MOV CR3, INVLPG, OUT, STI and HLT each #GP into the VMM, which runs them on the virtual CPU and holds an interrupt until the virtual IF is 1.',
      zh: 'CLI、MOV CR3、INVLPG、OUT、STI 与 HLT 都以 #GP 进入虚拟机监控器，由它在虚拟 CPU 上执行，并把中断保留到虚拟 IF 为 1。',
    },
    panels: ['guestCpu'],
    steps: 21,
    load: () => import('./cpu-trap-and-emulate.ts'),
  },
  {
    id: 'cpu-binary-translation',
    topic: 'vmx',
    title: {
      en: 'Binary translation of do_atomic_operation',
      zh: 'do_atomic_operation 的二进制翻译',
    },
    summary: {
      en: 'Translation units, IDENT and in-cache code for CLI/STI, continuations and chaining; the second call runs from the translation cache.',
      zh: '翻译单元、IDENT 与 CLI/STI 的缓存内代码、延续桩与链接；第二次调用直接在翻译缓存中运行。',
    },
    panels: ['guestCpu'],
    steps: 49,
    load: () => import('./cpu-binary-translation.ts'),
  },
  {
    id: 'cpu-paravirt-hypercalls',
    topic: 'vmx',
    title: {
      en: 'Paravirtual hypercalls through the hypercall page',
      zh: '经由超级调用页的半虚拟化超级调用',
    },
    summary: {
      en: 'The same routine on Xen PV: CLI/STI are upcall-mask stores, CR3 and INVLPG are mmuext_op, HLT is sched_op, each through a 32-byte stub.',
      zh: '同一段例程运行在 Xen 半虚拟化上：CLI/STI 是对 upcall 屏蔽位的写入，CR3 与 INVLPG 是 `mmuext_op`，HLT 是 `sched_op`，都经由 32 字节的桩代码。',
    },
    panels: ['guestCpu'],
    steps: 20,
    load: () => import('./cpu-paravirt-hypercalls.ts'),
  },
  {
    id: 'cpu-vtx-routine',
    topic: 'vmx',
    title: { en: 'VT-x runs the same routine', zh: 'VT-x 运行同一段例程' },
    summary: {
      en: 'The kernel keeps ring 0 in non-root operation; only OUT, HLT and interrupts exit until the VMM turns on CR3-load exiting.',
      zh: '内核在非根模式下保留第 0 环；在虚拟机监控器打开“CR3 加载退出”之前，只有 OUT、HLT 与中断会退出。',
    },
    panels: ['guestCpu', 'vmcs'],
    steps: 32,
    load: () => import('./cpu-vtx-routine.ts'),
  },
  {
    id: 'migrate-precopy-converges',
    topic: 'memory',
    title: { en: 'Pre-copy that converges', zh: '能收敛的预拷贝' },
    summary: {
      en: 'A 1 GiB VM moves in rounds that shrink until QEMU’s threshold is met; then the same VM under Xen’s rule.',
      zh: '一台 1 GiB 的虚拟机逐轮迁移，每轮越来越短，直到满足 QEMU 的阈值；然后同一台虚拟机改用 Xen 的规则。',
    },
    panels: ['migrate'],
    steps: 17,
    load: () => import('./migrate-precopy-converges.ts'),
  },
  {
    id: 'migrate-precopy-stuck',
    topic: 'memory',
    title: { en: 'Pre-copy that does not converge', zh: '不收敛的预拷贝' },
    summary: {
      en: 'A guest dirties pages faster than the link sends them; auto-converge throttling or post-copy finishes the job.',
      zh: '客户机弄脏页的速度超过链路发送的速度；由自动收敛限速或后拷贝来完成迁移。',
    },
    panels: ['migrate'],
    steps: 30,
    load: () => import('./migrate-precopy-stuck.ts'),
  },
]
