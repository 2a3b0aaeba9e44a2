import type { Phase } from './types.ts'
import { VMX_HOST_SETUP } from './vmx-setup.ts'

// The same guest instructions under three sets of execution controls (hw-facts §4.5):
// HLT exiting bit 7 (0x80), CR3-load exiting bit 15 (0x8000), use I/O bitmaps bit 25
// (0x2000000; bitmap A covers ports 0000-7FFF). Reasons 12, 28, 30 and 10 from §4.6. Course
// notes 004 slide 49: "VM-execution control fields: fields controlling processor behavior in
// VMX non-root operation. They determine in part the causes of VM exits."
export const phases: readonly Phase[] = [
  {
    id: 'no-exiting',
    script: `vmxon
vmclear vcpu0
vmptrld vcpu0
${VMX_HOST_SETUP}
vmwrite CPU_BASED_VM_EXEC_CONTROL 0
vmwrite GUEST_RIP 0x1000
vmwrite GUEST_RFLAGS 0x2
vmlaunch`,
    say: {
      en: 'This time the VMM leaves CPU_BASED_VM_EXEC_CONTROL at 0: no HLT, CR3-load or I/O exiting. (Older CPUs without the “true” capability MSRs force CR3-load exiting on; with EPT it can be off.)',
      zh: '这一次虚拟机监控器把 CPU_BASED_VM_EXEC_CONTROL 保持为 0：不打开“HLT 退出”“CR3 加载退出”或“I/O 退出”。（不支持 IA32_VMX_TRUE_PROCBASED_CTLS 能力 MSR 的老 CPU 强制打开“CR3 加载退出”；有 EPT 时可以关掉。）',
    },
    title: { en: 'All exiting controls off', zh: '关闭所有退出控制' },
    setup: true,
  },
  {
    id: 'runs-natively',
    script: `guest mov cr3 0x6000
guest out 0x80 0x1
guest hlt
guest interrupt 0x20`,
    say: {
      en: 'MOV CR3, OUT to port 0x80 and HLT all run inside the guest at non-root ring 0, with no VM exit. HLT really halts the vCPU until an interrupt (vector 0x20) wakes it through the guest’s own IDT.',
      zh: 'MOV CR3、向端口 0x80 的 OUT 和 HLT 都在非根模式 0 环的客户机内直接执行，没有 VM 退出。HLT 真的让 vCPU 停下，直到一个中断（向量 0x20）经由客户机自己的 IDT 把它唤醒。',
    },
    title: { en: 'It runs without exits', zh: '无退出地运行' },
    // Nothing moves on purpose: no VM exit, so the processor stays in non-root ring 0 and
    // the VMCS is not touched.
    pauses: [
      {
        step: 3,
        why: {
          en: 'HLT exiting is off, so the vCPU halts where it is, in non-root ring 0: no VM exit, the VMM is not told, the VMCS is untouched. That silence is the point.',
          zh: '“HLT 退出”没有打开，vCPU 就地停在非根模式 0 环：没有 VM 退出，虚拟机监控器不知情，VMCS 也不变。这种安静正是要点。',
        },
      },
      {
        step: 4,
        why: {
          en: 'The interrupt goes through the guest’s own IDT and wakes the vCPU in place: still non-root ring 0, still no VM exit.',
          zh: '中断经由客户机自己的 IDT 送达，就地唤醒 vCPU：仍在非根模式 0 环，仍然没有 VM 退出。',
        },
      },
    ],
  },
  {
    id: 'cpuid-back',
    questions: [{ step: 1, kind: 'exit-reason' }],
    script: 'guest cpuid',
    say: {
      en: 'To change the controls the VMM needs the CPU back. CPUID exits unconditionally (reason 10), so the VMM is in root operation again.',
      zh: '要修改控制字段，虚拟机监控器得先拿回 CPU。CPUID 无条件退出（原因号 10），于是虚拟机监控器又回到根模式。',
    },
    title: { en: 'CPUID brings the VMM back', zh: 'CPUID 让 VMM 重获控制' },
  },
  {
    id: 'exiting-on',
    script: `vmwrite CPU_BASED_VM_EXEC_CONTROL 0x8080
vmm advance-rip
vmresume`,
    say: {
      en: 'The VMM sets HLT exiting (bit 7) and CR3-load exiting (bit 15): 0x8080. The controls take effect at the next VM entry.',
      zh: '虚拟机监控器打开“HLT 退出”（第 7 位）和“CR3 加载退出”（第 15 位）：0x8080。控制字段在下一次 VM 进入时生效。',
    },
    title: { en: 'HLT and CR3 exiting on', zh: '开启 HLT 与 CR3 退出' },
  },
  {
    id: 'same-code-exits',
    questions: [
      { step: 1, kind: 'exit-reason' },
      { step: 7, kind: 'exit-reason' },
    ],
    script: `guest mov cr3 0x6000
vmm advance-rip
vmresume
guest out 0x80 0x1
guest hlt`,
    say: {
      en: 'The same code again: MOV CR3 now exits (reason 28, qualification 0x3: CR3, MOV to CR, RAX). OUT still runs natively, because I/O exiting is off. HLT exits with reason 12.',
      zh: '再执行同样的代码：MOV CR3 现在会退出（原因号 28，退出限定 0x3：CR3、写入 CR、RAX）。OUT 仍然直接执行，因为“I/O 退出”没有打开。HLT 以原因号 12 退出。',
    },
    title: { en: 'The same code now exits', zh: '同样的代码，现在退出' },
  },
  {
    id: 'io-bitmap',
    script: `vmm advance-rip
vmwrite CPU_BASED_VM_EXEC_CONTROL 0x02000000
vmwrite IO_BITMAP_A 0x200000
vmwrite IO_BITMAP_B 0x201000
iobitmap 0x3f8 on`,
    say: {
      en: 'Now the VMM chooses per port: “use I/O bitmaps” (bit 25, 0x2000000) with two 4 KiB bitmaps, A for ports 0000-7FFF and B for 8000-FFFF. It sets only the bit for port 0x3F8: byte 0x7F of bitmap A, bit 0.',
      zh: '现在虚拟机监控器按端口来决定：打开“使用 I/O 位图”（第 25 位，0x2000000），配上两个 4 KiB 的位图，A 管端口 0000-7FFF，B 管 8000-FFFF。它只设置端口 0x3F8 对应的位：位图 A 的第 0x7F 字节第 0 位。',
    },
    title: { en: 'I/O bitmaps', zh: 'I/O 位图' },
  },
  {
    id: 'bitmap-decides',
    questions: [{ step: 3, kind: 'exit-reason' }],
    script: `vmresume
guest out 0x80 0x1
guest out 0x3f8 0x41`,
    say: {
      en: 'OUT to port 0x80 has a 0 bit, so it runs in the guest; OUT to 0x3F8 has a 1 bit and exits with reason 30. The guest code never changed: only the VMCS controls did.',
      zh: '端口 0x80 对应的位是 0，所以 OUT 在客户机内执行；端口 0x3F8 对应的位是 1，于是以原因号 30 退出。客户机代码从未改变，改变的只是 VMCS 中的控制字段。',
    },
    title: { en: 'The bitmap decides', zh: '由位图决定' },
  },
]
