import { describe, expect, it } from 'vitest'
import { runScript } from '../../console/index.ts'
import { commandEvents } from '../Player/later.ts'
import { layoutIoLayers } from '../IoLayers/layout.ts'
import { layoutE1000 } from './layout.ts'

const TX = `kvm create
pci e1000
e1000 init tx=8 rx=8
e1000 send 60 count=3
e1000 kick`

describe('e1000 panel layout', () => {
  const frames = runScript(TX).trace.frames
  const at = (kind: string, n = 0) => frames.filter((f) => f.event.kind === kind)[n]
  it('the device owns [TDH, TDT): nothing before TDT is written, then the slots not yet sent', () => {
    const filled = at('kvm.driver', 1)
    const l = filled && layoutE1000(filled.event, filled.machine.kvm)
    expect(l?.tx.cells.filter((c) => c.hw)).toEqual([])
    expect(l?.tx.cells.filter((c) => c.focus).map((c) => c.slot)).toEqual([0, 1, 2])
    const first = at('e1000.tx-desc', 0)
    const m = first && layoutE1000(first.event, first.machine.kvm)
    expect(m?.tx.cells.filter((c) => c.hw).map((c) => c.slot)).toEqual([1, 2])
    expect(m?.tx.cells[0]).toMatchObject({
      dd: true,
      focus: true,
      flags: ['EOP', 'IFCS', 'RS', 'DD'],
    })
    expect(m?.tx.cells[1]).toMatchObject({ head: true, dd: false })
    expect(m?.tx.cells[3]).toMatchObject({ tail: true, hw: false })
    expect(m?.regs.find((r) => r.name === 'TDH')).toMatchObject({ value: 1, focus: true })
  })
  it('a ring that wraps: the device owns from the head round to the tail', () => {
    const wrap = runScript(
      `${TX}\ne1000 clean\ne1000 send 60 count=4\ne1000 send 60 count=2\ne1000 kick`,
    ).trace.frames
    // TDT = 1 after slots 3..7 and 0; while slot 6 is sent, the device owns 7, 0.
    const f = wrap.filter((x) => x.event.kind === 'e1000.tx-desc')[6]
    const l = f && layoutE1000(f.event, f.machine.kvm)
    expect(l?.tx.head).toBe(7)
    expect(l?.tx.tail).toBe(1)
    expect(l?.tx.cells.filter((c) => c.hw).map((c) => c.slot)).toEqual([0, 7])
  })
  it('the layer diagram follows vCPU 0 hop by hop', () => {
    const i = frames.findIndex((f) => f.event.kind === 'kvm.user')
    const f = frames[i] as (typeof frames)[number]
    const l = layoutIoLayers(f.event, commandEvents(frames, i))
    expect(l?.vcpuAt).toBe('qemu')
    expect(l?.hops.map((h) => h.at)).toEqual(['kvm', 'kvm', 'qemu'])
    expect(l?.hops.at(-1)).toMatchObject({ focus: true, key: 'io.hop.userMmio' })
    const last = frames.length - 1
    expect(
      layoutIoLayers((frames[last] as (typeof frames)[number]).event, commandEvents(frames, last))
        ?.vcpuAt,
    ).toBe('guest')
  })
})
