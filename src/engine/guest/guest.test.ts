// The guest-CPU model's rules, one test per rule: encodings' lengths (SDM2 opcode tables), the
// POPF/PUSHF/CLI/STI table (hw-facts-2 §1.4), every sensitive-but-unprivileged instruction of
// RI00 §4 that the model has at CPL 1 and 3, and each way's handling of the sensitive ones.
import { describe, expect, it } from 'vitest'
import { apply } from '../apply.ts'
import { initialMachine } from '../machine.ts'
import { assembleLine } from './asm.ts'
import { layout, popfResult, pushfImage } from './exec.ts'
import { type Bits, classify, encodedLength } from './isa.ts'
import { applyAll, programOps, stepProgram } from './testkit.ts'
import { RFLAGS, RFLAGS_FIXED, bootState, emptyProgram } from './types.ts'
import { stubBytes } from './ways.ts'

const asm = (text: string, bits: Bits = 32) => {
  const r = assembleLine(text, 1, bits)
  if (!r.ok) throw new Error(r.error.message)
  if (!r.line.instr) throw new Error('no instruction')
  return r.line.instr
}
const len = (text: string, bits: Bits = 32): number => encodedLength(asm(text, bits), bits, 'short')

describe('encoding lengths (SDM Vol. 2)', () => {
  it.each([
    ['cli', 1], // FA
    ['sti', 1], // FB
    ['hlt', 1], // F4
    ['pushf', 1], // 9C
    ['popf', 1], // 9D
    ['ret', 1], // C3
    ['iret', 1], // CF
    ['push cs', 1], // 0E
    ['push eax', 1], // 50
    ['mov eax, 1', 5], // B8 id
    ['mov ebx, cr3', 3], // 0F 20 /r
    ['mov cr3, eax', 3], // 0F 22 /r
    ['mov eax, cs', 2], // 8C /r
    ['mov eax, [lock]', 5], // A1 moffs32
    ['mov ebx, [lock]', 6], // 8B /r disp32
    ['mov dword [lock], 0', 10], // C7 05 disp32 imm32
    ['xchg eax, [lock]', 6], // 87 05 disp32
    ['xchg eax, ebx', 1], // 93
    ['test eax, eax', 2], // 85 /r
    ['add eax, 8', 3], // 83 /0 ib
    ['add eax, 0x1000', 5], // 05 id
    ['add ebx, 0x1000', 6], // 81 /0 id
    ['int $0x82', 2], // CD 82
    ['cpuid', 2], // 0F A2
    ['rdtsc', 2], // 0F 31
    ['vmcall', 3], // 0F 01 C1
    ['lgdt [gdt_desc]', 7], // 0F 01 /2 disp32
    ['sgdt [where]', 7], // 0F 01 /0 disp32
    ['invlpg [eax]', 3], // 0F 01 /7, [eax]
    ['smsw eax', 3], // 0F 01 /4
    ['str eax', 3], // 0F 00 /1
    ['lar eax, ebx', 3], // 0F 02 /r
    ['verr eax', 3], // 0F 00 /4
    ['in al, 0x60', 2], // E4 ib
    ['out dx, al', 1], // EE
    ['out 0x80, al', 2], // E6 ib
  ])('%s is %i bytes in 32-bit code', (text, n) => {
    expect(len(text)).toBe(n)
  })
  it.each([
    ['iret', 2], // REX.W CF (IRETQ)
    ['syscall', 2], // 0F 05
    ['mov rax, 1', 7], // REX.W C7 /0 id
    ['mov rax, [lock]', 7], // REX.W 8B /r disp32 (RIP-relative)
  ])('%s is %i bytes in 64-bit code', (text, n) => {
    expect(len(text, 64)).toBe(n)
  })
  it('jmp and jcc take rel8 when the target is in reach, rel32 when it is not', () => {
    const near = ['top: nop', 'jnz top']
    const far = [
      'top: nop',
      ...Array.from({ length: 30 }, () => 'mov dword [x], 0'),
      'jnz top',
      'jmp top',
    ]
    const lay = (lines: string[]) => {
      const r = applyAll(programOps(lines, 32, 'native'))
      return layout(r.machine.guest.program)
    }
    expect(lay(near).len[1]).toBe(2) // 75 cb
    expect(lay(far).len[31]).toBe(6) // 0F 85 cd
    expect(lay(far).len[32]).toBe(5) // E9 cd
  })
  it('the Xen hypercall stubs are the bytes of pv/hypercall.c and fit 32 bytes', () => {
    expect(stubBytes(26, 32)).toEqual([0xb8, 26, 0, 0, 0, 0xcd, 0x82, 0xc3])
    expect(stubBytes(29, 64)).toEqual([
      0x51, 0x41, 0x53, 0xb8, 29, 0, 0, 0, 0x0f, 0x05, 0x41, 0x5b, 0x59, 0xc3,
    ])
    expect(stubBytes(1, 64).length).toBeLessThanOrEqual(32)
  })
})

