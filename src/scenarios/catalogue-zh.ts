// The catalogue's Chinese titles and summaries: loaded with the Chinese UI table (i18n/index.ts),
// so an English page never downloads them. One entry per catalogue id (test/i18n-lazy.test.ts).
export const CATALOGUE_ZH: Readonly<
  Record<string, { readonly title: string; readonly summary: string }>
> = {
  'paging-walk-4level': {
    title: '四级页表遍历',
    summary: '一步步读完一次地址转换：PML4E、PDPTE、PDE、PTE，然后命中 TLB。',
  },
  'paging-large-pages': {
    title: '大页：2 MiB 与 1 GiB',
    summary: 'PS=1 让遍历提前结束：2 MiB 大页读三次，1 GiB 大页读两次。',
  },
  'paging-faults': {
    title: '缺页异常及其错误码',
    summary:
      '页不存在、写只读页、用户访问内核页、执行不可执行页、保留位、SMEP、SMAP：每种 #PF 及其错误码。',
  },
  'paging-tlb': {
    title: 'TLB：命中、未命中与失效',
    summary:
      '未命中时填充 TLB，命中时跳过页表遍历；INVLPG 和加载 CR3 使其失效；全局页和 PCID 标记的项得以保留。',
  },
  'paging-5level': {
    title: '五级分页（LA57）',
    summary: '第五级 PML5 把线性地址扩展到 57 位：每次遍历读取五个表项。',
  },
  'paging-x86-32': {
    title: '32 位分页',
    summary: '经典的两级页表遍历（4 字节表项），以及 CR4.PSE 下的 4 MiB 大页。',
  },
  'three-address-spaces': {
    title: '三种地址空间',
    summary: '两个客户机都使用客户机物理页 10-12，虚拟机监控器用不同的机器页来支撑它们。',
  },
  'shadow-lazy-fill': {
    title: '影子页表：按需填写',
    summary:
      '硬件遍历虚拟机监控器的影子页表；每次首次访问都是一次隐藏缺页：VM 退出、软件遍历客户机页表、由客户机表项与 P2M 构建影子表项，然后重试。',
  },
  'shadow-pt-write-trap': {
    title: '影子页表：被写保护的客户机页表',
    summary:
      '客户机操作系统对已影子化页表的每次写入都会陷入；虚拟机监控器模拟写入，并更新或丢弃影子表项。',
  },
  'shadow-context-switch': {
    title: '影子页表：上下文切换',
    summary:
      'MOV 到 CR3 会引发 VM 退出；虚拟机监控器把真实 CR3 切换到新进程的影子根：首次使用时新建，之后从缓存中复用。',
  },
  'shadow-guest-fault': {
    title: '影子页表：这是谁的缺页？',
    summary:
      '每个 #PF 都会引发 VM 退出；虚拟机监控器以客户机自己的错误码反射客户机引起的缺页，并悄悄处理虚拟机监控器引起的缺页。',
  },
  'xen-direct-paging': {
    title: 'Xen 直接分页',
    summary:
      '半虚拟化客户机的页表中存放机器页帧，MMU 直接遍历它们；客户机可以读页表，每次修改都要经过 Xen 检查：mmu_update，或被 Xen 捕获并模拟的写操作。',
  },
  'xen-mmu-update-batching': {
    title: '批量更新页表',
    summary:
      '每个更新一次超级调用，然后一次 mmu_update 多个更新、一次 multicall 多个超级调用：进入 Xen 的次数变少；批量失败时，已完成的个数说明执行到了哪里。',
  },
  'xen-invalid-update': {
    title: 'Xen 拒绝的更新',
    summary:
      '别的域的页帧、可写的页表、错误的级别、大页位、不合法的新根页表、重复固定：每一种都以相应的错误码被拒绝。',
  },
  'ept-2d-walk': {
    title: '二维页表遍历',
    summary:
      '4 级客户机页表加 4 级 EPT：一次 TLB 未命中需要 24 次内存访问，每个客户机页表地址都要先经过 EPT 遍历。',
  },
  'ept-large-pages': {
    title: '大页缩短二维遍历',
    summary: '1 GiB 的 EPT 大页把 24 次访问减到 14 次；客户机再用 2 MiB 大页时减到 11 次。',
  },
  'ept-5level': {
    title: '5 级客户机页表加 5 级 EPT',
    summary: '使用 LA57 和 5 级 EPT 时，一次 TLB 未命中要 (5+1)×(5+1)−1 = 35 次访问。',
  },
  'ept-violation': {
    title: 'EPT 违例：第一次访问',
    summary:
      '客户机写一个虚拟机监控器尚未分配的页：VM 退出 48 及其退出限定，虚拟机监控器映射该页，写操作重新执行。',
  },
  'ept-vpid-tlb': {
    title: 'VPID 让 TLB 在退出后保留',
    summary:
      '没有 VPID 时每次 VM 退出都会清空客户机的地址转换；有了 VPID，它们带着标记保留下来，直到 INVVPID。',
  },
  'ept-vs-shadow': {
    title: '原生、影子页表与 EPT 对比',
    summary:
      '同一次读取：原生 4 次访问；影子页表 4 次，但每次修改页表都要 VM 退出；EPT 24 次，没有 VM 退出。',
  },
  'vmx-lifecycle': {
    title: 'VT-x 生命周期：从 VMXON 到 VMRESUME',
    summary:
      '在 VT-x 之前，客户机内核被挤到 1 环；有了 VT-x，虚拟机监控器填写 VMCS，用 VMLAUNCH 进入客户机，处理一次 CPUID 引起的 VM 退出，再用 VMRESUME 返回。',
  },
  'vmx-instruction-errors': {
    title: '失败的 VMX 指令',
    summary:
      '两次 VMLAUNCH（错误号 4）、对“清除”状态的 VMCS 执行 VMRESUME（5）、VMWRITE 只读字段（13）、VMPTRLD 非法地址（9）或 VMXON 区域（10），以及没有当前 VMCS 时的 VMfailInvalid。',
  },
  'vmx-exit-reasons': {
    title: '客户机为什么退出：VM 退出原因',
    summary:
      'CPUID（10）、HLT（12）、OUT 与 IN（30）、MOV CR3（28）和 VMCALL（18）：每次 VM 退出都在 VMCS 中留下原因、退出限定和指令长度。',
  },
  'vmx-controls': {
    title: '执行控制字段决定哪些指令退出',
    summary:
      'MOV CR3、OUT 和 HLT 在客户机内直接执行，不退出；打开“HLT 退出”和“CR3 加载退出”后它们会退出；使用 I/O 位图时，只有标记的端口 0x3F8 退出。',
  },
  'vmx-two-vcpus': {
    title: '两个 vCPU 共用一个 CPU：VMPTRLD 与 VPID',
    summary:
      '两个 VMCS（VPID 分别为 1 和 2）轮流在一个物理 CPU 上运行；VMPTRLD 在它们之间切换，它们的 TLB 条目可以共存，不必刷新。',
  },
  'xen-ring-basics': {
    title: 'Xen 共享环形缓冲区',
    summary: '一个请求和一个响应走过 blkif 环：排队、推送并通知、消费、响应、最终检查。',
  },
  'xen-ring-batching': {
    title: '多个请求，一次通知',
    summary: '三次推送共 12 个请求，只有第一次推送发出通知：忙碌的后端还没有重新设置 req_event。',
  },
  'xen-ring-wraparound': {
    title: '越过 2^32 的环索引',
    summary: '一个 8 槽的环，索引从 4294967293 开始：生产者索引回绕到 0，通知规则依然成立。',
  },
  'xen-ring-full': {
    title: '环满了',
    summary: '一个 4 槽的环被填满；只有前端消费了响应，槽位才会归还。',
  },
  'xen-blkfront-read': {
    title: 'blkfront 读取磁盘块',
    summary: 'DomU 授权两个页，发出一个携带授权引用的读请求，Dom0 映射这些页、填入数据并回复。',
  },
  'xen-netfront-tx': {
    title: 'netfront 发送数据包',
    summary: 'DomU 通过 TX 环发送两个数据包；netback 把它们复制出来，经 xenbr0 转发。',
  },
  'xen-netback-rx': {
    title: 'netback 投递接收到的数据包',
    summary: '没有投放 RX 缓冲区时数据包被丢弃；投放缓冲区后，数据包被复制进来，或者整页交换。',
  },
  'xen-event-channels': {
    title: '事件通道',
    summary: '绑定一条域间通道，发送、屏蔽、解除屏蔽，再看 VIRQ、IPI 与 PIRQ。',
  },
  'cpu-popf-hole': {
    title: 'POPF 漏洞',
    summary:
      '被降级的内核弹出 IF = 0：没有陷入，中断仍然开着。原生、陷入并模拟、二进制翻译与 VT-x 对照。',
  },
  'cpu-trap-and-emulate': {
    title: '陷入并模拟一段内核例程',
    summary:
      'CLI、MOV CR3、INVLPG、OUT、STI 与 HLT 都以 #GP 进入虚拟机监控器，由它在虚拟 CPU 上执行，并把中断保留到虚拟 IF 为 1。',
  },
  'cpu-binary-translation': {
    title: 'do_atomic_operation 的二进制翻译',
    summary:
      '翻译单元、IDENT 与 CLI/STI 的缓存内代码、延续桩与链接；第二次调用直接在翻译缓存中运行。',
  },
  'cpu-paravirt-hypercalls': {
    title: '经由超级调用页的半虚拟化超级调用',
    summary:
      '同一段例程运行在 Xen 半虚拟化上：CLI/STI 是对 upcall 屏蔽位的写入，CR3 与 INVLPG 是 `mmuext_op`，HLT 是 `sched_op`，都经由 32 字节的桩代码。',
  },
  'cpu-vtx-routine': {
    title: 'VT-x 运行同一段例程',
    summary:
      '内核在非根模式下保留第 0 环；在虚拟机监控器打开“CR3 加载退出”之前，只有 OUT、HLT 与中断会退出。',
  },
  'migrate-precopy-converges': {
    title: '能收敛的预拷贝',
    summary:
      '一台 1 GiB 的虚拟机逐轮迁移，每轮越来越短，直到满足 QEMU 的阈值；然后同一台虚拟机改用 Xen 的规则。',
  },
  'migrate-precopy-stuck': {
    title: '不收敛的预拷贝',
    summary: '客户机弄脏页的速度超过链路发送的速度；由自动收敛限速或后拷贝来完成迁移。',
  },
  'cpu-rings-cpl': {
    title: '特权环与 CPL',
    summary:
      'CPL 就是 CS 的第 1:0 位。在 CPL 3 下，CLI、HLT 与 MOV CR3 产生 #GP，POPF 悄悄丢弃 IF，INT n 检查门的 DPL。',
  },
  'cpu-all-ways': {
    title: '同一程序的各种运行方式对比',
    summary:
      '同一个内核分别以原生、陷入并模拟、二进制翻译、半虚拟化与 VT-x 运行：陷入、翻译、超级调用、VM 退出与近似周期数。',
  },
  'cpu-popek-goldberg': {
    title: 'Popek–Goldberg 分类',
    summary: '特权、敏感、无害：一张可排序、可试运行的表，以及让 x86 不满足定理 1 的漏洞。',
  },
  'cpu-where-hypervisor-lives': {
    title: '虚拟机监控器在哪里',
    summary:
      '按两种分类看第 1 类与第 2 类，再让客户机的一条 OUT 一跳一跳地穿过 ESX、`Workstation` 的世界切换、Xen 与 Dom0、KVM 与 QEMU。',
  },
  'mem-balloon': {
    title: '气球：充气与放气',
    summary:
      '主机设置 `num_pages`，由客户机选页：先是空闲页，再是页缓存，然后换出到自己的交换区。还有放气、内存耗尽时放气，以及过大的气球。',
  },
  'mem-esx-sharing': {
    title: 'ESX 页共享与写时复制',
    summary:
      '两台来自同一镜像的客户机：哈希、提示项、逐字节比较、带引用计数的只读页框，然后一次写得到私有副本。',
  },
  'mem-ksm': {
    title: '相同虚拟机上的 KSM',
    summary:
      '`ksmd` 的稳定树与不稳定树、校验和规则以及各计数器：100 个相同的页得到 `pages_shared` 1、`pages_sharing` 99。',
  },
  'mem-double-paging': {
    title: '双重换页',
    summary: '主机换出一个页，之后客户机又自己把它换出：一个页三次磁盘 I/O。用气球只需一次。',
  },
  'mem-overcommit': {
    title: '内存超量分配：充气还是换出，谁来买单',
    summary:
      'ESX 的空闲内存状态决定用气球还是换出；带 75% 空闲内存税的每页份额比决定选哪台虚拟机。',
  },
  'kvm-run-loop': {
    title: 'KVM 运行循环：一次端口访问和一次 MMIO 访问',
    summary: '退出、KVM、`KVM_RUN` 返回 QEMU、设备模型、VM 进入：一跳一跳地看。',
  },
  'e1000-transmit': {
    title: 'QEMU 下的 e1000 发送',
    summary: '描述符、TDT、`start_xmit`、中断、ICR、回收。',
  },
  'e1000-receive': {
    title: 'QEMU 下的 e1000 接收',
    summary: '扣住的帧、DD 与 EOP 回写、接收溢出。',
  },
  'iommu-dma-walk': {
    title: '经过 IOMMU 的 DMA',
    summary:
      'VT-d 为网卡的 DMA 遍历根表项、上下文表项和二级页表项，缓存结果，并用故障记录阻止错误的 DMA。',
  },
  'iommu-vfio-assign': {
    title: '用 VFIO 分配设备',
    summary:
      '把网卡分配给客户机：DMA 在客户机的域中转换，BAR 映射后访问不退出，配置空间仍被截获，MSI 经过重映射。',
  },
  'iommu-sriov-two-guests': {
    title: 'SR-IOV：每台客户机一个 VF',
    summary:
      'PF 按路由 ID 启用两个 VF；每台客户机在自己的域中得到一个，一台客户机对另一台的 DMA 会引发故障。',
  },
  'vtx-ept-exits': {
    title: 'VMCS 中的 EPT 退出',
    summary:
      '运行在 EPT 之上的 VT-x 客户机：它的 EPT 违例（48）与 EPT 配置错误（49）连同退出限定、GPA 和 GLA 一起写进 VMCS。',
  },
  'sched-credit': {
    title: '两台虚拟机与信用值调度器',
    summary:
      '权重 256 与 512 按 1:2 分享一个物理 CPU；上限让虚拟机被挂起；醒来的 I/O vCPU 被提升。',
  },
  'sched-vmcs-follows': {
    title: 'VMCS 跟随它的 vCPU',
    summary:
      '把 vCPU 移到另一个物理 CPU：在那边 VMCLEAR，在这边 VMPTRLD，再 VMLAUNCH，因为 VMRESUME 会以错误号 5 失败。',
  },
  'migrate-checkpoint': {
    title: '检查点与恢复',
    summary: '写进文件的迁移流：保存每个页和 vCPU 状态，恢复时撤销之后的写。',
  },
  'virtio-net-tx': {
    title: 'virtio-net 发送',
    summary:
      '一个数据包在客户机内存中是一条描述符链；门铃导致退出并交给 QEMU，然后是已用环与中断；再把三个包用一次通知发出。',
  },
  'virtio-event-idx-wrap': {
    title: 'EVENT_IDX 跨越 16 位回绕',
    summary: '65534 个包之后索引回绕；`vring_need_event` 仍能判断哪次通知、哪次中断该发生。',
  },
  'virtio-vhost-net': {
    title: 'vhost-net：QEMU 离开数据路径',
    summary: '同样的发送改走 ioeventfd、内核工作线程与 irqfd，并比较计数；最后一条成环的链被识破。',
  },
  'virtio-net-rx': {
    title: 'virtio-net 接收',
    summary:
      '帧等待缓冲区；驱动放入 WRITE 缓冲区并通知；设备写入头部和帧并给出长度；EVENT_IDX 省下一次中断。',
  },
  'io-five-ways': {
    title: '同一个包的五种走法',
    summary:
      '经 e1000、QEMU 后端的 virtio、vhost-net、直通网卡和 SR-IOV VF 各收发 4 个帧：统计退出、返回用户态、拷贝与中断。',
  },
}
