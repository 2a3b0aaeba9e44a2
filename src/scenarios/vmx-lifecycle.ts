import type { Phase } from './types.ts'
import { VMX_HOST_SETUP } from './vmx-setup.ts'

// Course notes 001 (root / non-root, one VMCS per vCPU), 003 (the steps of a VM exit) and
// 004 slides 44-49 (pre-VT vs VT-x, VMX transitions, the six VMCS groups). Numbers: hw-facts
// §4.1 (VMXON, VMLAUNCH), §4.2 (launch state), §4.6 (CPUID = exit reason 10), §4.8.
export const phases: readonly Phase[] = [
  {
    id: 'pre-vt',
    script: `cpu pre-vt
guest mov cr3 0x5000
guest cpuid`,
    say: {
      en: 'Before VT-x, the VMM owns ring 0 and the guest kernel is deprivileged to ring 1. A privileged instruction such as MOV to CR3 faults (#GP, vector 13) and the VMM emulates it. CPUID is not privileged, so it just runs and the VMM never sees it.',
      zh: '在 VT-x 之前，虚拟机监控器占据 0 环，客户机内核被降级到 1 环。MOV CR3 这样的特权指令会触发 #GP（向量 13），由虚拟机监控器模拟执行（陷入并模拟）。CPUID 不是特权指令，会直接执行，虚拟机监控器根本看不到。',
    },
    title: { en: 'Before VT-x: trap and emulate', zh: 'VT-x 之前：陷入并模拟' },
  },
  {
    id: 'vmxon',
    questions: [{ step: 2, kind: 'vmx-outcome' }],
    script: `cpu vt-x
vmxon`,
    say: {
      en: 'VT-x adds two kinds of operation, each with its own rings 0-3. VMXON puts the processor in VMX root operation, where the VMM runs; there is no current VMCS yet (the pointer reads FFFFFFFF_FFFFFFFFH).',
      zh: 'VT-x 新增了两种操作模式：根模式和非根模式，各自有 0-3 环。VMXON 让处理器进入 VMX 根模式，虚拟机监控器就在这里运行；此时还没有当前 VMCS（指针为 FFFFFFFF_FFFFFFFFH）。',
    },
    title: { en: 'VMXON: root operation', zh: 'VMXON：进入根操作' },
  },
  {
    id: 'vmcs-current',
    script: `vmclear vcpu0
vmptrld vcpu0`,
    say: {
      en: 'Each vCPU has its own VMCS. VMCLEAR initialises vcpu0’s VMCS and sets its launch state to clear; VMPTRLD makes it the current VMCS, the one VMREAD, VMWRITE and VMLAUNCH act on.',
      zh: '每个 vCPU 对应一个 VMCS。VMCLEAR 初始化 vcpu0 的 VMCS，并把它的启动状态设为“清除”；VMPTRLD 使它成为当前 VMCS，之后的 VMREAD、VMWRITE 和 VMLAUNCH 都作用于它。',
    },
    title: { en: 'VMCLEAR and VMPTRLD', zh: 'VMCLEAR 与 VMPTRLD' },
  },
  {
    id: 'host-state',
    script: VMX_HOST_SETUP,
    say: {
      en: 'A VMM must fill the host-state area before it may enter: the host’s own CR0 and CR4 (PE, NE, PG and VMXE must be 1 in VMX operation, and PAE for a 64-bit host), where the CPU returns on every VM exit (HOST_RIP, canonical) and non-zero CS and TR selectors; the 64-bit host sets exit-control bit 9 (0x200), and the VMCS-link pointer is all ones. The SDM’s host-state checks (Vol. 3C §26.2.2-26.2.4) fail VMLAUNCH with error 8; a bad guest state fails the entry with reason 33.',
      zh: '虚拟机监控器在进入客户机之前必须填好主机状态区：宿主机自己的 CR0 和 CR4（在 VMX 操作中 PE、NE、PG 和 VMXE 必须为 1，64 位宿主机还要 PAE），每次 VM 退出后处理器返回到哪里（HOST_RIP，必须是规范地址），以及非零的 CS 和 TR 选择子；64 位主机要设置 VM 退出控制的第 9 位（0x200），VMCS 链接指针（VMCS_LINK_POINTER）要全为 1。SDM 的宿主机状态检查（卷 3C §26.2.2-26.2.4）不通过时 VMLAUNCH 以错误号 8 失败；客户机状态有误时 VM 进入以原因号 33 失败。',
    },
    title: { en: 'Fill the host state', zh: '填写宿主机状态' },
  },
  {
    id: 'guest-state',
    script: `vmwrite GUEST_RIP 0x1000
vmwrite GUEST_RFLAGS 0x2`,
    say: {
      en: 'The guest-state area holds the vCPU’s context. Here the VMM sets GUEST_RIP (encoding 0x681E): the guest will start at address 0x1000. It also sets GUEST_RFLAGS (0x6820) to 0x2, as KVM and Xen do for a new vCPU: RFLAGS bit 1 is reserved and must be 1, or VM entry fails its guest-state check with exit reason 33.',
      zh: '客户机状态区保存 vCPU 的上下文。这里虚拟机监控器写入 GUEST_RIP（编码 0x681E）：客户机将从地址 0x1000 开始执行。它还把 GUEST_RFLAGS（0x6820）设为 0x2，KVM 和 Xen 为新 vCPU 设置的也是这个值：RFLAGS 的第 1 位是保留位，必须为 1，否则 VM 进入的客户机状态检查失败，退出原因为 33。',
    },
    title: { en: 'Fill the guest state', zh: '填写客户机状态' },
  },
  {
    id: 'vmlaunch',
    questions: [{ step: 1, kind: 'vmx-outcome' }],
    script: 'vmlaunch',
    say: {
      en: 'VMLAUNCH is a VM entry: the processor checks the controls and host state, loads the guest state and moves to VMX non-root operation. The guest kernel runs at ring 0 there, unmodified, and the VMCS becomes launched.',
      zh: 'VMLAUNCH 是一次 VM 进入：处理器检查控制字段和主机状态，加载客户机状态，进入 VMX 非根模式。客户机内核在那里运行于 0 环，无需修改；这个 VMCS 的状态变为“已启动”。',
    },
    title: { en: 'VMLAUNCH: enter the guest', zh: 'VMLAUNCH：进入客户机' },
  },
  {
    id: 'first-exit',
    questions: [{ step: 1, kind: 'exit-reason' }],
    script: 'guest cpuid',
    say: {
      en: 'The guest executes CPUID, which always exits. The VM exit records the reason (10, CPUID) and the instruction length (2), saves the guest state into the VMCS, loads the host state and continues at HOST_RIP in root operation.',
      zh: '客户机执行 CPUID，这条指令总会引起 VM 退出。VM 退出记录原因（10，CPUID）和指令长度（2），把客户机状态保存到 VMCS，加载主机状态，然后在根模式下从 HOST_RIP 继续执行。',
    },
    title: { en: 'CPUID exits', zh: 'CPUID 引起退出' },
  },
  {
    id: 'handle-exit',
    script: `vmread VM_EXIT_REASON
vmread VM_EXIT_INSTRUCTION_LEN
vmm advance-rip`,
    say: {
      en: 'The VMM reads why the guest left (VM_EXIT_REASON = 10) and how long the instruction was, emulates CPUID, then moves GUEST_RIP past it: 0x1000 + 2 = 0x1002. The saved RIP points at the exiting instruction, so software must advance it.',
      zh: '虚拟机监控器读出客户机退出的原因（VM_EXIT_REASON = 10）和指令长度，模拟执行 CPUID，再把 GUEST_RIP 移过这条指令：0x1000 + 2 = 0x1002。保存的 RIP 指向引起退出的那条指令，所以必须由软件前移。',
    },
    title: { en: 'The VMM handles the exit', zh: 'VMM 处理退出' },
  },
  {
    id: 'vmresume',
    questions: [{ step: 1, kind: 'vmx-outcome' }],
    script: 'vmresume',
    say: {
      en: 'The VMCS is launched now, so the VMM re-enters with VMRESUME (VMLAUNCH would fail with error 4). The guest continues at 0x1002 as if CPUID had simply run.',
      zh: '这个 VMCS 现在已是“已启动”状态，所以虚拟机监控器用 VMRESUME 重新进入（再用 VMLAUNCH 会以错误号 4 失败）。客户机从 0x1002 继续执行，仿佛 CPUID 只是正常执行了一样。',
    },
    title: { en: 'VMRESUME: back to the guest', zh: 'VMRESUME：回到客户机' },
  },
]
