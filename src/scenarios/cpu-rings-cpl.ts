import type { Phase } from './types.ts'

// hw-facts-2 §1.1, §1.3-1.4: CPL is CS bits 1:0; at CPL 3 with IOPL 0 CLI, HLT and MOV CR3 are
// #GP(0), POPF leaves IF alone without any exception, and INT n goes through the IDT, where a
// gate's DPL decides: int 0x80 (DPL 3, Linux's system-call gate) enters ring 0, int 0x20 (DPL 0)
// is #GP with error code 0x20 * 8 + 2 = 0x102 (SDM2 INT n). The #GP handler `isr_13` drops the
// error code and resumes the user program at the address it left in EBX (a signal handler's job).
const PROGRAM = `program 32
asm mov eax, cs
asm push 0x23
asm push 0xc0270000
asm push 0x202
asm push 0x1b
asm push user
asm iret
asm user: mov eax, cs
asm mov ebx, t_hlt
asm cli
asm t_hlt: mov ebx, t_cr3
asm hlt
asm t_cr3: mov ebx, t_popf
asm mov cr3, eax
asm t_popf: push 0x2
asm popf
asm pushf
asm pop eax
asm mov eax, 20
asm int 0x80
asm mov ebx, t_exit
asm int 0x20
asm t_exit: mov eax, 1
asm int 0x80
asm isr_13: add esp, 4
asm mov [esp], ebx
asm iret
asm isr_128: cmp eax, 1
asm je sys_exit
asm iret
asm sys_exit: hlt
asm isr_32: iret`

