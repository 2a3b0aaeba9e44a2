import { describe, expect, it } from 'vitest'
import type { VmxEvent } from './events.ts'
import type { VmxOp } from './ops.ts'
import { byName, launched, minimalSetup, run, w } from './testkit.ts'
import { currentRegion, rawField } from './vmcs.ts'

const vmxon: VmxOp = { kind: 'vmx.vmxon', region: null }
const failOf = (evs: readonly VmxEvent[]) => evs.find((e) => e.kind === 'vmx.fail')

/** The last event's VMX outcome: 'succeed', 'invalid' or the VMfailValid error number. */
function outcome(evs: readonly VmxEvent[]): string | number {
  const f = failOf(evs)
  if (!f) return evs.some((e) => e.kind === 'vmx.fault') ? '#UD' : 'succeed'
  return f.vmfail === 'invalid' ? 'invalid' : (f.error ?? -1)
}

describe('VM-instruction errors (hw-facts §4.3), each case', () => {
  it('1: VMCALL in VMX root operation', () => {
    const r = run([vmxon, ...minimalSetup('a'), { kind: 'vmx.vmcall' }])
    expect(outcome(r.last)).toBe(1)
    const cur = currentRegion(r.state)
    expect(cur && rawField(cur, 0x4400)).toBe(1n)
  })
  it('VMCALL in root without a current VMCS: VMfailInvalid', () => {
    expect(outcome(run([vmxon, { kind: 'vmx.vmcall' }]).last)).toBe('invalid')
  })
  it('2: VMCLEAR with an unaligned or too-wide address', () => {
    const base = [vmxon, { kind: 'vmx.vmptrld', target: byName('a') }] as VmxOp[]
    expect(
      outcome(run([...base, { kind: 'vmx.vmclear', target: { by: 'addr', addr: 0x1001n } }]).last),
    ).toBe(2)
    expect(
      outcome(
        run([...base, { kind: 'vmx.vmclear', target: { by: 'addr', addr: 1n << 52n } }]).last,
      ),
    ).toBe(2)
  })
  it('2 without a current VMCS is VMfailInvalid (VMfail convention)', () => {
    const r = run([vmxon, { kind: 'vmx.vmclear', target: { by: 'addr', addr: 0x1001n } }])
    expect(outcome(r.last)).toBe('invalid')
  })
  it('3: VMCLEAR with the VMXON pointer', () => {
    const r = run([
      vmxon,
      { kind: 'vmx.vmptrld', target: byName('a') },
      { kind: 'vmx.vmclear', target: byName('vmxon') },
    ])
    expect(outcome(r.last)).toBe(3)
  })
  it('4: VMLAUNCH with a launched VMCS; 5: VMRESUME with a clear VMCS', () => {
    const afterExit = [...launched('a'), { kind: 'vmx.guest', instr: { op: 'cpuid' } }] as VmxOp[]
    expect(outcome(run([...afterExit, { kind: 'vmx.vmlaunch' }]).last)).toBe(4)
    expect(outcome(run([vmxon, ...minimalSetup('b'), { kind: 'vmx.vmresume' }]).last)).toBe(5)
    // VMCLEAR makes it clear again: VMLAUNCH works, VMRESUME fails with 5.
    const cleared = [
      ...afterExit,
      { kind: 'vmx.vmclear', target: byName('a') },
      { kind: 'vmx.vmptrld', target: byName('a') },
    ] as VmxOp[]
    expect(outcome(run([...cleared, { kind: 'vmx.vmresume' }]).last)).toBe(5)
    expect(run([...cleared, { kind: 'vmx.vmlaunch' }]).last[0]?.kind).toBe('vmx.entry')
  })
  it('7: enable VPID with VPID 0, or CR3-target count 5', () => {
    const vpid0 = [
      w('CPU_BASED_VM_EXEC_CONTROL', 1n << 31n),
      w('SECONDARY_VM_EXEC_CONTROL', 1n << 5n),
    ]
    expect(
      outcome(run([vmxon, ...minimalSetup('a'), ...vpid0, { kind: 'vmx.vmlaunch' }]).last),
    ).toBe(7)
    expect(
      outcome(
        run([vmxon, ...minimalSetup('a'), w('CR3_TARGET_COUNT', 5n), { kind: 'vmx.vmlaunch' }])
          .last,
      ),
    ).toBe(7)
    // Secondary controls count only with "activate secondary controls" (bit 31).
    const inactive = [w('SECONDARY_VM_EXEC_CONTROL', 1n << 5n)]
    expect(
      run([vmxon, ...minimalSetup('a'), ...inactive, { kind: 'vmx.vmlaunch' }]).last[0]?.kind,
    ).toBe('vmx.entry')
  })
  it('8: host selector with RPL, CS 0, TR 0, 32-bit host address-space size', () => {
    for (const bad of [
      w('HOST_SS_SELECTOR', 0x13n),
      w('HOST_DS_SELECTOR', 0x4n),
      w('HOST_CS_SELECTOR', 0n),
      w('HOST_TR_SELECTOR', 0n),
      w('VM_EXIT_CONTROLS', 0n),
    ]) {
      expect(outcome(run([vmxon, ...minimalSetup('a'), bad, { kind: 'vmx.vmlaunch' }]).last)).toBe(
        8,
      )
    }
  })
  it('7 is checked before 8, and 4 before 7 (hw-facts §4.2 order)', () => {
    const both = [w('CR3_TARGET_COUNT', 9n), w('HOST_CS_SELECTOR', 0n)]
    expect(
      outcome(run([vmxon, ...minimalSetup('a'), ...both, { kind: 'vmx.vmlaunch' }]).last),
    ).toBe(7)
    const r = run([
      ...launched('a'),
      { kind: 'vmx.guest', instr: { op: 'cpuid' } },
      ...both,
      { kind: 'vmx.vmlaunch' },
    ])
    expect(outcome(r.last)).toBe(4)
  })
  it('9, 10, 11: VMPTRLD bad address, VMXON pointer, wrong revision', () => {
    const base = [vmxon, { kind: 'vmx.vmptrld', target: byName('a') }] as VmxOp[]
    expect(
      outcome(run([...base, { kind: 'vmx.vmptrld', target: { by: 'addr', addr: 0x2345n } }]).last),
    ).toBe(9)
    expect(outcome(run([...base, { kind: 'vmx.vmptrld', target: byName('vmxon') }]).last)).toBe(10)
    expect(
      outcome(
        run([
          ...base,
          { kind: 'vmx.region', target: byName('b'), revision: 0x7n },
          { kind: 'vmx.vmptrld', target: byName('b') },
        ]).last,
      ),
    ).toBe(11)
    // Zeroed memory at a raw address has revision 0.
    expect(
      outcome(
        run([...base, { kind: 'vmx.vmptrld', target: { by: 'addr', addr: 0x500000n } }]).last,
      ),
    ).toBe(11)
    // Without a current VMCS the same failures are VMfailInvalid.
    expect(outcome(run([vmxon, { kind: 'vmx.vmptrld', target: byName('vmxon') }]).last)).toBe(
      'invalid',
    )
  })
  it('12: unsupported component; 13: VMWRITE to read-only', () => {
    const base = [vmxon, { kind: 'vmx.vmptrld', target: byName('a') }] as VmxOp[]
    expect(outcome(run([...base, { kind: 'vmx.vmread', field: 0x4804n }]).last)).toBe(12)
    expect(outcome(run([...base, { kind: 'vmx.vmwrite', field: 0x681fn, value: 1n }]).last)).toBe(
      12,
    )
    expect(outcome(run([...base, w('VM_EXIT_REASON', 1n)]).last)).toBe(13)
    expect(outcome(run([...base, w('EXIT_QUALIFICATION', 1n)]).last)).toBe(13)
  })
  it('VMREAD / VMWRITE without a current VMCS: VMfailInvalid', () => {
    expect(outcome(run([vmxon, { kind: 'vmx.vmread', field: 'GUEST_RIP' }]).last)).toBe('invalid')
    expect(outcome(run([vmxon, w('GUEST_RIP', 1n)]).last)).toBe('invalid')
  })
  it('15: VMXON in VMX root operation', () => {
    expect(outcome(run([vmxon, { kind: 'vmx.vmptrld', target: byName('a') }, vmxon]).last)).toBe(15)
    expect(outcome(run([vmxon, vmxon]).last)).toBe('invalid')
  })
  it('28: INVEPT / INVVPID with bad operands', () => {
    const base = [vmxon, { kind: 'vmx.vmptrld', target: byName('a') }] as VmxOp[]
    expect(outcome(run([...base, { kind: 'vmx.invept', type: 3n, eptp: 0n }]).last)).toBe(28)
    expect(outcome(run([...base, { kind: 'vmx.invept', type: 0n, eptp: 0n }]).last)).toBe(28)
    expect(outcome(run([...base, { kind: 'vmx.invept', type: 2n, eptp: 0n }]).last)).toBe('succeed')
    // Type 1 checks the EPTP as VM entry would (SDM3 §26.2.1.1): 0 says a 1-level walk.
    expect(outcome(run([...base, { kind: 'vmx.invept', type: 1n, eptp: 0n }]).last)).toBe(28)
    expect(outcome(run([...base, { kind: 'vmx.invept', type: 1n, eptp: 0x1000001dn }]).last)).toBe(
      28,
    )
    expect(outcome(run([...base, { kind: 'vmx.invept', type: 1n, eptp: 0x1000009en }]).last)).toBe(
      28,
    )
    expect(outcome(run([...base, { kind: 'vmx.invept', type: 1n, eptp: 0x1000001en }]).last)).toBe(
      'succeed',
    )
    const inv = (type: bigint, vpid: bigint, linear = 0n): VmxOp => ({
      kind: 'vmx.invvpid',
      type,
      vpid,
      linear,
    })
    expect(outcome(run([...base, inv(4n, 1n)]).last)).toBe(28)
    expect(outcome(run([...base, inv(1n, 0n)]).last)).toBe(28)
    expect(outcome(run([...base, inv(1n, 0x10000n)]).last)).toBe(28)
    expect(outcome(run([...base, inv(0n, 1n, 0x0000_8000_0000_0000n)]).last)).toBe(28)
    expect(outcome(run([...base, inv(2n, 0n)]).last)).toBe('succeed')
    expect(outcome(run([...base, inv(0n, 1n, 0x7000n)]).last)).toBe('succeed')
  })
  it('VMfailValid writes VM_INSTRUCTION_ERROR (0x4400); VMREAD reads it back', () => {
    const r = run([
      vmxon,
      ...minimalSetup('a'),
      { kind: 'vmx.vmresume' },
      { kind: 'vmx.vmread', field: 0x4400n },
    ])
    const e = r.last[0]
    expect(e?.kind === 'vmcs.read' && e.value).toBe(5n)
  })
})

