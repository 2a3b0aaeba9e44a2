// The `hyp` console rows: one frame per hop, and bad input named with its column.
import { describe, expect, it } from 'vitest'
import { runScript } from '../src/console/index.ts'

describe('hyp commands', () => {
  it('one event per hop, each naming its design', () => {
    const run = runScript('hyp design hosted\nhyp out 0xc010 0x1 size=2')
    const hops = run.trace.frames.filter((f) => f.event.kind === 'hyp.hop')
    expect(hops).toHaveLength(10)
  })

  it('says what and where on bad input', () => {
    const bad = (src: string) => {
      const r = runScript(src)
      const last = r.results.at(-1)
      return last?.ok === false ? [last.error?.column, last.error?.message] : null
    }
    expect(bad('hyp design vmware')).toEqual([
      12,
      expect.stringContaining('expected a design: esx | hosted | xen | kvm'),
    ])
    expect(bad('hyp design kvm\nhyp out 0x3f8')?.[1]).toContain('not the virtual NIC’s')
    expect(bad('hyp design kvm\nhyp out 0xc010 0x1ff size=1')?.[1]).toContain(
      'does not fit in 1 byte',
    )
    expect(bad('hyp out')?.[1]).toContain("'hyp design")
  })
})