describe('POPF, PUSHF, CLI, STI (hw-facts-2 §1.4)', () => {
  const IF = RFLAGS.IF
  const IOPL3 = 3n << 12n
  const base = RFLAGS_FIXED | IF // IF = 1, IOPL = 0
  it('CPL 0: IF and IOPL are written', () => {
    expect(popfResult(base, RFLAGS_FIXED | IOPL3, 0, 32)).toBe(RFLAGS_FIXED | IOPL3)
  })
  it('0 < CPL ≤ IOPL: IF written, IOPL unchanged', () => {
    const old = RFLAGS_FIXED | IF | (1n << 12n) // IOPL 1
    expect(popfResult(old, RFLAGS_FIXED | IOPL3, 1, 32)).toBe(RFLAGS_FIXED | (1n << 12n))
  })
  it('CPL > IOPL: IF and IOPL unchanged, the other flags written, no exception', () => {
    const r = popfResult(base, RFLAGS_FIXED | IOPL3 | RFLAGS.ZF | RFLAGS.CF, 1, 32)
    expect(r).toBe(base | RFLAGS.ZF | RFLAGS.CF)
    expect(popfResult(base, RFLAGS_FIXED, 3, 32) & IF).toBe(IF)
  })
  it('POPF never changes RF, VM, VIP or VIF', () => {
    const img = RFLAGS.RF | RFLAGS.VM | RFLAGS.VIP | RFLAGS.VIF | RFLAGS_FIXED
    expect(popfResult(RFLAGS_FIXED, img, 0, 64)).toBe(RFLAGS_FIXED)
  })
  it('PUSHF clears VM and RF in the image it pushes', () => {
    expect(pushfImage(RFLAGS_FIXED | IF | RFLAGS.VM | RFLAGS.RF)).toBe(RFLAGS_FIXED | IF)
  })
  it('CLI/STI with IOPL ≥ CPL write IF; with IOPL < CPL they raise #GP(0)', () => {
    const native = stepProgram(['cli', 'sti', 'hlt'], 'native', 2).instrs
    expect(native.map((e) => [e.outcome, e.virt.if])).toEqual([
      ['ran', 0],
      ['ran', 1],
    ])
    // Deprivileged at CPL 1 and 3 with IOPL 0: both fault into the VMM with error code 0.
    for (const bits of [32, 64] as const) {
      const t = stepProgram(['cli', 'sti', 'hlt'], 'trap', 2, bits).instrs
      expect(
        t.map((e) => [e.outcome, e.fault?.vector, e.fault?.code, e.real.cpl, e.virt.if]),
      ).toEqual([
        ['emulated', 13, 0, bits === 32 ? 1 : 3, 0],
        ['emulated', 13, 0, bits === 32 ? 1 : 3, 1],
      ])
    }
  })
  it('the POPF hole: at CPL 1 the guest clears IF, nothing traps, interrupts stay on', () => {
    const lines = ['push 0x2', 'popf', 'hlt']
    const [, popf] = stepProgram(lines, 'trap', 2).instrs
    expect(popf?.outcome).toBe('diverged')
    expect(popf?.fault).toBeNull()
    expect(popf?.real.if).toBe(1)
    expect(popf?.virt.if).toBe(1)
    expect(popf?.diverged.join()).toMatch(/^IF: the guest set 0/)
    // On bare metal the same POPF clears IF.
    expect(stepProgram(lines, 'native', 2).instrs[1]?.virt.if).toBe(0)
  })
  it('an interrupt arriving after the POPF hole is injected at once (the guest thought IF = 0)', () => {
    const ops = [
      ...programOps(['push 0x2', 'popf', 'nop', 'hlt', 'isr_32: iret'], 32, 'trap'),
      { kind: 'guest.step' as const, count: 2 },
      { kind: 'guest.irq' as const, vector: 32 },
    ]
    const ev = applyAll(ops).events.filter((e) => e.kind === 'guest.interrupt')
    expect(ev.at(-1)).toMatchObject({ action: 'injected', vector: 32 })
    const nat = applyAll([
      ...programOps(['push 0x2', 'popf', 'nop', 'hlt', 'isr_32: iret'], 32, 'native'),
      { kind: 'guest.step', count: 2 },
      { kind: 'guest.irq', vector: 32 },
    ])
    expect(nat.events.filter((e) => e.kind === 'guest.interrupt').at(-1)).toMatchObject({
      action: 'queued',
    })
  })
})

