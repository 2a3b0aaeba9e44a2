import { describe, expect, it } from 'vitest'
import { runScript } from '../../console/index.ts'
import { focusPanel } from './focusOwner.ts'

const events = runScript('program 32\nasm cli\nway vt-x\nstepi').trace.frames.map((f) => f.event)
const first = (kind: string) => {
  const e = events.find((x) => x.kind === kind)
  if (!e) throw new Error(kind)
  return e
}

describe('focusPanel', () => {
  it('gives the Popek-Goldberg table an instruction step and the guest panel a VMX setup step', () => {
    const stage = ['pgTable', 'guestCpu'] as const
    expect(focusPanel(stage, first('guest.instr'))).toBe('pgTable')
    expect(focusPanel(stage, first('vmcs.write'))).toBe('guestCpu')
    expect(focusPanel(stage, first('vmx.region'))).toBe('guestCpu')
    expect(focusPanel(stage, first('guest.way'))).toBe('guestCpu')
  })
  it('keeps a VMX step on the VMCS panel when it is on the stage', () => {
    expect(focusPanel(['guestCpu', 'vmcs'], first('vmcs.write'))).toBe('vmcs')
    expect(focusPanel(['guestCpu', 'vmcs'], first('guest.instr'))).toBe('guestCpu')
  })
})
