// The instructions added for issue 16's last part, one test per rule (SDM2 pages; hw-facts-2
// §1.3 for the class): LSL, VERW, SLDT, MOV/POP to a segment register, far JMP/CALL and RET
// far with their CPL checks, r8-r15, and the IDT's gates as INT n checks them.
import { describe, expect, it } from 'vitest'
import { assembleLine } from './asm.ts'
import { type Bits, classify, encodedLength } from './isa.ts'
import { stepProgram } from './testkit.ts'
import { TRUNCATED_LIMIT } from './types.ts'

const asm = (text: string, bits: Bits = 32) => {
  const r = assembleLine(text, 1, bits)
  if (!r.ok) throw new Error(r.error.message)
  if (!r.line.instr) throw new Error('no instruction')
  return r.line.instr
}
const asmError = (text: string, bits: Bits = 32): string => {
  const r = assembleLine(text, 1, bits)
  if (r.ok) throw new Error(`${text} assembled`)
  return r.error.message
}
const len = (text: string, bits: Bits = 32): number => encodedLength(asm(text, bits), bits, 'short')
const ZF = 1n << 6n

describe('encoding lengths of the new forms (SDM Vol. 2)', () => {
  it.each([
    ['lsl eax, ebx', 32, 3], // 0F 03 /r
    ['verw eax', 32, 3], // 0F 00 /5
    ['sldt eax', 32, 3], // 0F 00 /0
    ['mov ds, eax', 32, 2], // 8E /r
    ['pop ds', 32, 1], // 1F
    ['pop es', 32, 1], // 07
    ['pop ss', 32, 1], // 17
    ['pop fs', 32, 2], // 0F A1
    ['pop gs', 64, 2], // 0F A9
    ['jmp 0x8:there', 32, 7], // EA cd cw
    ['call 0x1b:there', 32, 7], // 9A cd cw
    ['retf', 32, 1], // CB
    ['retf', 64, 2], // REX.W CB
    ['push r8', 64, 2], // 41 50
    ['pop r15', 64, 2], // 41 5F
    ['mov r8, rax', 64, 3], // REX.W 89 /r (REX.B)
    ['mov rax, [r12]', 64, 4], // 49 8B 04 24: REX.WB, opcode, ModRM, SIB
    ['mov rax, [r13]', 64, 4], // 49 8B 45 00: disp8 0 (r13 as rbp)
    ['lsl rax, rbx', 64, 4], // REX.W 0F 03 /r
  ] as const)('%s (%i-bit) is %i bytes', (text, bits, n) => {
    expect(len(text, bits)).toBe(n)
  })
})

describe('what the assembler refuses, with the reason', () => {
  it.each([
    ['pop cs', 32, 'pop cs does not exist'],
    ['mov cs, eax', 32, '#UD'],
    ['pop ds', 64, 'invalid in 64-bit mode'],
    ['jmp 0x8:there', 64, 'invalid in 64-bit mode'],
    ['mov r8, eax', 32, 'r8 is a 64-bit register'],
  ] as const)('%s in %i-bit code', (text, bits, msg) => {
    expect(asmError(text, bits)).toContain(msg)
  })
})

describe('Popek-Goldberg class and CPL > 0 rule of the new forms (RI00 §4, hw-facts-2 §1.3)', () => {
  it.each([
    ['lsl eax, ebx', 'behaviour-sensitive', 'silent', false],
    ['verw eax', 'behaviour-sensitive', 'silent', false],
    ['sldt eax', 'behaviour-sensitive', 'silent', false],
    ['mov ds, eax', 'behaviour-sensitive', 'silent', false],
    ['pop ds', 'behaviour-sensitive', 'silent', false],
    ['jmp 0x8:there', 'control-sensitive', 'silent', false],
    ['call 0x8:there', 'control-sensitive', 'silent', false],
    ['retf', 'control-sensitive', 'gp', true],
    ['pop eax', 'innocuous', 'runs', false],
    ['jmp there', 'innocuous', 'runs', false],
  ] as const)('%s: %s, %s', (text, pg, rule, traps) => {
    const c = classify(asm(text))
    expect(c.pg).toBe(pg)
    expect(c.rule).toBe(rule)
    expect(c.traps).toBe(traps)
    expect(c.sensitive).toBe(pg !== 'innocuous')
  })
})

/** The guest's registers after `n` steps of `lines` under `way`. */
const after = (lines: string[], way: 'native' | 'trap', n: number, bits: Bits = 32) =>
  stepProgram([...lines, 'there: hlt', 'isr_11: hlt', 'isr_13: hlt'], way, n, bits)

