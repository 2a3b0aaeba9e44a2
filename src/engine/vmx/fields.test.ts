import { describe, expect, it } from 'vitest'
import {
  VMCS_FIELDS,
  VMCS_GROUPS,
  decodeEncoding,
  fieldByEncoding,
  fieldByName,
  lookupField,
} from './fields.ts'

describe('VMCS field encodings (hw-facts §4.4)', () => {
  it('golden encodings from the table', () => {
    const golden: [string, number][] = [
      ['VIRTUAL_PROCESSOR_ID', 0x0000],
      ['GUEST_CS_SELECTOR', 0x0802],
      ['HOST_TR_SELECTOR', 0x0c0c],
      ['IO_BITMAP_A', 0x2000],
      ['IO_BITMAP_B', 0x2002],
      ['MSR_BITMAP', 0x2004],
      ['EPT_POINTER', 0x201a],
      ['GUEST_PHYSICAL_ADDRESS', 0x2400],
      ['VMCS_LINK_POINTER', 0x2800],
      ['PIN_BASED_VM_EXEC_CONTROL', 0x4000],
      ['CPU_BASED_VM_EXEC_CONTROL', 0x4002],
      ['CR3_TARGET_COUNT', 0x400a],
      ['VM_EXIT_CONTROLS', 0x400c],
      ['VM_ENTRY_CONTROLS', 0x4012],
      ['SECONDARY_VM_EXEC_CONTROL', 0x401e],
      ['VM_INSTRUCTION_ERROR', 0x4400],
      ['VM_EXIT_REASON', 0x4402],
      ['VM_EXIT_INTR_INFO', 0x4404],
      ['VM_EXIT_INSTRUCTION_LEN', 0x440c],
      ['GUEST_ACTIVITY_STATE', 0x4826],
      ['CR3_TARGET_VALUE3', 0x600e],
      ['EXIT_QUALIFICATION', 0x6400],
      ['GUEST_LINEAR_ADDRESS', 0x640a],
      ['GUEST_CR3', 0x6802],
      ['GUEST_IDTR_BASE', 0x6818],
      ['GUEST_RSP', 0x681c],
      ['GUEST_RIP', 0x681e],
      ['GUEST_RFLAGS', 0x6820],
      ['HOST_CR3', 0x6c02],
      ['HOST_RSP', 0x6c14],
      ['HOST_RIP', 0x6c16],
    ]
    for (const [name, enc] of golden) {
      expect(fieldByName(name)?.encoding, name).toBe(enc)
      expect(fieldByEncoding(enc)?.name, name).toBe(name)
    }
  })

  it('decodes the worked examples: GUEST_RIP and VM_EXIT_REASON', () => {
    expect(decodeEncoding(0x681e)).toEqual({
      access: 'full',
      index: 15,
      type: 'guest-state',
      width: 'natural',
    })
    expect(decodeEncoding(0x4402)).toEqual({
      access: 'full',
      index: 1,
      type: 'read-only',
      width: '32-bit',
    })
  })

  it('widths and types follow bits 14:13 and 11:10', () => {
    const cases: [string, string, string][] = [
      ['VIRTUAL_PROCESSOR_ID', '16-bit', 'control'],
      ['HOST_CS_SELECTOR', '16-bit', 'host-state'],
      ['EPT_POINTER', '64-bit', 'control'],
      ['GUEST_PHYSICAL_ADDRESS', '64-bit', 'read-only'],
      ['VMCS_LINK_POINTER', '64-bit', 'guest-state'],
      ['HOST_IA32_EFER', '64-bit', 'host-state'],
      ['CPU_BASED_VM_EXEC_CONTROL', '32-bit', 'control'],
      ['VM_EXIT_REASON', '32-bit', 'read-only'],
      ['GUEST_ACTIVITY_STATE', '32-bit', 'guest-state'],
      ['HOST_IA32_SYSENTER_CS', '32-bit', 'host-state'],
      ['CR0_READ_SHADOW', 'natural', 'control'],
      ['EXIT_QUALIFICATION', 'natural', 'read-only'],
      ['GUEST_CR0', 'natural', 'guest-state'],
      ['HOST_RIP', 'natural', 'host-state'],
    ]
    for (const [name, width, type] of cases) {
      const f = fieldByName(name)
      expect(f?.width, name).toBe(width)
      expect(f?.type, name).toBe(type)
    }
  })

  it('puts every field in one of the six groups; read-only = type 1 = exit information', () => {
    expect(VMCS_GROUPS).toHaveLength(6)
    for (const f of VMCS_FIELDS) {
      expect(VMCS_GROUPS).toContain(f.group)
      expect(f.readOnly).toBe(((f.encoding >> 10) & 3) === 1)
      expect(f.group === 'exit-information').toBe(f.readOnly)
    }
    expect(fieldByName('IO_BITMAP_A')?.group).toBe('execution-controls')
    expect(fieldByName('VM_EXIT_MSR_LOAD_ADDR')?.group).toBe('exit-controls')
    expect(fieldByName('VM_ENTRY_INTR_INFO_FIELD')?.group).toBe('entry-controls')
    expect(fieldByName('VM_EXIT_CONTROLS')?.group).toBe('exit-controls')
    expect(fieldByName('HOST_RIP')?.group).toBe('host-state')
  })

  it('has a _HIGH half at encoding + 1 for 64-bit fields only', () => {
    expect(fieldByName('EPT_POINTER_HIGH')?.encoding).toBe(0x201b)
    expect(fieldByEncoding(0x201b)?.access).toBe('high')
    expect(fieldByEncoding(0x681f)).toBeNull()
    expect(lookupField('guest_rip')?.encoding).toBe(0x681e)
    expect(lookupField(0x681e)?.name).toBe('GUEST_RIP')
  })

  it('encodings are unique', () => {
    expect(new Set(VMCS_FIELDS.map((f) => f.encoding)).size).toBe(VMCS_FIELDS.length)
  })
})
