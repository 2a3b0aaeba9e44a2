// VT-d, VFIO and SR-IOV through the real console path: the commands in `help` with their
// examples, the JSON a request produces, and bad input refused with its line and column
// (malformed bus:dev.fn, misaligned addresses, more VFs than TotalVFs) rather than a crash.
import { describe, expect, it } from 'vitest'
import { helpLines } from '../src/console/interactive.ts'
import { runCli, scriptFailure } from './cliHelper.ts'

const SETUP = `iommu on
iommu domain 1 aw=39
iommu attach 03:00.0 1
iommu map 1 0x10000 0x40002000 pages=2`

describe('iommu console', () => {
  it('lists every iommu, dma, vfio and sriov command in help with an example', () => {
    const all = helpLines('', 'en').join('\n')
    for (const w of [
      'iommu on',
      'iommu domain',
      'iommu attach',
      'iommu map',
      'iommu unmap',
      'iommu invalidate',
      'iommu poke',
      'iommu faults clear',
      'iommu device',
      'iommu vm',
      'dma',
      'vfio assign',
      'vfio msi',
      'vfio touch',
      'sriov pf',
      'sriov numvfs',
    ])
      expect(all).toContain(w)
    expect(helpLines('dma', 'en').join('\n')).toContain('dma 03:00.0 read 0x1000')
    expect(helpLines('sriov numvfs', 'zh').join('\n')).toContain('sriov_numvfs')
  })

  it('reports a whole walk in the JSON of one dma line', () => {
    const { json } = runCli(`${SETUP}\ndma 03:00.0 write 0x10040`, { mustSucceed: true })
    const dma = json.at(-1)
    expect(dma?.walk).toHaveLength(7)
    expect(dma?.dma).toEqual({
      device: '03:00.0',
      iova: '0x10040',
      access: 'write',
      hpa: '0x40002040',
      via: 'walk',
      did: 1,
      owner: null,
    })
  })

  it('lists the VFs of sriov numvfs with their routing IDs', () => {
    const { json } = runCli(
      'sriov pf 82:00.1 total=8 bar0=0xe0000000 vfbar0=0xe1000000\nsriov numvfs 82:00.1 1',
      { mustSucceed: true },
    )
    expect(json.at(-1)?.vfs).toEqual([
      { k: 0, device: '82:10.1', rid: '0x8281', bar0: '0xe1000000' },
    ])
  })

  it.each([
    ['dma 03:20.0 read 0x1000', 1, 8, 'device 0x20 is out of range 0..0x1f'],
    ['dma 03:00.9 read 0x1000', 1, 11, 'function 9 is out of range 0..7'],
    ['dma 3-0-0 read 0x1000', 1, 5, 'expected a device as bus:dev.fn in hex'],
    ['dma 0001:03:00.0 read 0x1000', 1, 5, 'the model has one segment'],
    ['dma 03:00.0 peek 0x1000', 1, 13, 'expected read, write or msi'],
    ['iommu on\niommu domain 1\niommu map 1 0x10001 0x1000', 3, 13, 'is not aligned to 0x1000'],
    ['iommu on\niommu domain 0', 2, 14, 'out of range 1..0xffff'],
    ['iommu device 03:00.0 bar0=0xf0001000 size=0x20000', 1, 27, 'is not aligned to 0x20000'],
    ['iommu vm a pages=600', 1, 18, 'pages=600 is out of range 1..0x200'],
  ])('refuses %j at line %i column %i', (script, line, column, message) => {
    const e = scriptFailure(script)
    expect({ line: e.line, column: e.column }).toEqual({ line, column })
    expect(e.message).toContain(message)
  })

  it('refuses more VFs than TotalVFs as Linux does (-ERANGE) and unassigned or unknown devices', () => {
    expect(
      scriptFailure(
        'sriov pf 05:00.0 total=8 bar0=0xe0000000 vfbar0=0xe1000000\nsriov numvfs 05:00.0 9',
      ).message,
    ).toContain('9 is more than TotalVFs 8: -ERANGE')
    expect(scriptFailure('iommu on\nvfio assign 03:00.0 a').message).toContain(
      'no device at 03:00.0',
    )
    expect(
      scriptFailure(
        'iommu on\niommu device 03:00.0 bar0=0xf0000000 size=0x20000\nvfio touch 03:00.0 bar 0',
      ).message,
    ).toContain('not assigned to a guest')
  })

  it('a DMA to an unmapped IOVA is the hardware’s fault, not a refusal', () => {
    const { json, error } = runCli(`${SETUP}\ndma 03:00.0 read 0x9000`)
    expect(error).toBeNull()
    expect(json.at(-1)?.fault).toMatchObject({ fr: '0x6', fr_name: 'read denied', record: 0 })
  })
})
