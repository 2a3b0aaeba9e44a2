import type { Phase } from './types.ts'
import { VMX_HOST_SETUP } from './vmx-setup.ts'

// Every VM-instruction error here is a number from hw-facts §4.3; the outcome conventions
// (VMfailValid sets ZF and writes field 0x4400, VMfailInvalid sets CF) are §4.1; the launch
// rules are §4.2. Course notes 004 slide 46 (VMX transitions).
export const phases: readonly Phase[] = [
  {
    id: 'setup',
    script: `vmxon
vmclear vcpu0
vmptrld vcpu0
${VMX_HOST_SETUP}
vmwrite GUEST_RIP 0x1000
vmwrite GUEST_RFLAGS 0x2`,
    say: {
      en: 'The VMM enters VMX root operation, makes vcpu0’s VMCS current and fills the host state a VM entry checks. Nothing has failed yet.',
      zh: '虚拟机监控器进入 VMX 根模式，使 vcpu0 的 VMCS 成为当前 VMCS，并填好 VM 进入要检查的主机状态。到这里还没有任何失败。',
    },
    title: { en: 'VMXON and a current VMCS', zh: 'VMXON 与当前 VMCS' },
    setup: true,
  },
  {
    id: 'entry-failure',
    questions: [{ step: 2, kind: 'exit-reason' }],
    script: `vmwrite GUEST_RFLAGS 0
vmlaunch
vmwrite GUEST_RFLAGS 0x2`,
    say: {
      en: 'Not every failed VM entry is a VMfail. With GUEST_RFLAGS = 0, reserved bit 1 (always 1 in a real RFLAGS) is clear, so after the control and host-state checks pass, the guest-state check fails: the processor loads host state as on a VM exit and records exit reason 0x80000021 (33, VM-entry failure due to invalid guest state, bit 31 set) with qualification 0; VM_INSTRUCTION_ERROR stays 0 and the VMCS stays clear. The VMM writes 0x2 back, the value KVM and Xen give every new vCPU.',
      zh: '并非每次失败的 VM 进入都是 VMfail。GUEST_RFLAGS 为 0 时，保留的第 1 位（真实的 RFLAGS 中总为 1）为 0，于是控制字段和主机状态检查通过之后，客户机状态检查失败：处理器像 VM 退出时一样载入主机状态，记录退出原因 0x80000021（33，因客户机状态无效导致 VM 进入失败，第 31 位置 1），退出限定为 0；VM_INSTRUCTION_ERROR 仍为 0，VMCS 仍处于“清除”状态。虚拟机监控器把它写回 0x2，KVM 和 Xen 为每个新 vCPU 设置的也是这个值。',
    },
    title: { en: 'A failed entry, not a VMfail', zh: '进入失败，但不是 VMfail' },
  },
  {
    id: 'launch-and-exit',
    script: `vmlaunch
guest cpuid`,
    say: {
      en: 'VMLAUNCH succeeds and marks the VMCS launched. The guest’s CPUID exits (reason 10), so the VMM is back in root operation with a launched current VMCS.',
      zh: 'VMLAUNCH 成功，VMCS 被标记为“已启动”。客户机的 CPUID 引起 VM 退出（原因号 10），虚拟机监控器回到根模式，当前 VMCS 处于“已启动”状态。',
    },
    title: { en: 'Launch, then an exit', zh: '启动，然后退出' },
  },
  {
    id: 'launch-twice',
    questions: [{ step: 1, kind: 'vmx-outcome' }],
    script: `vmlaunch
vmread VM_INSTRUCTION_ERROR`,
    say: {
      en: 'A second VMLAUNCH on a launched VMCS is VMfailValid: ZF = 1 and VM-instruction error 4 (“VMLAUNCH with non-clear VMCS”) is written to field 0x4400, where the VMM reads it back.',
      zh: '对“已启动”状态的 VMCS 再执行 VMLAUNCH，结果是 VMfailValid：ZF = 1，并把 VM 指令错误号 4（“对非清除状态的 VMCS 执行 VMLAUNCH”）写入字段 0x4400，虚拟机监控器可以把它读回来。',
    },
    title: { en: 'VMLAUNCH twice (error 4)', zh: '两次 VMLAUNCH（错误 4）' },
  },
  {
    id: 'write-read-only',
    questions: [{ step: 1, kind: 'vmx-outcome' }],
    script: 'vmwrite VM_EXIT_REASON 0',
    say: {
      en: 'VM_EXIT_REASON (0x4402) has type 1 in encoding bits 11:10: a read-only exit-information field. VMWRITE to it fails with error 13.',
      zh: 'VM_EXIT_REASON（0x4402）的编码第 11:10 位为类型 1：只读的 VM 退出信息字段。对它执行 VMWRITE 会以错误号 13 失败。',
    },
    title: { en: 'A read-only field (error 13)', zh: '只读字段（错误 13）' },
  },
  {
    id: 'vmptrld-bad',
    questions: [{ step: 1, kind: 'vmx-outcome' }],
    script: `vmptrld 0x1234
vmptrld vmxon`,
    say: {
      en: 'VMPTRLD needs a 4 KiB-aligned VMCS address: 0x1234 gives error 9. Loading the VMXON region itself as a VMCS gives error 10. Either way vcpu0 stays current, so the errors land in its field 0x4400.',
      zh: 'VMPTRLD 需要 4 KiB 对齐的 VMCS 地址：0x1234 得到错误号 9。把 VMXON 区域本身当作 VMCS 加载，得到错误号 10。两种情况下 vcpu0 仍是当前 VMCS，所以错误号写入它的 0x4400 字段。',
    },
    title: { en: 'Bad VMPTRLD (errors 9, 10)', zh: '错误的 VMPTRLD（错误 9、10）' },
  },
  {
    id: 'root-only-errors',
    script: `vmxon
vmcall`,
    say: {
      en: 'VMXON while already in VMX root operation fails with error 15. VMCALL is how a guest calls the VMM; executed in root operation it fails with error 1.',
      zh: '已经处于 VMX 根模式时再执行 VMXON，以错误号 15 失败。VMCALL 是客户机调用虚拟机监控器的方式；在根模式下执行它会以错误号 1 失败。',
    },
    title: { en: 'VMXON, VMCALL in root (15, 1)', zh: '根操作中的 VMXON、VMCALL（15、1）' },
  },
  {
    id: 'resume-clear',
    questions: [{ step: 3, kind: 'vmx-outcome' }],
    script: `vmclear vcpu0
vmptrld vcpu0
vmresume`,
    say: {
      en: 'VMCLEAR sets vcpu0 back to clear. After VMPTRLD, VMRESUME fails with error 5 (“VMRESUME with non-launched VMCS”): a clear VMCS must be entered with VMLAUNCH.',
      zh: 'VMCLEAR 把 vcpu0 重新置为“清除”状态。VMPTRLD 之后执行 VMRESUME，以错误号 5 失败（“对未启动的 VMCS 执行 VMRESUME”）：“清除”状态的 VMCS 必须用 VMLAUNCH 进入。',
    },
    title: { en: 'VMRESUME, not launched (5)', zh: 'VMRESUME 未启动的 VMCS（5）' },
  },
  {
    id: 'no-current',
    questions: [{ step: 2, kind: 'vmx-outcome' }],
    script: `vmclear vcpu0
vmlaunch
vmread VM_EXIT_REASON`,
    say: {
      en: 'VMCLEAR of the current VMCS also clears the current-VMCS pointer. Now there is no VMCS to hold an error number, so VMLAUNCH and VMREAD end in VMfailInvalid: CF = 1 and nothing is written.',
      zh: '对当前 VMCS 执行 VMCLEAR 还会清空当前 VMCS 指针。现在没有 VMCS 可以保存错误号，所以 VMLAUNCH 和 VMREAD 的结果是 VMfailInvalid：CF = 1，不写入任何字段。',
    },
    title: { en: 'No current VMCS: VMfailInvalid', zh: '没有当前 VMCS：VMfailInvalid' },
  },
]
