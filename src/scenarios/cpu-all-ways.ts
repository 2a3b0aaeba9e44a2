import type { Phase } from './types.ts'

// One program under all five ways (hw-facts-2 §1.5-1.7; hw-facts §4.5-4.6). Cycles are Adams and
// Agesen's Pentium 4 figures (AA06 §3.2 and §6, approximate, hw-facts-2 §1.6 (R)): a trap into
// the VMM ≈ 2030, a call-out ≈ 1254, in-TC code ≈ 216, `in`/`out` to port 0x80 native 3209 and
// by a hardware VMM 15826. Events with no published figure (a hypercall, a HLT exit) are
// counted as uncited, never given a number.
const PROGRAM = `program 32
asm mov ecx, 3
asm again: call do_atomic
asm dec ecx
asm jnz again
asm out 0x80, al
asm hlt
asm do_atomic: cli
asm mov eax, 1
asm xchg eax, [lock]
asm mov dword [lock], 0
asm sti
asm ret`

export const phases: readonly Phase[] = [
  {
    id: 'program',
    title: { en: 'One program', zh: '一个程序' },
    setup: true,
    script: PROGRAM,
    say: {
      en: 'A kernel that takes a lock three times with interrupts off (the notes’ do_atomic_operation), writes a byte to port 0x80 and halts: 30 instructions, of which CLI, STI, OUT and HLT are privileged.',
      zh: '一个内核在关中断的情况下三次获取锁（课程笔记中的 `do_atomic_operation`），向 0x80 端口写一个字节，然后停机：共 30 条指令，其中 CLI、STI、OUT 与 HLT 是特权指令。',
    },
  },
  {
    id: 'native',
    questions: [{ step: 2, kind: 'vmm-entries' }],
    title: { en: 'Bare metal', zh: '裸机' },
    script: `way native
run`,
    say: {
      en: 'On bare metal all 30 instructions run at CPL 0. The only cited cost is the OUT to port 0x80, about 3209 cycles on Adams and Agesen’s Pentium 4.',
      zh: '在裸机上，30 条指令都在 CPL 0 运行。唯一有引用数据的开销是对 0x80 端口的 OUT，在 Adams 与 Agesen 的 Pentium 4 上约 3209 个周期。',
    },
  },
  {
    id: 'trap',
    questions: [{ step: 2, kind: 'vmm-entries' }],
    title: { en: 'Trap-and-emulate', zh: '陷入并模拟' },
    script: `way trap
run`,
    say: {
      en: 'Deprivileged to ring 1, every CLI, STI, OUT and HLT traps into the VMM: 8 traps, each about 2030 cycles, so about 16240 in all.',
      zh: '降级到第 1 环后，每条 CLI、STI、OUT 与 HLT 都陷入虚拟机监控器：共 8 次陷入，每次约 2030 个周期，总计约 16240 个周期。',
    },
  },
  {
    id: 'bt',
    questions: [{ step: 2, kind: 'vmm-entries' }],
    title: { en: 'Binary translation', zh: '二进制翻译' },
    script: `way bt
run`,
    say: {
      en: 'Binary translation makes 5 translations and then runs from the cache: CLI and STI become in-TC stores to the virtual CPU (about 216 cycles each), OUT and HLT call out to the VMM (about 1254 each). No trap at all.',
      zh: '二进制翻译做了 5 次翻译，之后从缓存运行：CLI 与 STI 变成对虚拟 CPU 的缓存内写入（每次约 216 个周期），OUT 与 HLT 调出到虚拟机监控器（每次约 1254 个周期）。完全没有陷入。',
    },
  },
  {
    id: 'pv',
    questions: [{ step: 2, kind: 'vmm-entries' }],
    title: { en: 'Paravirtualization', zh: '半虚拟化' },
    script: `way pv
run`,
    say: {
      en: 'The paravirtual kernel writes the upcall mask instead of CLI and STI, and blocks with a sched_op hypercall instead of HLT. Only OUT is left to trap. No one has published a cycle figure for the hypercall, so it is counted as uncited.',
      zh: '半虚拟化内核用写 upcall 屏蔽位代替 CLI 与 STI，用 `sched_op` 超级调用代替 HLT 来阻塞，只剩 OUT 会陷入。超级调用没有公开的周期数据，所以记为“无引用”。',
    },
  },
  {
    id: 'vtx',
    questions: [{ step: 10, kind: 'vmm-entries' }],
    title: { en: 'VT-x', zh: 'VT-x' },
    script: `way vt-x
run`,
    say: {
      en: 'With VT-x the kernel keeps ring 0: CLI and STI run as on bare metal, and only OUT and HLT exit, 2 exits. The OUT exit alone is about 15826 cycles, more than all of binary translation.',
      zh: '使用 VT-x 时内核保留第 0 环：CLI 与 STI 与裸机上一样运行，只有 OUT 与 HLT 退出，共 2 次退出。仅 OUT 这一次退出就约 15826 个周期，比整个二进制翻译还多。',
    },
  },
  {
    id: 'compare',
    title: { en: 'Side by side', zh: '并列比较' },
    script: `compare`,
    say: {
      en: 'compare runs the program from its first line under every way and puts the counts side by side. The cycle column is approximate: Adams and Agesen’s 2006 Pentium 4 measurements, counted only where a figure exists; the last column says how many events had none.',
      zh: '`compare` 在每种方式下从第一行运行程序，并把计数并列。周期一列是近似值：Adams 与 Agesen 2006 年在 Pentium 4 上的测量，只计入有数据的事件；最后一列给出没有数据的事件数。',
    },
  },
]
