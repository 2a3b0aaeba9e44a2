import { describe, expect, it } from 'vitest'
import { initialMachine } from '../machine.ts'
import { type Machine } from '../machine.ts'
import { applyAll, programOps } from './testkit.ts'
import { type Way, WAYS } from './types.ts'
import { PG_SAMPLES, pgSamples, tryInstruction } from './try.ts'
import type { Bits } from './isa.ts'

const machineFor = (way: Way, bits: Bits = 32, umip = false): Machine =>
  applyAll(programOps(['nop'], bits, way, umip), initialMachine).machine

const outcome = (m: Machine, text: string, cpl: 0 | 3) => {
  const r = tryInstruction(m, text, cpl)
  if (!r.ok) throw new Error(`${text}: ${r.why}`)
  return r.event
}

describe('tryInstruction (the Popek-Goldberg table’s buttons)', () => {
  it('every sample assembles except those x86 lacks in that mode (#UD)', () => {
    const text = (bits: Bits) => pgSamples(bits).map((s) => s.text)
    const only32 = ['push cs', 'pop es', 'jmp 0x8:after', 'call 0x8:after']
    for (const t of only32) {
      expect(text(32)).toContain(t)
      expect(text(64)).not.toContain(t)
    }
    expect(text(64)).toContain('syscall')
    expect(text(32)).not.toContain('syscall')
    expect(text(32).length).toBe(PG_SAMPLES.length - 1)
    expect(text(64).length).toBe(PG_SAMPLES.length - only32.length)
  })

  it('every sample runs one step under every way at CPL 0 and CPL 3', () => {
    for (const way of WAYS)
      for (const bits of [32, 64] as const) {
        const m = machineFor(way, bits)
        for (const s of pgSamples(bits))
          for (const cpl of [0, 3] as const) {
            const r = tryInstruction(m, s.text, cpl)
            expect(r.ok, `${way} ${bits} ${s.text} CPL ${cpl}`).toBe(true)
          }
      }
  })

  it('native kernel: the privileged ones run at CPL 0 and #GP(0) at CPL 3', () => {
    const m = machineFor('native')
    for (const text of ['cli', 'hlt', 'mov cr3, eax', 'lidt [x]', 'invlpg [x]']) {
      expect(outcome(m, text, 0).outcome, text).toBe('ran')
      const e = outcome(m, text, 3)
      expect(e.outcome, text).toBe('fault')
      expect(e.fault, text).toEqual({ vector: 13, code: 0 })
    }
  })

  it('native user code: POPF keeps IF silently, INT 0x80 enters ring 0', () => {
    const m = machineFor('native')
    const popf = outcome(m, 'popf', 3)
    expect(popf.outcome).toBe('ran')
    expect(popf.virt.if).toBe(1)
    expect(outcome(m, 'popf', 0).virt.if).toBe(0)
    const int = outcome(m, 'int $0x80', 3)
    expect(int.outcome).toBe('ran')
    expect(int.virt.cpl).toBe(0)
  })

  it('trap-and-emulate kernel: privileged ones are emulated, the holes diverge, innocuous ones run', () => {
    const m = machineFor('trap')
    expect(outcome(m, 'cli', 0).outcome).toBe('emulated')
    expect(outcome(m, 'popf', 0).outcome).toBe('diverged')
    expect(outcome(m, 'mov eax, cs', 0).outcome).toBe('diverged')
    expect(outcome(m, 'sgdt [x]', 0).outcome).toBe('diverged')
    expect(outcome(m, 'mov eax, ebx', 0).outcome).toBe('ran')
    // The guest's own user code: the VMM reflects the #GP into the guest's IDT.
    expect(outcome(m, 'cli', 3).outcome).toBe('reflected')
  })

  it('UMIP turns SGDT into a trap the VMM emulates', () => {
    expect(outcome(machineFor('trap', 32, true), 'sgdt [x]', 0).outcome).toBe('emulated')
  })

  it('VT-x: CPUID always exits, CLI runs at CPL 0 of non-root', () => {
    const m = machineFor('vt-x')
    const e = outcome(m, 'cpuid', 0)
    expect(e.outcome).toBe('exit')
    expect(e.exit?.reason).toBe(10)
    expect(outcome(m, 'cli', 0).outcome).toBe('ran')
  })

  it('leaves the machine alone', () => {
    const m = machineFor('vt-x')
    const before = JSON.stringify(m, (_k, v: unknown) => (typeof v === 'bigint' ? `${v}` : v))
    tryInstruction(m, 'cpuid', 0)
    expect(JSON.stringify(m, (_k, v: unknown) => (typeof v === 'bigint' ? `${v}` : v))).toBe(before)
  })
})
