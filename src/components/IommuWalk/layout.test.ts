import { describe, expect, it } from 'vitest'
import { runScript } from '../../console/index.ts'
import { laterInCommand } from '../Player/later.ts'
import { layoutSriov } from '../Sriov/layout.ts'
import { layoutIommuWalk } from './layout.ts'

const frames = runScript(`iommu on
iommu domain 1 aw=39
iommu attach 03:00.0 1
iommu map 1 0x10000 0x40002000
dma 03:00.0 write 0x10040
dma 03:00.0 read 0x9000`).trace.frames

const at = (i: number) => {
  const f = frames[i]
  if (!f) throw new Error(`no frame ${i}`)
  return layoutIommuWalk(f.machine.iommu, f.event, laterInCommand(frames, i))
}

describe('IOMMU walk layout', () => {
  it('reveals a request one lookup or entry per step, the outcome and new cache entries last', () => {
    // Frames 4..11: context miss, root, context, IOTLB miss, L3, L2, L1, the DMA.
    const first = at(4)
    expect(first.request?.steps.map((s) => s.kind)).toEqual(['cache'])
    expect(first.request?.steps[0]?.focus).toBe(true)
    expect(first.request?.end).toBeNull()
    // The context cache fills after the context entry is read, the IOTLB at the end.
    expect(at(5).contextCache).toEqual([])
    expect(at(7).contextCache).toEqual([{ device: '03:00.0', did: 1 }])
    expect(at(10).iotlb).toEqual([])
    const done = at(11)
    expect(done.request?.steps).toHaveLength(7)
    expect(done.request?.end).toMatchObject({ kind: 'ok', hpa: '0x40002040', via: 'walk' })
    expect(done.request?.endFocus).toBe(true)
    expect(done.iotlb).toHaveLength(1)
  })

  it('shows a fault record only once the fault is reached', () => {
    const last = frames.length - 1
    expect(at(last - 1).faults).toEqual([])
    expect(at(last).faults).toMatchObject([{ index: 0, frHex: '0x6', device: '03:00.0' }])
    expect(at(last).request?.steps.at(-1)?.passed).toBe(false)
  })
})

describe('device map layout', () => {
  it('adds each VF at its own step, with its routing ID', () => {
    const f = runScript(
      'sriov pf 05:00.0 total=8 bar0=0xe0000000 vfbar0=0xe1000000\nsriov numvfs 05:00.0 2',
    ).trace.frames
    const l = (i: number) => {
      const fr = f[i]
      if (!fr) throw new Error(`no frame ${i}`)
      return layoutSriov(fr.machine.iommu, fr.event, laterInCommand(f, i))
    }
    expect(l(1).functions).toEqual([])
    expect(l(1).pfs[0]).toMatchObject({ numVfs: 2, focus: true })
    expect(l(2).functions.map((x) => x.rid)).toEqual(['0x580'])
    expect(l(3).functions.map((x) => [x.device, x.focus])).toEqual([
      ['05:10.0', false],
      ['05:10.2', true],
    ])
  })
})
