// Terms the panels show, defined once in both languages (hover or focus a term to read it;
// `#/glossary` lists them all). Exit-reason entries are keyed by the names the engine uses
// (src/engine/vmx/exitReasons.ts), so a test can prove every reason the model raises is here.
import type { Localized } from '../console/index.ts'
import { EXIT_REASON } from '../engine/index.ts'

export interface Term {
  /** The word as panels print it. */
  readonly term: string
  readonly def: Localized
}

const T = (term: string, en: string, zh: string): Term => ({ term, def: { en, zh } })

export const TERMS: readonly Term[] = [
  // Addresses
  T(
    'GVA',
    'Guest-virtual address: the address a program in the guest uses; the guest page tables translate it.',
    '客户机虚拟地址：客户机中程序使用的地址，由客户机页表转换。',
  ),
  T(
    'GPA',
    'Guest-physical address: what the guest OS believes is physical memory; the hypervisor translates it again.',
    '客户机物理地址：客户机操作系统以为的物理地址，由虚拟机监控器再转换一次。',
  ),
  T(
    'HPA',
    'Host-physical address: a real address in the machine’s RAM.',
    '宿主机物理地址：机器内存中的真实地址。',
  ),
  T(
    'GFN',
    'Guest frame number: a guest-physical address divided by 4096 (the page, not the byte).',
    '客户机页框号：客户机物理地址除以 4096（页号，而不是字节地址）。',
  ),
  T(
    'MFN',
    'Machine frame number: a host-physical address divided by 4096. Xen PV guests put MFNs in their page tables.',
    '机器页框号：宿主机物理地址除以 4096。Xen 半虚拟化客户机在页表里直接写 MFN。',
  ),
  T(
    'P2M',
    'Physical-to-machine map: the hypervisor’s table from each guest frame (GFN) to the machine frame (MFN) that backs it.',
    '物理到机器映射：虚拟机监控器为每个客户机页框（GFN）记录其背后的机器页框（MFN）的表。',
  ),
  T(
    'M2P',
    'Machine-to-physical map: Xen’s reverse table from a machine frame to the guest frame it holds.',
    '机器到物理映射：Xen 的反向表，从机器页框查到它所承载的客户机页框。',
  ),
  // Paging
  T(
    'PTE',
    'Page-table entry: the last level of a walk; it holds the frame of the 4 KiB page and its permission bits.',
    '页表项：页表遍历的最后一级，记录 4 KiB 页所在的页框及其权限位。',
  ),
  T(
    'PDE',
    'Page-directory entry: points to a page table, or maps a 2 MiB page when PS = 1.',
    '页目录项：指向一个页表；PS = 1 时直接映射 2 MiB 大页。',
  ),
  T(
    'PDPTE',
    'Page-directory-pointer-table entry: points to a page directory, or maps a 1 GiB page when PS = 1.',
    '页目录指针表项：指向一个页目录；PS = 1 时直接映射 1 GiB 大页。',
  ),
  T(
    'PML4E',
    'Page-map level-4 entry: the top level of a 4-level walk (bits 47:39 of the address index it).',
    '四级页映射表项：四级页表遍历的最高一级（由地址的第 47:39 位索引）。',
  ),
  T(
    'PML5E',
    'Page-map level-5 entry: the top level when 5-level paging (LA57) is on (bits 56:48).',
    '五级页映射表项：启用五级分页（LA57）时的最高一级（第 56:48 位）。',
  ),
  T(
    'CR3',
    'Control register 3: holds the physical address of the top-level page table (and the PCID when CR4.PCIDE = 1).',
    '控制寄存器 3：保存顶级页表的物理地址（CR4.PCIDE = 1 时还包含 PCID）。',
  ),
  T(
    'CR2',
    'Control register 2: the CPU writes the faulting linear address here on a page fault.',
    '控制寄存器 2：发生缺页异常时，CPU 把出错的线性地址写在这里。',
  ),
  T(
    '#PF',
    'Page fault (vector 14): the walk found a not-present entry or a permission violation; the error code says which.',
    '缺页异常（向量 14）：页表遍历遇到不存在的表项或权限冲突，错误码说明是哪一种。',
  ),
  T(
    'TLB',
    'Translation lookaside buffer: the CPU’s cache of finished translations, so most accesses need no walk.',
    '转换后备缓冲器：CPU 缓存已完成的地址转换，大多数访问因此不必遍历页表。',
  ),
  T(
    'PCID',
    'Process-context identifier (12 bits in CR3): tags TLB entries so a CR3 switch need not flush them.',
    '进程上下文标识符（CR3 中的 12 位）：为 TLB 表项打标签，切换 CR3 时不必清空 TLB。',
  ),
  T(
    'VPID',
    'Virtual-processor identifier (16 bits, in the VMCS): tags TLB entries by guest, so VM entry and exit need not flush them. VPID 0 is the host.',
    '虚拟处理器标识符（16 位，位于 VMCS）：按客户机为 TLB 表项打标签，VM 进入和 VM 退出时不必清空 TLB。VPID 0 属于宿主机。',
  ),
  T(
    'PSC',
    'Paging-structure caches: the CPU caches upper-level entries (PML4E, PDPTE, PDE) so a TLB miss can skip levels of the walk.',
    '分页结构缓存：CPU 缓存上层表项（PML4E、PDPTE、PDE），TLB 未命中时可以跳过部分遍历级别。',
  ),
  T(
    'A/D',
    'Accessed and Dirty bits: the CPU sets A when an entry is used in a walk and D when the page is written.',
    '访问位和脏位：表项在遍历中被使用时 CPU 置 A 位，页被写入时置 D 位。',
  ),
  T(
    'XD',
    'Execute-disable (bit 63, with EFER.NXE = 1): instruction fetches from the page fault.',
    '禁止执行位（第 63 位，需 EFER.NXE = 1）：从该页取指令会触发缺页异常。',
  ),
  T(
    'U/S',
    'User/supervisor bit: 0 means only the kernel (CPL < 3) may use the page.',
    '用户/管理员位：为 0 时只有内核（CPL < 3）可以访问该页。',
  ),
  T(
    'R/W',
    'Read/write bit: 0 makes the page read-only (for the kernel too when CR0.WP = 1).',
    '读/写位：为 0 时该页只读（CR0.WP = 1 时对内核同样只读）。',
  ),
  T(
    'PS',
    'Page-size bit: in a PDPTE or PDE it maps a 1 GiB or 2 MiB page instead of pointing to a table.',
    '页大小位：在 PDPTE 或 PDE 中表示直接映射 1 GiB 或 2 MiB 大页，而不是指向下一级页表。',
  ),
  // EPT and VT-x
  T(
    'EPT',
    'Extended page tables: the hardware’s second translation, GPA to HPA, set up by the hypervisor and walked by the CPU.',
    '扩展页表：硬件提供的第二级转换（GPA 到 HPA），由虚拟机监控器建立、由 CPU 遍历。',
  ),
  T(
    'EPTP',
    'EPT pointer (a VMCS field): the EPT root table, the walk length and the memory type used to read the tables.',
    'EPT 指针（VMCS 字段）：EPT 根表地址、遍历级数以及读取页表时使用的内存类型。',
  ),
  T(
    'MT',
    'Memory type (EPT bits 5:3): how the CPU caches the page; 6 = write-back (WB), 0 = uncacheable (UC).',
    '内存类型（EPT 第 5:3 位）：CPU 如何缓存该页；6 表示回写（WB），0 表示不可缓存（UC）。',
  ),
  T(
    'VMCS',
    'Virtual-machine control structure: one per virtual CPU; holds guest state, host state, the controls and the exit information.',
    '虚拟机控制结构：每个虚拟 CPU 一个，保存客户机状态、宿主机状态、控制字段和退出信息。',
  ),
  T(
    'VM exit',
    'The CPU leaves the guest (VMX non-root) for the hypervisor (root), saving guest state and the exit reason in the VMCS.',
    'CPU 离开客户机（VMX 非根模式）进入虚拟机监控器（根模式），把客户机状态和退出原因保存在 VMCS 中。',
  ),
  T(
    'VM entry',
    'VMLAUNCH or VMRESUME: the CPU checks the VMCS, loads guest state and runs the guest in VMX non-root operation.',
    'VMLAUNCH 或 VMRESUME：CPU 检查 VMCS、载入客户机状态，并以 VMX 非根模式运行客户机。',
  ),
  T(
    'exit qualification',
    'A VMCS field with details of the exit: the access kind for an EPT violation, the register for a CR access, the port for I/O.',
    'VMCS 中说明退出细节的字段：EPT 违例的访问类型、CR 访问的寄存器、I/O 的端口等。',
  ),
  // Shadow paging and Xen
  T(
    'shadow page table',
    'Tables the hypervisor builds from the guest’s tables and the P2M, mapping GVA straight to HPA; the CPU walks these instead.',
    '虚拟机监控器根据客户机页表和 P2M 建立的页表，直接把 GVA 映射到 HPA；CPU 实际遍历的是它。',
  ),
  T(
    'hidden fault',
    'A page fault the guest never sees: the shadow table was only missing an entry, which the hypervisor fills.',
    '客户机看不到的缺页异常：只是影子页表缺少表项，由虚拟机监控器补上。',
  ),
  T(
    'hypercall',
    'A call from a paravirtualized guest into the hypervisor, like a system call into the kernel.',
    '半虚拟化客户机对虚拟机监控器的调用，类似于程序对内核的系统调用。',
  ),
  T(
    'mmu_update',
    'Xen hypercall 1: the PV guest asks Xen to write page-table entries, which Xen checks first.',
    'Xen 第 1 号超级调用：半虚拟化客户机请求 Xen 写页表项，Xen 先检查再写。',
  ),
  T(
    'type count',
    'Xen’s count of references that use a frame as a given type (a page table of some level, or writable); a frame has one type at a time.',
    'Xen 对以某种类型（某级页表或可写页）使用一个页框的引用计数；一个页框同一时刻只有一种类型。',
  ),
  T(
    'grant reference',
    'An index into a domain’s grant table: the entry says which frame it shares, with which domain, read-only or not.',
    '授权表中的索引：表项说明共享哪个页框、与哪个域共享、是否只读。',
  ),
  T(
    'event channel',
    'Xen’s virtual interrupt line: a port in each domain; sending on one end sets the pending bit at the other.',
    'Xen 的虚拟中断线：每个域中的一个端口；在一端发送会置位另一端的待处理位（`pending`）。',
  ),
  T(
    'port',
    'An event-channel port: an index into the domain’s own channel table. Port 0 is reserved by Xen; each bound port has a state (unbound, interdomain, VIRQ, PIRQ, IPI).',
    '事件通道端口：本域通道表中的一个下标。0 号端口由 Xen 保留；每个端口都有一个状态（未绑定、域间、VIRQ、PIRQ、IPI）。',
  ),
  T(
    'unbound',
    'A port allocated with EVTCHNOP_alloc_unbound: reserved for one named remote domain, which has not bound to it yet.',
    '用 EVTCHNOP_alloc_unbound 分配的端口：留给指定的远端域，对方还没有绑定。',
  ),
  T(
    'interdomain',
    'A port connected to a port of another domain (EVTCHNOP_bind_interdomain): a send on one end marks the other end pending.',
    '与另一个域的端口相连的端口（EVTCHNOP_bind_interdomain）：在一端发送会让另一端变为待处理。',
  ),
  T(
    'VIRQ',
    'Virtual IRQ: an event Xen itself raises for a domain, such as VIRQ_TIMER (0), bound to a port with EVTCHNOP_bind_virq.',
    '虚拟中断：由 Xen 自己为域产生的事件，例如 VIRQ_TIMER（0），用 EVTCHNOP_bind_virq 绑定到端口。',
  ),
  T(
    'PIRQ',
    'Physical IRQ: a real hardware interrupt Xen delivers to the domain that owns the device, as an event on a port.',
    '物理中断：Xen 把真实的硬件中断作为端口上的事件送给拥有该设备的域。',
  ),
  T(
    'IPI',
    'Inter-processor interrupt between the vCPUs of one domain, carried by an event-channel port (EVTCHNOP_bind_ipi).',
    '同一域内各 vCPU 之间的处理器间中断，由事件通道端口承载（EVTCHNOP_bind_ipi）。',
  ),
  T(
    'evtchn_pending',
    'The bitmap in shared_info with one bit per port: set by Xen when an event arrives, cleared by the guest’s handler (2-level ABI).',
    'shared_info 中每个端口一位的位图：事件到达时由 Xen 置位，由客户机的处理函数清除（二级 ABI）。',
  ),
  T(
    'evtchn_mask',
    'The bitmap in shared_info with one bit per port: a set bit keeps the port’s events from raising an upcall, like a masked interrupt line.',
    'shared_info 中每个端口一位的位图：置位后该端口的事件不会触发上调，类似被屏蔽的中断线。',
  ),
  T(
    'evtchn_upcall_pending',
    'A byte in the vCPU’s vcpu_info: Xen sets it when an unmasked port becomes pending and kicks the vCPU into its event callback.',
    'vCPU 的 vcpu_info 中的一个字节：未屏蔽的端口变为待处理时由 Xen 置位，并让该 vCPU 进入事件回调。',
  ),
  T(
    'evtchn_upcall_mask',
    'A byte in the vCPU’s vcpu_info: the guest’s “interrupts off” flag; while it is set the event callback waits.',
    'vCPU 的 vcpu_info 中的一个字节：客户机的“关中断”标志；置位期间事件回调会等待。',
  ),
  T(
    'evtchn_pending_sel',
    'A word in the vCPU’s vcpu_info with one bit per 64-port word of evtchn_pending, so the handler scans only the words that may hold pending ports.',
    'vCPU 的 vcpu_info 中的一个字：evtchn_pending 的每个 64 端口字对应一位，处理函数只需扫描可能有待处理端口的字。',
  ),
  T(
    'req_prod',
    'Ring index written by the frontend: how many requests it has published (free-running, masked by the ring size).',
    '前端写入的环索引：已发布的请求总数（持续递增，使用时按环大小取模）。',
  ),
  T(
    'rsp_prod',
    'Ring index written by the backend: how many responses it has published.',
    '后端写入的环索引：已发布的响应总数。',
  ),
  T(
    'req_event',
    'The request index at which the backend wants the next notification (set when it runs out of work).',
    '后端希望收到下一次通知时的请求索引（没有工作可做时设置）。',
  ),
  T(
    'rsp_event',
    'The response index at which the frontend wants the next notification.',
    '前端希望收到下一次通知时的响应索引。',
  ),
]

