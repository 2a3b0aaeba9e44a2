// What each step of "where the hypervisor lives" means, in English and Simplified Chinese
// (hw-facts-2 §4.1-4.3, §1.1, §1.6-1.8, §4.4; hw-facts §4.7-4.8, §5.4-5.5; seeds 000, 003, 004).
import type { Localized } from '../console/index.ts'
import type { DesignId, Hop, HypEvent, TanLabel, UcrLabel } from '../engine/index.ts'
import { tidyZh } from './zh.ts'

const L = (en: string, zh: string): Localized => ({ en, zh: tidyZh(zh) })
const hx = (n: number | bigint): string => `0x${n.toString(16)}`

export const DESIGN_NAME: Record<DesignId, Localized> = {
  esx: { en: 'VMware ESX (type 1, bare metal)', zh: 'VMware ESX（第 1 类，裸机）' },
  hosted: { en: 'VMware Workstation (hosted)', zh: '`VMware Workstation`（宿主式）' },
  xen: { en: 'Xen with Dom0', zh: 'Xen 与 Dom0' },
  kvm: { en: 'KVM with QEMU', zh: 'KVM 与 QEMU' },
}

export const TAN_NAME: Record<TanLabel, Localized> = {
  type1: { en: 'type 1', zh: '第 1 类' },
  type2: { en: 'type 2', zh: '第 2 类' },
  'type2-contested': { en: 'type 2*, contested', zh: '第 2 类*，有争议' },
}
export const UCR_NAME: Record<UcrLabel, Localized> = {
  type1: { en: 'type 1', zh: '第 1 类' },
  type2: { en: 'type 2', zh: '第 2 类' },
  hybrid: { en: 'hybrid', zh: '混合式' },
}

const DESIGN_SAY: Record<DesignId, Localized> = {
  esx: L(
    'ESX: the VMM (one per VM) runs on the ESX hypervisor, which has its own CPU scheduler, memory manager and I/O subsystem with its own drivers. Nothing else runs in the most privileged mode: no host OS. The guest kernel runs deprivileged in ring 1 under binary translation.',
    'ESX：VMM（每台虚拟机一个）运行在 ESX `hypervisor` 之上，后者有自己的 CPU 调度器、内存管理器和带自有驱动的 I/O 子系统。最高特权级中没有别的程序：没有宿主操作系统。客户机内核在二进制翻译下降级运行在 1 环。',
  ),
  hosted: L(
    'VMware Workstation: two worlds share the CPU. The host world is the host OS with VMDriver in its kernel and VMApp, an ordinary process. The VMM world is the guest (ring 1) and the VMM (ring 0), which owns the CPU while it runs. VMDriver switches between them.',
    '`VMware Workstation`：两个世界轮流使用 CPU。宿主世界是宿主操作系统，其内核中有 VMDriver，还有一个普通进程 VMApp。VMM 世界是客户机（1 环）和 VMM（0 环），VMM 运行时完全掌控 CPU。VMDriver 在两者之间切换。',
  ),
  xen: L(
    'Xen with Dom0: Xen alone runs in ring 0. Dom0, a privileged domain, holds the real device drivers and the back ends; DomU, the guest, runs a paravirtualized kernel in ring 3 (64-bit PV) with front-end drivers only.',
    'Xen 与 Dom0：只有 Xen 运行在 0 环。Dom0 是一个特权域，持有真正的设备驱动和后端；客户机 DomU 在 3 环运行半虚拟化内核（64 位 PV），只有前端驱动。',
  ),
  kvm: L(
    'KVM: kvm.ko turns the running Linux kernel into the hypervisor (VMX root, ring 0). The VM is a QEMU process; each vCPU is one QEMU thread looping on ioctl(KVM_RUN); while that ioctl runs, the thread is the guest in VMX non-root.',
    'KVM：`kvm.ko` 把正在运行的 Linux 内核变成 `hypervisor`（VMX 根模式，0 环）。虚拟机是一个 QEMU 进程；每个 vCPU 是一个在 `ioctl(KVM_RUN)` 上循环的 QEMU 线程；这个 `ioctl` 运行时，该线程就是处于 VMX 非根模式的客户机。',
  ),
}

