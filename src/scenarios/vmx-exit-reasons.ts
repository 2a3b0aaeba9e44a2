import type { Phase } from './types.ts'
import { VMX_HOST_SETUP } from './vmx-setup.ts'

// Exit reasons and qualifications from hw-facts §4.6 and §4.7; the control bits from §4.5:
// CPU_BASED_VM_EXEC_CONTROL 0x01008080 = HLT exiting (bit 7, 0x80) | CR3-load exiting
// (bit 15, 0x8000) | unconditional I/O exiting (bit 24, 0x1000000). Course notes 003 (VM exit
// records the reason and the instruction) and 004 slide 49 (execution controls say when exits
// happen). EPT violation (48) is not here: the engine raises it only through its
// vmx.external-exit op, which no console command reaches yet.
export const phases: readonly Phase[] = [
  {
    id: 'setup',
    script: `vmxon
vmclear vcpu0
vmptrld vcpu0
${VMX_HOST_SETUP}
vmwrite CPU_BASED_VM_EXEC_CONTROL 0x01008080
vmwrite GUEST_RIP 0x1000
vmwrite GUEST_RFLAGS 0x2
vmlaunch`,
    say: {
      en: 'The VMM turns on three execution controls in CPU_BASED_VM_EXEC_CONTROL: HLT exiting (bit 7), CR3-load exiting (bit 15) and unconditional I/O exiting (bit 24), 0x01008080 in all, and launches the guest.',
      zh: '虚拟机监控器在 CPU_BASED_VM_EXEC_CONTROL 中打开三个执行控制位：“HLT 退出”（第 7 位）、“CR3 加载退出”（第 15 位）和“无条件 I/O 退出”（第 24 位），合起来是 0x01008080，然后启动客户机。',
    },
    title: { en: 'Exiting on, guest launched', zh: '开启退出控制，启动客户机' },
    setup: true,
  },
  {
    id: 'cpuid',
    questions: [{ step: 1, kind: 'exit-reason' }],
    script: `guest cpuid
vmm advance-rip
vmresume`,
    say: {
      en: 'CPUID exits whatever the controls say: reason 10, instruction length 2. The VMM emulates it, advances GUEST_RIP by 2 and resumes.',
      zh: '无论控制字段如何设置，CPUID 都会引起 VM 退出：原因号 10，指令长度 2。虚拟机监控器模拟执行它，把 GUEST_RIP 加 2，然后恢复客户机。',
    },
    title: { en: 'CPUID (reason 10)', zh: 'CPUID（原因 10）' },
  },
  {
    id: 'hlt',
    questions: [{ step: 1, kind: 'exit-reason' }],
    script: `guest hlt
vmm advance-rip
vmresume`,
    say: {
      en: 'HLT would stop the physical CPU; with HLT exiting on it exits instead (reason 12, length 1), and the VMM can run another vCPU until this one has work again.',
      zh: 'HLT 本会让物理 CPU 停下；打开“HLT 退出”后，它改为引起 VM 退出（原因号 12，长度 1），虚拟机监控器可以趁机运行别的 vCPU，直到这个 vCPU 再有事可做。',
    },
    title: { en: 'HLT (reason 12)', zh: 'HLT（原因 12）' },
  },
  {
    id: 'io-out',
    questions: [{ step: 1, kind: 'exit-reason' }],
    script: `guest out 0x3f8 0x41
vmread EXIT_QUALIFICATION
vmm advance-rip
vmresume`,
    say: {
      en: 'The guest writes 0x41 to the serial port 0x3F8. Unconditional I/O exiting makes it exit with reason 30; the qualification 0x3F80000 says port 0x3F8 (bits 31:16), OUT (bit 3 = 0), 1 byte (bits 2:0 = 0), port in DX (bit 6 = 0).',
      zh: '客户机向串口 0x3F8 写入 0x41。“无条件 I/O 退出”使它以原因号 30 退出；退出限定 0x3F80000 表示端口 0x3F8（第 31:16 位）、OUT（第 3 位为 0）、1 字节（第 2:0 位为 0）、端口号在 DX 中（第 6 位为 0）。',
    },
    title: { en: 'OUT (reason 30)', zh: 'OUT（原因 30）' },
  },
  {
    id: 'io-in',
    questions: [{ step: 1, kind: 'exit-reason' }],
    script: `guest in 0x60
vmm advance-rip
vmresume`,
    say: {
      en: 'IN from keyboard port 0x60 also exits with reason 30. Its qualification 0x600048: port 0x60, IN (bit 3 = 1), immediate port operand (bit 6 = 1), 1 byte.',
      zh: '从键盘端口 0x60 执行 IN 同样以原因号 30 退出。退出限定 0x600048：端口 0x60、IN（第 3 位为 1）、端口号是立即数（第 6 位为 1）、1 字节。',
    },
    title: { en: 'IN (reason 30)', zh: 'IN（原因 30）' },
  },
  {
    id: 'cr3',
    questions: [{ step: 1, kind: 'exit-reason' }],
    script: `guest mov cr3 0x5000 reg=rbx
vmread EXIT_QUALIFICATION
vmm advance-rip
vmresume`,
    say: {
      en: 'The guest kernel switches page tables with MOV CR3, RBX. CR3-load exiting makes it exit with reason 28 (control-register access); qualification 0x303: CR 3 (bits 3:0), MOV to CR (bits 5:4 = 0), register 3 = RBX (bits 11:8). Shadow paging needs this exit.',
      zh: '客户机内核用 MOV 指令把 RBX 写入 CR3，以切换页表。“CR3 加载退出”使它以原因号 28（控制寄存器访问）退出；退出限定 0x303：CR3（第 3:0 位）、写入 CR（第 5:4 位为 0）、寄存器 3 即 RBX（第 11:8 位）。影子页表需要这个 VM 退出。',
    },
    title: { en: 'MOV to CR3 (reason 28)', zh: 'MOV 到 CR3（原因 28）' },
  },
  {
    id: 'vmcall',
    questions: [{ step: 1, kind: 'exit-reason' }],
    script: `guest vmcall
vmm advance-rip
vmresume`,
    say: {
      en: 'VMCALL is the guest deliberately calling the VMM, a hypercall: reason 18, length 3. Every exit so far is counted in the exit log; each one costs a full switch of processor state, which is why VMMs try to avoid them.',
      zh: 'VMCALL 是客户机主动调用虚拟机监控器，即超级调用：原因号 18，长度 3。到目前为止的每次 VM 退出都记录在退出日志里；每次都要完整切换处理器状态，开销很大，所以虚拟机监控器会尽量减少 VM 退出。',
    },
    title: { en: 'VMCALL (reason 18)', zh: 'VMCALL（原因 18）' },
  },
]
