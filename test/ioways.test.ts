// The five-ways table cannot drift from the models: each way's counts from runFiveWays equal
// what the same workload, typed as console lines and run through the console, leaves in that
// model's own counters (kvm's and virtio's) or in its commands' results (the IOMMU's).
import { describe, expect, it } from 'vitest'
import { runScript } from '../src/console/index.ts'
import {
  DEFAULT_K,
  IO_WAYS,
  MAX_K,
  type Machine,
  type WayResult,
  runFiveWays,
  runWay,
} from '../src/engine/index.ts'
import { runCli, scriptFailure } from './cliHelper.ts'

const K = 5

function machineAfter(lines: readonly string[]): Machine {
  const r = runScript(lines.join('\n'))
  expect(r.error?.message ?? null).toBeNull()
  return r.machine
}

const repeat = (k: number, f: (i: number) => readonly string[]): string[] =>
  Array.from({ length: k }, (_, i) => f(i)).flat()

const row = (way: (typeof IO_WAYS)[number]): WayResult => {
  const r = runWay(way, K)
  if (!r.ok) throw new Error(JSON.stringify(r.error))
  return r.value
}

describe('e1000: the table equals the kvm model’s own counters over the workload', () => {
  it('exits by reason, returns to user space, interrupts', () => {
    const setup = ['kvm create', 'pci e1000', 'e1000 init tx=8 rx=8', 'e1000 rx-fill 7']
    const work = [
      ...repeat(K, () => ['e1000 send 60', 'e1000 kick', 'e1000 isr', 'e1000 clean']),
      ...repeat(K, () => ['tap send 60', 'e1000 isr', 'e1000 clean', 'e1000 rx-fill 1']),
    ]
    const before = machineAfter(setup).kvm.vm?.counts
    const after = machineAfter([...setup, ...work]).kvm.vm?.counts
    if (!before || !after) throw new Error('no vm')
    const r = row('e1000')
    const diff: Record<string, number> = {}
    for (const [reason, n] of Object.entries(after.exits)) {
      const d = n - (before.exits[Number(reason)] ?? 0)
      if (d > 0) diff[reason] = d
    }
    expect(r.counts.exits).toEqual(diff)
    expect(r.counts.userspace).toBe(after.userExits - before.userExits)
    expect(r.counts.interrupts).toBe(after.interrupts - before.interrupts)
    expect(after.framesSent - before.framesSent).toBe(K)
    expect(after.framesReceived - before.framesReceived).toBe(K)
    // Per frame: TDT write and ICR read on send; the kick (1), ICR read and RDT write on receive.
    expect(r.counts.exits).toEqual({ 1: K, 49: 4 * K })
    expect(r.counts.kicks).toBe(2 * K)
    expect(r.counts.copies).toBe(4 * K)
    expect(r.counts.dma).toBe(0)
  })
})

describe('virtio: the table equals the virtio model’s own counters over the workload', () => {
  for (const backend of ['qemu', 'vhost'] as const)
    it(backend, () => {
      const setup = [
        `virtio device ${backend} msix`,
        'virtio status acknowledge',
        'virtio status driver',
        'virtio features version_1 event_idx',
        'virtio status features_ok',
        'virtio queue size=8 at=0x10000',
        'virtio queue rx size=8 at=0x20000',
        'virtio status driver_ok',
        'virtio rx-post 8',
      ]
      const work = [
        ...repeat(K, (i) => [
          `virtio add 0x${(0x200000 + 0x800 * (i % 8)).toString(16)}:72`,
          'virtio kick',
          'virtio process',
          'virtio reclaim',
        ]),
        ...repeat(K, () => ['virtio rx 60', 'virtio rx-reap']),
      ]
      const before = machineAfter(setup).virtio.dev?.counts
      const after = machineAfter([...setup, ...work]).virtio.dev?.counts
      if (!before || !after) throw new Error('no device')
      const r = row(backend === 'qemu' ? 'virtio-qemu' : 'virtio-vhost')
      expect(r.counts.exitsTotal).toBe(after.exits - before.exits)
      expect(r.counts.userspace).toBe(after.userspace - before.userspace)
      expect(r.counts.copies).toBe(after.copies - before.copies)
      expect(r.counts.interrupts).toBe(after.interrupts - before.interrupts)
      expect(r.counts.kicks).toBe(after.kicks - before.kicks)
      expect(after.packets - before.packets).toBe(K)
      expect(after.received - before.received).toBe(K)
      expect(r.counts.dma).toBe(0)
    })
  it('vhost never returns to user space, QEMU does once per doorbell', () => {
    expect(row('virtio-vhost').counts.userspace).toBe(0)
    const q = row('virtio-qemu').counts
    expect(q.userspace).toBe(q.kicks)
  })
})

