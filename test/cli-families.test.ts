// The Xen ring and VT-x families through the real CLI path (parse -> apply -> resultJson), on
// the golden scripts test/golden/{ring,vmx}.vms: the JSON CONSOLE.md promises, exact values.
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import type { JsonObject } from '../src/console/index.ts'
import { runCli } from './cliHelper.ts'

const script = (name: string): string =>
  readFileSync(new URL(`./golden/${name}.vms`, import.meta.url), 'utf8')

const byLine = (json: JsonObject[], line: number): JsonObject | undefined =>
  json.find((j) => j.line === line)

describe('ring.vms: a blkif ring (hw-facts §5.1, §5.3)', () => {
  const { json, error } = runCli(script('ring'))

  it('runs every line', () => {
    expect(error).toBeNull()
    expect(json.every((j) => j.ok === true)).toBe(true)
  })

  it('names ring commands by word and sub-command, without the ring NAME', () => {
    expect(json.map((j) => j.cmd)).toEqual([
      'ring create',
      'ring front queue',
      'ring front push',
      'ring front queue',
      'ring front push',
      'ring back consume',
      'ring back queue',
      'ring back push',
      'ring back final-check',
      'ring front consume',
      'ring front final-check',
      'ring front queue',
      'ring front push',
    ])
  })

  it('blkif gives 32 slots and SHARED_RING_INIT sets both event indices to 1', () => {
    expect(byLine(json, 3)?.ring).toEqual({
      size: 32,
      reqProd: 0,
      reqEvent: 1,
      rspProd: 0,
      rspEvent: 1,
      reqProdPvt: 0,
      rspCons: 0,
      rspProdPvt: 0,
      reqCons: 0,
    })
  })

  it('first push notifies; the second is suppressed (req_event 1 not in (3, 5])', () => {
    expect(byLine(json, 6)).toMatchObject({ notify: true, ring: { reqProd: 3, reqEvent: 1 } })
    expect(byLine(json, 9)).toMatchObject({ notify: false, ring: { reqProd: 5, reqEvent: 1 } })
  })

  it('the backend consumes all 5, answers them and notifies', () => {
    expect(byLine(json, 10)).toMatchObject({ ring: { reqCons: 5 } })
    expect(byLine(json, 12)).toMatchObject({ notify: true, ring: { rspProd: 5, rspProdPvt: 5 } })
  })

  it('final checks find nothing and set event = cons + 1', () => {
    expect(byLine(json, 14)).toMatchObject({ more: false, ring: { reqEvent: 6, reqCons: 5 } })
    expect(byLine(json, 16)).toMatchObject({ more: false, ring: { rspEvent: 6, rspCons: 5 } })
  })

  it('after the final check the next push notifies again', () => {
    expect(byLine(json, 19)).toMatchObject({ notify: true, ring: { reqProd: 6, reqEvent: 6 } })
  })

  it('queueing beyond free space fails with ok false and a ring-full error', () => {
    const r = runCli('ring create r proto=raw size=4\nring r front queue 5\nring r front push')
    expect(r.json).toHaveLength(2)
    expect(r.json[1]).toMatchObject({ line: 2, cmd: 'ring front queue', ok: false })
    expect(String(r.json[1]?.error)).toContain('full')
  })
})

describe('vmx.vms: the VT-x life cycle (hw-facts §4.1, §4.2, §4.6, §4.8)', () => {
  const { json, error } = runCli(script('vmx'))
  const cmd = (c: string): JsonObject[] => json.filter((j) => j.cmd === c)

  it('runs every line: a VMfail and a VM exit are outcomes, not errors', () => {
    expect(error).toBeNull()
    expect(json.every((j) => j.ok === true)).toBe(true)
  })

  it('VMXON, VMCLEAR and VMPTRLD succeed with no vmfail', () => {
    for (const c of ['vmxon', 'vmclear', 'vmptrld']) {
      expect(cmd(c)).toHaveLength(1)
      expect(cmd(c)[0]?.vmfail).toBeUndefined()
    }
    expect(cmd('vmptrld')[0]).toMatchObject({ vmcs: 'vcpu0', launch: 'clear' })
  })

  it('VMLAUNCH enters the guest at GUEST_RIP and marks the VMCS launched', () => {
    expect(cmd('vmlaunch')[0]).toMatchObject({ entry: true, launch: 'launched', rip: '0x1000' })
  })

  it('guest CPUID exits unconditionally with basic exit reason 10', () => {
    expect(cmd('guest')[0]).toMatchObject({
      exit: { reason: 10, name: 'CPUID', qualification: '0x0', instructionLength: 2 },
    })
    expect(cmd('vmread')[0]).toMatchObject({ field: 'VM_EXIT_REASON', value: '0xa' })
  })

  it('VMLAUNCH on a launched VMCS is VMfailValid with VM-instruction error 4', () => {
    const fail = cmd('vmlaunch')[1]
    expect(fail).toMatchObject({ vmfail: 'valid', error: 4 })
    expect(fail?.entry).toBeUndefined()
  })

  it('VMRESUME re-enters after the VMM advanced RIP past the 2-byte CPUID', () => {
    expect(cmd('vmm advance-rip')[0]).toMatchObject({ field: 'GUEST_RIP', value: '0x1002' })
    expect(cmd('vmresume')[0]).toMatchObject({ entry: true, rip: '0x1002' })
  })

  it('outside VMX operation VMREAD raises #UD (vector 6): a result, not an error', () => {
    const r = runCli('vmread GUEST_RIP')
    expect(r.json[0]).toMatchObject({ cmd: 'vmread', ok: true, fault: { vector: 6 } })
    expect(r.json[0]?.vmfail).toBeUndefined()
  })

  it('an unknown VMCS field is an input error with ok false, in plain words', () => {
    const r = runCli('vmxon\nvmclear a\nvmptrld a\nvmread GUEST_RIPP')
    expect(r.json[3]).toMatchObject({ line: 4, cmd: 'vmread', ok: false })
    expect(String(r.json[3]?.error)).toContain('GUEST_RIP')
  })
})