describe('sensitive but unprivileged instructions at CPL 1 and 3 (RI00 §4)', () => {
  // Each runs without any exception at CPL 1 (32-bit) and CPL 3 (64-bit), as the SDM says.
  const cases: [string, string[], boolean][] = [
    // [name, program, differs from bare metal for a deprivileged kernel]
    ['pushf', ['pushf', 'hlt'], false], // IF = 1, IOPL 0 both ways here
    ['popf', ['push 0x2', 'popf', 'hlt'], true],
    ['sgdt', ['sgdt [where]', 'hlt'], true],
    ['sidt', ['sidt [where]', 'hlt'], true],
    ['smsw', ['smsw eax', 'hlt'], true],
    ['str', ['str eax', 'hlt'], true],
    ['lar', ['mov ebx, 0x10', 'lar eax, ebx', 'hlt'], true],
    ['verr', ['mov ebx, 0x10', 'verr ebx', 'hlt'], false], // DPL compressed with the kernel
    ['push cs', ['push cs', 'hlt'], true],
    ['mov from cs', ['mov eax, cs', 'hlt'], true],
    ['mov from ss', ['mov eax, ss', 'hlt'], true],
  ]
  for (const bits of [32, 64] as const)
    for (const [name, lines0, differs] of cases) {
      if (bits === 64 && name === 'push cs') continue // #UD in 64-bit mode (asm refuses it)
      const lines =
        bits === 64
          ? lines0.map((l) => l.replace(/\be([abcd]x)\b/g, 'r$1').replace('push 0x2', 'push 0x2'))
          : lines0
      it(`${name} at CPL ${bits === 32 ? 1 : 3}: no trap${differs ? ', a different result than on bare metal' : ''}`, () => {
        const n = lines.length - 1
        const r = stepProgram(lines, 'trap', n, bits)
        const last = r.instrs[n - 1]
        expect(last?.real.cpl).toBe(bits === 32 ? 1 : 3)
        expect(last?.fault).toBeNull()
        expect(last?.outcome).toBe(differs ? 'diverged' : 'ran')
        const ins = asm(lines[n - 1] ?? '', bits)
        expect(classify(ins).sensitive && !classify(ins).traps).toBe(true)
      })
    }
  it('pushf after the VMM emulated cli pushes the real IF = 1, not the guest’s 0', () => {
    const [, pushf] = stepProgram(['cli', 'pushf', 'hlt'], 'trap', 2).instrs
    expect(pushf?.outcome).toBe('diverged')
    expect(pushf?.diverged.join()).toMatch(/^memory \[0xc027fffc\]: 0x2 on bare metal, 0x202 here/)
  })
  it('with CR4.UMIP = 1 the store instructions #GP at CPL > 0 and the VMM emulates them', () => {
    for (const text of ['sgdt [where]', 'sidt [where]', 'smsw eax', 'str eax']) {
      const [e] = stepProgram([text, 'hlt'], 'trap', 1, 32, true).instrs
      expect([text, e?.outcome, e?.fault?.vector]).toEqual([text, 'emulated', 13])
    }
  })
  it('verr run by guest user code at ring 3 sees the compressed kernel DPL: ZF = 1 instead of 0', () => {
    // iret to user mode (CS 0x1b), then user code checks the kernel data selector.
    const lines = [
      'push 0x23',
      'push 0x1000',
      'push 0x202',
      'push 0x1b',
      'push user',
      'iret',
      'user: mov rbx, 0x10',
      'verr rbx',
      'hlt',
    ]
    const r = stepProgram(lines, 'trap', 8, 64)
    const verr = r.instrs.find((e) => e.text.startsWith('verr'))
    expect(verr?.virt.cpl).toBe(3)
    expect(verr?.outcome).toBe('diverged')
    expect(verr?.diverged.join()).toMatch(/status flags/)
  })
})

