import { describe, expect, it } from 'vitest'
import { runScript } from '../index.ts'

// Bad input is refused where it was typed, with libxl's ranges (hw-facts-2 §4.4).
describe('sched commands refuse bad numbers at their column', () => {
  it('a weight of 0', () => {
    const r = runScript('sched xen\nsched vm A weight=0')
    expect(r.error).toMatchObject({ line: 2, column: 19 })
    expect(r.error?.message).toContain('out of range 1..65535')
  })
  it('a cap over 100 per vCPU, on creation and on a change', () => {
    const r = runScript('sched xen pcpus=4\nsched vm A vcpus=2 cap=201')
    expect(r.error).toMatchObject({ line: 2, column: 24 })
    expect(r.error?.message).toContain('0..200')
    const s = runScript('sched xen\nsched vm A\nsched set A cap=101')
    expect(s.error).toMatchObject({ line: 3, column: 13 })
    expect(s.error?.message).toContain('cap 101 is out of range 0..100')
  })
  it('a run time that is not a whole number of 0.05 ms steps, or too long', () => {
    expect(runScript('sched xen\nsched run 0.01').error?.message).toContain('0.05 ms step')
    expect(runScript('sched xen\nsched run 2000.05').error?.message).toContain('out of range')
  })
  it('a step with no vCPU is refused; with only halted vCPUs it stops at the accounting', () => {
    expect(runScript('sched xen\nsched step').error?.message).toContain(
      'no vCPU has anything to run',
    )
    const r = runScript('sched xen\nsched vm A\nsched step 1000')
    expect(r.error).toBeNull()
    // Bounded by the 2 s a step may run: 66 accountings, none with an active vCPU.
    expect(r.trace.frames.filter((f) => f.event.kind === 'sched.acct')).toHaveLength(66)
  })
})
