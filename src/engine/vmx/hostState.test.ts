// The host-state checks behind VMfail(8), one per rule of SDM Vol. 3C §26.2.2-26.2.4 (see
// transitions.ts checkHostState): each bad value alone fails VMLAUNCH with error 8 and names the
// field; the good setup (a Linux KVM host's CR0/CR4, testkit minimalSetup) enters.
import { describe, expect, it } from 'vitest'
import type { VmxEvent } from './events.ts'
import type { VmxOp } from './ops.ts'
import { minimalSetup, run, w } from './testkit.ts'

const vmxon: VmxOp = { kind: 'vmx.vmxon', region: null }
const launch: VmxOp = { kind: 'vmx.vmlaunch' }

/** VMfailValid's error number and reason, or 'entered'. */
function entry(extra: VmxOp[]): { error: number | null; why: string } | 'entered' {
  const evs: readonly VmxEvent[] = run([vmxon, ...minimalSetup('a'), ...extra, launch]).last
  const f = evs.find((e) => e.kind === 'vmx.fail')
  if (f) return { error: f.error, why: f.why }
  return evs.some((e) => e.kind === 'vmx.entry') ? 'entered' : { error: null, why: 'no entry' }
}
const fails = (extra: VmxOp[], why: RegExp): void => {
  const r = entry(extra)
  expect(r).not.toBe('entered')
  if (r === 'entered') return
  expect(r.error).toBe(8)
  expect(r.why).toMatch(why)
}

describe('host-state checks (VMfail 8, SDM3 §26.2.2-26.2.4)', () => {
  it('the setup KVM would write enters', () => {
    expect(entry([])).toBe('entered')
  })
  it('§26.2.2 HOST_CR0: PE, NE and PG are fixed to 1 (IA32_VMX_CR0_FIXED0 0x80000021)', () => {
    fails([w('HOST_CR0', 0x8005_0032n)], /HOST_CR0 .*bits 0x1 are fixed to 1/)
    fails([w('HOST_CR0', 0x8005_0013n)], /HOST_CR0 .*bits 0x20 are fixed to 1/)
    fails([w('HOST_CR0', 0x0005_0033n)], /HOST_CR0 .*bits 0x80000000 are fixed to 1/)
  })
  it('§26.2.2 HOST_CR0: bits 63:32 are fixed to 0 (FIXED1 0xffffffff)', () => {
    fails([w('HOST_CR0', 0x1_8005_0033n)], /HOST_CR0 .*bits 0x100000000 are fixed to 0/)
  })
  it('§26.2.2 HOST_CR4: VMXE is fixed to 1, undefined bits to 0', () => {
    fails([w('HOST_CR4', 0x37_06e0n)], /HOST_CR4 .*bits 0x2000 are fixed to 1/)
    fails([w('HOST_CR4', 0x37_a6e0n)], /HOST_CR4 .*bits 0x8000 are fixed to 0/)
  })
  it('§26.2.2 HOST_CR3: no bit beyond MAXPHYADDR (52)', () => {
    fails([w('HOST_CR3', 1n << 52n)], /HOST_CR3 .*beyond MAXPHYADDR/)
    expect(entry([w('HOST_CR3', 0xf_ffff_ffff_f000n)])).toBe('entered')
  })
  it('§26.2.2 SYSENTER ESP/EIP canonical', () => {
    fails([w('HOST_IA32_SYSENTER_EIP', 0x0000_8000_0000_0000n)], /SYSENTER_EIP .*not canonical/)
    expect(entry([w('HOST_IA32_SYSENTER_ESP', 0xffff_8000_0000_0000n)])).toBe('entered')
  })
  it('§26.2.2 with "load IA32_EFER": reserved bits 0, LMA = LME = host address-space size', () => {
    const load = w('VM_EXIT_CONTROLS', 0x20_0200n)
    fails([load, w('HOST_IA32_EFER', 0xd01n | (1n << 1n))], /reserved bits 0x2/)
    fails([load, w('HOST_IA32_EFER', 0x901n)], /LMA .* LME .* must both equal/)
    expect(entry([load, w('HOST_IA32_EFER', 0xd01n)])).toBe('entered')
    // Without the control the field is not loaded, so it is not checked.
    expect(entry([w('HOST_IA32_EFER', 0x2n)])).toBe('entered')
  })
  it('§26.2.3 FS, GS, GDTR, IDTR and TR bases canonical', () => {
    for (const f of [
      'HOST_FS_BASE',
      'HOST_GS_BASE',
      'HOST_GDTR_BASE',
      'HOST_IDTR_BASE',
      'HOST_TR_BASE',
    ])
      fails([w(f, 0x1234_0000_0000_0000n)], new RegExp(`${f} .*not canonical`))
  })
  it('§26.2.4 address-space size 1: CR4.PAE must be 1', () => {
    fails([w('HOST_CR4', 0x37_26c0n)], /CR4\.PAE \(bit 5\) must be 1/)
  })
  it('§26.2.4 address-space size 1: HOST_RIP canonical, 57-bit with HOST_CR4.LA57', () => {
    fails([w('HOST_RIP', 0x0001_0000_0000_0000n)], /HOST_RIP .*not canonical \(48-bit/)
    expect(entry([w('HOST_CR4', 0x37_36e0n), w('HOST_RIP', 0x0001_0000_0000_0000n)])).toBe(
      'entered',
    )
    fails([w('HOST_CR4', 0x37_36e0n), w('HOST_RIP', 0x0100_0000_0000_0000n)], /57-bit/)
  })
})
