// The guest-kernel CPU family through the real console path: `program`, `asm`, `way`,
// `stepi`, `run`, `irq`, `compare`; their JSON fields, bad input with line and column, and
// the Chinese typography of every narrated step under every way.
import { describe, expect, it } from 'vitest'
import { runScript } from '../src/console/index.ts'
import { helpLines } from '../src/console/interactive.ts'
import { WAYS } from '../src/engine/index.ts'
import { describeEvent } from '../src/narration/index.ts'
import { runCli, scriptFailure } from './cliHelper.ts'
import { problems } from './zhTypography.ts'

// The course notes' do_atomic_operation (UCR slide 12), with a second pass for the cache.
const ATOMIC = `program 32
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

describe('guest CPU console family', () => {
  it('help lists every command and its usage', () => {
    const all = helpLines('', 'en').join('\n')
    for (const w of ['program', 'asm', 'way', 'stepi', 'run', 'irq', 'compare'])
      expect(all).toContain(w)
    expect(helpLines('way', 'en').join('\n')).toContain('way native|trap|bt|pv|vt-x [umip]')
  })
  it('stepi reports outcome, fault vector and error code, real and virtual IF/CPL/IOPL', () => {
    const r = runCli(`${ATOMIC}\nway trap\nstepi 3`, { mustSucceed: true })
    const j = r.json.at(-1)
    expect(j).toMatchObject({
      cmd: 'stepi',
      instr: 'cli',
      class: 'privileged',
      cplRule: 'gp',
      outcome: 'emulated',
      fault: { vector: 13, errorCode: 0 },
      real: { if: 1, iopl: 0, cpl: 1 },
      virtual: { if: 0, iopl: 0, cpl: 0 },
    })
  })
  it('VT-x steps report the exit reason; BT steps the translation counts', () => {
    const v = runCli(`${ATOMIC}\nway vt-x\nrun`, { mustSucceed: true })
    expect(v.json.at(-1)).toMatchObject({
      cmd: 'run',
      halted: true,
      limitHit: false,
      counts: { exits: 1 },
    })
    const b = runCli(`${ATOMIC}\nway bt\nrun`, { mustSucceed: true })
    const counts = b.json.at(-1)?.counts as Record<string, number>
    expect(counts.translations).toBeGreaterThanOrEqual(3)
    // The second call of do_atomic_operation finds its fragments in the cache.
    expect((counts.tcHits ?? 0) + (counts.chains ?? 0)).toBeGreaterThan(0)
    expect(counts.divergences).toBe(0)
  })
  it('compare runs the program under all five ways', () => {
    const r = runCli(`${ATOMIC}\ncompare`, { mustSucceed: true })
    const ways = (r.json.at(-1)?.ways as { way: string; counts: { traps: number } }[]).map(
      (w) => w.way,
    )
    expect(ways).toEqual([...WAYS])
  })
  it('an unknown mnemonic points at its column and keeps the program', () => {
    const e = scriptFailure('program\nasm nop\nasm   mvo eax, 1')
    expect(e).toMatchObject({ line: 3, column: 7 })
    expect(e.message).toMatch(/unknown mnemonic 'mvo'/)
    const r = runScript('program\nasm nop\nasm   mvo eax, 1')
    expect(r.machine.guest.program.lines.length).toBe(1)
  })
  it('a bad operand points at the operand', () => {
    const e = scriptFailure('program\nasm mov eax, [ebx')
    expect(e).toMatchObject({ line: 2, column: 14 })
    expect(e.message).toMatch(/memory operand ends with/)
  })
  it('a register of the wrong width names the program width', () => {
    expect(scriptFailure('program 32\nasm mov rax, 1').message).toMatch(
      /64-bit register; this program is 32-bit/,
    )
  })
  it('a jump to a missing label names the program line and column', () => {
    const e = scriptFailure('program\nasm top: nop\nasm jmp tpo\nrun')
    expect(e.message).toBe(
      "run: program line 2, column 9: no label 'tpo' in the program (write asm tpo: ...)",
    )
  })
  it('a program that never halts stops at the limit and says so', () => {
    const r = runCli('program\nasm spin: jmp spin\nway trap\nrun limit=300', { mustSucceed: true })
    expect(r.json.at(-1)).toMatchObject({ executed: 300, limitHit: true, halted: false })
  })
  it('a label given twice is refused', () => {
    expect(scriptFailure('program\nasm a: nop\nasm a: hlt').message).toMatch(/already line 1/)
  })
  it('every narrated step reads as proper Chinese under every way', () => {
    const extra = `asm isr_32: iret
asm pushf
asm push 0x2
asm popf
asm push cs
asm pop ebx
asm sgdt [gdtr_copy]
asm mov eax, cr3
asm mov cr3, eax
asm out 0x80, al
asm int $0x82`
    for (const way of WAYS) {
      const r = runScript(
        `${ATOMIC.replace('asm hlt', 'asm jmp tail')}\n${extra}\nasm tail: hlt\nway ${way}\nstepi 20\nirq 32\nstepi 30\nrun\ncompare`,
      )
      expect(r.error).toBeNull()
      for (const f of r.trace.frames) {
        const zh = describeEvent(f.event).zh
        expect([way, f.event.kind, zh, problems({ source: way, text: zh, kind: 'final' })]).toEqual(
          [way, f.event.kind, zh, []],
        )
      }
    }
  })
})
