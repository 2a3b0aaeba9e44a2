// `ept loop` through the real CLI path (parse -> apply -> resultJson): one step, one `ept.loop`
// event with the counts README "Whole workloads in one step" promises, where it stopped, and
// the same machine as the `access` lines it stands for.
import { describe, expect, it } from 'vitest'
import { resultText, runScript } from '../src/console/index.ts'
import { describeEvent } from '../src/narration/index.ts'
import { runCli } from './cliHelper.ts'

const SETUP = [
  'mmu ept',
  ...Array.from({ length: 4 }, (_, i) => `map ${0x400000 + i * 0x1000} ${0x800000 + i * 0x1000} w`),
  'host map 0 0x40000000 rwx size=2M',
  'host map 0x800000 0x50000000 rw size=2M',
]

describe('ept loop', () => {
  it('counts hits, misses and the 19 references of each miss (4-level guest, 2 MiB EPT pages)', () => {
    const { json, kinds } = runCli(
      [...SETUP, 'ept loop 0x400000 40 stride=256 pages=4'].join('\n'),
      {
        mustSucceed: true,
      },
    )
    expect(kinds.at(-1)).toEqual(['ept.loop'])
    // 16 accesses per page: pages 0-2 are touched, each misses once; (4+1)(3+1)-1 = 19 each.
    expect(json.at(-1)).toMatchObject({
      cmd: 'ept loop',
      ok: true,
      va: '0x400000',
      stride: '0x100',
      pages: 4,
      requested: 40,
      count: 40,
      hits: 37,
      misses: 3,
      refs: 57,
      stopped: null,
    })
  })

  it('stops at the first guest #PF, as the access line at that address reports it', () => {
    const { json } = runCli([...SETUP, 'ept loop 0x400010 10 write user'].join('\n'))
    expect(json.at(-1)).toMatchObject({
      count: 1,
      stopped: {
        index: 0,
        va: '0x400010',
        outcome: { result: 'fault', fault: { vector: 14, errorCode: 7 } },
      },
    })
    const page = runCli([...SETUP, 'ept loop 0x400000 10'].join('\n')).json.at(-1)
    expect(page).toMatchObject({
      count: 5,
      misses: 5,
      stopped: { index: 4, va: '0x404000', outcome: { result: 'fault' } },
    })
  })

  it('leaves the machine the access lines leave', () => {
    const lines = Array.from(
      { length: 12 },
      (_, i) => `access ${0x400008 + ((i * 0x1800) % 0x4000)} write`,
    )
    const one = runScript([...SETUP, ...lines].join('\n')).machine
    const bulk = runScript(
      [...SETUP, 'ept loop 0x400008 12 stride=0x1800 pages=4 write'].join('\n'),
    )
    expect(bulk.machine.virt.ept.tlb).toEqual(one.virt.ept.tlb)
    expect(bulk.machine.virt.ept.lastWalk).toEqual(one.virt.ept.lastWalk)
    expect(bulk.machine.virt.host).toEqual(one.virt.host)
    expect(bulk.machine.paging.mem).toEqual(one.paging.mem)
  })

  it('prints one line and narrates in English and Chinese (full-width punctuation)', () => {
    const r = runScript([...SETUP, 'ept loop 0x400000 10'].join('\n'))
    const last = r.results.at(-1)
    if (!last) throw new Error('no result')
    expect(resultText(last)).toEqual([
      '5 reads from 0x400000 (kernel, stride 0x1000): 0 TLB hits, 5 misses, 92 references; stopped at access 4 (0x404000): guest #PF error code 0x0 (not-present, level 1), CR2 0x404000, no VM exit',
    ])
    const e = last.events[0]
    if (!e) throw new Error('no event')
    const d = describeEvent(e)
    expect(d.en).toContain('stopped at access 5 of 10')
    expect(d.zh).toContain('：TLB 命中 0 次，未命中 5 次，')
    expect(d.zh).not.toMatch(/[,:;()]/)
  })

  it('refuses bad arguments and runs only under mmu ept', () => {
    expect(runCli('mmu ept\nept loop 0x1000 5 stride=abc').error).toContain('stride=BYTES')
    expect(runCli('mmu ept\nept loop 0x1000 20000000').error).toContain('COUNT must be')
    expect(runCli('mmu ept\nept loop 0x1000 1').error).toContain('needs an EPT')
    expect(runCli('ept loop 0x1000 1').error).toContain("works with 'mmu ept'")
  })
})