describe('LSL, VERW and SLDT at CPL 0 and deprivileged', () => {
  it('LSL loads the flat limit at CPL 0 and the VMM’s truncated one in ring 1: a divergence', () => {
    const prog = ['mov ebx, 0x10', 'lsl eax, ebx']
    expect(after(prog, 'native', 2).machine.guest.gpr[0]).toBe(0xffff_ffffn)
    const t = after(prog, 'trap', 2)
    expect(t.machine.guest.gpr[0]).toBe(TRUNCATED_LIMIT)
    expect(t.instrs[1]?.outcome).toBe('diverged')
  })
  it('LSL of a DPL 0 selector from CPL 3 clears ZF and leaves the destination', () => {
    const r = after(
      [
        'push 0x23',
        'push 0xc0270000',
        'push 0x202',
        'push 0x1b',
        'push user',
        'iret',
        'user: mov ebx, 0x10',
        'mov eax, 7',
        'lsl eax, ebx',
      ],
      'native',
      9,
    )
    expect(r.machine.guest.virt.cs & 3).toBe(3)
    expect(r.machine.guest.gpr[0]).toBe(7n)
    expect(r.machine.guest.virt.rflags & ZF).toBe(0n)
  })
  it('VERW sets ZF for a data segment and clears it for a code segment', () => {
    const data = after(['mov eax, 0x10', 'verw eax'], 'native', 2)
    expect(data.machine.guest.virt.rflags & ZF).toBe(ZF)
    const code = after(['mov eax, 0x8', 'verw eax'], 'native', 2)
    expect(code.machine.guest.virt.rflags & ZF).toBe(0n)
  })
  it('SLDT stores the LDTR (0: no LDT on either CPU), and UMIP makes it trap in ring 1', () => {
    const plain = after(['mov eax, 5', 'sldt eax'], 'trap', 2)
    expect(plain.machine.guest.gpr[0]).toBe(0n)
    expect(plain.instrs[1]?.outcome).toBe('ran')
    const umip = stepProgram(['sldt eax', 'hlt'], 'trap', 1, 32, true)
    expect(umip.instrs[0]?.outcome).toBe('emulated')
    expect(umip.instrs[0]?.fault).toEqual({ vector: 13, code: 0 })
  })
})

describe('MOV and POP to a segment register', () => {
  it('loads DS with a data selector at CPL 0 and reads it back', () => {
    const r = after(['mov eax, 0x23', 'mov ds, eax', 'mov ebx, ds'], 'native', 3)
    expect(r.machine.guest.virt.seg.ds).toBe(0x23)
    expect(r.machine.guest.gpr[3]).toBe(0x23n)
  })
  it('a selector with no descriptor is #GP(selector)', () => {
    const r = after(['mov eax, 0x40', 'mov es, eax'], 'native', 2)
    expect(r.instrs[1]?.fault).toEqual({ vector: 13, code: 0x40 })
  })
  it('SS needs RPL = DPL = CPL: the kernel’s own SS traps in ring 1 and the VMM emulates it', () => {
    const prog = ['mov eax, 0x10', 'mov ss, eax']
    expect(after(prog, 'native', 2).instrs[1]?.outcome).toBe('ran')
    const t = after(prog, 'trap', 2)
    expect(t.instrs[1]?.outcome).toBe('emulated')
    expect(t.instrs[1]?.fault).toEqual({ vector: 13, code: 0x10 })
    expect(t.machine.guest.virt.seg.ss).toBe(0x10)
    expect(t.machine.guest.real.seg.ss).toBe(0x11)
  })
  it('an SS with RPL 1 faults on bare metal at CPL 0 but loads in ring 1', () => {
    const prog = ['mov eax, 0x11', 'mov ss, eax']
    expect(after(prog, 'native', 2).instrs[1]?.fault).toEqual({ vector: 13, code: 0x10 })
    expect(after(prog, 'trap', 2).instrs[1]?.outcome).toBe('reflected')
  })
  it('a null SS is #GP(0) in 32-bit code and loads in 64-bit code below CPL 3', () => {
    expect(after(['mov eax, 0', 'mov ss, eax'], 'native', 2).instrs[1]?.fault).toEqual({
      vector: 13,
      code: 0,
    })
    const r = stepProgram(['mov rax, 0', 'mov ss, rax', 'hlt'], 'native', 2, 64)
    expect(r.instrs[1]?.outcome).toBe('ran')
    expect(r.machine.guest.virt.seg.ss).toBe(0)
  })
  it('POP ES pops the selector and checks it; a fault leaves ESP as it was', () => {
    const ok = after(['push 0x23', 'pop es'], 'native', 2)
    expect(ok.machine.guest.virt.seg.es).toBe(0x23)
    const bad = after(['push 0x40', 'pop es'], 'native', 2)
    expect(bad.instrs[1]?.fault).toEqual({ vector: 13, code: 0x40 })
    // #GP delivery pushed 4 words (EFLAGS, CS, EIP, code) on the 1-word-deep stack.
    expect(bad.machine.guest.gpr[4]).toBe(0xc028_0000n - 4n - 16n)
  })
})

