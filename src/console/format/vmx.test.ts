// Runs console lines through the VT-x rows, the engine and the JSON formatter, the way the
// CLI will once the lead registers them: checks "vmfail", "error", "value" and "exit".
import { describe, expect, it } from 'vitest'
import { type VmxState, applyVmx, initialVmxState } from '../../engine/index.ts'
import { ArgReader } from '../args.ts'
import { vmxCommands } from '../commands/vmx.ts'
import type { JsonObject } from '../format.ts'
import { lex } from '../lexer.ts'
import { describeVmxEvent } from '../../narration/vmx.ts'
import { describeVmxError, vmxEventJson, vmxEventText } from './vmx.ts'

function runLines(src: string): JsonObject[] {
  let s: VmxState = initialVmxState
  const out: JsonObject[] = []
  for (const line of src
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean)) {
    const toks = lex(line)
    const def = [...vmxCommands]
      .sort((a, b) => b.words.length - a.words.length)
      .find((c) => c.words.every((w, i) => toks[i]?.text.toLowerCase() === w))
    if (!def) throw new Error(`no row for ${line}`)
    const rest = toks.slice(def.words.length)
    const op = def.parse(new ArgReader(rest, line.length + 1))
    const r = applyVmx(s, op)
    if (!r.ok) {
      out.push({ cmd: def.words.join(' '), ok: false, error: describeVmxError(r.error) })
      continue
    }
    s = r.value.state
    for (const e of r.value.events) {
      // Every event has text and both narrations.
      expect(vmxEventText(e).length).toBeGreaterThan(0)
      const d = describeVmxEvent(e)
      expect(d.en.length * d.zh.length).toBeGreaterThan(0)
    }
    out.push(
      r.value.events.reduce<JsonObject>((acc, e) => ({ ...acc, ...vmxEventJson(e) }), {
        cmd: def.words.join(' '),
        ok: true,
      }),
    )
  }
  return out
}

const SETUP = `
  vmxon
  vmclear vcpu0
  vmptrld vcpu0
  vmwrite HOST_CR0 0x80050033
  vmwrite HOST_CR4 0x3726e0
  vmwrite HOST_CS_SELECTOR 0x10
  vmwrite HOST_TR_SELECTOR 0x40
  vmwrite VM_EXIT_CONTROLS 0x200
  vmwrite VMCS_LINK_POINTER 0xffffffffffffffff
  vmwrite GUEST_RIP 0x1000
  vmwrite GUEST_RFLAGS 0x2
`