function hopSay(design: DesignId, h: Hop, port: string): Localized {
  switch (h.how) {
    case 'trap':
      return L(
        `The guest kernel’s NIC driver executes OUT to port ${port}. The VMM intercepts it: under binary translation the kernel’s I/O instruction is a call-out to the VMM, which now runs in ring 0.`,
        `客户机内核的网卡驱动对端口 ${port} 执行 OUT。VMM 截获它：在二进制翻译下，内核的 I/O 指令变成对 VMM 的调出，VMM 此刻运行在 0 环。`,
      )
    case 'vm-exit':
      return L(
        `The guest executes OUT to port ${port} in VMX non-root. The I/O exiting controls make it exit: reason 30, qualification ${hx(h.exit?.qualification ?? 0n)} (port in bits 31:16, size − 1 in bits 2:0, bit 3 = 0 for OUT). The CPU saves guest state into the VMCS and loads the host’s (CR3 now holds the QEMU process’s page tables): KVM runs.`,
        `客户机在 VMX 非根模式中对端口 ${port} 执行 OUT。I/O 退出控制让它退出：原因 30，限定信息 ${hx(h.exit?.qualification ?? 0n)}（位 31:16 是端口，位 2:0 是大小减 1，位 3 为 0 表示 OUT）。CPU 把客户机状态存入 VMCS 并载入宿主状态（CR3 现在是 QEMU 进程的页表）：KVM 开始运行。`,
      )
    case 'ring':
      return L(
        'A Xen PV guest has no emulated NIC to OUT to: its driver is netfront, written for Xen. Where the other designs’ driver executes OUT, netfront writes the transmit request into the ring it shares with Dom0’s netback and pushes req_prod; the push says the back end must be notified. No hypervisor yet.',
        'Xen PV 客户机没有可以执行 OUT 的模拟网卡：它的驱动是为 Xen 编写的 netfront。在其他设计中驱动执行 OUT 的地方，netfront 把发送请求写进它与 Dom0 的 netback 共享的环，并推进 `req_prod`；这次推送表明需要通知后端。还没有进入 `hypervisor`。',
      )
    case 'hypercall':
      return h.hypercall?.nr === 20
        ? L(
            'netback asks Xen to copy the frame out of DomU’s granted page: hypercall 20 (grant_table_op), GNTTABOP_copy (5). Xen checks the grant and copies; Dom0 reaches DomU’s memory only through what DomU granted.',
            'netback 请 Xen 把帧从 DomU 授权的页中拷出来：超级调用 20（`grant_table_op`），`GNTTABOP_copy`（5）。Xen 检查授权并拷贝；Dom0 只能通过 DomU 授予的权限访问它的内存。',
          )
        : h.from === 'guest'
          ? L(
              'netfront notifies: syscall through stub 32 of the hypercall page, hypercall 32 (event_channel_op) with EVTCHNOP_send (4). The CPU goes from ring 3 to ring 0: Xen runs, still on DomU’s page tables.',
              'netfront 发出通知：通过超级调用页的第 32 个桩执行 `syscall`，超级调用 32（`event_channel_op`），子操作 `EVTCHNOP_send`（4）。CPU 从 3 环进入 0 环：Xen 开始运行，仍在 DomU 的页表上。',
            )
          : L(
              'netback puts the response on the ring and notifies DomU the same way: hypercall 32, EVTCHNOP_send, from Dom0’s ring 3 into Xen.',
              'netback 把响应放到环上，并以同样方式通知 DomU：从 Dom0 的 3 环执行超级调用 32，`EVTCHNOP_send`，进入 Xen。',
            )
    case 'event':
      return L(
        'Xen sets the event channel’s pending bit in Dom0’s shared_info, its selector bit and evtchn_upcall_pending, and kicks Dom0’s vCPU. Xen itself has no NIC driver.',
        'Xen 在 Dom0 的 `shared_info` 中置位该事件通道的挂起位、选择位和 `evtchn_upcall_pending`，并唤醒 Dom0 的 vCPU。Xen 自己没有网卡驱动。',
      )
    case 'domain-switch':
      return h.at === 'dom0'
        ? L(
            'Xen runs Dom0’s vCPU next (the event woke it, and a waking vCPU gets BOOST priority in the credit scheduler): it loads Dom0’s page tables and upcalls Dom0’s event handler, which wakes netback. DomU waits in its hypercall.',
            'Xen 接着运行 Dom0 的 vCPU（事件唤醒了它，信用调度器给被唤醒的 vCPU 以 BOOST 优先级）：载入 Dom0 的页表，向上调用 Dom0 的事件处理程序，唤醒 netback。DomU 停在它的超级调用中。',
          )
        : L(
            'Xen marks DomU’s port pending, switches back to DomU (its page tables), its hypercall returns, and the upcall lets netfront consume the response and free the request slot. The guest runs on.',
            'Xen 把 DomU 的端口置为挂起，切换回 DomU（它的页表），它的超级调用返回，向上调用让 netfront 取走响应并释放请求槽。客户机继续运行。',
          )
    case 'device-model':
      return design === 'kvm'
        ? L(
            'QEMU’s vCPU thread, back in user space, dispatches the port with kvm_handle_io to its NIC model, which starts the transmit synchronously on this thread.',
            'QEMU 的 vCPU 线程回到用户态，用 `kvm_handle_io` 按端口分发给它的网卡模型，后者就在这个线程上同步开始发送。',
          )
        : design === 'hosted'
          ? L(
              'The VMM’s virtual NIC (an AMD Lance) decodes the write. The VMM handles the address-register accesses itself, but this transmit OUT needs a host system call, and the VMM world has no host OS to call: it must switch worlds.',
              'VMM 的虚拟网卡（`AMD Lance`）解码这次写。地址寄存器的访问由 VMM 自己处理，但这条发送用的 OUT 需要一次宿主系统调用，而 VMM 世界里没有可调用的宿主操作系统：必须切换世界。',
            )
          : L(
              'The VMM’s virtual NIC model (the device the guest sees) decodes the write: a transmit command.',
              'VMM 的虚拟网卡模型（客户机看到的设备）解码这次写：一个发送命令。',
            )
    case 'to-io-subsystem':
      return L(
        'The VMM hands the frame to the ESX hypervisor’s I/O subsystem. Both run in ring 0 of the same machine: no host OS, no world switch.',
        'VMM 把帧交给 ESX `hypervisor` 的 I/O 子系统。两者都运行在同一台机器的 0 环：没有宿主操作系统，也没有世界切换。',
      )
    case 'world-switch':
      return h.switches?.to === 'host'
        ? L(
            `World switch, VMM world → host world: VMDriver saves the VMM world’s CPU state and restores the host’s: ${h.switches.state.join(', ')} — the whole address space, the exception handlers, the privileged registers. About 45 instructions (Tanenbaum, approximate), heavier than a process switch.`,
            `世界切换，VMM 世界 → 宿主世界：VMDriver 保存 VMM 世界的 CPU 状态并恢复宿主的：${h.switches.state.join('、')}——整个地址空间、异常处理程序、特权寄存器。约 45 条指令（Tanenbaum，近似值），比进程切换更重。`,
          )
        : L(
            'World switch back, host world → VMM world: VMDriver saves the host’s CPU state and restores the VMM world’s (its CR3, IDT, GDT and the rest). The host OS is suspended while the VMM runs.',
            '世界切换回去，宿主世界 → VMM 世界：VMDriver 保存宿主的 CPU 状态，恢复 VMM 世界的（它的 CR3、IDT、GDT 等）。VMM 运行期间，整个宿主操作系统被挂起。',
          )
    case 'to-user':
      return design === 'kvm'
        ? L(
            `KVM has no in-kernel device and no ioeventfd for port ${port}, so ioctl(KVM_RUN) returns to QEMU with kvm_run.exit_reason = KVM_EXIT_IO (2), io {direction 1 (OUT), size ${h.kvmRun?.size ?? 0}, port ${port}, count 1, data_offset ${h.kvmRun?.dataOffset ?? 0}}. Ring 0 → ring 3.`,
            `KVM 在端口 ${port} 上没有内核中的设备，也没有 \`ioeventfd\`，于是 \`ioctl(KVM_RUN)\` 返回 QEMU，\`kvm_run.exit_reason\` = \`KVM_EXIT_IO\`（2），io {方向 1（OUT），大小 ${h.kvmRun?.size ?? 0}，端口 ${port}，计数 1，\`data_offset\` ${h.kvmRun?.dataOffset ?? 0}}。0 环 → 3 环。`,
          )
        : L(
            'Back in the host world, VMDriver hands the request to VMApp, the VM’s user-level process (ring 3), which owns the device back ends.',
            '回到宿主世界，VMDriver 把请求交给虚拟机的用户态进程 VMApp（3 环），设备后端都在它那里。',
          )
    case 'syscall':
      return design === 'kvm'
        ? L(
            'QEMU write()s the frame to its tap device: a system call into the host kernel.',
            'QEMU 用 `write()` 把帧写到它的 `tap` 设备：一次进入宿主内核的系统调用。',
          )
        : L(
            'VMApp write()s the frame to the VMNet driver: an ordinary system call into the host kernel.',
            'VMApp 用 `write()` 把帧写给 VMNet 驱动：一次普通的进入宿主内核的系统调用。',
          )
    case 'run-vm':
      return design === 'kvm'
        ? L(
            'QEMU calls ioctl(KVM_RUN) again: into the host kernel, where KVM prepares the VM entry.',
            'QEMU 再次调用 `ioctl(KVM_RUN)`：进入宿主内核，KVM 准备 VM 进入。',
          )
        : L(
            'VMApp calls into VMDriver to run the VM again.',
            'VMApp 调用 VMDriver，再次运行虚拟机。',
          )
    case 'syscall-return':
      return design === 'xen'
        ? L(
            'The copy is done; the hypercall returns to netback in Dom0.',
            '拷贝完成；超级调用返回 Dom0 中的 netback。',
          )
        : L('The write() returns to the process in ring 3.', '`write()` 返回 3 环中的进程。')
    case 'driver':
      return design === 'esx'
        ? L(
            'ESX’s own NIC driver sends the frame on the physical NIC. A type 1 hypervisor must bring its own drivers (or use a driver domain).',
            'ESX 自己的网卡驱动在物理网卡上发出这帧。第 1 类 `hypervisor` 必须自带驱动（或使用驱动域）。',
          )
        : design === 'xen'
          ? L(
              'Dom0’s real NIC driver, an ordinary Linux driver, sends the frame (through the bridge) on the physical NIC. The drivers live in Dom0, not in Xen.',
              'Dom0 中真正的网卡驱动（一个普通的 Linux 驱动）把帧（经网桥）从物理网卡发出。驱动在 Dom0 中，而不在 Xen 中。',
            )
          : design === 'kvm'
            ? L(
                'The host kernel passes the frame from the tap device to the host’s own NIC driver, which sends it on the physical NIC.',
                '宿主内核把帧从 `tap` 设备交给宿主自己的网卡驱动，由它从物理网卡发出。',
              )
            : L(
                'VMNet passes the frame to the host OS’s own NIC driver, which sends it on the physical NIC: a type 2 hypervisor reuses the host’s drivers.',
                'VMNet 把帧交给宿主操作系统自己的网卡驱动，由它从物理网卡发出：第 2 类 `hypervisor` 复用宿主的驱动。',
              )
    case 'to-vmm':
      return L('The I/O subsystem returns to the VMM.', 'I/O 子系统返回到 VMM。')
    case 'resume':
      return L(
        'The VMM finishes the OUT (the guest’s RIP moves past it) and resumes the guest in ring 1.',
        'VMM 完成这条 OUT（客户机的 RIP 越过它），在 1 环恢复客户机运行。',
      )
    case 'vm-entry':
      return L(
        'KVM enters the guest (VMRESUME): the CPU loads guest state from the VMCS, the guest continues after its OUT in VMX non-root.',
        'KVM 进入客户机（VMRESUME）：CPU 从 VMCS 载入客户机状态，客户机在 VMX 非根模式中从 OUT 之后继续运行。',
      )
  }
}

