// VMREAD and VMWRITE executed by the guest in VMX non-root operation cause VM exits with basic
// exit reasons 23 (VMREAD) and 25 (VMWRITE) (hw-facts §4.1, §4.6; SDM3 App. C). Without VMCS
// shadowing they never touch the VMCS: the VMM sees the exit and emulates them.
import { describe, expect, it } from 'vitest'
import { applyVmx } from './apply.ts'
import type { VmxEvent } from './events.ts'
import type { GuestInstr, VmxOp } from './ops.ts'
import { launched, run, w } from './testkit.ts'
import { currentRegion, rawField } from './vmcs.ts'

const g = (instr: GuestInstr): VmxOp => ({ kind: 'vmx.guest', instr })

function exitOf(evs: readonly VmxEvent[]) {
  const e = evs[0]
  if (e?.kind !== 'vmx.exit') throw new Error(`expected a VM exit, got ${e?.kind}`)
  return e
}

describe('guest VMREAD / VMWRITE exit (reasons 23 and 25)', () => {
  it('guest vmread GUEST_RIP: VM exit 23, length 3, qualification 0, RIP of the VMREAD', () => {
    const r = run([...launched('a'), g({ op: 'vmread', field: 'GUEST_RIP' })])
    const e = exitOf(r.last)
    expect(e.exit).toMatchObject({
      reason: 23,
      name: 'VMREAD',
      qualification: 0n,
      instructionLength: 3,
      entryFailure: false,
    })
    expect(e.guestRip).toBe(0x1000n)
    const cur = currentRegion(r.state)
    expect(cur && rawField(cur, 0x4402)).toBe(23n)
    expect(cur && rawField(cur, 0x440c)).toBe(3n)
    expect(r.state.cpu.mode).toBe('root')
    expect(r.state.exitCounts[23]).toBe(1)
  })
  it('guest vmwrite: VM exit 25, and the VMCS field is not written', () => {
    const r = run([
      ...launched('a', [w('GUEST_RSP', 0x7000n)]),
      g({ op: 'vmwrite', field: 'GUEST_RSP', value: 0x1234n }),
    ])
    expect(exitOf(r.last).exit).toMatchObject({ reason: 25, name: 'VMWRITE', qualification: 0n })
    const cur = currentRegion(r.state)
    // The exit saves the guest's RSP (0x7000): the VMWRITE itself never happened.
    expect(cur && rawField(cur, 0x681c)).toBe(0x7000n)
    expect(cur && rawField(cur, 0x4402)).toBe(25n)
  })
  it('a raw encoding works too; an unknown field name is an input error', () => {
    const r = run([...launched('a'), g({ op: 'vmread', field: 0x4402n })])
    expect(exitOf(r.last).exit.reason).toBe(23)
    const s = run(launched('a')).state
    const bad = applyVmx(s, g({ op: 'vmread', field: 'GUEST_RIPP' }))
    expect(bad.ok).toBe(false)
  })
  it('after the exit the VMM can skip it: advance-rip moves GUEST_RIP by 3', () => {
    const r = run([
      ...launched('a'),
      g({ op: 'vmwrite', field: 'GUEST_RIP', value: 0n }),
      { kind: 'vmx.advance-rip' },
      { kind: 'vmx.vmresume' },
    ])
    expect(r.state.cpu.regs.rip).toBe(0x1003n)
  })
  it('pre-VT: there is no VMX, so the guest kernel’s VMREAD is #UD (vector 6)', () => {
    const s = run([{ kind: 'vmx.picture', picture: 'pre-vt' }]).state
    const r = run([g({ op: 'vmread', field: 'GUEST_RIP' })], s)
    expect(r.last[0]).toMatchObject({ kind: 'cpu.trap', vector: 6 })
  })
})
