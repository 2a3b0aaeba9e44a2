import { describe, expect, it } from 'vitest'
import { infoLines } from './info.ts'
import { runScript } from './run.ts'

describe('info', () => {
  it('dumps guest maps and the hypervisor map', () => {
    const m = runScript('vm g1\nmap 0x7000 0xa000 w u\nhost map 0xa000 0x14000 rw').machine
    expect(infoLines(m, 'mem')).toEqual([
      'g1 (current) page table (VA -> GPA):',
      '  0x7000               -> 0xa000           4K',
      'g1 hypervisor map (GPA -> HPA):',
      '  0xa000               -> 0x14000          4K rw-',
    ])
  })

  it('shows control bits and VMX mode, and rings with their indices', () => {
    const m = runScript(
      'cr0.wp off\nvmxon\nring r create proto=blkif'.replace('ring r create', 'ring create r'),
    ).machine
    const regs = infoLines(m, 'registers')
    expect(regs[0]).toBe('CR0.WP=0 EFER.NXE=1')
    expect(regs[1]).toMatch(/^VMX: root operation, CPL 0, no current VMCS/)
    expect(infoLines(m, 'rings')[0]).toMatch(/^r \(blkif, 32 slots\): req_prod=0 req_event=1 /)
  })

  it('says what it expected for an unknown topic', () => {
    expect(infoLines(runScript('').machine, 'tlb')).toEqual([
      "info: expected one of mem, registers, vmcs, rings, got 'tlb'",
    ])
  })
})