describe('far JMP/CALL and RET far', () => {
  it('far JMP to the kernel code segment at CPL 0 loads CS 0x8', () => {
    const r = after(['jmp 0x8:there'], 'native', 1)
    expect(r.machine.guest.virt.cs).toBe(0x8)
    expect(r.instrs[0]?.outcome).toBe('ran')
  })
  it('in ring 1 the same far JMP runs without a trap and CS keeps RPL 1', () => {
    const r = after(['jmp 0x8:there'], 'trap', 1)
    expect(r.instrs[0]?.outcome).toBe('ran')
    expect(r.machine.guest.real.cs).toBe(0x9)
  })
  it('far JMP to a DPL 3 code segment from CPL 0 is #GP(selector) (no gate, non-conforming)', () => {
    expect(after(['jmp 0x1b:there'], 'native', 1).instrs[0]?.fault).toEqual({
      vector: 13,
      code: 0x18,
    })
  })
  it('far CALL pushes CS and the return address; RET far returns to the same ring', () => {
    const r = after(['call 0x8:sub', 'mov eax, 1', 'jmp there', 'sub: retf'], 'native', 3)
    expect(r.machine.guest.gpr[0]).toBe(1n)
    expect(r.machine.guest.virt.cs).toBe(0x8)
  })
  it('RET far to an RPL 0 CS traps in ring 1 and the VMM emulates it', () => {
    const r = after(['push 0x8', 'push there', 'retf'], 'trap', 3)
    expect(r.instrs[2]?.outcome).toBe('emulated')
    expect(r.instrs[2]?.fault).toEqual({ vector: 13, code: 0x8 })
    expect(r.machine.guest.virt.cs).toBe(0x8)
    expect(r.machine.guest.real.cs).toBe(0x9)
  })
  it('far CALL in ring 1 pushes the real CS 0x9 where bare metal pushes 0x8: a divergence', () => {
    const r = after(['call 0x8:sub', 'mov eax, 1', 'jmp there', 'sub: retf'], 'trap', 1)
    expect(r.instrs[0]?.outcome).toBe('diverged')
    expect(r.instrs[0]?.diverged.join()).toContain('0x8 on bare metal, 0x9 here')
  })
  it('RET far to ring 3 pops SS:ESP too', () => {
    const r = after(
      ['push 0x23', 'push 0xc0270000', 'push 0x1b', 'push user', 'retf', 'user: nop'],
      'native',
      5,
    )
    expect(r.machine.guest.virt.cs).toBe(0x1b)
    expect(r.machine.guest.virt.seg.ss).toBe(0x23)
    expect(r.machine.guest.gpr[4]).toBe(0xc027_0000n)
  })
})

describe('r8-r15 in 64-bit code', () => {
  it('are registers of their own, pushed and popped like the others', () => {
    const r = stepProgram(
      ['mov r8, 5', 'push r8', 'pop r15', 'add r15, r8', 'hlt'],
      'native',
      4,
      64,
    )
    expect(r.machine.guest.gpr[8]).toBe(5n)
    expect(r.machine.guest.gpr[15]).toBe(10n)
    expect(r.machine.guest.gpr.length).toBe(16)
  })
})

describe('the IDT: gates from isr_N labels, INT n checks present and DPL', () => {
  const user = ['push 0x23', 'push 0xc0270000', 'push 0x202', 'push 0x1b', 'push u', 'iret']
  it('INT to a vector with no gate is #NP(vector × 8 + 2)', () => {
    const r = after(['int 0x40'], 'native', 1)
    expect(r.instrs[0]?.fault).toEqual({ vector: 11, code: 0x40 * 8 + 2 })
  })
  it('from CPL 3, a DPL 0 gate is #GP(vector × 8 + 2), a DPL 3 gate enters ring 0', () => {
    const gp = after([...user, 'u: int 0x21', 'isr_33: iret'], 'native', 7)
    expect(gp.instrs[6]?.fault).toEqual({ vector: 13, code: 0x21 * 8 + 2 })
    const ok = after([...user, 'u: int 0x21', 'isr_33_dpl3: iret'], 'native', 7)
    expect(ok.instrs[6]?.outcome).toBe('ran')
    expect(ok.machine.guest.virt.cs).toBe(0x8)
  })
  it('Linux’s system gates (3, 4, 0x80) default to DPL 3, the rest to DPL 0', () => {
    const ok = after([...user, 'u: int 0x80', 'isr_128: iret'], 'native', 7)
    expect(ok.instrs[6]?.fault).toBeNull()
    const dpl0 = after([...user, 'u: int 0x80', 'isr_128_dpl0: iret'], 'native', 7)
    expect(dpl0.instrs[6]?.fault).toEqual({ vector: 13, code: 0x80 * 8 + 2 })
  })
  it('entering ring 0 from ring 3 loads SS from the TSS (0x10) and pushes the user SS', () => {
    const r = after([...user, 'u: int 0x80', 'isr_128: iret'], 'native', 7)
    expect(r.machine.guest.virt.seg.ss).toBe(0x10)
    expect(r.machine.guest.mem['0xc027fffc']).toBe(0x23n)
  })
})