// Basic exit reasons the model raises (numbers: SDM Vol. 3 Appendix C, hw-facts §4.6).
export const EXIT_REASON_TERMS: Readonly<Record<string, Localized>> = {
  EXCEPTION_NMI: {
    en: 'Exit reason 0: an exception or NMI in the guest that the exception bitmap sends to the hypervisor (a #PF under shadow paging).',
    zh: '退出原因 0：客户机中发生异常或 NMI，且异常位图要求交给虚拟机监控器（影子分页下的缺页异常即是）。',
  },
  EXTERNAL_INTERRUPT: {
    en: 'Exit reason 1: a hardware interrupt arrived while the guest ran and the pin-based controls say to exit.',
    zh: '退出原因 1：客户机运行时到来外部中断，且基于引脚的控制要求退出。',
  },
  CPUID: {
    en: 'Exit reason 10: the guest executed CPUID (always exits), so the hypervisor chooses what the guest sees.',
    zh: '退出原因 10：客户机执行了 CPUID（总会退出），由虚拟机监控器决定客户机看到什么。',
  },
  HLT: {
    en: 'Exit reason 12: the guest executed HLT with "HLT exiting" set; the hypervisor can run something else.',
    zh: '退出原因 12：在设置了“HLT 退出”时客户机执行 HLT，虚拟机监控器可以去运行别的任务。',
  },
  INVLPG: {
    en: 'Exit reason 14: the guest executed INVLPG with "INVLPG exiting" set (shadow paging uses it to drop an entry).',
    zh: '退出原因 14：在设置了“INVLPG 退出”时客户机执行 INVLPG（影子分页借此删除表项）。',
  },
  VMCALL: {
    en: 'Exit reason 18: the guest executed VMCALL, the VT-x form of a hypercall.',
    zh: '退出原因 18：客户机执行 VMCALL，即 VT-x 下的超级调用。',
  },
  VMCLEAR: {
    en: 'Exit reason 19: the guest executed VMCLEAR (VMX instructions in a guest always exit).',
    zh: '退出原因 19：客户机执行 VMCLEAR（客户机中的 VMX 指令总会退出）。',
  },
  VMLAUNCH: {
    en: 'Exit reason 20: the guest executed VMLAUNCH.',
    zh: '退出原因 20：客户机执行 VMLAUNCH。',
  },
  VMPTRLD: {
    en: 'Exit reason 21: the guest executed VMPTRLD.',
    zh: '退出原因 21：客户机执行 VMPTRLD。',
  },
  VMPTRST: {
    en: 'Exit reason 22: the guest executed VMPTRST.',
    zh: '退出原因 22：客户机执行 VMPTRST。',
  },
  VMREAD: {
    en: 'Exit reason 23: the guest executed VMREAD.',
    zh: '退出原因 23：客户机执行 VMREAD。',
  },
  VMRESUME: {
    en: 'Exit reason 24: the guest executed VMRESUME.',
    zh: '退出原因 24：客户机执行 VMRESUME。',
  },
  VMWRITE: {
    en: 'Exit reason 25: the guest executed VMWRITE.',
    zh: '退出原因 25：客户机执行 VMWRITE。',
  },
  VMOFF: {
    en: 'Exit reason 26: the guest executed VMXOFF.',
    zh: '退出原因 26：客户机执行 VMXOFF。',
  },
  VMON: { en: 'Exit reason 27: the guest executed VMXON.', zh: '退出原因 27：客户机执行 VMXON。' },
  CR_ACCESS: {
    en: 'Exit reason 28: a MOV to or from a control register (CR0, CR3, CR4, CR8) that the controls intercept; the qualification names the register.',
    zh: '退出原因 28：被拦截的控制寄存器（CR0、CR3、CR4、CR8）读写；退出限定信息指明是哪个寄存器。',
  },
  IO_INSTRUCTION: {
    en: 'Exit reason 30: an IN/OUT the I/O bitmap intercepts; the qualification gives the port, size and direction.',
    zh: '退出原因 30：被 I/O 位图拦截的 IN/OUT 指令；退出限定信息给出端口、大小和方向。',
  },
  MSR_READ: {
    en: 'Exit reason 31: RDMSR of an MSR the MSR bitmap intercepts.',
    zh: '退出原因 31：读取被 MSR 位图拦截的 MSR（RDMSR）。',
  },
  MSR_WRITE: {
    en: 'Exit reason 32: WRMSR of an MSR the MSR bitmap intercepts (EFER under shadow paging).',
    zh: '退出原因 32：写入被 MSR 位图拦截的 MSR（WRMSR，影子分页下的 EFER 即是）。',
  },
  INVALID_STATE: {
    en: 'Exit reason 33 with bit 31 set: VM entry failed because the guest-state area broke a check; the guest never ran.',
    zh: '退出原因 33（第 31 位置 1）：客户机状态区未通过检查，VM 进入失败，客户机没有运行。',
  },
  EPT_VIOLATION: {
    en: 'Exit reason 48: an access the EPT entries do not allow (not present, or read/write/execute denied); the qualification says which access.',
    zh: '退出原因 48：EPT 表项不允许的访问（不存在，或读、写、执行被禁止）；退出限定信息说明是哪种访问。',
  },
  EPT_MISCONFIG: {
    en: 'Exit reason 49: an EPT entry with an illegal combination (e.g. write without read, a reserved bit set).',
    zh: '退出原因 49：EPT 表项的组合非法（例如可写不可读，或保留位被置位）。',
  },
  INVEPT: {
    en: 'Exit reason 50: the guest executed INVEPT.',
    zh: '退出原因 50：客户机执行 INVEPT。',
  },
  INVVPID: {
    en: 'Exit reason 53: the guest executed INVVPID.',
    zh: '退出原因 53：客户机执行 INVVPID。',
  },
}

const BY_TERM = new Map<string, Localized>([
  ...TERMS.map((t) => [t.term.toLowerCase(), t.def] as const),
  ...Object.entries(EXIT_REASON_TERMS).map(([k, v]) => [k.toLowerCase(), v] as const),
])

/** The engine's name of a basic exit reason by its number (the key of its glossary entry). */
const EXIT_NAME = new Map<number, string>(Object.entries(EXIT_REASON).map(([k, v]) => [v, k]))
export const exitReasonTerm = (reason: number): string | undefined => EXIT_NAME.get(reason)

/** The definition of a term as a panel prints it (case-insensitive), or undefined. */
export const defineTerm = (term: string): Localized | undefined => BY_TERM.get(term.toLowerCase())