describe('VMXON, #UD, launch state and the current-VMCS pointer', () => {
  it('VMX instructions outside VMX operation raise #UD', () => {
    expect(outcome(run([{ kind: 'vmx.vmptrld', target: byName('a') }]).last)).toBe('#UD')
    expect(outcome(run([{ kind: 'vmx.vmcall' }]).last)).toBe('#UD')
    expect(outcome(run([vmxon, { kind: 'vmx.vmxoff' }, { kind: 'vmx.vmlaunch' }]).last)).toBe('#UD')
  })
  it('VMXON with a bad region: VMfailInvalid', () => {
    expect(outcome(run([{ kind: 'vmx.vmxon', region: { by: 'addr', addr: 0x1008n } }]).last)).toBe(
      'invalid',
    )
    const r = run([
      { kind: 'vmx.region', target: byName('on'), revision: 2n },
      { kind: 'vmx.vmxon', region: byName('on') },
    ])
    expect(outcome(r.last)).toBe('invalid')
    expect(r.state.cpu.mode).toBe('off')
  })
  it('VMXON enters root with no current VMCS', () => {
    const r = run([vmxon])
    expect(r.state.cpu.mode).toBe('root')
    expect(r.state.cpu.currentVmcs).toBeNull()
    expect(r.state.cpu.vmxonPtr).toBe(0x100000n)
  })
  it('VMCLEAR of the current VMCS leaves no current VMCS', () => {
    const r = run([
      vmxon,
      { kind: 'vmx.vmptrld', target: byName('a') },
      { kind: 'vmx.vmclear', target: byName('a') },
    ])
    expect(r.state.cpu.currentVmcs).toBeNull()
  })
  it('VMWRITE masks to the field width; _HIGH writes bits 63:32', () => {
    const r = run([
      vmxon,
      { kind: 'vmx.vmptrld', target: byName('a') },
      w('VIRTUAL_PROCESSOR_ID', 0x12345n),
      w('EPT_POINTER', 0x1111_2222_3333_4000n),
      w('EPT_POINTER_HIGH', 0xaaaan),
      { kind: 'vmx.vmread', field: 'EPT_POINTER' },
    ])
    const cur = currentRegion(r.state)
    expect(cur && rawField(cur, 0x0000)).toBe(0x2345n)
    expect(r.last[0]?.kind === 'vmcs.read' && r.last[0].value).toBe(0x0000_aaaa_3333_4000n)
  })
})

