// Numbers past a field's width are refused naming the field, never rounded to Infinity.
import { describe, expect, it } from 'vitest'
import { scriptFailure as failure } from '../../test/cliHelper.ts'
import { resultJson, runScript } from './index.ts'
import { readNumber } from './lexer.ts'

describe('numbers wider than a field', () => {
  it('grant copy with a frame past 48 bits: a refusal naming the frame, not a crash', () => {
    const e = failure('xen domain 1\ngrant copy 0 frame:0x1000000000000 frame:0x1 8')
    expect(e).toMatchObject({ line: 2, column: 20 })
    expect(e.message).toContain('0x1000000000000 is out of range 0..0xffffffffff')
    expect(e.message).toContain('52-bit')
  })

  it('grant transfer of frame 0xffff800000000000: refused with the value as typed', () => {
    const e = failure('xen domain 1\ngrant transfer 1 0xffff800000000000 0 0x1000')
    expect(e).toMatchObject({ line: 2, column: 18 })
    expect(e.message).toContain('FRAME 0xffff800000000000 is out of range')
  })

  it('options name the key and keep the typed text (no "size=Infinity", "vCPU Infinity")', () => {
    const ring = failure('ring create r proto=raw size=0x1000000000000')
    expect(ring.message).toContain('size=0x1000000000000')
    expect(ring.column).toBe(30)
    const ipi = failure('xen domain 1\nevtchn bind-ipi 1 vcpu=0x1000000000000')
    expect(ipi.message).toContain('vcpu=0x1000000000000 is out of range 0..0xffffffff')
    expect(ipi.column).toBe(24)
    const dom = failure('xen domain 0x10000')
    expect(dom.message).toContain('DOM 0x10000 is out of range 0..0xffff (domid_t is 16 bits)')
  })

  it('numbers past 64 bits and very long digit strings are refused cheaply', () => {
    expect(readNumber('0x1' + '0'.repeat(16))).toBe('too-wide')
    expect(readNumber('0x' + '0'.repeat(100_000) + '1')).toBe(1n)
    expect(readNumber('9'.repeat(100_000))).toBe('too-wide')
    expect(readNumber('0xffffffffffffffff')).toBe((1n << 64n) - 1n)
    expect(readNumber('16G')).toBe(16n << 30n)
    expect(readNumber('0xffffffffffffffffk')).toBe('too-wide')
    const e = failure('vm g\nmap 0x10000000000000000 0x2000')
    expect(e).toMatchObject({ line: 2, column: 5 })
    expect(e.message).toContain('0x10000000000000000 does not fit in 64 bits')
  })

  it('exact values inside the range run as before', () => {
    const run = runScript('xen domain 1 vcpus=2\nevtchn bind-ipi 1 vcpu=1')
    expect(run.error).toBeNull()
    expect(resultJson(run.results[1]!)).toMatchObject({ ok: true })
  })
})