export const phases: readonly Phase[] = [
  {
    id: 'program',
    title: { en: 'A kernel and its user program', zh: '一个内核和它的用户程序' },
    setup: true,
    script: PROGRAM,
    say: {
      en: 'A 32-bit kernel that drops into ring 3 with IRET, and a user program that tries CLI, HLT, MOV CR3, POPF and two INT instructions. isr_13 is the #GP handler, isr_128 the system-call handler behind int 0x80, isr_32 the timer’s; each isr_N label is a present gate of the IDT.',
      zh: '一个 32 位内核用 IRET 进入第 3 环，用户程序依次尝试 CLI、HLT、MOV CR3、POPF 和两条 INT 指令。`isr_13` 是 #GP 处理程序，`isr_128` 是 `int 0x80` 背后的系统调用处理程序，`isr_32` 是时钟中断的处理程序；每个 `isr_N` 标签都是 IDT 中一个存在的门。',
    },
  },
  {
    id: 'cpl0',
    title: { en: 'CPL is CS bits 1:0', zh: 'CPL 就是 CS 的第 1:0 位' },
    script: `way native
stepi`,
    say: {
      en: 'The CPU keeps its current privilege level (CPL) in bits 1:0 of the CS selector. The kernel runs with CS = 0x08: GDT entry 1, RPL 0, so CPL 0. MOV EAX, CS reads it: EAX = 0x8.',
      zh: 'CPU 把当前特权级（CPL）保存在 CS 选择子的第 1:0 位。内核的 CS = 0x08：GDT 第 1 项，RPL 为 0，所以 CPL 为 0。`mov eax, cs` 读出它：EAX = 0x8。',
    },
  },
  {
    id: 'to-ring3',
    title: { en: 'IRET into ring 3', zh: '用 IRET 进入第 3 环' },
    script: `stepi 6
stepi`,
    say: {
      en: 'The kernel pushes a frame for the user program: SS 0x23, ESP, RFLAGS 0x202 (IF = 1, IOPL = 0), CS 0x1b and the entry point. IRET pops it; CS 0x1b has RPL 3, so the CPU now runs at CPL 3 and the user program reads EAX = 0x1b from CS.',
      zh: '内核为用户程序压入一个帧：SS 0x23、ESP、RFLAGS 0x202（IF = 1，IOPL = 0）、CS 0x1b 和入口地址。IRET 弹出它；CS 0x1b 的 RPL 为 3，所以 CPU 现在运行在 CPL 3，用户程序从 CS 读到 EAX = 0x1b。',
    },
  },
  {
    id: 'privileged',
    questions: [{ step: 2, kind: 'instr-outcome' }],
    title: { en: 'CLI, HLT, MOV CR3 at CPL 3: #GP', zh: 'CLI、HLT、MOV CR3：#GP' },
    script: `stepi 2
stepi 3
stepi 2
stepi 3
stepi 2
stepi 3`,
    say: {
      en: 'At CPL 3 with IOPL 0, CLI is #GP(0) because CPL > IOPL; HLT and MOV CR3 are privileged, #GP(0) at any CPL other than 0. Each fault enters the kernel’s isr_13 in ring 0 through the IDT; the handler drops the error code and returns to the next test.',
      zh: '在 CPL 3 且 IOPL 为 0 时，CLI 因 CPL > IOPL 产生 #GP(0)；HLT 与 MOV CR3 是特权指令，只要 CPL 不为 0 就是 #GP(0)。每次故障都经由 IDT 进入第 0 环内核的 `isr_13`；处理程序丢弃错误码，返回到下一项测试。',
    },
  },
  {
    id: 'popf',
    questions: [{ step: 2, kind: 'instr-outcome' }],
    title: { en: 'POPF at CPL 3: silently ignored', zh: 'CPL 3 下的 POPF：被悄悄忽略' },
    script: `stepi 4`,
    say: {
      en: 'POPF pops an image with IF = 0. At CPL 3 > IOPL 0 the CPU writes the status flags but keeps IF and IOPL as they were, and raises nothing: PUSHF reads IF = 1 back. The program cannot tell that its write was dropped, and no one else is told either.',
      zh: 'POPF 弹出一个 IF = 0 的映像。在 CPL 3 > IOPL 0 时，CPU 写入状态标志，却保持 IF 与 IOPL 不变，也不产生任何异常：PUSHF 读回的 IF 为 1。程序察觉不到它的写入被丢弃，也没有别人得到通知。',
    },
  },
  {
    id: 'int',
    questions: [{ step: 7, kind: 'instr-outcome' }],
    title: { en: 'INT n and the gate’s DPL', zh: 'INT n 与门的 DPL' },
    script: `stepi 5
stepi 2
stepi 3
stepi 5`,
    say: {
      en: 'INT 0x80 goes through IDT gate 0x80, whose DPL is 3: the CPU switches to ring 0 (CS 0x08) and the kernel stack, and isr_128 returns with IRET. INT 0x20 hits a DPL 0 gate: CPL 3 > DPL 0 is #GP with error code 0x102 (vector 0x20 × 8 + 2, the IDT bit). Last, the exit system call halts the machine.',
      zh: '`int 0x80` 经过 IDT 的 0x80 号门，它的 DPL 为 3：CPU 切换到第 0 环（CS 0x08）和内核栈，`isr_128` 用 IRET 返回。`int 0x20` 遇到 DPL 为 0 的门：CPL 3 > DPL 0，产生 #GP，错误码 0x102（向量 0x20 × 8 + 2，即 IDT 位）。最后，退出系统调用让机器停机。',
    },
  },
  {
    id: 'deprivileged',
    questions: [{ step: 2, kind: 'instr-outcome' }],
    title: { en: 'A kernel that is not in ring 0', zh: '不在第 0 环的内核' },
    script: `way trap
stepi`,
    say: {
      en: 'Under trap-and-emulate the same kernel runs in ring 1. Its first instruction, MOV EAX, CS, does not trap: it reads the real CS 0x09 (RPL 1) where bare metal gives 0x08. The kernel can see that it has been moved out of ring 0.',
      zh: '在陷入并模拟方式下，同一个内核运行在第 1 环。它的第一条指令 `mov eax, cs` 不会陷入：它读到真实的 CS 0x09（RPL 1），而裸机上是 0x08。内核能看出自己被挪出了第 0 环。',
    },
  },
]
