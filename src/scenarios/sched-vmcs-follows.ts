import type { Phase } from './types.ts'
import { VMX_HOST_SETUP } from './vmx-setup.ts'

// A vCPU moves to another physical CPU and its VMCS must follow (hw-facts §4.2 launch state,
// §4.3 error 5; hw-facts-2 §4.5): VMCLEAR on the old pCPU, VMPTRLD on the new one, and VMLAUNCH
// again because VMCLEAR left the VMCS clear. KVM does this in vmx_vcpu_load_vmcs (its
// loaded_vmcs_clear runs VMCLEAR on the old CPU), Xen in vmx_do_resume.
export const phases: readonly Phase[] = [
  {
    id: 'on-pcpu0',
    questions: [{ step: 17, kind: 'exit-reason' }],
    setup: true,
    script: `sched xen pcpus=2
vmxon
vmclear vcpu0
vmptrld vcpu0
${VMX_HOST_SETUP}
vmwrite GUEST_RIP 0x1000
vmwrite GUEST_RFLAGS 0x2
vmlaunch
guest cpuid
vmm advance-rip`,
    say: {
      en: 'A host with two physical CPUs. On pCPU 0 the VMM has run vcpu0: VMXON, VMCLEAR and VMPTRLD of its VMCS, the host and guest state, VMLAUNCH, then a CPUID exit handled in root operation. The VMCS is launched and current on pCPU 0.',
      zh: '一台有两个物理 CPU 的主机。在物理 CPU 0 上，虚拟机监控器已经运行过 vcpu0：VMXON，对它的 VMCS 执行 VMCLEAR 与 VMPTRLD，填写主机和客户机状态，VMLAUNCH，然后在根操作中处理了一次 CPUID 退出。这个 VMCS 处于“已启动”状态，是物理 CPU 0 的当前 VMCS。',
    },
    title: { en: 'vcpu0 ran on pCPU 0', zh: 'vcpu0 曾在物理 CPU 0 上运行' },
  },
  {
    id: 'move',
    script: `sched cpu 1
vmxon vmxon1`,
    say: {
      en: 'The scheduler now runs vcpu0 on pCPU 1. Each logical processor has its own VMX state: pCPU 1 enters VMX root operation with its own VMXON region, and it has no current VMCS. The VMCS region itself is memory, the same bytes for both pCPUs.',
      zh: '调度器现在要在物理 CPU 1 上运行 vcpu0。每个逻辑处理器都有自己的 VMX 状态：物理 CPU 1 用自己的 VMXON 区域进入 VMX 根操作，它没有当前 VMCS。VMCS 区域本身是内存，两个物理 CPU 看到的是同一份字节。',
    },
    title: { en: 'pCPU 1 enters VMX operation', zh: '物理 CPU 1 进入 VMX 操作' },
  },
  {
    id: 'resume-nothing',
    questions: [{ step: 1, kind: 'vmx-outcome' }],
    script: 'vmresume',
    say: {
      en: 'VMRESUME on pCPU 1 fails at once: VMfailInvalid (CF = 1), because this processor has no current VMCS. Being current is per processor: vcpu0’s VMCS is still current on pCPU 0, and part of it may still be cached there.',
      zh: '在物理 CPU 1 上执行 VMRESUME 立刻失败：VMfailInvalid（CF = 1），因为这个处理器没有当前 VMCS。“当前”是针对每个处理器而言的：vcpu0 的 VMCS 仍是物理 CPU 0 的当前 VMCS，其中一部分可能还缓存在那里。',
    },
    title: { en: 'No current VMCS here', zh: '这里没有当前 VMCS' },
  },
  {
    id: 'vmclear',
    script: `sched cpu 0
vmclear vcpu0`,
    say: {
      en: 'So the old pCPU must let go first: on pCPU 0 (KVM sends it an IPI to do so), VMCLEAR writes the VMCS’s cached data back to memory, makes it inactive and not current, and sets its launch state to clear.',
      zh: '所以旧的物理 CPU 必须先放手：在物理 CPU 0 上（KVM 用 IPI 让它执行），VMCLEAR 把 VMCS 缓存的数据写回内存，使它变为非活动、非当前，并把启动状态设为“清除”。',
    },
    title: { en: 'VMCLEAR on the old pCPU', zh: '在旧的物理 CPU 上执行 VMCLEAR' },
  },
  {
    id: 'vmptrld',
    questions: [{ step: 3, kind: 'vmx-outcome' }],
    script: `sched cpu 1
vmptrld vcpu0
vmresume`,
    say: {
      en: 'On pCPU 1, VMPTRLD makes vcpu0’s VMCS current here. But VMRESUME still fails, now with VMfailValid and error 5, “VMRESUME with non-launched VMCS”: VMCLEAR made the VMCS clear, and only VMLAUNCH may enter through a clear VMCS.',
      zh: '在物理 CPU 1 上，VMPTRLD 让 vcpu0 的 VMCS 成为这里的当前 VMCS。但 VMRESUME 仍然失败，这次是 VMfailValid，错误号 5，“对未启动的 VMCS 执行 VMRESUME”：VMCLEAR 把 VMCS 置为“清除”，只有 VMLAUNCH 才能通过“清除”状态的 VMCS 进入。',
    },
    title: { en: 'VMRESUME fails with error 5', zh: 'VMRESUME 以错误号 5 失败' },
  },
  {
    id: 'vmlaunch',
    questions: [{ step: 1, kind: 'vmx-outcome' }],
    script: 'vmlaunch',
    say: {
      en: 'VMLAUNCH enters the guest on pCPU 1 and marks the VMCS launched again. The guest continues at 0x1002, right after its CPUID: its state travelled in the VMCS. From now on VMRESUME works here, until the next move. KVM and Xen track this with a “launched” flag per VMCS that they clear on every move.',
      zh: 'VMLAUNCH 在物理 CPU 1 上进入客户机，并再次把 VMCS 标为“已启动”。客户机从 0x1002，即 CPUID 之后继续执行：它的状态随 VMCS 一起迁移过来了。此后在这里用 VMRESUME 即可，直到下一次迁移。KVM 和 Xen 为每个 VMCS 记一个“已启动”标志，每次迁移时清除。',
    },
    title: { en: 'VMLAUNCH again', zh: '再次 VMLAUNCH' },
  },
  {
    id: 'how-often',
    script: `sched vm A vcpus=3
sched thread A.0 t0 busy
sched thread A.1 t1 busy
sched thread A.2 t2 busy
sched run 300`,
    say: {
      en: 'How often does this happen? Three busy vCPUs on two pCPUs under the credit scheduler: when a pCPU’s next vCPU is OVER, it steals a better one from the other pCPU’s queue, and each time a vCPU resumes on a different pCPU its VMCS has to move, one VMCLEAR, VMPTRLD and VMLAUNCH each.',
      zh: '这种事多久发生一次？信用值调度器下，三个忙的 vCPU 跑在两个物理 CPU 上：当某个物理 CPU 的下一个 vCPU 是 OVER 时，它会从另一个物理 CPU 的队列里偷一个更好的来；每当 vCPU 在另一个物理 CPU 上恢复运行，它的 VMCS 就要迁移一次，各执行一次 VMCLEAR、VMPTRLD 和 VMLAUNCH。',
    },
    title: { en: 'How often a VMCS moves', zh: 'VMCS 多久迁移一次' },
  },
]