describe('VM entry and VM exit (hw-facts §4.8)', () => {
  it('VMLAUNCH loads guest state, sets launched, enters non-root at CPL 0', () => {
    const r = run(launched('a'))
    expect(r.state.cpu.mode).toBe('non-root')
    expect(r.state.cpu.cpl).toBe(0)
    expect(r.state.cpu.regs.rip).toBe(0x1000n)
    expect(currentRegion(r.state)?.launch).toBe('launched')
  })
  it('a VM exit saves guest RIP, writes exit info, loads host RIP, RFLAGS = 2', () => {
    const r = run([...launched('a'), { kind: 'vmx.guest', instr: { op: 'cpuid' } }])
    const cur = currentRegion(r.state)
    if (!cur) throw new Error('no current VMCS')
    expect(rawField(cur, 0x4402)).toBe(10n)
    expect(rawField(cur, 0x440c)).toBe(2n)
    expect(rawField(cur, 0x6400)).toBe(0n)
    expect(rawField(cur, 0x681e)).toBe(0x1000n)
    expect(r.state.cpu.mode).toBe('root')
    expect(r.state.cpu.regs.rip).toBe(0xffff_ffff_8100_0000n)
    expect(r.state.cpu.regs.rflags).toBe(2n)
    expect(r.state.exitCounts[10]).toBe(1)
  })
  it('advance-rip then VMRESUME resumes after the instruction', () => {
    const r = run([
      ...launched('a'),
      { kind: 'vmx.guest', instr: { op: 'cpuid' } },
      { kind: 'vmx.advance-rip' },
      { kind: 'vmx.vmresume' },
    ])
    expect(r.state.cpu.regs.rip).toBe(0x1002n)
    expect(r.last[0]?.kind).toBe('vmx.entry')
  })
  it('invalid VMCS-link pointer: VM-entry failure 0x80000021 with qualification 4', () => {
    const r = run([
      vmxon,
      ...minimalSetup('a'),
      w('VMCS_LINK_POINTER', 0n),
      { kind: 'vmx.vmlaunch' },
    ])
    const e = r.last[0]
    expect(e?.kind).toBe('vmx.exit')
    if (e?.kind !== 'vmx.exit') return
    expect(e.exit.reason).toBe(33)
    expect(e.exit.fullReason).toBe(0x8000_0021)
    expect(e.exit.qualification).toBe(4n)
    expect(r.state.cpu.mode).toBe('root')
    expect(currentRegion(r.state)?.launch).toBe('clear')
  })
  it('VMX instructions executed by the guest exit with their reasons', () => {
    const cases: [VmxOp, number][] = [
      [{ kind: 'vmx.vmcall' }, 18],
      [{ kind: 'vmx.vmclear', target: byName('x') }, 19],
      [{ kind: 'vmx.vmlaunch' }, 20],
      [{ kind: 'vmx.vmptrld', target: byName('x') }, 21],
      [{ kind: 'vmx.vmread', field: 'GUEST_RIP' }, 23],
      [{ kind: 'vmx.vmresume' }, 24],
      [w('GUEST_RIP', 0n), 25],
      [{ kind: 'vmx.vmxoff' }, 26],
      [{ kind: 'vmx.vmxon', region: null }, 27],
      [{ kind: 'vmx.invept', type: 1n, eptp: 0n }, 50],
      [{ kind: 'vmx.invvpid', type: 1n, vpid: 1n, linear: 0n }, 53],
    ]
    for (const [op, reason] of cases) {
      const e = run([...launched('a'), op]).last[0]
      expect(e?.kind === 'vmx.exit' && e.exit.reason, op.kind).toBe(reason)
    }
  })
  it('an exit raised by another module (EPT violation 48) is recorded with GPA and GLA', () => {
    const r = run([
      ...launched('a'),
      {
        kind: 'vmx.external-exit',
        reason: 48,
        qualification: 0x181n,
        gpa: 0xa123n,
        gla: 0x7123n,
        cause: 'read 0x7123',
      },
    ])
    const cur = currentRegion(r.state)
    if (!cur) throw new Error('no current VMCS')
    expect(rawField(cur, 0x4402)).toBe(48n)
    expect(rawField(cur, 0x2400)).toBe(0xa123n)
    expect(rawField(cur, 0x640a)).toBe(0x7123n)
    const e = r.last[0]
    expect(e?.kind === 'vmx.exit' && e.exit.name).toBe('EPT_VIOLATION')
  })
})
