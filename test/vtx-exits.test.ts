// Exits of a VT-x guest that another module raises are written into the guest's one VMCS
// (engine/virt/vtx.ts; issue 16): EPT violations (48) and misconfigurations (49) with the exit
// qualification, GUEST_PHYSICAL_ADDRESS and, when qualification bit 7 is set,
// GUEST_LINEAR_ADDRESS (SDM3 §27.2.1); the shadow VMM's exits with their interruption
// information and error code, each followed by the VMM's VMRESUME.
import { describe, expect, it } from 'vitest'
import { type JsonObject } from '../src/console/index.ts'
import { type Machine, currentRegion, rawField } from '../src/engine/index.ts'
import { VMX_HOST_SETUP } from '../src/scenarios/vmx-setup.ts'
import { runCli } from './cliHelper.ts'

const GUEST = `vmxon
vmclear vcpu0
vmptrld vcpu0
${VMX_HOST_SETUP}
vmwrite GUEST_RIP 0x1000
vmwrite GUEST_RFLAGS 0x2
`
const EPT = `mmu ept
map 0x7000 0x400000 w
host map 0x100000 0x8100000 rwx
host map 0x101000 0x8101000 rwx
host map 0x102000 0x8102000 rwx
host map 0x103000 0x8103000 rwx
`
// VMCS encodings (hw-facts §4.4).
const REASON = 0x4402
const QUAL = 0x6400
const GPA = 0x2400
const GLA = 0x640a
const INTR_INFO = 0x4404
const INTR_ERR = 0x4406

const field = (m: Machine, enc: number): bigint => {
  const r = currentRegion(m.vmx)
  if (!r) throw new Error('no current VMCS')
  return rawField(r, enc)
}
const run = (src: string) => runCli(src, { mustSucceed: true })

describe('EPT exits reach the VMCS', () => {
  it('an EPT violation while the guest runs: reason 48, qualification, GPA, GLA, back in root', () => {
    const { machine, json } = run(EPT + GUEST + 'vmlaunch\naccess 0x7123 write\n')
    expect(field(machine, REASON)).toBe(48n)
    expect(field(machine, QUAL)).toBe(0x182n)
    expect(field(machine, GPA)).toBe(0x400123n)
    expect(field(machine, GLA)).toBe(0x7123n)
    expect(machine.vmx.cpu.mode).toBe('root')
    expect((json.at(-1) as JsonObject).exit).toMatchObject({ reason: 48, gpa: '0x400123' })
  })
  it('no VT-x guest running: the VMCS is not touched (the EPT model alone)', () => {
    const { machine } = run(EPT + GUEST + 'access 0x7123 write\n')
    expect(field(machine, REASON)).toBe(0n)
    expect(machine.vmx.cpu.mode).toBe('root')
  })
  it('the VMM maps the page and resumes; the retry exits no more', () => {
    const { machine } = run(
      EPT +
        GUEST +
        'vmlaunch\naccess 0x7123 write\nhost map 0x400000 0x8400000 rw\nvmresume\naccess 0x7123 write\n',
    )
    expect(machine.vmx.cpu.mode).toBe('non-root')
    expect(field(machine, REASON)).toBe(48n)
  })
  it('an EPT misconfiguration: reason 49, GPA, qualification 0', () => {
    const { machine } = run(
      EPT +
        GUEST +
        'host map 0x400000 0x8400000 rw\nhost poke 0x10004000 0x8400032\nvmlaunch\naccess 0x7123 read\n',
    )
    expect(field(machine, REASON)).toBe(49n)
    expect(field(machine, GPA)).toBe(0x400123n)
    expect(field(machine, QUAL)).toBe(0n)
  })
  it('an ept loop that ends on a violation records it too', () => {
    const { machine } = run(EPT + GUEST + 'vmlaunch\nept loop 0x7000 4 stride=0x1000\n')
    expect(field(machine, REASON)).toBe(48n)
    expect(machine.vmx.cpu.mode).toBe('root')
  })
})

describe('shadow-paging exits reach the VMCS', () => {
  const SHADOW = 'mmu shadow\nhost map 0x0 0x2000000 rwx size=2M\nmap 0x400000 0x5000 w u\n'
  it('a hidden #PF: reason 0, interruption info 0x80000b0e, error code, then VMRESUME', () => {
    const { machine, kinds } = run(SHADOW + GUEST + 'vmlaunch\naccess 0x400123 read user\n')
    expect(field(machine, REASON)).toBe(0n)
    expect(field(machine, QUAL)).toBe(0x400123n)
    expect(field(machine, INTR_INFO)).toBe(0x8000_0b0en)
    expect(field(machine, INTR_ERR)).toBe(0x4n)
    // The shadow VMM fixed the fault and resumed the guest.
    expect(machine.vmx.cpu.mode).toBe('non-root')
    const k = kinds.at(-1) ?? []
    expect(k.indexOf('vmx.exit')).toBeGreaterThan(k.indexOf('shadow.exit'))
    expect(k).toContain('vmx.entry')
  })
  it('INVLPG under shadow is exit 14 with the address as qualification', () => {
    const { machine } = run(SHADOW + GUEST + 'vmlaunch\ninvlpg 0x400000\n')
    expect(field(machine, REASON)).toBe(14n)
    expect(field(machine, QUAL)).toBe(0x400000n)
  })
})
