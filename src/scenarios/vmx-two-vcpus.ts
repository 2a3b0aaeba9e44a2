import type { Phase } from './types.ts'
import { VMX_HOST_SETUP } from './vmx-setup.ts'

// Course notes 001 (one VMCS per vCPU; the VMM schedules vCPUs onto the physical CPU) and
// 004 slides 52-53 (VPID: 16-bit field, TLB entries tagged, no flush on entry/exit). Control
// bits from hw-facts §4.5: activate secondary controls = primary bit 31 (0x80000000), enable
// VPID = secondary bit 5 (0x20); VPID field 0x0000 (§4.4); VPID must be non-zero (§4.8 (b));
// INVVPID type 1 = single-context (§4.1).
export const phases: readonly Phase[] = [
  {
    id: 'two-vmcs',
    script: `vmxon
vmclear vcpu0
vmclear vcpu1`,
    say: {
      en: 'The VM has two vCPUs but the machine lends it one physical CPU. Each vCPU gets its own VMCS (vcpu0 and vcpu1), both clear.',
      zh: '这台虚拟机有两个 vCPU，但物理机只给它一个物理 CPU。每个 vCPU 有自己的 VMCS（vcpu0 和 vcpu1），两者都处于“清除”状态。',
    },
    title: { en: 'Two VMCSs', zh: '两个 VMCS' },
    setup: true,
  },
  {
    id: 'fill-vcpu0',
    script: `vmptrld vcpu0
${VMX_HOST_SETUP}
vmwrite CPU_BASED_VM_EXEC_CONTROL 0x80000000
vmwrite SECONDARY_VM_EXEC_CONTROL 0x20
vmwrite VIRTUAL_PROCESSOR_ID 1
vmwrite GUEST_RIP 0x1000
vmwrite GUEST_RFLAGS 0x2`,
    say: {
      en: 'VMWRITE only reaches the current VMCS, so the VMM loads vcpu0 first. Besides the host state it turns on “enable VPID” (secondary bit 5, reached through primary bit 31) and gives vcpu0 VPID 1.',
      zh: 'VMWRITE 只作用于当前 VMCS，所以虚拟机监控器先加载 vcpu0。除了主机状态，它还打开“启用 VPID”（辅助控制第 5 位，需经主控制第 31 位启用），并给 vcpu0 分配 VPID 1。',
    },
    title: { en: 'Fill vcpu0 (VPID 1)', zh: '填写 vcpu0（VPID 1）' },
    setup: true,
  },
  {
    id: 'fill-vcpu1',
    script: `vmptrld vcpu1
${VMX_HOST_SETUP}
vmwrite CPU_BASED_VM_EXEC_CONTROL 0x80000000
vmwrite SECONDARY_VM_EXEC_CONTROL 0x20
vmwrite VIRTUAL_PROCESSOR_ID 2
vmwrite GUEST_RIP 0x1000
vmwrite GUEST_RFLAGS 0x2`,
    say: {
      en: 'VMPTRLD vcpu1 makes vcpu1 current; vcpu0 keeps its contents. vcpu1 gets the same setup with VPID 2.',
      zh: 'VMPTRLD vcpu1 使 vcpu1 成为当前 VMCS；vcpu0 的内容保持不变。vcpu1 得到同样的设置，VPID 为 2。',
    },
    title: { en: 'Fill vcpu1 (VPID 2)', zh: '填写 vcpu1（VPID 2）' },
    setup: true,
  },
  {
    id: 'run-vcpu0',
    questions: [
      { step: 2, kind: 'vmx-outcome' },
      { step: 3, kind: 'exit-reason' },
    ],
    script: `vmptrld vcpu0
vmlaunch
guest cpuid
vmm advance-rip`,
    say: {
      en: 'The VMM schedules vcpu0: VMPTRLD, VMLAUNCH. Its instruction fetch caches a translation tagged VPID 1. At the CPUID exit nothing is flushed: with VPID on, exits and entries keep the TLB.',
      zh: '虚拟机监控器调度 vcpu0：VMPTRLD，然后 VMLAUNCH。它取指时缓存的地址转换带有 VPID 1 的标记。CPUID 引起 VM 退出时不刷新任何条目：开启 VPID 后，VM 退出和 VM 进入都保留 TLB。',
    },
    title: { en: 'Run vcpu0', zh: '运行 vcpu0' },
  },
  {
    id: 'switch-to-vcpu1',
    questions: [{ step: 2, kind: 'vmx-outcome' }],
    script: `vmptrld vcpu1
vmlaunch
guest cpuid
vmm advance-rip`,
    say: {
      en: 'Switching vCPUs is one VMPTRLD. vcpu1 is still clear, so it starts with VMLAUNCH. It runs at the same address 0x1000, but its TLB entry is tagged VPID 2, so it cannot hit vcpu0’s entry.',
      zh: '切换 vCPU 只需一条 VMPTRLD。vcpu1 仍是“清除”状态，所以用 VMLAUNCH 启动。它在同一地址 0x1000 运行，但它的 TLB 条目带 VPID 2 标记，不会命中 vcpu0 的条目。',
    },
    title: { en: 'Switch to vcpu1', zh: '切换到 vcpu1' },
  },
  {
    id: 'back-to-vcpu0',
    questions: [
      { step: 2, kind: 'vmx-outcome' },
      { step: 3, kind: 'exit-reason' },
    ],
    script: `vmptrld vcpu0
vmresume
guest cpuid
vmm advance-rip`,
    say: {
      en: 'Back to vcpu0: it is launched, so VMRESUME. Its VPID 1 entry survived vcpu1’s turn; without VPID, every VM entry and exit would have flushed it.',
      zh: '回到 vcpu0：它已是“已启动”状态，所以用 VMRESUME。它的 VPID 1 条目在 vcpu1 运行期间保留了下来；如果没有 VPID，每次 VM 进入和 VM 退出都会把它刷掉。',
    },
    title: { en: 'Back to vcpu0: the TLB kept', zh: '回到 vcpu0：TLB 保留' },
  },
  {
    id: 'invvpid',
    script: 'invvpid single 1',
    say: {
      en: 'When vcpu0’s mappings really change, the VMM flushes just that vCPU with INVVPID single-context (type 1) for VPID 1. vcpu1’s VPID 2 entry stays.',
      zh: '当 vcpu0 的映射确实改变时，虚拟机监控器用 INVVPID 单上下文失效（类型 1）只刷新 VPID 1。vcpu1 的 VPID 2 条目保留不动。',
    },
    title: { en: 'INVVPID for VPID 1', zh: '针对 VPID 1 的 INVVPID' },
  },
]
