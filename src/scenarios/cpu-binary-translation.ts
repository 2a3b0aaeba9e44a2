import type { Phase } from './types.ts'

// hw-facts-2 §1.6: the course notes' do_atomic_operation (UCR slide 12) under Adams and
// Agesen's translator: units of up to 12 instructions ending at control flow, IDENT vs
// non-IDENT, continuations and chaining, a guest-PC lookup for RET. Called twice so the
// second pass runs from the translation cache.
const PROGRAM = `program 32
asm mov ecx, 2
asm again: call do_atomic_operation
asm dec ecx
asm jnz again
asm hlt
asm do_atomic_operation: cli
asm mov eax, 1
asm spinlock: xchg eax, [lock_addr]
asm test eax, eax
asm jnz spinlock
asm inc dword [counter]
asm mov dword [lock_addr], 0
asm sti
asm ret`

export const phases: readonly Phase[] = [
  {
    id: 'program',
    title: { en: 'do_atomic_operation', zh: 'do_atomic_operation' },
    setup: true,
    script: PROGRAM,
    say: {
      en: 'The notes’ do_atomic_operation: interrupts off, take a spinlock with XCHG, update a counter, release the lock, interrupts on. A small loop calls it twice.',
      zh: '讲义中的 do_atomic_operation：关中断，用 XCHG 获取自旋锁，更新计数器，释放锁，开中断。一个小循环调用它两次。',
    },
  },
  {
    id: 'first-pass',
    questions: [
      { step: 3, kind: 'instr-outcome' },
      { step: 4, kind: 'instr-outcome' },
      { step: 6, kind: 'instr-outcome' },
    ],
    title: { en: 'First pass: translating', zh: '第一遍：翻译' },
    script: `way bt
stepi 14`,
    say: {
      en: 'Each time control reaches code that is not in the cache, the translator builds a unit up to the first control transfer. CLI and STI become in-cache writes of the virtual IF, the lock code is copied unchanged (IDENT), and the branches are retargeted to fragments in the cache.',
      zh: '每当控制到达尚未缓存的代码，翻译器就构造一个到第一个控制转移为止的翻译单元。CLI 与 STI 变成写虚拟 IF 的缓存内代码，加锁代码被原样复制（IDENT），跳转被改为指向缓存中的片段。',
    },
  },
  {
    id: 'second-pass',
    questions: [{ step: 13, kind: 'instr-outcome' }],
    title: { en: 'Second pass: from the cache', zh: '第二遍：从缓存运行' },
    script: `stepi 12`,
    say: {
      en: 'The second call finds do_atomic_operation already translated: the patched branches jump straight from fragment to fragment (chaining) and RET looks its target up by guest PC. Only the final HLT, reached for the first time, is translated, into a call-out.',
      zh: '第二次调用时 do_atomic_operation 已经翻译过：修补过的跳转直接从一个片段跳到另一个片段（链接），RET 按客户机 PC 查找目标。只有第一次到达的最后一条 HLT 被翻译，成为一次调出。',
    },
  },
  {
    id: 'compare',
    title: { en: 'Every way compared', zh: '各种方式对比' },
    script: `compare`,
    say: {
      en: 'Compared with trap-and-emulate (a #GP for each CLI and STI), the translated kernel never traps; the cycle figures are Adams and Agesen’s approximate Pentium 4 numbers.',
      zh: '与陷入并模拟（每条 CLI 与 STI 都有一次 #GP）相比，翻译后的内核从不陷入；周期数来自 Adams 与 Agesen 在 Pentium 4 上的近似数据。',
    },
  },
]