describe('each way on the same privileged and sensitive instructions', () => {
  const lines = [
    'cli',
    'push cs',
    'pop ebx',
    'mov eax, cr3',
    'mov cr3, eax',
    'out 0x80, al',
    'sti',
    'hlt',
  ]
  const outcomes = (way: Parameters<typeof stepProgram>[1]) =>
    stepProgram(lines, way, lines.length, 32).instrs.map((e) => e.outcome)
  it('trap-and-emulate: privileged ones are emulated, PUSH CS diverges', () => {
    expect(outcomes('trap')).toEqual([
      'emulated',
      'diverged',
      'ran',
      'emulated',
      'emulated',
      'emulated',
      'emulated',
      'emulated',
    ])
  })
  it('binary translation: in-TC code for the simple ones, call-outs for the rest, nothing diverges', () => {
    expect(outcomes('bt')).toEqual([
      'in-tc',
      'in-tc',
      'ident',
      'callout',
      'callout',
      'callout',
      'in-tc',
      'callout',
    ])
  })
  it('paravirtualization: IF is the upcall mask, CR3 loads are mmuext_op, HLT is sched_op', () => {
    const ev = stepProgram(lines, 'pv', lines.length, 32).instrs
    expect(ev.map((e) => e.outcome)).toEqual([
      'pv-inline',
      'diverged',
      'ran',
      'pv-inline',
      'hypercall',
      'emulated',
      'pv-inline',
      'hypercall',
    ])
    expect(ev.map((e) => e.hypercall?.nr ?? null)).toEqual([
      null,
      null,
      null,
      null,
      26,
      null,
      null,
      29,
    ])
    expect(ev[4]?.hypercall?.stub).toBe(0xc00f_f000n + 32n * 26n)
  })
  it('VT-x: the kernel runs at CPL 0; only I/O and HLT exit under the default controls', () => {
    const ev = stepProgram(lines, 'vt-x', lines.length, 32).instrs
    expect(ev.map((e) => e.outcome)).toEqual([
      'ran',
      'ran',
      'ran',
      'ran',
      'ran',
      'exit',
      'ran',
      'exit',
    ])
    expect(ev.map((e) => e.exit?.reason ?? null)).toEqual([
      null,
      null,
      null,
      null,
      null,
      30,
      null,
      12,
    ])
    expect(ev.every((e) => e.real.cpl === 0)).toBe(true)
  })
  it('VT-x reads the VMCS controls: CR3-load exiting (primary bit 15) makes MOV to CR3 exit with reason 28', () => {
    const ops = programOps(lines, 32, 'vt-x')
    const m = applyAll([
      ...ops,
      { kind: 'vmx.vmwrite', field: 'CPU_BASED_VM_EXEC_CONTROL', value: 0x8100_8080n },
      { kind: 'guest.step', count: 5 },
    ])
    const movCr3 = m.events.filter((e) => e.kind === 'guest.instr')[4]
    expect(movCr3).toMatchObject({ outcome: 'exit', exit: { reason: 28, qualification: 0x3n } })
    // The exit is written into the VMCS the panel shows.
    const region = m.machine.vmx.regions.find((r) => r.name === 'vcpu0')
    expect(region?.fields[0x4402]).toBe(28n) // VM_EXIT_REASON
  })
  it('BT translates a unit once and hits the cache on the second pass', () => {
    const loop = ['mov ecx, 2', 'top: cli', 'sti', 'dec ecx', 'jnz top', 'hlt']
    const r = stepProgram(loop, 'bt', 10)
    const c = r.instrs.at(-1)?.counts
    expect(c?.translations).toBe(3) // entry, top (continuation), the hlt unit
    expect(c?.chains).toBeGreaterThanOrEqual(1)
    expect(r.events.filter((e) => e.kind === 'guest.translate').length).toBe(3)
  })
  it('interrupts wait while the virtual IF is 0 and are injected when it becomes 1', () => {
    const prog = ['cli', 'nop', 'sti', 'nop', 'hlt', 'isr_40: iret']
    const m = applyAll([
      ...programOps(prog, 32, 'trap'),
      { kind: 'guest.step', count: 1 },
      { kind: 'guest.irq', vector: 40 },
      { kind: 'guest.step', count: 4 },
    ])
    const ints = m.events.filter((e) => e.kind === 'guest.interrupt')
    expect(ints.map((e) => e.kind === 'guest.interrupt' && e.action)).toEqual([
      'queued',
      'injected',
    ])
  })
})