export function describeHypEvent(e: HypEvent): Localized {
  switch (e.kind) {
    case 'hyp.taxonomy':
      return L(
        'The table puts each design under both taxonomies. The UCR slides name KVM as type 1 and VMware as type 2, and call Xen a hybrid; ESX is not named there, so its label follows their definition.',
        '表格把每种设计放在两种分类下。UCR 课件把 KVM 列为第 1 类、VMware 列为第 2 类，并称 Xen 为混合式；课件没有点名 ESX，所以它的标签按课件的定义给出。',
      )
    case 'hyp.design': {
      const t = e.taxonomy
      const d = DESIGN_SAY[e.design]
      return L(
        `${d.en} Tanenbaum: ${TAN_NAME[t.tanenbaum].en}; UCR: ${UCR_NAME[t.ucr].en}${t.ucrNamed ? '' : ' (by the slides’ definition; they do not name it)'}.`,
        `${d.zh}Tanenbaum：${TAN_NAME[t.tanenbaum].zh}；UCR：${UCR_NAME[t.ucr].zh}${t.ucrNamed ? '' : '（按课件的定义；课件没有点名它）'}。`,
      )
    }
    case 'hyp.hop': {
      const s = hopSay(e.design, e.hop, hx(e.instr.port))
      return L(`Hop ${e.hop.n} of ${e.of}. ${s.en}`, `第 ${e.hop.n} 跳（共 ${e.of} 跳）。${s.zh}`)
    }
    case 'hyp.compare': {
      const row = (r: (typeof e.rows)[number], lang: 'en' | 'zh'): string =>
        lang === 'en'
          ? `${DESIGN_NAME[r.design].en} ${r.counts.hops} hops (${r.counts.worldSwitches} world switches, ${r.counts.userVisits} visits to a user process)`
          : `${DESIGN_NAME[r.design].zh} ${r.counts.hops} 跳（世界切换 ${r.counts.worldSwitches} 次，进入用户进程 ${r.counts.userVisits} 次）`
      return L(
        `The same OUT through all four, counted from the model’s hops: ${e.rows.map((r) => row(r, 'en')).join('; ')}.`,
        `同一条 OUT 穿过全部四种设计，按模型的各跳统计：${e.rows.map((r) => row(r, 'zh')).join('；')}。`,
      )
    }
  }
}
