// An error points at the word at fault, not at column 1.
import { describe, expect, it } from 'vitest'
import { scriptFailure as failure } from '../../test/cliHelper.ts'

describe('error columns point at the argument at fault', () => {
  it('an engine refusal points at the token whose value it names', () => {
    // "domain 1 has no vCPU 5": vcpu=5 is the rejected value.
    expect(failure('xen domain 1\nevtchn bind-ipi 1 vcpu=5')).toMatchObject({ line: 2, column: 19 })
    // "domain 1 already exists"
    expect(failure('xen domain 1\nxen domain 1')).toMatchObject({ line: 2, column: 12 })
    // "GVA 0x1001 is not aligned ..."
    expect(failure('vm g\nmap 0x1000 0x2000\nmap 0x1001 0x2000')).toMatchObject({
      line: 3,
      column: 5,
    })
  })

  it('an engine refusal naming no argument points at the first argument', () => {
    // "vcpus must be 1..64": the range is not a typed value.
    expect(failure('xen domain 1 vcpus=100')).toMatchObject({ column: 12 })
    // A command without arguments (refused outside `mmu ept`): its first word.
    expect(failure('  ept info')).toMatchObject({ column: 3 })
  })

  it('parser refusals point at the word at fault', () => {
    expect(failure('ring create r proto=raw size=3').column).toBe(30)
    expect(failure('ring create create proto=raw').column).toBe(13)
    // proto= missing: just after the last word.
    expect(failure('ring create r').column).toBe(15)
    expect(failure('xen domain 1\nevtchn bind-virq 1 bogus').column).toBe(20)
    expect(failure('xen domain 1\nevtchn bind-virq 1').column).toBe(20)
    expect(failure('xen domain 1\ngrant copy 0 bogus frame:1 8').column).toBe(14)
    expect(failure('xen domain 1\ngrant copy 0 frame:1 ref:1:x 8').column).toBe(28)
    expect(failure('blk connect xvda').column).toBe(18)
    expect(failure('vmxon\nguest out 0x10000 1').column).toBe(11)
    expect(failure('vmxon\nguest interrupt 256').column).toBe(17)
    expect(failure('vmcs r').column).toBe(8)
  })
})