describe('bad input', () => {
  it('an unknown mnemonic and a bad operand point at their columns', () => {
    expect(assembleLine('  mvo eax, 1', 5, 32)).toMatchObject({ ok: false, error: { column: 7 } })
    expect(assembleLine('mov eax, [ebx', 1, 32)).toMatchObject({ ok: false, error: { column: 10 } })
    expect(assembleLine('mov rax, 1', 1, 32)).toMatchObject({ ok: false })
    expect(assembleLine('push cs', 1, 64)).toMatchObject({ ok: false })
  })
  it('a jump to a missing label is refused with its line and column, nothing changes', () => {
    const m = applyAll(programOps(['top: nop', 'jmp nowhere'], 32, 'native')).machine
    const r = apply(m, { kind: 'guest.run', limit: 10 })
    expect(r).toMatchObject({
      ok: false,
      error: { code: 'guest', error: { code: 'missing-label', label: 'nowhere', line: 2 } },
    })
  })
  it('a program that never halts stops at the step limit and says so', () => {
    const m = applyAll([
      ...programOps(['top: jmp top'], 32, 'bt'),
      { kind: 'guest.run', limit: 500 },
    ])
    expect(m.events.at(-1)).toMatchObject({
      kind: 'guest.run',
      executed: 500,
      limitHit: true,
      halted: false,
    })
  })
  it('an empty program is refused', () => {
    expect(apply(initialMachine, { kind: 'guest.step', count: 1 })).toMatchObject({ ok: false })
  })
  it('the boot state keeps the guest’s view and the real CPU apart', () => {
    const s = bootState({ ...emptyProgram, bits: 64 }, 'trap', false, null)
    expect([s.real.cs & 3, s.virt.cs & 3]).toEqual([3, 0])
  })
})
