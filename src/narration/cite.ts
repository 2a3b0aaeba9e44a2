// The source note under each step, in both languages. The engine keeps the English text
// (engine/<module>/cite.ts); the Chinese is here, beside the rest of the narration.
import type { Localized } from '../console/index.ts'
import { type CitationId, citationText } from '../engine/index.ts'

const ZH: Partial<Record<CitationId, string>> = {
  // hyp/cite.ts
  'hyp-types':
    '`Tanenbaum` 与 `Bos`《现代操作系统》第 4 版 §7.3（种子 003）：第 1 类是唯一运行在最高特权级的程序；第 2 类依赖宿主操作系统调度资源和设备。表中 `ESX Server` 1.0 与 Xen 1.0 是第 1 类，`VMware Workstation` 1 是第 2 类，KVM* 为第 2 类但有争议。UCR CS202 课件第 6-7 页（种子 004）：第 1 类直接运行在裸机上，如 KVM；第 2 类是宿主式，如 VMware、VirtualBox、QEMU；Xen 是混合式（大体是裸机，Dom0 把驱动挡在虚拟机监控器之外）——hw-facts-2 §4.1、§5 第 9 条',
  'hyp-kvm-both':
    '种子 003（引自“KVM 是第 1 类还是第 2 类”）：KVM 内核模块把 Linux 变成第 1 类裸机虚拟机监控器，而宿主操作系统仍完整可用，虚拟机只是普通的 Linux 进程（第 2 类）——hw-facts-2 §4.1',
  'hyp-esx':
    '种子 003：`ESX Server`（2001 年）是 VMware 的第 1 类虚拟机监控器；它的 VMM 与 `Workstation` 的源码几乎相同；ESX 像半个宿主操作系统，有 CPU 调度器、内存管理器和 I/O 子系统；第 1 类虚拟机监控器要么自带设备驱动，要么调用驱动域（Tanenbaum §7.9.2）——hw-facts-2 §4.1',
  'hyp-vmm-trap':
    'SUG01（`Sugerman` 等，USENIX ATC 2001）：VMM 截获客户机的 IN/OUT；二进制翻译下客户机内核运行在 1 环，其特权指令变成翻译缓存内的代码或对 VMM 的调出（AA06 §3.1，近似）——hw-facts-2 §4.2、§1.1、§1.6',
  'hyp-hosted':
    'SUG01，Tanenbaum §7.12.5（种子 003）：VMApp 是用户进程（界面、设备后端、宿主系统调用）；VMDriver 是宿主内核驱动，每台宿主机一个，负责切换世界；VMM 每台虚拟机一个，在 VMM 世界中掌控 CPU。一个 CPU 要么运行宿主世界，要么运行 VMM 世界——hw-facts-2 §4.2',
  'hyp-world-switch':
    'SUG01、种子 003：世界切换保存并恢复所有用户可见与系统可见的 CPU 状态：整个地址空间、全部异常处理程序（IDT）、特权寄存器；约 45 条 x86 指令（Tanenbaum 引 `Bugnion` 等，TOCS 2012）——hw-facts-2 §4.2、§1.6',
  'hyp-hosted-io':
    'SUG01：VMM 自己无法完成的客户机 I/O（`Lance` 数据寄存器的访问、发送用的 OUT）要切换到宿主世界，由 VMApp 用 `write()` 写给 VMNet 驱动，再由宿主自己的网卡驱动发出；然后切换回来——hw-facts-2 §4.2',
  'hyp-xen-split':
    '种子 000（Xen 分离设备驱动模型）：真正的驱动位于 Dom0；每个 DomU 只有前端，经共享环把请求转给 Dom0 的后端；用事件通道通知；64 位 PV 内核运行在 3 环——hw-facts-2 §1.1，hw-facts §5.1',
  'hyp-xen-evtchn':
    'Xen 事件通道：超级调用 `event_channel_op` = 32，`EVTCHNOP_send` = 4 通知对端；两级 ABI 置位端口的挂起位、选择位和 `evtchn_upcall_pending`，并唤醒该 vCPU。64 位 PV 客户机经超级调用页的第 32 个桩（偏移 32 × 32）用 `syscall` 进入 Xen——hw-facts §5.5，hw-facts-2 §1.7',
  'hyp-xen-boost':
    'Xen 信用调度器：被唤醒的 vCPU 获得 BOOST（0）优先级，高于 UNDER（-1）和 OVER（-2）——hw-facts-2 §4.4',
  'hyp-xen-grant':
    '授权表：超级调用 `grant_table_op` = 20，`GNTTABOP_copy` = 5：由 Xen 在被授权的页与调用者的页之间拷贝字节——hw-facts §5.4',
  'hyp-kvm-exit':
    'VM 退出 30（I/O 指令），限定信息：位 2:0 为大小减 1，位 3 为方向（0 表示 OUT），位 6 为操作数编码（0 表示 DX），位 31:16 为端口；VM 退出把客户机状态（CR0、CR3、CR4、RSP、RIP、RFLAGS、段寄存器、GDTR、IDTR）存入 VMCS 并载入宿主状态——hw-facts §4.7、§4.8',
  'hyp-kvm-run':
    'KVM：宿主内核中的 `kvm.ko`，QEMU 是一个进程（一台虚拟机），每个 vCPU 一个宿主线程，在 `ioctl(KVM_RUN)` 上循环；没有内核中的设备或 `ioeventfd` 认领的端口以 `KVM_EXIT_IO`（2）返回 QEMU，带 io {方向 OUT 1，大小，端口，计数，`data_offset`}；QEMU 的 `kvm_handle_io` 运行设备模型，然后再次 `KVM_RUN`，即 VM 进入——hw-facts-2 §1.8、§4.3',
  'hyp-kvm-tx':
    'QEMU 的网卡模拟：发送在 vCPU 线程上同步进行，帧交给宿主的 `tap` 后端（种子 002）——hw-facts-2 §2.1-2.2',
  // guest/cite.ts
  'pg74-classes':
    'Popek 与 Goldberg（CACM 1974）：特权指令在用户态陷入；敏感指令分为控制敏感与行为敏感；敏感指令都是特权指令时才能构造虚拟机监控器——hw-facts-2 §1.2',
  'ri00-holes':
    'Robin 与 Irvine（USENIX 安全会议 2000）§4：x86 中敏感但非特权的指令（SGDT、SIDT、SLDT、SMSW、PUSHF、POPF、LAR、LSL、VERR、VERW、段寄存器的 PUSH/POP、远 CALL/JMP、INT n、远 RET、STR、段寄存器 MOV）——hw-facts-2 §1.3',
  'sdm2-popf':
    'Intel SDM 卷 2 的 POPF/CLI/STI/PUSHF：只有 CPL ≤ IOPL 时 POPF 才写 IF，只有 CPL 0 时才写 IOPL，否则悄悄不变；IOPL < CPL 时 CLI/STI 产生 #GP(0)；PUSHF 压栈的映像中 VM 与 RF 为 0——hw-facts-2 §1.4',
  'sdm3-5.9':
    'Intel SDM 卷 3 §5.9：LGDT、LIDT、MOV CRn、INVLPG、HLT 等特权指令在 CPL ≠ 0 时产生 #GP(0)；CR4.UMIP 使 SGDT/SIDT/SMSW/STR 在 CPL > 0 时产生 #GP——hw-facts-2 §1.1',
  'trap-emulate':
    '陷入并模拟：内核被降级运行（32 位在第 1 环，64 位在第 3 环），特权指令以 #GP 进入虚拟机监控器，由它在虚拟 CPU 上解释执行；虚拟 IF 为 0 时中断先排队（PG74；Tanenbaum §7.4-7.6；UCR 第 10 页）——hw-facts-2 §1.5',
  'aa06-bt':
    'Adams 与 Agesen（ASPLOS 2006）§3.1：翻译单元最多 12 条指令、止于控制转移；已编译代码片段存放在翻译缓存中；IDENT 与非 IDENT；延续桩与链接；缓存内模拟与调出——hw-facts-2 §1.6（近似）',
  'aa06-cycles':
    'Adams 与 Agesen（ASPLOS 2006）§3.2 与 §6，3.8 GHz Pentium 4：RDTSC 陷入并模拟约 2030 周期，调出约 1254，缓存内约 216；IN 原生 3209、硬件虚拟机监控器 15826；SYSCALL 原生 242——近似值，hw-facts-2 §1.6',
  'xen-hypercall':
    'Xen 的 public/xen.h 与 pv/hypercall.c：超级调用号，超级调用页中每个 32 字节的桩代码（`mov $nr,%eax`；`int $0x82` 或 `syscall`），参数依次放在 `ebx` 起或 `rdi` 起的寄存器中；Linux 的 pv_ops 把 IF 保存为 vcpu_info 的 upcall 屏蔽位——hw-facts-2 §1.7',
  'sdm3-25-exits':
    'Intel SDM 卷 3 §25.1-25.2：在 VMX 非根模式下客户机内核运行于 CPL 0；CPUID 与 VMCALL 总是退出，HLT、INVLPG、CR3 加载、I/O、RDTSC 与描述符表访问按 VMCS 控制位退出；中断窗口退出为主控制字第 2 位——hw-facts §4.5-4.6',
  // paging/cite.ts
  'sdm3-4.6': 'Intel SDM 卷 3，§4.6 访问权限（R/W、U/S、XD 在各级之间组合；CR0.WP）',
  'sdm3-4.6.2':
    'Intel SDM 卷 3，§4.6.2 保护键：四级或五级分页中打开 CR4.PKE（第 22 位）后，用户态地址带有映射它的表项第 62:59 位中的键；PKRU 第 2k 位（AD）禁止数据读写，第 2k+1 位（WD）禁止用户态写，CR0.WP=1 时也禁止内核态写；取指不检查；违反时 #PF 错误码第 5 位（PK）置位；WRPKRU 加载 PKRU',
  'sdm3-4.7': 'Intel SDM 卷 3，§4.7 缺页异常（错误码各位 P、W/R、U/S、RSVD、I/D、PK）',
  'sdm1-3.3.7.1': 'Intel SDM 卷 1，§3.3.7.1 规范地址（非规范地址产生 #GP）',
  'sdm3-4.3':
    'Intel SDM 卷 3，§4.3 32 位分页（4 字节表项；PDE 用第 31:22 位，PTE 用第 21:12 位；CR4.PSE 打开时有 4 MiB 大页）',
  'sdm3-4.4.1':
    'Intel SDM 卷 3，§4.4.1 PAE 的 PDPTE 寄存器：MOV 到 CR3 时加载四个 PDPTE；存在的 PDPTE 若设置了保留位，这条 MOV 产生 #GP（表 4-8：第 2:1、8:5、63:M 位保留）',
  'sdm3-4.4.2':
    'Intel SDM 卷 3，§4.4.2 PAE 分页：PDE 用第 29:21 位，PTE 用第 20:12 位，表项 8 字节',
  'sdm3-4.5': 'Intel SDM 卷 3，§4.5 四级与五级分页：每级 9 个索引位，表项地址 = 表基址 + 索引 × 8',
  'sdm3-f4-7':
    'Intel SDM 卷 3，图 4-7 / hw-facts §1.3：表项各位为 P 0、R/W 1、U/S 2、PWT 3、PCD 4、A 5、D 6、PS/PAT 7、G 8、PAT 12（大页）、PKEY 62:59、XD 63；保留位包括第 51:M 位、PML4E/PML5E 中的 PS、EFER.NXE 关闭时的 XD，以及大页地址的低位',
  'sdm3-4.8':
    'Intel SDM 卷 3，§4.8 访问位与脏位（由处理器设置，处理器从不清除）；QEMU 的 mmu_translate 只在访问被允许时才设置叶子表项的 A/D',
  'sdm3-4.10.2':
    'Intel SDM 卷 3，§4.10.2 TLB：只缓存不出错的转换；全局页（G=1 且 CR4.PGE=1）为所有 PCID 共用',
  'sdm3-4.10.4':
    'Intel SDM 卷 3，§4.10.4 失效：INVLPG（当前 PCID 加全局页）、MOV 到 CR3（非全局表项；PCIDE 打开且第 63 位为 1 时保留）、MOV 到 CR4 改变 PGE 时全部刷新',
  'sdm3-4.10.1': 'Intel SDM 卷 3，§4.10.1 PCID：CR4.PCIDE = 1 时为 CR3 的第 11:0 位',
  'qemu-walk':
    'QEMU target/i386 的 mmu_translate：向下遍历时设置非叶子表项的 A 位；经干净的叶子表项读取时不缓存写权限',
  'teach-mode':
    'VMScope 教学模式：为板书缩小的几何结构，不是真实的 x86 模式（标志位 0-7 的位置与 x86 相同）',
  'vmscope-op': 'VMScope 的便捷操作，代表操作系统用普通内存写完成的工作',
  // addrspace/cite.ts
  'sdm3-28.2.3': 'Intel SDM 卷 3，§28.2.3 EPT 违例（退出原因 48）',
  'sdm3-t27-7':
    'Intel SDM 卷 3，表 27-7 EPT 违例的退出限定（第 0-2 位为访问类型，第 3-5 位为权限，第 7-8 位与线性地址有关）',
  'seed-memvirt':
    '课程讲义《内存虚拟化》：客户机操作系统 1 把第 7、4、3 页映射到 10、11、12；客户机操作系统 2 把第 4、5、6 页映射到 10、11、12，背后是机器页 20、21、22',
  // virt/cite.ts
  'vmm-p2m':
    '虚拟机监控器为每个客户机维护自己的客户机物理地址到机器地址的映射（Xen 中的 P2M；KVM 中的 EPT，或影子页表背后的内存槽）',
  'vmscope-mmu':
    'VMScope 的 `mmu KIND`：选择客户机地址的转换方式（原生、影子页表、EPT、Xen 半虚拟化直接分页）；切换时从一台新机器开始',
  'vmscope-host-poke':
    'VMScope 的 `host poke`：虚拟机监控器直接写宿主机物理内存（就像它构建 EPT 或影子页表时那样）',
  // ept/cite.ts
  'ept-eptp':
    'Intel SDM 卷 3，图 28-1 / hw-facts §2.1 EPTP（VMCS 0x201A）：第 2:0 位为内存类型（0 UC，6 WB），第 5:3 位为页表遍历级数减 1（3 = 四级，4 = 五级），第 6 位启用 EPT 的 A/D 标志，第 11:7 位保留，第 (N−1):12 位为根页表（Linux 的 VMX_EPTP_*）',
  'ept-entry':
    'Intel SDM 卷 3，§28.2.2 / hw-facts §2.2 EPT 表项：R 0、W 1、X 2，内存类型 5:3，忽略 PAT 6，大页 7（PDPTE 为 1 GiB，PDE 为 2 MiB），A 8，D 9（需 EPTP 第 6 位），地址 (N−1):12；当且仅当第 2:0 位为 000 时不存在',
  'ept-misconfig':
    'Intel SDM 卷 3，§28.2.3.1 / hw-facts §2.3 EPT 配置错误（退出原因 49）：只写或可写可执行的表项、处理器不支持时的只执行表项、设置了保留位、叶子表项的内存类型为 2、3 或 7',
  'ept-violation':
    'Intel SDM 卷 3，§28.2.3.2 / hw-facts §2.3-2.4 EPT 违例（退出原因 48）：某个表项不存在，或所用各表项的 R/W/X 相“与”后不允许这次访问；退出限定第 0-2 位为访问类型，第 3-5 位为权限，第 7 位表示线性地址有效，第 8 位表示最终转换（1）或客户机页表结构访问（0）；GPA 在 VMCS 0x2400 中',
  'ept-2d-walk':
    'hw-facts §3.1-3.2（Bhargava 等，ASPLOS 2008，图 1（b））：客户机每次访问页表结构，用的都是客户机物理地址，要先经过一次完整的 EPT 遍历；最后数据的 GPA 还要再转换一次：共 (n+1)(m+1)-1 次访问，4/4 级为 24 次，5/5 级为 35 次',
  'ept-fault-order':
    'hw-facts §3.2（SDM3 §28.2.3.3）：每个客户机表项的 GPA 先经 EPT 转换，再检查该客户机表项；客户机表项 P=0、设置了保留位或权限不符，都是交给客户机的 #PF，不发生 VM 退出；之后才转换数据的 GPA（此时的违例，退出限定第 8 位为 1）',
  'ept-guest-ad':
    'hw-facts §2.3：处理器写客户机 A/D 位，对 EPT 而言是数据写；EPTP 第 6 位为 1 时，对客户机页表结构表项的每次访问都按写处理（SDM3 §28.2.4）',
  'ept-ad':
    'Intel SDM 卷 3，§28.2.4 / hw-facts §2.2：EPTP 第 6 位为 1 时，处理器在用到的每个 EPT 表项中设置 A，并在被写的客户机物理地址的叶子 EPT 表项中设置 D',
  'ept-cap':
    'hw-facts §2.5 IA32_VMX_EPT_VPID_CAP：第 0 位允许只执行的 EPT 表项，第 6 位四级遍历，第 7 位五级遍历，第 16 位 2 MiB 页，第 17 位 1 GiB 页，第 21 位 EPT A/D',
  'ept-tlb':
    'Intel SDM 卷 3，§28.3 / hw-facts §7：使用 EPT 时，TLB 缓存组合映射（线性地址到宿主机物理地址），以 VPID、PCID 和 EPTP 标记；命中时无需遍历',
  'ept-vpid':
    'Intel SDM 卷 3，§28.1 / hw-facts §7：VPID 0000H 属于宿主机；没有 VPID 时，每次 VM 进入和 VM 退出都会使 VPID 0000H 的线性映射和组合映射失效；有了 VPID，它们能在切换中保留下来',
  'ept-violation-invalidate':
    'Intel SDM 卷 3，§28.3.3.1 / hw-facts §7：EPT 违例会使当前 VPID 和 EPTP 下出错线性地址的组合映射失效',
  'ept-invept':
    'Intel SDM 卷 2 INVEPT / hw-facts §7：类型 1 为单上下文（一个 EPTP 的客户机物理映射和组合映射），类型 2 为全局（所有 EPTP）',
  'ept-invvpid':
    'Intel SDM 卷 2 INVVPID / hw-facts §7：类型 0 为单个地址，1 为单上下文，2 为除 VPID 0000H 外的所有上下文，3 为保留全局页的单上下文；不看 EPTP 和 PCID',
  'ept-guest-cr3': 'hw-facts §7：客户机中的 MOV 到 CR3、INVLPG 和修改 CR4 只作用于当前 VPID 的映射',
  'ept-paging-off': 'hw-facts §3.2：CR0.PG = 0 时线性地址就是客户机物理地址，只经过一次 EPT 遍历',
  'ept-pwc':
    'Intel SDM 卷 3，§4.10.3.1 页表结构缓存（PML4、PDPTE、PDE 缓存按线性地址位索引，保存下一级页表和组合后的权限）与 §28.3.1 客户机物理映射（GPA 到 HPA，以 EPTP 标记）；Bhargava 等人的 2D_PWC 与嵌套 TLB——hw-facts §3.3',
  'ept-host-map':
    'VMScope 在 `mmu ept` 下的 `host map`：虚拟机监控器用普通的存储指令在自己的内存中写 EPT 表项，像 KVM 的 TDP MMU 那样按需分配页表页',
  // shadow/cite.ts
  'kvm-mmu-shadow':
    'hw-facts §8（Linux 内核文档 Documentation/virt/kvm/x86/mmu.rst）：每个影子页有 512 个影子表项，把客户机虚拟地址映射到宿主机物理地址；硬件遍历的是影子页表；每张客户机页表对应一个影子页（以客户机页帧和级别为键）',
  'kvm-mmu-pf':
    'hw-facts §8（mmu.rst）：发生 #PF 时虚拟机监控器遍历客户机页表；真正的客户机缺页以客户机的错误码反射回去，缺失的影子表项就地构建，对受保护客户机页表的写入由它模拟',
  'kvm-mmu-wp':
    'hw-facts §8（mmu.rst）：从影子根可达的客户机页表都被写保护，所以客户机对它们的每次写都会陷入虚拟机监控器',
  'kvm-mmu-cr3':
    'hw-facts §8（mmu.rst）：MOV 到 CR3 会退出（“CR3 加载退出”，hw-facts §4.5）；虚拟机监控器为新的客户机 CR3 查找或创建影子根',
  'kvm-mmu-invlpg':
    'hw-facts §8（mmu.rst）：INVLPG 会退出（“INVLPG 退出”，主控制第 9 位，hw-facts §4.5），虚拟机监控器丢弃对应的影子表项',
  'kvm-mmu-role':
    'hw-facts §8（mmu.rst）：影子页的角色记录 CR0.WP、EFER.NX、SMEP 和 SMAP；MOV 到 CR0/CR4/EFER 会换一个新的 MMU 上下文，旧的影子页不再适用',
  'kvm-mmu-cr0wp':
    'hw-facts §8 与 §1.4（SDM3 §4.6.1：CR0.WP=0 时内核态写不受 R/W 限制）；mmu.rst 的 `Emulating cr0.wp` 一节：宿主机始终保持 CR0.WP=1，客户机内核写 u=1、w=0 的页而缺页时，影子表项取 u=0、w=1，读缺页时取 u=1、w=0，开启 SMEP 时还置 nx；KVM 的 `paging_tmpl.h` 中的 `FNAME(page_fault)`',
  'kvm-mmu-dirty':
    'hw-facts §1.6 与 §8：虚拟机监控器构建影子表项时设置客户机的 A 位，只有为一次写把影子表项设为可写时才设置客户机的 D 位；干净的客户机页以只读方式影子化，所以第一次写会陷入（KVM 的 paging_tmpl.h，protect_clean_gpte）',
  'vmx-exit-exception':
    'hw-facts §4.6/§4.7：退出原因 0（异常或 NMI）；VM 退出中断信息第 7:0 位为向量 14，第 10:8 位为类型 3（硬件异常），第 11 位表示错误码有效，第 31 位有效，合起来为 0x80000b0e；#PF 的退出限定是出错的线性地址（SDM3 §27.2.1）',
  'vmx-exit-cr':
    'hw-facts §4.7：退出原因 28，退出限定第 3:0 位为控制寄存器，第 5:4 位为访问类型（0 = MOV 到 CR），第 11:8 位为通用寄存器',
  'vmx-exit-invlpg': 'hw-facts §4.6：退出原因 14（INVLPG）；退出限定是线性地址',
  'vmx-exit-wrmsr': 'hw-facts §4.6：退出原因 32（WRMSR），这里是 EFER（MSR 0xC0000080）',
  'vmx-inject-pf':
    'hw-facts §4.7/§4.8：虚拟机监控器通过 VM 进入中断信息字段（0x80000b0e）注入 #PF，并附上客户机的错误码；CR2 得到出错地址',
  // vmx/cite.ts
  'sdm2-vmx-conventions':
    'Intel SDM 卷 2，VMX 指令约定：VMsucceed、VMfailInvalid（CF=1，没有当前 VMCS）、VMfailValid（ZF=1，错误号 n 写入字段 0x4400）——hw-facts §4.1',
  'sdm2-vmxon':
    'Intel SDM 卷 2，VMXON：进入 VMX 根模式；区域无效或不匹配时 VMfailInvalid；在根模式下执行时以错误号 15 失败——hw-facts §4.1',
  'sdm2-vmxoff': 'Intel SDM 卷 2，VMXOFF：离开 VMX 操作模式——hw-facts §4.1',
  'sdm2-vmclear':
    'Intel SDM 卷 2，VMCLEAR：启动状态 ← 清除；地址无效时错误号 2，操作数是 VMXON 指针时错误号 3——hw-facts §4.1、§4.2',
  'sdm2-vmptrld':
    'Intel SDM 卷 2，VMPTRLD：使 VMCS 成为当前且活动的 VMCS；地址无效时错误号 9，VMXON 指针时错误号 10，修订标识符不符时错误号 11——hw-facts §4.1',
  'sdm2-vmread-vmwrite':
    'Intel SDM 卷 2，VMREAD/VMWRITE：字段不受支持时错误号 12，VMWRITE 写只读字段时错误号 13——hw-facts §4.1',
  'sdm2-vmlaunch':
    'Intel SDM 卷 2，VMLAUNCH/VMRESUME 的检查顺序：没有当前 VMCS，（4）对非清除状态的 VMCS 执行 VMLAUNCH，（5）对未启动的 VMCS 执行 VMRESUME，（7）控制字段，（8）宿主机状态，然后是客户机状态——hw-facts §4.2',
  'sdm2-vmcall':
    'Intel SDM 卷 2，VMCALL：在非根模式下引起 VM 退出（原因 18），在根模式下以错误号 1 失败——hw-facts §4.1',
  'sdm2-invept':
    'Intel SDM 卷 2，INVEPT 类型 1 为单上下文，2 为全局；否则错误号 28——hw-facts §4.1、§7',
  'sdm2-invvpid':
    'Intel SDM 卷 2，INVVPID 类型 0 为单个地址，1 为单上下文，2 为所有上下文，3 为保留全局页；否则错误号 28——hw-facts §4.1、§7',
  'sdm2-vmx-ud':
    'Intel SDM 卷 2，VMX 指令伪代码：在 VMX 操作模式之外，除 VMXON 外的每条 VMX 指令都产生 #UD（向量 6）——hw-facts §4.2“#UD 条件”',
  'sdm3-24.3':
    'Intel SDM 卷 3，§24.3 VMCS 的组织：六组字段（客户机状态、宿主机状态、执行控制、退出控制、进入控制、只读的退出信息）——hw-facts §4.4',
  'sdm3-appB':
    'Intel SDM 卷 3，附录 B 字段编码：第 0 位为访问类型，第 9:1 位为索引，第 11:10 位为类型，第 14:13 位为宽度——hw-facts §4.4',
  'sdm3-24.11.3':
    'Intel SDM 卷 3，VMCS 的状态：活动/当前，清除/已启动；只有 VMCLEAR 和成功的 VMLAUNCH 会改变启动状态——hw-facts §4.2',
  'sdm3-26.2':
    'Intel SDM 卷 3，§26.2 对 VMX 控制字段的检查（VMfailValid 7：启用 VPID 时 VPID ≠ 0，CR3 目标值个数 ≤ 4）——hw-facts §4.8（b）',
  'sdm3-26.2.3':
    'Intel SDM 卷 3C，§26.2.2-26.2.4 宿主机状态检查（VMfailValid 8）：HOST_CR0/CR4 要符合 IA32_VMX_CR0/CR4_FIXED0 与 FIXED1（PE、NE、PG 和 VMXE 固定为 1），HOST_CR3 不超出 MAXPHYADDR，SYSENTER 的 ESP/EIP 为规范地址，加载 IA32_EFER 时保留位为 0 且 LMA、LME 都等于“宿主机地址空间大小”；宿主机选择子 RPL=0 且 TI=0，CS 与 TR 选择子不为 0，FS、GS、GDTR、IDTR、TR 的基址为规范地址；64 位宿主机的“宿主机地址空间大小”必须为 1，此时 CR4.PAE 必须为 1、HOST_RIP 必须是规范地址（KVM 的 `nested_vmx_check_host_state` 做同样的检查）；hw-facts 未逐条列出',
  'sdm3-26.3':
    'Intel SDM 卷 3，§26.3 客户机状态检查；失败即 VM 进入失败，退出原因 33 | 0x80000000（退出限定 4：VMCS 链接指针无效）——hw-facts §4.2、§4.6',
  'sdm3-26.3.2':
    'Intel SDM 卷 3，§26.3.2 VM 进入加载客户机状态：CR0、CR3、CR4、RSP、RIP、RFLAGS、活动状态；VMLAUNCH 把 VMCS 标记为“已启动”——hw-facts §4.8',
  'sdm3-27.2':
    'Intel SDM 卷 3，§27.2 记录 VM 退出信息：退出原因、退出限定、指令长度、中断信息——hw-facts §4.8 第 1 步',
  'sdm3-27.3':
    'Intel SDM 卷 3，§27.3-27.5 VM 退出保存客户机状态（RIP 为引起退出的指令）并加载宿主机状态（CPL 0，RFLAGS = 0x2）——hw-facts §4.8',
  'sdm3-25.1.3':
    'Intel SDM 卷 3，§25.1.3 有条件退出的指令：HLT（第 7 位）、INVLPG（第 9 位）、MOV 到 CR3（第 15 位及 CR3 目标值）、I/O（第 24 位；第 25 位使用位图）、RDMSR/WRMSR（第 28 位使用 MSR 位图）——hw-facts §4.5',
  'sdm3-25.1.2':
    'Intel SDM 卷 3，§25.1.2 在非根模式下总会退出的指令：CPUID、VMCALL、INVEPT、INVVPID 以及所有 VMX 指令——hw-facts §4.1、§4.5',
  'sdm3-25.2':
    'Intel SDM 卷 3，§25.2 当且仅当引脚控制第 0 位为 1 时外部中断引起退出；“退出时确认中断”（退出控制第 15 位）会填写 VM 退出中断信息——hw-facts §4.5、§4.7',
  'sdm3-t27-3':
    'Intel SDM 卷 3，控制寄存器访问的退出限定：第 3:0 位为控制寄存器，第 5:4 位为访问类型，第 11:8 位为通用寄存器——hw-facts §4.7',
  'sdm3-t27-5':
    'Intel SDM 卷 3，I/O 指令的退出限定：第 2:0 位为大小减 1，第 3 位为方向（1 = IN），第 4 位为串指令，第 5 位为 REP，第 6 位为立即数操作数，第 31:16 位为端口——hw-facts §4.7',
  'sdm3-appC': 'Intel SDM 卷 3，附录 C 基本退出原因——hw-facts §4.6',
  'sdm3-28.1':
    'Intel SDM 卷 3，§28.1 VPID：没有 VPID 时，每次 VM 进入和 VM 退出都会使 VPID 0000H 的映射失效；有了 VPID，各自的映射靠标记区分开——hw-facts §7',
  'x86-deprivilege':
    'VT-x 之前的陷入并模拟：客户机内核降级到 1 环运行，特权指令产生异常（#GP）陷入 0 环的虚拟机监控器，而 CPUID 不会陷入（课程讲义 001，第 42 页“不陷入的指令”）',
  'x86-io-mem':
    '没有退出时指令在客户机中完成：OUT 到达设备，HLT 使 vCPU 停机，RDMSR/WRMSR 读写 MSR（Intel SDM 卷 2 的指令说明）',
  // xen/cite.ts
  'xen-ring-layout':
    'Xen public/io/ring.h：共享页中有 req_prod、req_event、rsp_prod、rsp_event，环数组从第 64 字节开始；RING_SIZE 向下取整为 2 的幂（hw-facts §5.1）',
  'xen-ring-idx':
    'Xen public/io/ring.h：RING_IDX 是自由递增的 32 位无符号数，使用时取掩码：`slot = idx & (RING_SIZE - 1)`（hw-facts §5.1）',
  'xen-ring-free':
    'Xen public/io/ring.h：`RING_FREE_REQUESTS = RING_SIZE - (req_prod_pvt - rsp_cons)`；为 0 时即 RING_FULL（hw-facts §5.1）',
  'xen-ring-unconsumed':
    'Xen public/io/ring.h：`RING_HAS_UNCONSUMED_REQUESTS = min(req_prod - req_cons, RING_SIZE - (req_cons - rsp_prod_pvt))`；响应为 `rsp_prod - rsp_cons`（hw-facts §5.1）',
  'xen-ring-push':
    'Xen public/io/ring.h：RING_PUSH_*_AND_CHECK_NOTIFY：`old = prod; prod = prod_pvt; notify = (u32)(new - event) < (u32)(new - old)`（hw-facts §5.1）',
  'xen-ring-final':
    'Xen public/io/ring.h：RING_FINAL_CHECK_FOR_*：没有工作时令 event = cons + 1，执行内存屏障，再检查一次（hw-facts §5.1）',
  'xen-ring-overflow':
    'Xen public/io/ring.h：RING_REQUEST_PROD_OVERFLOW（`prod - rsp_prod_pvt > RING_SIZE`）、RING_RESPONSE_PROD_OVERFLOW（`prod - rsp_cons > RING_SIZE`）（hw-facts §5.1）',
  'xen-blkif':
    'Xen public/io/blkif.h：请求 112 字节（`operation, nr_segments, handle, id, sector_number, seg[11] {gref, first_sect, last_sect}`）；响应 16 字节；每页 32 个槽（hw-facts §5.3）',
  'xen-netif':
    'Xen public/io/netif.h：TX 请求 12 字节 `{gref, offset, flags, id, size}`，RX 请求 8 字节 `{id, gref}`；每页各 256 个槽（hw-facts §5.2）',
  'xen-gnt-entry':
    'Xen public/grant_table.h：v1 表项 `{flags u16, domid u16, frame u32}`；GTF_permit_access 为 1，GTF_accept_transfer 为 2，GTF_readonly 为第 2 位，GTF_reading 为第 3 位，GTF_writing 为第 4 位（hw-facts §5.4）',
  'xen-gnt-map':
    'Xen GNTTABOP_map_grant_ref（0）：检查类型为 permit_access 且 `domid` 相符，设置 GTF_reading（除非 GNTMAP_readonly，还设置 GTF_writing），返回一个句柄（hw-facts §5.4；xen/common/grant_table.c 的 _set_status_v1）',
  'xen-gnt-unmap': 'Xen GNTTABOP_unmap_grant_ref（1）：用映射时得到的句柄释放占用（hw-facts §5.4）',
  'xen-gnt-copy':
    'Xen GNTTABOP_copy（5）：虚拟机监控器在 `{ref 或 gmfn, domid, offset}` 之间复制 `len` 字节；不能跨页（GNTST_bad_copy_arg）（hw-facts §5.4）',
  'xen-gnt-transfer':
    'Xen GNTTABOP_transfer（4）：把一页交给一个提供了 GTF_accept_transfer 的域；Xen 写入页帧，并设置 GTF_transfer_committed 和 GTF_transfer_completed（hw-facts §5.4）',
  'xen-gnt-end':
    '撤销 permit_access 授权：读取标志，确认 GTF_reading 和 GTF_writing 都已清除，再用 `cmpxchg` 把标志置 0（hw-facts §5.4）',
  'xen-evtchn-ops':
    'Xen public/event_channel.h：EVTCHNOP_bind_interdomain 0、EVTCHNOP_bind_virq 1、EVTCHNOP_bind_pirq 2、EVTCHNOP_close 3、EVTCHNOP_send 4、EVTCHNOP_alloc_unbound 6、EVTCHNOP_bind_ipi 7、EVTCHNOP_unmask 9（hw-facts §5.5）',
  'xen-evtchn-2l':
    'Xen event_2l.c 的置待处理：测试并置位待处理位；若它原先为 0，且端口未被屏蔽、选择位是新置上的，则设置 evtchn_upcall_pending（hw-facts §5.5）',
  'xen-evtchn-unmask':
    'Xen event_2l.c 的解除屏蔽：清除屏蔽位；若原先被屏蔽、端口处于待处理状态且选择位是新置上的，则把该 vCPU 标记为待处理（hw-facts §5.5）',
  'xen-evtchn-send':
    'Xen event_channel.c 的 evtchn_send：域间通道把远端端口置为待处理，IPI 通道把本地端口置为待处理；未绑定的端口静默丢弃通知（hw-facts §5.5）',
  'xen-evtchn-kinds':
    '事件通道承载四类事件：域间事件、VIRQ（Xen 发给域）、IPI（vCPU 发给 vCPU）、PIRQ（物理中断）（课程讲义；hw-facts §5.5）',
  'xen-split-driver':
    '分离设备驱动模型：DomU 中的前端经共享环把请求交给 Dom0 中的后端，后端掌握真实的驱动（课程讲义）',
  'xen-net-rx-flip':
    'Xen 论文 / 课程讲义：接收时客户机用一个未使用的页帧换取每个数据包；如果没有投放接收缓冲区，数据包就被丢弃',
  'xen-vif':
    'Dom0 中的后端网络接口命名为 vifN.M（N 为域号，M 为设备序号），并桥接到 xenbr0 上；Xen 工具从 `00:16:3e:xx:xx:xx` 中挑选 MAC 地址（课程讲义）',
  // xenpv/cite.ts
  'xen-pub-mmu-update':
    'Xen public/xen.h：HYPERVISOR_mmu_update（1 号超级调用）接收 `{u64 ptr, u64 val}` 请求；`ptr` 是表项的机器地址，其低位是命令（MMU_NORMAL_PT_UPDATE 0，MMU_MACHPHYS_UPDATE 1，MMU_PT_UPDATE_PRESERVE_AD 2）；`done` 报告执行了多少个（hw-facts §5.6）',
  'xen-mmc-do-mmu-update':
    'Xen arch/x86/mm.c 的 do_mmu_update：`cmd = ptr & (sizeof(l1_pgentry_t) - 1)`；`ptr` 所在的页必须属于本域（否则 -EINVAL）；该页的类型决定调用 mod_l1/l2/l3/l4_entry，不是页表类型的页则普通写入；第一个失败就停止整批，`done` 记录已执行的请求数（hw-facts §5.6）',
  'xen-mmc-page-types':
    'Xen arch/x86/mm.c 开头的说明与 _get_page_type，asm/mm.h：每个页帧有一个类型（PGT_none 0，PGT_l1..l4_page_table 1..4，PGT_writable_page 7，位于 type_info 第 63:61 位）和一个类型计数；类型只在计数为 0 时改变，新的页表类型要逐项验证；计数大于 0 时申请另一种类型的引用会失败（hw-facts §5.6）',
  'xen-mmc-l1e':
    'Xen arch/x86/mm.c 的 get_page_from_l1e / mod_l1_entry：标志位不允许的 L1 表项以 -EINVAL 拒绝；映射其他域的页帧，或可写地映射一个不能获得 PGT_writable_page 类型的页帧，以 -EBUSY 拒绝（hw-facts §5.6）',
  'xen-mmc-lne':
    'Xen arch/x86/mm.c 的 get_page_from_l2e/l3e/l4e：不允许的标志位（PS、G、PWT、PCD）返回 -EINVAL；页帧必须属于本域并能获得低一级的页表类型（L2 表项 → L1 页表，L3 → L2，L4 → L3），否则 -EINVAL（hw-facts §5.6）',
  'xen-mmc-machphys':
    'Xen arch/x86/mm.c 的 do_mmu_update 中 MMU_MACHPHYS_UPDATE 分支：页帧号取 PTR 右移 12 位，伪物理页帧取 VAL；get_page_from_mfn 必须成功（页帧属于本域），否则返回 -EINVAL；然后 set_gpfn_from_mfn 写入机器到物理（M2P）表（hw-facts §5.6）',
  'xen-mmc-no-translate':
    'Xen arch/x86/mm.c 的 do_mmu_update 让 MMU_PT_UPDATE_NO_TRANSLATE（3）与 MMU_NORMAL_PT_UPDATE 走同一路径；mod_l1_entry 只在命令不是 NO_TRANSLATE 且 `paging_mode_translate(pg_dom)` 为真时才经 P2M 转换新表项的页帧：PV 客户机不做转换，所以两个命令效果相同',
  'xen-mmc-l4-slot':
    'Xen arch/x86/mm.c 的 mod_l4_entry：若 is_guest_l4_slot() 对该项为假，在其他检查之前就返回 -EINVAL；x86-64 PV 下 Xen 保留 L4 第 256-271 项（asm-x86/config.h 的 ROOT_PAGETABLE_FIRST_XEN_SLOT/LAST_XEN_SLOT）',
  'xen-mmc-flags':
    'Xen arch/x86/mm.c 的 arch_init_memory：允许的表项标志为 P、R/W、U/S、A、D、第 11:9 位、第 62:52 位和 NX；L1 表项还可以设置 G；没有 I/O 内存的域在 L1 中设置 PWT/PCD/PAT 会被拒绝（hw-facts §5.6）',
  'xen-mmc-put-type':
    'Xen arch/x86/mm.c 的 _put_page_type：页表页的类型计数降到 0 时，它失去“已验证”状态，并放弃其表项持有的引用（hw-facts §5.6）',
  'xen-pub-mmuext':
    'Xen public/xen.h 的 HYPERVISOR_mmuext_op（26 号超级调用）：MMUEXT_PIN_L1_TABLE 0 到 PIN_L4_TABLE 3，UNPIN_TABLE 4，NEW_BASEPTR 5，TLB_FLUSH_LOCAL 6，INVLPG_LOCAL 7；固定会验证页表并持有一个类型引用，不能嵌套；在 x86-64 上 NEW_BASEPTR 要求该页帧的类型为 PGT_l4_page_table（hw-facts §5.6）',
  'xen-pub-multicall':
    'Xen public/xen.h 的 HYPERVISOR_multicall（13 号超级调用）：表项 `{op, result, args[6]}` 按顺序执行，各自保存结果；整个列表只需一次从客户机进入 Xen 的切换（hw-facts §5.6）',
  'xen-pv-direct':
    'Xen 半虚拟化直接分页：客户机页表中存放的是机器页帧号，MMU 直接遍历它们；客户机以只读方式映射这些页表，并通过 Xen 修改它们（hw-facts §5.6；课程讲义“Xen 直接分页”）',
  'xen-mmc-wp':
    'Xen arch/x86/mm.c 开头的说明：Xen 总是设置 CR0.WP，且不允许半虚拟化客户机清除它，因此只读映射在客户机内核中同样有效',
  'xen-ptwr':
    'Xen arch/x86/pv/ro-page-fault.c（可写页表）：对 L1 页表只读映射的写缺页由 Xen 模拟：自然对齐的写入被合并进 8 字节表项，像 get_page_from_l1e 检查 L1 表项那样检查后写入；检查失败则把缺页交给客户机（hw-facts §5.6）',
  'xen-pv-trap':
    'Xen 半虚拟化：半虚拟化客户机的每个异常（包括 #PF）都先进入 Xen，再由 Xen 转交给客户机内核的处理函数（一次从客户机进入 Xen 的切换）',
  'vmscope-xenpv-map':
    'VMScope 在 `mmu xen-pv` 下的 `map`：代表半虚拟化客户机内核所做的事：取出自己的空闲页帧、清零，再用一次 mmu_update 超级调用请 Xen 把它们链接起来',
  // migrate/cite.ts
  'mig-precopy':
    'Clark 等人，`Live Migration of Virtual Machines`，NSDI 2005，图 1：迭代预拷贝（第 1 轮发送全部内存，第 i 轮发送第 i−1 轮中被弄脏的页），然后停机拷贝；停机时间就是停机拷贝阶段（hw-facts-2 §3.4）',
  'mig-wws':
    'Clark 等人 2005：可写工作集是被频繁写入的页，每轮重发它们是浪费；剩余量约等于可写工作集时预拷贝结束（hw-facts-2 §3.4）',
  'mig-qemu-stop':
    'QEMU migration/migration.c 的 migration_update_counters：threshold_size = 带宽 × `downtime-limit`；剩余量 < 阈值时切换（QEMU 10.0 及以前；2025 年的一组补丁改为 ≤）；默认 `downtime-limit` 为 300 ms，`max-bandwidth` 为 128 MiB/s（migration/options.c）（hw-facts-2 §3.5）',
  'mig-xen-stop':
    'Xen tools/libs/guest/xg_sr_save.c 的 simple_precopy_policy：脏页数 < 50（SPP_TARGET_DIRTY_COUNT）或在线 5 轮（SPP_MAX_ITERATIONS）后停止；这次检查发现的页仍在线发送，然后挂起客户机（hw-facts-2 §3.4）',
  'mig-xen-legacy':
    '旧版 Xen tools/libxc/xc_domain_save.c：iter ≥ 29、本轮发送少于 50 页，或累计发送超过客户机页数的 3 倍时进入最后一轮（DEF_MAX_ITERS、DEF_MAX_FACTOR）（hw-facts-2 §3.4）',
  'mig-autoconverge':
    'QEMU migration/ram.c 的 migration_trigger_throttle：一个周期内弄脏的字节数两次超过发送字节数的 50% 时限制 vCPU：先 20%，再每次加 10%，最多 99%；system/cpu-throttle.c 在每 10 ms 时间片中睡眠 p ÷ (1 − p) × 10 ms（hw-facts-2 §3.5）',
  'mig-postcopy':
    'QEMU 的 `postcopy-ram` 与 `migrate-start-postcopy`：目的主机立即运行，缺失的页在缺页时（`userfaultfd`）经返回通道取回；此后一旦失败，虚拟机就会丢失（hw-facts-2 §3.5）',
  'mig-dirty-log':
    'KVM：内存槽标志 KVM_MEM_LOG_DIRTY_PAGES，KVM_GET_DIRTY_LOG 为每个 4 KiB 页返回一位；KVM 用写保护（首次写引起 EPT 违例，48 号退出）或 Intel PML：512 项日志，满时 62 号退出（hw-facts-2 §3.5）',
  // overcommit/cite.ts
  'oc-balloon':
    '`virtio` 规范 `device-types/balloon`：配置字段 `num_pages`（设备写：以 4 KiB 页计的目标大小）与 `actual`（驱动写：当前大小）；驱动分配页，把它们的 PFN（地址 ÷ 4096）放进充气队列（队列 0），设备用完后更新 `actual`；放气队列（队列 1）反之（hw-facts-2 §3.1）',
  'oc-balloon-deflate':
    '`virtio` 规范 `balloon`：有 VIRTIO_BALLOON_F_MUST_TELL_HOST（第 0 位）时，驱动要等设备确认放气队列的缓冲区后才重用放气的页；没有时可立即重用（hw-facts-2 §3.1）',
  'oc-balloon-oom':
    'Linux drivers/virtio/virtio_balloon.c：有 VIRTIO_BALLOON_F_DEFLATE_ON_OOM（第 2 位）时，OOM 通知在 OOM 杀进程之前放气，最多 `oom_pages`（默认 256）页；气球分配从不导致 OOM（__GFP_NORETRY）：`Out of puff!`（hw-facts-2 §3.1）',
  'oc-guest-choice':
    'Waldspurger，`Memory Resource Management in VMware ESX Server`，OSDI 2002 §3.2：由客户机操作系统决定气球拿走哪些页：先是空闲链表，否则换出到它自己的虚拟磁盘（hw-facts-2 §3.2）',
  'oc-esx-share':
    'Waldspurger 2002 §4：基于内容的页共享：页的 64 位哈希作为全局表的键；提示项记下（虚拟机，PPN）；哈希匹配时逐字节比较，然后两个 PPN 只读映射到同一个 MPN 并计引用数；写入触发缺页并得到私有副本（hw-facts-2 §3.2）',
  'oc-ksm':
    'Linux Documentation/admin-guide/mm/ksm.rst 与 mm/ksm.c：每扫描一页，先查稳定树；否则若校验和自上次扫描以来变了就跳过（易变）；否则查不稳定树：匹配则两者合并成稳定树中的 KSM 页，不匹配则插入；每次完整扫描后重建不稳定树（hw-facts-2 §3.3）',
  'oc-ksm-counters':
    'Linux ksm.rst：`pages_shared` 为在用的 KSM 页数，`pages_sharing` 为另外共享它们的位置数，`pages_unshared` 为不稳定树中的页数，`pages_volatile` 为变化太快的页数；`use_zero_pages` 把全零页映射到内核零页，计入 `ksm_zero_pages`（hw-facts-2 §3.3）',
  'oc-swap':
    'Waldspurger 2002 §3.3-3.4：虚拟机监控器把客户机内存换出到自己的交换区，因为无从得知客户机看重哪些页，只能随机选；客户机之后可能自己再换出同一个页（双重换页）：主机得先把它读回（hw-facts-2 §3.2）',
  'oc-idle-tax':
    'Waldspurger 2002 §5.3：每页份额比 `rho = S / (P (f + k (1 - f)))`，`k = 1 / (1 - tau)`，空闲内存税 `tau` 默认 75%（`Mem.IdleTax`），所以 k = 4；最小资助撤销从 `rho` 最低的虚拟机回收（hw-facts-2 §3.2）',
  'oc-free-states':
    'Waldspurger 2002 §6.3：空闲内存状态 `high` 6%、`soft` 4%、`hard` 2%、`low` 1%：`high` 不回收，`soft` 用气球（无法用气球时才换出），`hard` 换出，`low` 换出并阻塞超出目标的虚拟机；本模型把每个阈值当作该状态的最少空闲内存（hw-facts-2 §3.2，（R））',
  // kvm/cite.ts
  'kvm-api':
    'Linux 文档 Documentation/virt/kvm/api.rst 与用户态头文件 linux/kvm.h：`/dev/kvm`、`KVM_CREATE_VM`、`KVM_SET_USER_MEMORY_REGION`、`KVM_CREATE_VCPU`、用 `mmap` 映射的 `struct kvm_run`、`KVM_RUN`（`_IO(0xAE, 0x80)`）；退出原因 `KVM_EXIT_IO` 为 2，`KVM_EXIT_MMIO` 为 6——hw-facts-2 §1.8',
  'kvm-run-io':
    'linux/kvm.h 中 `struct kvm_run` 的 `io` 字段：`direction`（IN 为 0，OUT 为 1）、`size`、`port`、`count`、`data_offset`；x86 把数据放在 `data_offset` = KVM_PIO_PAGE_OFFSET（1）× 4096 处；下一次 `KVM_RUN` 时 KVM 把 IN 的结果写入 RAX——hw-facts-2 §1.8',
  'kvm-run-mmio':
    'linux/kvm.h 中 `struct kvm_run` 的 `mmio` 字段：`phys_addr`、`data[8]`、`len`、`is_write`；读操作在下一次 `KVM_RUN` 时写入客户机寄存器——hw-facts-2 §1.8',
  'qemu-kvm-loop':
    'QEMU accel/kvm/kvm-all.c 的 `kvm_cpu_exec`：每个 vCPU 一个线程，循环调用 `ioctl(KVM_RUN)`；`KVM_EXIT_IO` 交给 `kvm_handle_io`，`KVM_EXIT_MMIO` 交给 `address_space_rw`，然后再次 `KVM_RUN`——hw-facts-2 §1.8',
  'vmx-io-exit':
    'Intel SDM 卷 3 表 28-5：I/O 指令退出（原因 30）的退出限定值：第 2:0 位为大小减 1，第 3 位为方向（1 表示 IN），第 4 位为串指令，第 5 位为 REP 前缀，第 6 位为立即数操作数，第 31:16 位为端口号——hw-facts §4.7',
  'kvm-mmio-spte':
    'KVM 的 mmu.c：没有内存槽的客户机物理页在第一次访问时产生 EPT 违例（退出 48）；KVM 装上 MMIO SPTE（一个故意配置错误的 EPT 表项）并模拟这次访问；之后的访问产生 EPT 配置错误（退出 49），直接走 MMIO 路径——hw-facts-2 §2.2 第 2 步，hw-facts §2.3',
  'kvm-in-kernel':
    '`KVM_CREATE_IRQCHIP` / `KVM_CREATE_PIT2`：8259 PIC（端口 0x20-0x21、0xA0-0xA1）、IOAPIC、本地 APIC 和 8254 PIT（0x40-0x43）都在 KVM 内部模拟，对它们的访问不会到达用户态——hw-facts-2 §1.8',
  'kvm-ioeventfd':
    '`KVM_IOEVENTFD`（`_IOW(0xAE, 0x79)`）{`datamatch`、`addr`、`len`、`fd`、标志 DATAMATCH 第 0 位、PIO 第 1 位、DEASSIGN 第 2 位}：匹配的客户机写在 KVM 内部通知 `eventfd`，客户机继续运行，不退出到用户态——hw-facts-2 §2.4',
  'kvm-irq':
    '`KVM_IRQ_LINE` / `irqfd`：QEMU 的 `pci_set_irq` 设置 GSI 电平；内核中的 IOAPIC 投递向量，KVM 用 IPI 踢出 vCPU（退出 1，外部中断），并在下一次 VM 进入时注入这个向量（VM 进入中断信息字段）——hw-facts-2 §2.2 第 3-4 步，hw-facts §4.8',
  'pci-config':
    'PCI 局部总线规范 3.0 §6.1-6.2：厂商 ID 在 0x00，设备 ID 在 0x02，命令寄存器 0x04（第 0 位 I/O 空间，第 1 位内存空间，第 2 位总线主控），状态寄存器 0x06（第 4 位能力列表），类代码 0x09-0x0B，BAR 在 0x10-0x24（第 0 位表示 I/O，写全 1 可测大小），能力指针 0x34，中断线 0x3C，中断引脚 0x3D；配置机制 1 使用端口 0xCF8/0xCFC；MSI 能力的 ID 为 0x05',
  'e1000-pci':
    'QEMU hw/net/e1000.c 的 `pci_e1000_realize` 与 `e1000_class_init`：8086:100E（82540EM），修订号 3，类代码 0x020000，缓存行 0x10，中断引脚 A，BAR0 为 128 KiB 内存（PNPMMIO_SIZE 0x20000），BAR1 为 0x40 字节 I/O；没有能力列表——hw-facts-2 §2.2',
  'e1000-regs':
    'QEMU hw/net/e1000.c 的 `macreg_readops`/`macreg_writeops`，寄存器索引 = (addr & 0x1FFFF) >> 2：CTRL 0x0、STATUS 0x8、ICR 0xC0（读后清零）、ICS 0xC8、IMS 0xD0（|=）、IMC 0xD8（&= ~）、RCTL 0x100、TCTL 0x400、RDBAL 0x2800（忽略低 4 位）、RDLEN 0x2808（& 0xFFF80）、RDH/RDT 0x2810/0x2818（16 位）、TDBAL 0x3800、TDLEN 0x3808、TDH/TDT 0x3810/0x3818、RA 0x5400；中断线电平 = (IMS & ICR) ≠ 0——hw-facts-2 §2.2',
  'e1000-tx':
    'QEMU hw/net/e1000.c 的 `start_xmit`：要求 TCTL.EN；从 TDH 到 TDT，逐个读取位于 TDBA + 16·TDH 的 16 字节传统描述符，DMA 读它的缓冲区，遇到 EOP 就发送，CMD.RS 置位则回写 STA.DD（原因 TXDW），TDH 加一并在 TDLEN/16 处回绕，TDH 回到起点就停止；最后 ICR |= TXQE | 各原因——hw-facts-2 §2.2',
  'e1000-rx':
    'QEMU hw/net/e1000.c 的 `e1000_receive_iov`：RDH == RDT 表示没有缓冲区，`e1000_can_receive` 为假，网络层扣住帧直到写 RDT（不丢弃）；帧需要的缓冲区多于空闲缓冲区时溢出（RNBC、MPC、ICR.RXO，丢弃）；否则逐个描述符 DMA 写入不超过缓冲区大小的数据、长度、状态 EOP|DD，RDH 加一；原因 RXT0，空闲描述符数 × 16 ≤ RDLEN >> (1 + RCTL.RDMTS) 时再加 RXDMT0——hw-facts-2 §2.2',
  'e1000-desc':
    'Intel 8254x SDM §3.2.3、§3.3.3：传统描述符 16 字节，小端；发送：缓冲区地址 0-7，长度 8-9，CSO 10，CMD 11（EOP 0、IFCS 1、IC 2、RS 3、RPS 4、DEXT 5、VLE 6、IDE 7），STA 12（DD 0、EC 1、LC 2、TU 3），CSS 13，特殊字段 14-15；接收：地址 0-7，长度 8-9，校验和 10-11，状态 12（DD 0、EOP 1），错误 13，特殊字段 14-15——hw-facts-2 §2.2',
  'e1000-driver':
    '课程讲义（种子 002-003）与 Linux drivers/net/ethernet/intel/e1000：驱动在客户机内存中填写描述符，写 TDT（一次 MMIO 退出），接收中断，读 ICR（又一次退出，读后清零），回收 DD 已置位的描述符；接收时写 RDT 把缓冲区交给设备——hw-facts-2 §2.1-2.2',
  // iommu/cite.ts
  'vtd-gcmd':
    'QEMU hw/i386/intel_iommu_internal.h：`RTADDR` 0x20，`GCMD` 0x18 与 `GSTS` 0x1C，其中 TE 为第 31 位、SRTP 第 30 位、IRE 第 25 位、SIRTP 第 24 位；`IRTA` 0xB8 = 表基址（63:12）| S（3:0，共 2^(S+1) 项）（hw-facts-2 §2.5）',
  'vtd-root':
    'Intel VT-d（传统模式）：根表为 4 KiB，共 256 个 16 字节表项，按请求者的总线号索引；根表项 P 为第 0 位，第 11～1 位保留，上下文表指针在 63:12，高 64 位保留（QEMU intel_iommu_internal.h；hw-facts-2 §2.5）',
  'vtd-context':
    'Intel VT-d：上下文表有 256 个 16 字节表项，按 `devfn`（dev << 3 | fn）索引；低 64 位：P 第 0 位，FPD 第 1 位，TT 在 3:2（00 转换，01 转换并允许设备 TLB，10 直通，11 保留），SLPTPTR 在 63:12；高 64 位：AW 在 2:0（1 = 39 位 3 级，2 = 48 位 4 级），DID 在 23:8（hw-facts-2 §2.5）',
  'vtd-slpte':
    'Intel VT-d 二级页表：级数 = AW + 2，输入宽度 30 + 9 × AW（Linux drivers/iommu/intel/iommu.h 的 agaw_to_level 与 agaw_to_width）；索引 = `(IOVA >> (12 + 9(L−1))) & 0x1FF`，表项地址 = 表基址 + 8 × 索引；页表项 R 第 0 位，W 第 1 位，PS 第 7 位，地址在 51:12；任一级读时 R 为 0、写时 W 为 0（包括不存在的表项）分别报告故障 6 与 5（QEMU vtd_iova_to_slpte）（hw-facts-2 §2.5）',
  'vtd-fault':
    'QEMU intel_iommu_internal.h 的 VTDFaultReason：1 根表项不存在，2 上下文表项不存在，3 上下文表项无效（保留的 TT、不支持的 AW），4 地址超出域的宽度，5 写被拒绝，6 读被拒绝，0xA 根表项保留位，0xB 上下文表项保留位，0xC 页表项保留位；0x21 IRTE 索引超出表长，0x22 IRTE 不存在，0x26 源 ID 无效（hw-facts-2 §2.5，§5 第 6 条）',
  'vtd-record':
    'Intel VT-d 故障记录寄存器（128 位）：低 64 位的 63:12 为出错页地址（FI；中断重映射故障时按 VT-d 规范 FI 的 63:48 为中断索引），高 64 位：SID 在 15:0，FR 在 39:32，T 第 62 位（1 = 读，QEMU vtd_record_frcd；未经核实），F 第 63 位表示已记录；下一次故障到来时若该记录 F 仍为 1，则置位 `FSTS.PFO`，这次故障丢失（hw-facts-2 §2.5）',
  'vtd-iotlb':
    'Intel VT-d 的缓存：上下文缓存按源 ID，IOTLB 按（域，IOVA 页）；软件通过 `CCMD`（ICC 第 63 位，CIRG 在 62:61：1 全局，2 按域，3 按设备）和 IOTLB 寄存器（IVT 第 63 位，IIRG 在 61:60：1 全局，2 按域，3 按页，DID 在 47:32；页地址写在 IVA）使它们失效；在此之前被修改的表项仍可能从缓存中被使用（hw-facts-2 §2.5）',
  'vtd-ir':
    'Intel VT-d 中断重映射：可重映射格式的 MSI 地址第 31～20 位为 0xFEE，第 4 位 = 1，句柄的 14:0 位在 19:5，句柄第 15 位在第 2 位；IRTE（Linux include/linux/dmar.h 的 `struct irte`）P 第 0 位，向量在 23:16，目标在 63:32，SID 在 79:64，SQ 在 81:80，SVT 在 83:82（01 = 校验完整的 SID）（hw-facts-2 §2.5）',
  'vfio-map':
    'Linux include/uapi/linux/vfio.h：一个组（`/dev/vfio/N`，即 IOMMU 组）加入设为 `VFIO_TYPE1v2_IOMMU` 的容器；`VFIO_IOMMU_MAP_DMA`（`vaddr`、`iova`、`size`、READ|WRITE）在该组的域的二级页表中建立 IOVA（= 客户物理地址）到 HPA 的映射（hw-facts-2 §2.6）',
  'vfio-regions':
    'Linux vfio.h：`vfio-pci` 区域 BAR0～5 为 0～5，ROM 为 6，CONFIG 为 7；QEMU 对 BAR 区域执行 `mmap` 并（经 EPT）映射进客户机，所以数据通路上的 MMIO 没有退出，而配置空间由 QEMU 经区域 7 模拟并过滤（hw-facts-2 §2.6）',
  'kvm-exit-io':
    'Intel SDM 退出原因 30（I/O 指令）；Linux include/uapi/linux/kvm.h 的 `KVM_EXIT_IO` = 2 把端口访问交还给 QEMU（hw-facts-2 §1.8）；PCI 配置机制 1：地址写端口 0xCF8，数据在 0xCFC',
  'sriov-cap':
    'Linux include/uapi/linux/pci_regs.h：SR-IOV 扩展能力 0x0010；`CTRL` 0x08（VFE 第 0 位，VF MSE 第 3 位），`TOTAL_VF` 0x0E，`NUM_VF` 0x10，`VF_OFFSET` 0x14，`VF_STRIDE` 0x16，VF BAR0 0x24；VF_k 的 BARn = VF BARn 基址 + k × 大小（hw-facts-2 §2.7）',
  'sriov-rid':
    'Linux drivers/pci/iov.c 的 pci_iov_virtfn_bus 与 pci_iov_virtfn_devfn：对 `k = 0 … NumVFs−1`，`RID(VF_k) = PF RID + First VF Offset + k × VF Stride`；总线 = `PF bus + ((PF devfn + offset + k × stride) >> 8)`，`devfn = (…) & 0xFF`（hw-facts-2 §2.7，§5 第 1 条）',
  'sriov-enable':
    'Linux drivers/pci/iov.c 的 sriov_enable：写 `NumVFs`，读出 `First VF Offset` 与 `VF Stride`，置位 `CTRL` 的 VFE 与 MSE，等待 100 ms，再逐个添加 VF（pci_iov_add_virtfn）（hw-facts-2 §2.7）',
  'sriov-erange':
    'Linux drivers/pci/iov.c 的 sriov_numvfs_store：写入 `sriov_numvfs` 的值大于 pci_sriov_get_totalvfs() 时以 `-ERANGE` 失败，不创建任何 VF（hw-facts-2 §2.7）',
  'mig-checkpoint':
    '检查点 = 在某一时刻保存虚拟机的全部状态（内存、vCPU 与设备）；Xen 的 `xl save` 在客户机暂停时把迁移流写进文件（非在线）；QEMU 的 `savevm`/`loadvm` 与迁移到文件写的是同样的流（TAN §7.11；hw-facts-2 §3.6）',
  // sched/cite.ts
  'xen-credit-const':
    'Xen 的 xen/common/sched/credit.c：CSCHED_DEFAULT_WEIGHT 256，CSCHED_DEFAULT_TSLICE_MS 30，CSCHED_TICKS_PER_TSLICE 3（每 10 ms 一次时钟节拍），CSCHED_CREDITS_PER_MSEC 10，因此每个物理 CPU 每个时间片 300 个信用值；上限 0 表示不限，否则是一个物理 CPU 的百分比（hw-facts-2 §4.4）',
  'xen-credit-pri':
    'Xen 的 credit.c 优先级：BOOST 0（醒来的 vCPU），UNDER −1（信用值 ≥ 0），OVER −2（信用值 < 0），IDLE −64；每个物理 CPU 一个按优先级排序的运行队列，同一优先级内先进先出（`__runq_insert`）（hw-facts-2 §4.4）',
  'xen-credit-burn':
    'Xen 的 credit.c `burn_credits`：信用值 =（经过的纳秒数 × 10 + 余数）÷ 10^6，余数保留在 `residual` 中，`start_time` 前移信用值 × 100 µs（hw-facts-2 §4.4）',
  'xen-credit-acct':
    'Xen 的 credit.c `csched_acct`，每 30 ms 一次：总信用值 = 300 × 物理 CPU 数（加上负的余额）；公平份额 = ⌈总信用值 × 权重 × 活跃 vCPU 数 ÷ 总权重⌉；峰值 = 活跃 vCPU 数 × 300；有上限时峰值 ≤ ⌈上限 × 300 ÷ 100⌉；用不完的份额留给后面的域；每个 vCPU 得到 ⌈份额 ÷ 活跃 vCPU 数⌉；信用值 < 0 为 OVER（有上限且低于 −上限份额的 vCPU 被挂起），否则为 UNDER；信用值下限 −300；超过 300 的 vCPU 不再获得信用值并减半（hw-facts-2 §4.4）',
  'xen-credit-wake':
    'Xen 的 credit.c `csched_unit_wake`：醒来时优先级为 UNDER 且未被挂起（也不只是在迁移）的 vCPU 被提升为 BOOST，并通知一个物理 CPU：空闲的那个，否则抢占优先级更低的正在运行的 vCPU；`csched_unit_acct` 在下一个发现它在运行的时钟节拍把 BOOST 降为 UNDER（hw-facts-2 §4.4）',
  'xen-credit-steal':
    'Xen 的 credit.c `csched_schedule` / `csched_load_balance`：本地队列的队首运行，除非它是 OVER 或空闲，此时物理 CPU 从忙碌的同伴队列里偷一个优先级严格更高的 vCPU；没有更好的 vCPU 在等时 OVER 的 vCPU 照样运行（工作保持），被挂起的 vCPU 在记账解除挂起之前不运行（hw-facts-2 §4.4）',
  'xen-credit-limits':
    'Xen 的 tools/libs/light/libxl_sched.c `sched_credit_domain_set`：权重必须在 1 到 65535 之间（`Cpu weight out of range`）；上限必须在 0 到 vCPU 数 × 100 之间（`Cpu cap out of range`）；虚拟机监控器本身（`csched_dom_cntl`）忽略为 0 的权重',
  'kvm-vcpu-thread':
    'KVM：每个 vCPU 一个主机线程，由 Linux 像普通任务一样调度（CFS/EEVDF，`cgroup` 的 `cpu.weight`）；Linux 6.6–6.14 上 EEVDF 的基本时间片为 0.75 ms ×（1 + `ilog2`（CPU 数））；停机的 vCPU 先停机轮询最多 200,000 ns（x86 上的 KVM_HALT_POLL_NS_DEFAULT）再睡眠（hw-facts-2 §4.3、§4.5）',
  'vmcs-migrate':
    'Intel SDM“VMCS 状态”与 VMLAUNCH/VMRESUME：VMPTRLD 让 VMCS 成为某一个逻辑处理器的当前 VMCS；要在另一个处理器上运行，须先在原处理器上执行 VMCLEAR 把它写回并置为“清除”，因此新处理器必须用 VMLAUNCH（对“清除”状态的 VMCS 执行 VMRESUME 为 VMfailValid，错误号 5）；KVM 的 `vmx_vcpu_load_vmcs` 与 Xen 的 `vmx_do_resume` 在 vCPU 换物理 CPU 时这样做（hw-facts §4.2，hw-facts-2 §4.5）',
  // virtio/cite.ts
  'vio-pci':
    'virtio 1.x §4.1 与 QEMU 的 hw/virtio/virtio-pci.c：厂商 0x1AF4，现代网卡设备号 0x1041；BAR 4 中通用配置在 0x0、ISR 在 0x1000、设备配置在 0x2000、通知区在 0x3000；`notify_off_multiplier` 为 4，`queue_notify_off` 等于队列索引',
  'vio-status':
    'virtio 1.x §2.1、§3.1.1：状态位 ACKNOWLEDGE 1、DRIVER 2、DRIVER_OK 4、FEATURES_OK 8、DEVICE_NEEDS_RESET 64、FAILED 128；顺序为复位（0）、ACKNOWLEDGE、DRIVER、写特性、FEATURES_OK（再读回：设备拒绝特性时该位为 0）、设置队列、DRIVER_OK——hw-facts-2 §2.3',
  'vio-features':
    '特性位：VIRTIO_NET_F_CSUM 0、MAC 5、MRG_RXBUF 15、STATUS 16、VIRTIO_RING_F_INDIRECT_DESC 28、VIRTIO_RING_F_EVENT_IDX 29、VIRTIO_F_VERSION_1 32——hw-facts §6；Linux 的 `uapi` 头文件 virtio_net.h、virtio_ring.h、virtio_config.h',
  'vio-layout':
    '分离式 virtqueue：描述符表每项 16 字节（`addr` le64、`len` le32、`flags` le16、`next` le16），对齐 16；可用环为 `flags`、`idx`、`ring[QS]`、`used_event`，对齐 2；已用环为 `flags`、`idx`、由 `{id, len}` 组成的 `ring[QS]`、`avail_event`，对齐 4——hw-facts §6',
  'vio-publish':
    '驱动的发布顺序：先写描述符，再把链头写进 `avail->ring[idx mod QS]`，写屏障，然后 `avail->idx` 加 1，全屏障，最后判断是否通知——hw-facts §6；Linux 的 `virtqueue_add_split`、`virtqueue_kick_prepare_split`',
  'vio-chain':
    '描述符链：NEXT 1 链到 `next`，WRITE 2 表示设备可写，且必须排在所有设备可读的描述符之后；INDIRECT 4 指向含 `len`/16 项的表，只能在协商了 VIRTIO_RING_F_INDIRECT_DESC 时使用，不能与 NEXT 同时出现，也不能嵌套——hw-facts §6',
  'vio-notify-flags':
    '未协商 EVENT_IDX 时：除非 `used->flags` 含 VRING_USED_F_NO_NOTIFY（1），驱动就通知；除非 `avail->flags` 含 VRING_AVAIL_F_NO_INTERRUPT（1），设备就中断；两者都只是提示——hw-facts §6',
  'vio-event-idx':
    '协商 EVENT_IDX 后：`vring_need_event(event_idx, new, old) = (u16)(new − event_idx − 1) < (u16)(new − old)`；驱动按 `avail_event` 决定是否通知，设备按 `used_event` 决定是否中断——hw-facts §6，hw-facts-2 §2.3 的回绕实例',
  'vio-used':
    '设备写 `used->ring[idx mod QS]` = `{id: head, len: 写入的字节数}`，屏障之后 `used->idx` 加 1；协商 EVENT_IDX 时把 `avail_event` 设为它已消费到的可用索引（QEMU 的 `virtqueue_pop`、Linux 的 `vhost_enable_notify`）——hw-facts §6',
  'vio-interrupt':
    '已用缓冲区通知：第一次总是发出（`signalled_used` 尚无效），之后按标志或 `vring_need_event(used_event, used idx, signalled_used)` 决定（QEMU 的 `virtio_split_should_notify`、Linux 的 `vhost_notify`）；MSI-X 发送队列的向量，INTx 置位 ISR 第 0 位并拉起中断线；ISR 读后清零——hw-facts-2 §2.3',
  'vio-qemu-kick':
    'QEMU 后端且 `ioeventfd=off`：门铃写操作退出（MMIO 页上的 EPT 配置错误 49），`KVM_RUN` 以 KVM_EXIT_MMIO（6）返回 vCPU 线程，由它执行 `virtio_queue_notify` 后再进入；发送由 QEMU 的下半部完成（QEMU 默认开启 ioeventfd，本模型关闭它以展示用户态路径）——hw-facts-2 §1.8、§2.4',
  'vio-vhost':
    'vhost-net：VHOST_SET_VRING_KICK 0x20 与 VHOST_SET_VRING_CALL 0x21 两个 eventfd；KVM_IOEVENTFD（0xAE 0x79）让门铃写在 KVM 内完成（不回用户态），vhost 工作线程醒来，经内存表遍历环，`sendmsg` 到 `tap`；KVM_IRQFD（0xAE 0x76）注入中断；QEMU 不在数据路径上——hw-facts-2 §2.4',
  'vio-copy':
    '两种后端都是每包一次复制：QEMU 用 `writev()` 把客户机缓冲区交给 `tap`，vhost 用 `sendmsg()`；内核把数据复制进 `skb`（vhost-net 的零复制发送 `experimental_zcopytx` 默认关闭）——hw-facts-2 §2.4',
  'vio-broken':
    '畸形的环会被发现，绝不会无休止地跟下去：Linux 的 drivers/vhost/vhost.c 中 `vhost_get_vq_desc` 对描述符计数，超过 QS 个即报 `Loop detected` 并停止，也拒绝越界的 `next` 与链头；QEMU 的 `virtqueue_split_pop` 通过 `virtio_error` 报告 `Looped descriptor`，把设备标为损坏并置位 DEVICE_NEEDS_RESET（VERSION_1）；vhost 则停止服务该队列——hw-facts §6',
  'vio-rx':
    '接收：驱动让 `receiveq1`（队列 0）始终装满设备可写的缓冲区（WRITE 2；Linux 的 `add_recvbuf_small`：一个长 hdr_len + 1518 字节的描述符）；设备取出一条链，写入 `struct virtio_net_hdr`（`flags` 0，`gso_type` GSO_NONE 0，协商了 VERSION_1 或 MRG_RXBUF 时 `num_buffers` 为 1，共 12 字节，否则 10 字节）和帧，然后 `used->ring` = `{id: head, len: 写入字节数}`，`used->idx` 加 1，再做中断检查。QEMU 在 I/O 线程上把 `tap` 读进自己的缓冲区，再拷进客户机缓冲区（两次拷贝）；vhost-net 用 `recvmsg()` 从 `tap` 套接字直接读进客户机缓冲区（一次拷贝）（virtio 1.x §5.1.6.3-4；QEMU `virtio_net_receive`；Linux `drivers/vhost/net.c` 的 `handle_rx`）',
  'vio-rx-wait':
    '没有接收缓冲区：QEMU 的 `virtio_net_has_buffers` 发现队列为空，打开队列通知并返回 0，网络层把帧留在队列中，直到客户机通知 `receiveq1`（`virtio_net_handle_rx` 清空队列）；vhost-net 的 `handle_rx` 找不到描述符，调用 `vhost_enable_notify`，把帧留在 `tap` 套接字中直到通知到来。后端不丢弃任何帧（`tap` 设备只在自己的队列 `txqueuelen` 溢出时丢弃：未建模）',
  'vio-rx-kick':
    '由 vCPU 之外的线程（QEMU 的主循环线程：发送下半部与接收；vhost 工作线程）在 vCPU 0 运行于客户机时发出的中断：KVM 给该 vCPU 发一个 IPI，引起原因为 1 的退出（外部中断），在下一次 VM 进入时注入。与 e1000 模型的接收路径规则相同；投递中断（APICv）可以免去这次退出：未建模（hw-facts.md §4.6，hw-facts-2 §2.4-2.5）',
  // ioways/cite.ts
  'ioways-way':
    '一个负载，五种设计（hw-facts-2 §2.1）：发送 K 个 60 字节的帧并接收 K 个，每种方式都在它自己的模型上运行（`kvm/` 的 e1000，`virtio/` 的 QEMU 或 vhost-net 后端，`iommu/` 的 VFIO 与 SR-IOV），驱动逐帧工作；退出、返回用户态、拷贝、中断、门铃与 DMA 都从该模型的事件中统计，不含初始化',
  'ioways-table':
    '对比表比较每种方式在该负载下的计数。所有方式都未建模：客户机的 EOI（没有 APICv 时是一次 APIC 访问退出）、中断合并（e1000 的 ITR、NAPI 轮询）、TSO/GSO、vhost 零拷贝。对直通网卡与 VF，模型只把 MSI 跟踪到 IOMMU 的中断重映射：没有投递中断（hw-facts-2 §2.5，投递格式：无 VM 退出）时，主机仍要踢出正在运行的 vCPU（退出 1）来注入每次中断，其他方式计入了这一项，这两种没有',
}

/** The source of a fact, as the narration panel shows it. */
export function describeCitation(id: CitationId): Localized {
  const en = citationText(id)
  return { en, zh: ZH[id] ?? en }
}
