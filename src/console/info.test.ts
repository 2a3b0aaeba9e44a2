import { describe, expect, it } from 'vitest'
import { examine, infoLines } from './info.ts'
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
    expect(regs[0]).toMatch(/^paging: CR0\.WP=0 EFER\.NXE=1 CR4\.PSE=1 /)
    expect(regs[1]).toBe('paging: PKRU=0x00000000 CR3=not loaded (paging x86-64)')
    expect(regs[2]).toMatch(/^VMX: root operation, CPL 0, no current VMCS/)
    expect(infoLines(m, 'rings')[0]).toMatch(/^r \(blkif, 32 slots\): req_prod=0 req_event=1 /)
  })

  it('says what it expected for an unknown topic', () => {
    expect(infoLines(runScript('').machine, 'disks')).toEqual([
      "info: expected one of mem, registers, vmcs, rings, tlb, got 'disks'",
    ])
  })

  it('dumps the native TLB and examines memory through the page tables', () => {
    const m = runScript(
      'map 0x7000 0x5000 w\npoke 0x5008 0x1122334455667788\naccess 0x7008',
    ).machine
    const tlb = infoLines(m, 'tlb')
    expect(tlb[0]).toMatch(/^native TLB: 1 of \d+ entries/)
    expect(tlb[1]).toMatch(/PCID 0 VA 0x7000\s+-> PA 0x5000\s+4K rw kernel/)
    expect(examine(m, { physical: false, count: 2, addr: 0x7000n })).toEqual({
      text: [
        '0x7000               (PA 0x5000): 0x0',
        '0x7008               (PA 0x5008): 0x1122334455667788',
      ],
      values: [0n, 0x1122334455667788n],
    })
    expect(examine(m, { physical: true, count: 1, addr: 0x5008n })).toEqual({
      text: ['0x5008              : 0x1122334455667788'],
      values: [0x1122334455667788n],
    })
    expect(examine(m, { physical: false, count: 1, addr: 0x9000n })).toEqual({
      text: ['0x9000: not mapped (the access would fault)'],
      values: [],
    })
  })
})
