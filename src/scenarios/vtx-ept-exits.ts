import type { Phase } from './types.ts'
import { VMX_HOST_SETUP } from './vmx-setup.ts'

// A VT-x guest whose memory is translated by EPT (issue 16): the EPT violation of
// ept-violation.ts, now seen from the VMCS. SDM3 §27.2.1 (hw-facts §4.8): a VM exit writes
// VM_EXIT_REASON (48 violation, 49 misconfiguration), EXIT_QUALIFICATION,
// GUEST_PHYSICAL_ADDRESS (0x2400) and, when qualification bit 7 says the linear address is
// valid, GUEST_LINEAR_ADDRESS (0x640A). The VMCS enables EPT (secondary control bit 1, with
// "activate secondary controls", primary bit 31) with the EPTP `mmu ept` built: root
// 0x10000000, 4 levels (bits 5:3 = 3), write-back (bits 2:0 = 6) = 0x1000001e. The misconfig:
// EPT entry bits 2:0 = 010b (write-only) are a misconfiguration (SDM3 §28.2.3.1).
const SETUP = [
  'mmu ept',
  'map 0x7000 0x400000 w',
  'host map 0x100000 0x8100000 rwx',
  'host map 0x101000 0x8101000 rwx',
  'host map 0x102000 0x8102000 rwx',
  'host map 0x103000 0x8103000 rwx',
  'vmxon',
  'vmclear vcpu0',
  'vmptrld vcpu0',
  VMX_HOST_SETUP,
  'vmwrite CPU_BASED_VM_EXEC_CONTROL 0x80000000',
  'vmwrite SECONDARY_VM_EXEC_CONTROL 0x2',
  'vmwrite EPT_POINTER 0x1000001e',
  'vmwrite GUEST_RIP 0x1000',
  'vmwrite GUEST_RFLAGS 0x2',
].join('\n')

