import { describe, expect, it } from 'vitest'
import { decodeCrQualification, decodeIoQualification, encodingText, layoutVmcs } from './layout.ts'
import { frameOf, scenarioFrames } from './testFrames.ts'

const lifecycle = scenarioFrames('vmx-lifecycle')
const exits = scenarioFrames('vmx-exit-reasons')
const errors = scenarioFrames('vmx-instruction-errors')

const layoutAt = (f: ReturnType<typeof frameOf>) => layoutVmcs(f.machine.vmx, f.event)

describe('layoutVmcs', () => {
  it('lists six groups in SDM order, fields sorted by encoding, zeros only counted', () => {
    const l = layoutAt(frameOf(lifecycle, 'vmcs.write', 0, 'guest-state'))
    expect(l.cards.map((c) => c.group)).toEqual([
      'guest-state',
      'host-state',
      'execution-controls',
      'exit-controls',
      'entry-controls',
      'exit-information',
    ])
    for (const c of l.cards) {
      const encs = c.rows.map((r) => r.encoding)
      expect(encs).toEqual([...encs].sort((a, b) => a - b))
    }
    const host = l.cards.find((c) => c.group === 'host-state')
    // HOST_CS_SELECTOR 0x0C02 = 0x10, HOST_TR_SELECTOR 0x0C0C = 0x40, HOST_CR0 0x6C00,
    // HOST_CR4 0x6C04, HOST_RIP 0x6C16 = 0x8000
    expect(host?.rows.map((r) => [r.name, r.encodingText, r.valueText])).toEqual([
      ['HOST_CS_SELECTOR', '0x0C02', '0x10'],
      ['HOST_TR_SELECTOR', '0x0C0C', '0x40'],
      ['HOST_CR0', '0x6C00', '0x80050033'],
      ['HOST_CR4', '0x6C04', '0x3726e0'],
      ['HOST_RIP', '0x6C16', '0x8000'],
    ])
    expect(host?.hidden).toBeGreaterThan(10)
    const exitCtl = l.cards.find((c) => c.group === 'exit-controls')
    expect(exitCtl?.rows.map((r) => [r.encodingText, r.valueText])).toEqual([['0x400C', '0x200']])
    expect(l.shown?.launch).toBe('clear')
    expect(l.currentName).toBe('vcpu0')
    expect(layoutAt(frameOf(lifecycle, 'vmx.entry')).shown?.launch).toBe('launched')
  })

  it('marks what a VMWRITE wrote and what a VM entry read', () => {
    const w = layoutAt(frameOf(lifecycle, 'vmcs.write', 0))
    const rows = w.cards.flatMap((c) => c.rows)
    expect(rows.filter((r) => r.touch).map((r) => [r.name, r.touch])).toEqual([
      ['HOST_CR0', 'write'],
    ])
    const e = layoutAt(frameOf(lifecycle, 'vmx.entry'))
    const read = e.cards.flatMap((c) => c.rows).filter((r) => r.touch === 'read')
    expect(read.map((r) => r.name)).toContain('GUEST_RIP')
  })

  it('decodes the CPUID exit: reason 10, length 2', () => {
    const l = layoutAt(frameOf(lifecycle, 'vmx.exit'))
    expect(l.exitInfo).toMatchObject({ reason: 10, description: 'CPUID', length: 2, fresh: true })
    const info = l.cards.find((c) => c.group === 'exit-information')
    expect(info?.rows.find((r) => r.name === 'VM_EXIT_REASON')).toMatchObject({
      encodingText: '0x4402',
      valueText: '0xa',
      touch: 'write',
    })
  })

  it('decodes the I/O and CR-access qualifications (hw-facts §4.7)', () => {
    const out = layoutAt(frameOf(exits, 'vmx.exit', 0, 'io-out'))
    expect(out.exitInfo?.reason).toBe(30)
    expect(out.exitInfo?.qualification).toBe(0x3f8_0000n)
    expect(out.exitInfo?.decoded).toEqual({
      kind: 'io',
      port: 0x3f8,
      size: 1,
      direction: 'out',
      string: false,
      rep: false,
      immediate: false,
    })
    const cr = layoutAt(frameOf(exits, 'vmx.exit', 0, 'cr3'))
    expect(cr.exitInfo?.reason).toBe(28)
    expect(cr.exitInfo?.decoded).toEqual({ kind: 'cr', cr: 3, access: 'mov-to', gpr: 'RBX' })
    expect(decodeIoQualification(0x60_0048n)).toMatchObject({
      port: 0x60,
      direction: 'in',
      immediate: true,
      size: 1,
    })
    expect(decodeIoQualification(0x3n).size).toBe(4)
    expect(decodeIoQualification(0x1n).size).toBe(2)
    expect(decodeCrQualification(0x13n).access).toBe('mov-from')
    expect(encodingText(0)).toBe('0x0000')
  })

  it('shows the VM-instruction error number written to 0x4400', () => {
    const l = layoutAt(frameOf(errors, 'vmx.fail', 0))
    expect(l.instructionError).toEqual({
      number: 4,
      text: 'VMLAUNCH with non-clear VMCS',
      fresh: true,
    })
    expect(layoutAt(frameOf(errors, 'vmcs.read', 0)).instructionError?.fresh).toBe(false)
    const touched = l.cards.flatMap((c) => c.rows).filter((r) => r.touch)
    expect(touched.map((r) => [r.name, r.encodingText])).toEqual([
      ['VM_INSTRUCTION_ERROR', '0x4400'],
    ])
    const ro = layoutAt(frameOf(errors, 'vmx.fail', 1))
    expect(ro.instructionError?.number).toBe(13)
  })

  it('has no current VMCS after VMCLEAR of the current one', () => {
    const last = errors[errors.length - 1]
    if (!last) throw new Error('empty')
    const l = layoutAt(last)
    expect(l.currentName).toBeNull()
    expect(l.failInvalid).toBe(true)
    expect(l.regions.map((r) => [r.name, r.launch, r.current])).toEqual([['vcpu0', 'clear', false]])
  })
})