describe('passthrough: the table equals the console run’s results', () => {
  const cases = [
    {
      way: 'vfio' as const,
      bdf: '03:00.0',
      setup: [
        'iommu on',
        'iommu vm a pages=16',
        'iommu device 03:00.0 bar0=0xf0000000 size=0x20000',
        'vfio assign 03:00.0 a',
        'vfio msi 03:00.0 vector=0x41 cpu=0',
      ],
    },
    {
      way: 'sriov-vf' as const,
      bdf: '05:10.0',
      setup: [
        'iommu on',
        'iommu vm a pages=16',
        'sriov pf 05:00.0 total=8 bar0=0xe0000000 vfbar0=0xe1000000',
        'sriov numvfs 05:00.0 2',
        'vfio assign 05:10.0 a',
        'vfio msi 05:10.0 vector=0x41 cpu=0',
      ],
    },
  ]
  for (const c of cases)
    it(c.way, () => {
      const h = (n: number) => `0x${n.toString(16)}`
      const work = [
        ...repeat(K, (i) => [
          `vfio touch ${c.bdf} bar 0x3818`,
          `dma ${c.bdf} read ${h(0x2000 + 16 * (i % 8))}`,
          `dma ${c.bdf} read ${h(0x4000 + 0x800 * (i % 8))}`,
          `dma ${c.bdf} write ${h(0x2000 + 16 * (i % 8) + 12)}`,
          `dma ${c.bdf} msi`,
          `vfio touch ${c.bdf} bar 0xc0`,
        ]),
        ...repeat(K, (i) => [
          `dma ${c.bdf} read ${h(0x3000 + 16 * (i % 8))}`,
          `dma ${c.bdf} write ${h(0x8000 + 0x800 * (i % 8))}`,
          `dma ${c.bdf} write ${h(0x3000 + 16 * (i % 8) + 12)}`,
          `dma ${c.bdf} msi`,
          `vfio touch ${c.bdf} bar 0xc0`,
          `vfio touch ${c.bdf} bar 0x2818`,
        ]),
      ]
      const setupRun = runCli(c.setup.join('\n'), { mustSucceed: true })
      const all = runCli([...c.setup, ...work].join('\n'), { mustSucceed: true })
      const results = all.json.slice(setupRun.json.length)
      const kinds = all.kinds.slice(setupRun.kinds.length).flat()
      const r = row(c.way)
      const exits = results.flatMap((j) => (Array.isArray(j.exits) ? j.exits : []))
      expect(r.counts.exitsTotal).toBe(exits.length)
      expect(r.counts.exitsTotal).toBe(0)
      expect(r.counts.userspace).toBe(0)
      expect(r.counts.copies).toBe(0)
      expect(r.counts.dma).toBe(kinds.filter((k) => k === 'iommu.dma').length)
      expect(r.counts.dma).toBe(6 * K)
      expect(r.counts.interrupts).toBe(kinds.filter((k) => k === 'iommu.interrupt').length)
      expect(r.counts.kicks).toBe(2 * K)
      expect(kinds).not.toContain('iommu.fault')
    })
})

describe('runFiveWays', () => {
  it('runs the five in order and each equals its own run', () => {
    const r = runFiveWays(3, IO_WAYS)
    if (!r.ok) throw new Error(JSON.stringify(r.error))
    expect(r.value.map((x) => x.way)).toEqual([...IO_WAYS])
    for (const x of r.value) expect(runWay(x.way, 3)).toEqual({ ok: true, value: x })
  })
  it('ranks the designs as the course says: e1000 exits most, passthrough none', () => {
    const r = runFiveWays(DEFAULT_K, IO_WAYS)
    if (!r.ok) throw new Error('refused')
    const [e1000, vq, vh, vfio, vf] = r.value.map((x) => x.counts)
    if (!e1000 || !vq || !vh || !vfio || !vf) throw new Error('missing a way')
    expect(e1000.exitsTotal).toBeGreaterThan(vq.exitsTotal)
    expect(vq.userspace).toBeGreaterThan(vh.userspace)
    expect(vh.copies).toBeLessThan(vq.copies)
    expect(vfio.exitsTotal + vf.exitsTotal).toBe(0)
    expect(vfio).toEqual(vf)
  })
  it('refuses k = 0 and k beyond the bound', () => {
    expect(runWay('e1000', 0)).toMatchObject({ ok: false, error: { code: 'k-range', max: MAX_K } })
    expect(runWay('e1000', MAX_K + 1)).toMatchObject({ ok: false, error: { code: 'k-range' } })
  })
})

describe('console: io way, io five-ways, io table', () => {
  it('io five-ways prints one object per way and the table', () => {
    const r = runCli('io five-ways k=2', { mustSucceed: true })
    expect(r.kinds[0]).toEqual([...IO_WAYS.map(() => 'ioways.way'), 'ioways.table'])
    expect(r.json[0]).toMatchObject({ cmd: 'io five-ways', ok: true })
  })
  it('bad input: k=0, a huge k, an unknown way, a table before any run, mixed k', () => {
    expect(scriptFailure('io five-ways k=0')).toMatchObject({ line: 1, column: 16 })
    expect(scriptFailure('io five-ways k=100000').message).toMatch(/1 to 64/)
    const u = scriptFailure('io way e1001')
    expect(u).toMatchObject({ line: 1, column: 8 })
    expect(u.message).toMatch(/e1000/)
    expect(scriptFailure('io table').message).toMatch(/no way has run yet/)
    expect(scriptFailure('io way e1000 k=2\nio way vfio k=3')).toMatchObject({ line: 2 })
  })
})