export const phases: readonly Phase[] = [
  {
    id: 'setup',
    script: SETUP,
    say: {
      en: 'The guest maps VA 0x7000 to guest-physical 0x400000; the hypervisor has backed the guest’s page tables but not that page. Its VMCS for the vCPU enables EPT with the EPTP of these EPT tables (0x1000001e: root 0x10000000, 4 levels, write-back).',
      zh: '客户机把 VA 0x7000 映射到客户机物理地址 0x400000；虚拟机监控器已为客户机的页表分配了宿主机内存，但还没有为该页分配。这个 vCPU 的 VMCS 打开了 EPT，EPTP 指向这些 EPT 页表（0x1000001e：根 0x10000000，四级，写回）。',
    },
    title: { en: 'A VT-x guest under EPT', zh: '运行在 EPT 之上的 VT-x 客户机' },
    setup: true,
  },
  {
    id: 'launch',
    script: 'vmlaunch',
    say: {
      en: 'VMLAUNCH: the guest runs in VMX non-root operation at GUEST_RIP 0x1000. From now on every guest-physical address it uses goes through EPT.',
      zh: 'VMLAUNCH：客户机在 VMX 非根模式下从 GUEST_RIP 0x1000 开始运行。此后它用到的每个客户机物理地址都要经过 EPT 转换。',
    },
    title: { en: 'VMLAUNCH', zh: 'VMLAUNCH' },
  },
  {
    id: 'violation',
    questions: [
      { step: 1, kind: 'walk-refs' },
      { step: 30, kind: 'exit-reason' },
    ],
    script: 'access 0x7123 write',
    say: {
      en: 'The guest writes 0x7123. The EPT walk of GPA 0x400123 finds no EPT entry: VM exit 48, EPT violation. The processor writes it into the current VMCS: VM_EXIT_REASON 48, EXIT_QUALIFICATION 0x182 (write, linear address valid, final translation), GUEST_PHYSICAL_ADDRESS 0x400123 and GUEST_LINEAR_ADDRESS 0x7123, saves the guest state and continues at HOST_RIP in root operation.',
      zh: '客户机写 0x7123。GPA 0x400123 的 EPT 遍历找不到 EPT 表项：VM 退出 48，EPT 违例。处理器把它写进当前 VMCS：VM_EXIT_REASON 48，EXIT_QUALIFICATION 0x182（写、线性地址有效、最终转换），GUEST_PHYSICAL_ADDRESS 0x400123，GUEST_LINEAR_ADDRESS 0x7123；然后保存客户机状态，在根模式下从 HOST_RIP 继续执行。',
    },
    title: { en: 'EPT violation in the VMCS (48)', zh: 'VMCS 中的 EPT 违例（48）' },
  },
  {
    id: 'vmm-reads',
    script: 'vmread EXIT_QUALIFICATION\nvmread GUEST_PHYSICAL_ADDRESS\nvmread GUEST_LINEAR_ADDRESS',
    say: {
      en: 'The VMM’s exit handler reads what it needs from the VMCS, as KVM’s handle_ept_violation does: the qualification 0x182 (a write), the faulting guest-physical address 0x400123 and the guest’s linear address 0x7123.',
      zh: '虚拟机监控器的退出处理程序从 VMCS 读出所需的信息，和 KVM 的 `handle_ept_violation` 一样：退出限定 0x182（一次写）、出错的客户机物理地址 0x400123，以及客户机的线性地址 0x7123。',
    },
    title: { en: 'The VMM reads the exit', zh: '虚拟机监控器读取退出信息' },
  },
  {
    id: 'fix',
    questions: [{ step: 5, kind: 'vmx-outcome' }],
    script: 'host map 0x400000 0x8400000 rw\nvmresume',
    say: {
      en: 'The VMM backs GPA 0x400000 with host page 0x8400000 (a new EPT page table and PTE) and resumes the guest with VMRESUME, at the same instruction.',
      zh: '虚拟机监控器用宿主机页 0x8400000 为 GPA 0x400000 分配内存（新建一个 EPT 页表和 PTE），再用 VMRESUME 让客户机从同一条指令继续执行。',
    },
    title: { en: 'Map and VMRESUME', zh: '映射并 VMRESUME' },
  },
  {
    id: 'retry',
    questions: [{ step: 1, kind: 'walk-refs' }],
    script: 'access 0x7123 write',
    say: {
      en: 'The write runs again: 24 references, no exit. The VMCS still holds the last exit’s information, as on hardware, until the next exit overwrites it.',
      zh: '这次写重新执行：24 次访问，没有退出。和硬件上一样，VMCS 中仍保留上一次退出的信息，直到下一次退出把它覆盖。',
    },
    title: { en: 'Retry: no exit', zh: '重试：没有退出' },
  },
  {
    id: 'misconfig',
    questions: [{ step: 29, kind: 'exit-reason' }],
    script: 'host poke 0x10004000 0x8400032\nept invept single\naccess 0x7123 read',
    say: {
      en: 'A VMM bug: it rewrites the EPT PTE of 0x400000 as write-only (bits 2:0 = 010b), a combination EPT does not allow, and flushes the cached translation with INVEPT. The guest’s next read walks EPT, meets that entry and exits with reason 49, EPT misconfiguration: the VMCS gets VM_EXIT_REASON 49 and GUEST_PHYSICAL_ADDRESS 0x400123, and no linear address.',
      zh: '虚拟机监控器的一个错误：它把 0x400000 的 EPT PTE 改成只写（第 2:0 位 = 010b），这是 EPT 不允许的组合，并用 INVEPT 清掉缓存的转换。客户机的下一次读遍历 EPT 时遇到这个表项，以原因号 49（EPT 配置错误）退出：VMCS 中写入 VM_EXIT_REASON 49 和 GUEST_PHYSICAL_ADDRESS 0x400123，不写线性地址。',
    },
    title: { en: 'EPT misconfiguration (49)', zh: 'EPT 配置错误（49）' },
  },
]