describe('VT-x console JSON (CONSOLE.md)', () => {
  it('lifecycle: VMXON, VMLAUNCH, CPUID exit, advance RIP, VMRESUME', () => {
    const out = runLines(`${SETUP}
      vmlaunch
      guest cpuid
      vmread VM_EXIT_REASON
      vmread 0x440c
      vmm advance-rip
      vmresume
    `)
    const [launch, cpuid, reason, len, adv, resume] = out.slice(-6)
    expect(launch).toMatchObject({ ok: true, entry: true, launch: 'launched' })
    expect(cpuid).toMatchObject({
      exit: { reason: 10, name: 'CPUID', qualification: '0x0', instructionLength: 2 },
    })
    expect(reason).toMatchObject({ value: '0xa', field: 'VM_EXIT_REASON', encoding: '0x4402' })
    expect(len).toMatchObject({ value: '0x2', field: 'VM_EXIT_INSTRUCTION_LEN' })
    expect(adv).toMatchObject({ field: 'GUEST_RIP', value: '0x1002' })
    expect(resume).toMatchObject({ entry: true, rip: '0x1002' })
  })

  it('vmfail fields: "valid" with error, "invalid" without', () => {
    const out = runLines(`
      vmxon
      vmread GUEST_RIP
      vmptrld vcpu0
      vmresume
      vmwrite 0x4402 1
      vmptrld vmxon
      vmclear 0x1001
    `)
    expect(out[1]).toMatchObject({ vmfail: 'invalid' })
    expect(out[1]?.error).toBeUndefined()
    expect(out[3]).toMatchObject({ vmfail: 'valid', error: 5 })
    expect(out[4]).toMatchObject({ vmfail: 'valid', error: 13 })
    expect(out[5]).toMatchObject({ vmfail: 'valid', error: 10 })
    expect(out[6]).toMatchObject({ vmfail: 'valid', error: 2 })
  })

  it('guest I/O: exit with the real qualification, or no "exit" when it reaches the device', () => {
    const out = runLines(`${SETUP}
      vmwrite CPU_BASED_VM_EXEC_CONTROL 0x01000000
      vmlaunch
      guest out 0x3f8 0x41
      vmwrite CPU_BASED_VM_EXEC_CONTROL 0
      vmresume
      guest out 0x3f8 0x41
      guest in 0x60 size=1
    `)
    const [exitOut, , , direct, inn] = out.slice(-5)
    expect(exitOut).toMatchObject({
      exit: {
        reason: 30,
        name: 'IO_INSTRUCTION',
        qualification: '0x3f80000',
        instructionLength: 1,
      },
    })
    expect(direct?.exit).toBeUndefined()
    expect(direct).toMatchObject({ device: { port: '0x3f8', value: '0x41', size: 1 } })
    expect(inn).toMatchObject({ value: '0xff' })
  })

  it('mov cr3 with CR3-load exiting: CR-access qualification', () => {
    const out = runLines(`${SETUP}
      vmwrite CPU_BASED_VM_EXEC_CONTROL 0x8000
      vmlaunch
      guest mov cr3 0x5000 reg=rbx
    `)
    expect(out.at(-1)).toMatchObject({
      exit: { reason: 28, name: 'CR_ACCESS', qualification: '0x303' },
    })
  })

  it('#UD outside VMX operation; plain-words errors for unknown fields and no guest', () => {
    const out = runLines(`
      vmptrld a
      vmxon
      vmptrld a
      vmread GUEST_RIPP
      guest hlt
    `)
    expect(out[0]).toMatchObject({ fault: { vector: 6 } })
    expect(out[3]).toMatchObject({ ok: false })
    expect(String(out[3]?.error)).toMatch(/GUEST_RIP/)
    expect(out[4]).toMatchObject({ ok: false })
  })

  it('VM-entry failure reports exit reason 33 with the full field value', () => {
    const out = runLines(`${SETUP}
      vmwrite VMCS_LINK_POINTER 0
      vmlaunch
    `)
    expect(out.at(-1)).toMatchObject({
      exit: { reason: 33, entryFailure: true, exitReasonField: '0x80000021', qualification: '0x4' },
    })
  })

  it('GUEST_RFLAGS without bit 1: VM-entry failure 0x80000021, qualification 0, check rflags', () => {
    const out = runLines(`${SETUP}
      vmwrite GUEST_RFLAGS 0
      vmlaunch
      vmread VM_EXIT_REASON
    `)
    const [fail, reason] = out.slice(-2)
    expect(fail).toMatchObject({
      ok: true,
      exit: {
        reason: 33,
        entryFailure: true,
        exitReasonField: '0x80000021',
        qualification: '0x0',
        check: 'rflags-reserved',
      },
    })
    expect(fail?.vmfail).toBeUndefined()
    expect(reason).toMatchObject({ value: '0x80000021' })
  })

  it('the RFLAGS entry failure is narrated with the rule, in English and Chinese', () => {
    let st: VmxState = initialVmxState
    const ops = [
      'vmxon',
      'vmclear a',
      'vmptrld a',
      'vmwrite HOST_CR0 0x80050033',
      'vmwrite HOST_CR4 0x3726e0',
      'vmwrite HOST_CS_SELECTOR 0x10',
      'vmwrite HOST_TR_SELECTOR 0x40',
      'vmwrite VM_EXIT_CONTROLS 0x200',
      'vmwrite VMCS_LINK_POINTER 0xffffffffffffffff',
      'vmlaunch',
    ]
    let last: ReturnType<typeof describeVmxEvent> | null = null
    for (const line of ops) {
      const toks = lex(line)
      const def = vmxCommands.find((c) => c.words[0] === toks[0]?.text)
      if (!def) throw new Error(line)
      const r = applyVmx(st, def.parse(new ArgReader(toks.slice(1), line.length + 1)))
      if (!r.ok) throw new Error(line)
      st = r.value.state
      const e = r.value.events[0]
      if (e) last = describeVmxEvent(e)
    }
    expect(last?.en).toMatch(/bit 1 is reserved and must be 1/)
    expect(last?.en).toMatch(/0x80000021/)
    expect(last?.en).toMatch(/not a VMfail/)
    expect(last?.zh).toMatch(/第 1 位是保留位，必须为 1/)
    expect(last?.zh).toMatch(/0x80000021（33/)
    expect(last?.zh).not.toMatch(/[\u4e00-\u9fff][,:;()]/)
  })

  it('guest vmread / vmwrite: VM exits 23 (VMREAD) and 25 (VMWRITE), documented in help', () => {
    const out = runLines(`${SETUP}
      vmlaunch
      guest vmread GUEST_RIP
      vmm advance-rip
      vmresume
      guest vmwrite 0x681c 0x10
    `)
    const [rd, , , wr] = out.slice(-4)
    expect(rd).toMatchObject({
      exit: { reason: 23, name: 'VMREAD', qualification: '0x0', instructionLength: 3 },
    })
    expect(wr).toMatchObject({ exit: { reason: 25, name: 'VMWRITE', instructionLength: 3 } })
    const row = (w: string) => vmxCommands.find((c) => c.words.join(' ') === w)
    expect(row('guest')?.usage).toMatch(/vmread FIELD \| vmwrite FIELD VALUE/)
    expect(row('guest')?.summary.en).toMatch(/vmread 23, vmwrite 25/)
    expect(row('guest')?.summary.zh).toMatch(/`vmread` 为 23，`vmwrite` 为 25/)
    expect(row('vmread')?.summary.en).toMatch(/VM exit, reason 23 \(VMREAD\)/)
    expect(row('vmwrite')?.summary.en).toMatch(/VM exit, reason 25 \(VMWRITE\)/)
  })
})
