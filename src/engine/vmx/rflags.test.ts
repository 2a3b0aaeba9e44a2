// Guest RFLAGS on VM entry and VM exit. SDM3 §26.3.1.4 "Checks on Guest RIP and RFLAGS":
// reserved bits 63:22, 15, 5 and 3 must be 0 and reserved bit 1 must be 1; VM (bit 17) must
// be 0 if "IA-32e mode guest" is 1 or CR0.PE is 0; IF (bit 9) must be 1 if an external
// interrupt is injected. A failure is a VM-entry failure: exit reason 33 with bit 31 set
// (0x80000021), qualification 0 (hw-facts §4.2, §4.6). SDM3 §27.5.3: after a VM exit
// RFLAGS is 2; bit 1 always reads as 1, so a saved guest RFLAGS has it too.
import { describe, expect, it } from 'vitest'
import type { VmxEvent } from './events.ts'
import type { VmxOp } from './ops.ts'
import { launched, minimalSetup, run, w } from './testkit.ts'
import type { VmxState } from './types.ts'
import { currentRegion, rawField } from './vmcs.ts'

const vmxon: VmxOp = { kind: 'vmx.vmxon', region: null }
const launch: VmxOp = { kind: 'vmx.vmlaunch' }

/** VMLAUNCH of a VMCS that passes every other check, with these extra writes. */
const tryLaunch = (extra: VmxOp[]) => run([vmxon, ...minimalSetup('a'), ...extra, launch])

function entryFailure(evs: readonly VmxEvent[]) {
  const e = evs[0]
  if (e?.kind !== 'vmx.exit') throw new Error(`expected a VM-entry failure, got ${e?.kind}`)
  return e.exit
}

describe('VM entry checks guest RFLAGS (SDM3 §26.3.1.4)', () => {
  it('GUEST_RFLAGS = 0 (bit 1 clear): VM-entry failure 0x80000021, qualification 0', () => {
    const r = tryLaunch([w('GUEST_RFLAGS', 0n)])
    const x = entryFailure(r.last)
    expect(x).toMatchObject({
      reason: 33,
      fullReason: 0x8000_0021,
      qualification: 0n,
      entryFailure: true,
      guestCheck: { check: 'rflags-reserved', rflags: 0n },
    })
    const cur = currentRegion(r.state)
    expect(cur && rawField(cur, 0x4402)).toBe(0x8000_0021n)
    expect(cur && rawField(cur, 0x6400)).toBe(0n)
    // Not a VMfail: host state is loaded, the processor stays in root, the VMCS stays clear.
    expect(r.events.some((e) => e.kind === 'vmx.fail')).toBe(false)
    expect(r.state.cpu.mode).toBe('root')
    expect(r.state.cpu.regs.rip).toBe(0xffff_ffff_8100_0000n)
    expect(cur?.launch).toBe('clear')
    expect(r.state.exitCounts[33]).toBe(1)
  })
  it('reserved bits 3, 5, 15, 22 and 63 must be 0', () => {
    for (const bit of [3n, 5n, 15n, 22n, 63n]) {
      const x = entryFailure(tryLaunch([w('GUEST_RFLAGS', 0x2n | (1n << bit))]).last)
      expect(x.guestCheck, `bit ${bit}`).toMatchObject({ check: 'rflags-reserved' })
      expect(x.qualification).toBe(0n)
    }
  })
  it('bit 1 set and the defined flags (CF, ZF, IF, AC, ID) pass', () => {
    for (const v of [0x2n, 0x202n, 0x246n, 0x4_0202n, 0x20_0202n]) {
      expect(tryLaunch([w('GUEST_RFLAGS', v)]).last[0]?.kind, v.toString(16)).toBe('vmx.entry')
    }
  })
  it('VM (bit 17) needs CR0.PE = 1 and no IA-32e mode guest', () => {
    const vm = w('GUEST_RFLAGS', 0x2_0002n)
    expect(entryFailure(tryLaunch([vm]).last).guestCheck).toMatchObject({ check: 'rflags-vm' })
    expect(tryLaunch([vm, w('GUEST_CR0', 1n)]).last[0]?.kind).toBe('vmx.entry')
    const ia32e = w('VM_ENTRY_CONTROLS', 1n << 9n)
    expect(entryFailure(tryLaunch([vm, w('GUEST_CR0', 1n), ia32e]).last).guestCheck).toMatchObject({
      check: 'rflags-vm',
    })
  })
  it('IF (bit 9) must be 1 to inject an external interrupt, not for an exception', () => {
    const extIntr = w('VM_ENTRY_INTR_INFO_FIELD', 0x8000_0020n) // valid, type 0, vector 32
    expect(entryFailure(tryLaunch([extIntr]).last).guestCheck).toMatchObject({
      check: 'rflags-if',
    })
    expect(tryLaunch([extIntr, w('GUEST_RFLAGS', 0x202n)]).last[0]?.kind).toBe('vmx.entry')
    const gp = w('VM_ENTRY_INTR_INFO_FIELD', 0x8000_0b0dn) // valid, hardware exception #GP
    expect(tryLaunch([gp]).last[0]?.kind).toBe('vmx.entry')
  })
  it('RFLAGS is checked before the VMCS-link pointer (qualification 0, not 4)', () => {
    const x = entryFailure(tryLaunch([w('GUEST_RFLAGS', 0n), w('VMCS_LINK_POINTER', 0n)]).last)
    expect(x.guestCheck?.check).toBe('rflags-reserved')
    expect(x.qualification).toBe(0n)
  })
})

describe('a VM exit never stores RFLAGS without bit 1', () => {
  it('the saved GUEST_RFLAGS keeps bit 1 even if the register image lacks it', () => {
    const r = run(launched('a', [w('GUEST_RFLAGS', 0x246n)]))
    expect(r.state.cpu.regs.rflags).toBe(0x246n)
    // A register image without bit 1 cannot come from hardware; force one to test the save.
    const broken: VmxState = {
      ...r.state,
      cpu: { ...r.state.cpu, regs: { ...r.state.cpu.regs, rflags: 0x240n } },
    }
    const x = run([{ kind: 'vmx.guest', instr: { op: 'cpuid' } }], broken)
    const cur = currentRegion(x.state)
    expect(cur && rawField(cur, 0x6820)).toBe(0x242n)
    expect(x.state.cpu.regs.rflags).toBe(2n)
  })
  it('exit then VMRESUME: the saved RFLAGS passes the entry check again', () => {
    const r = run([
      ...launched('a'),
      { kind: 'vmx.guest', instr: { op: 'cpuid' } },
      { kind: 'vmx.advance-rip' },
      { kind: 'vmx.vmresume' },
    ])
    expect(r.last[0]?.kind).toBe('vmx.entry')
    const cur = currentRegion(r.state)
    expect(cur && rawField(cur, 0x6820)).toBe(2n)
  })
})
