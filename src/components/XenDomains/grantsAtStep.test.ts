import { describe, expect, it } from 'vitest'
import { laterInCommand } from '../Player/later.ts'
import { scenarioFrames } from '../Ring/testFrames.ts'
import { grantEntriesAtStep } from './layout.ts'

// A frame holds the machine after its whole command; the grant pictures take the command's
// later grant events back out, so each step draws the entry as that step left it.
describe('grantEntriesAtStep (xen-blkfront-read)', () => {
  const frames = scenarioFrames('xen-blkfront-read')
  const at = (kind: string, nth = 0) => {
    const i = frames.map((f, j) => (f.event.kind === kind ? j : -1)).filter((j) => j >= 0)[nth]
    if (i === undefined) throw new Error(kind)
    const f = frames[i]
    if (!f) throw new Error(kind)
    return grantEntriesAtStep(f.machine.xen, laterInCommand(frames, i))
  }
  it('a grant not written yet is absent; one mapped later is not mapped yet', () => {
    const access = at('grant.access')
    expect([...access.values()].some((e) => e === null)).toBe(false)
    const beforeMap = access.get('1:8')
    expect(beforeMap && beforeMap.flags & 0x18).toBe(0) // GTF_reading | GTF_writing clear
  })
  it('an unmap later in the command: still mapped at the map step', () => {
    const m = at('grant.map', 1)
    const e = m.get('1:9')
    expect(e && e.flags & 0x18).toBe(0x18)
  })
  it('an entry ended later in the command is still there at the earlier end', () => {
    const m = at('grant.end', 0)
    expect(m.get('1:10')?.flags).toBe(1) // GTF_permit_access, not yet revoked
  })
})
