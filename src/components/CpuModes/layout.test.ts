import { describe, expect, it } from 'vitest'
import { frameOf, scenarioFrames } from '../Vmcs/testFrames.ts'
import { layoutCpuModes, ringY } from './layout.ts'

const lifecycle = scenarioFrames('vmx-lifecycle')
const two = scenarioFrames('vmx-two-vcpus')
const at = (f: ReturnType<typeof frameOf>) => layoutCpuModes(f.machine.vmx, f.event)

describe('layoutCpuModes', () => {
  it('pre-VT: one set of rings, guest kernel at ring 1, a trap goes to the VMM at ring 0', () => {
    const l = at(frameOf(lifecycle, 'cpu.trap'))
    expect(l.picture).toBe('pre-vt')
    expect(l.columns.map((c) => c.operation)).toEqual(['none'])
    expect(l.bands.filter((b) => b.occupant).map((b) => [b.ring, b.occupant])).toEqual([
      [3, 'guest apps'],
      [1, 'guest kernel'],
      [0, 'VMM'],
    ])
    expect(l.transition).toBe('trap')
  })

  it('VT-x: the token moves from root ring 0 (VMM) to non-root ring 0 (guest kernel) and back', () => {
    const before = at(frameOf(lifecycle, 'vmx.instr', 0, 'vmxon'))
    const entry = at(frameOf(lifecycle, 'vmx.entry'))
    const exit = at(frameOf(lifecycle, 'vmx.exit'))
    expect(before.current).toEqual({ operation: 'root', ring: 0 })
    expect(before.token.occupant).toBe('VMM')
    expect(entry.current).toEqual({ operation: 'non-root', ring: 0 })
    expect(entry.token.occupant).toBe('guest kernel')
    expect(entry.transition).toBe('entry')
    expect(entry.token.x).toBeGreaterThan(before.token.x)
    expect(entry.token.y).toBe(before.token.y)
    expect(before.token.y).toBeGreaterThan(ringY(3))
    expect(exit.token).toEqual(before.token)
    expect(exit.transition).toBe('exit')
    expect(exit.exitLog).toEqual([{ reason: 10, name: 'CPUID', count: 1 }])
    expect(exit.totalExits).toBe(1)
  })

  it('keeps VPID-tagged TLB entries of both vCPUs side by side', () => {
    const l = at(frameOf(two, 'vmx.exit', 1))
    expect(l.tlb.filter((e) => e.owner !== 'VMM').map((e) => [e.vpid, e.owner])).toEqual([
      [1, 'vcpu0'],
      [2, 'vcpu1'],
    ])
    expect(l.currentVmcs).toBe('vcpu1')
    const last = two[two.length - 1]
    if (!last) throw new Error('empty')
    const after = at(last)
    expect(after.tlb.filter((e) => e.owner !== 'VMM').map((e) => e.vpid)).toEqual([2])
    expect(after.exitLog).toEqual([{ reason: 10, name: 'CPUID', count: 3 }])
  })
})
