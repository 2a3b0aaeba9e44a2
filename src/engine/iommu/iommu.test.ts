import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { hpa } from '../core/addr.ts'
import { applyIommu } from './apply.ts'
import type { IommuEvent } from './events.ts'
import type { IommuOp } from './ops.ts'
import {
  ADDR_MASK,
  FAULT_REASON,
  type IommuState,
  bdfText,
  initialIommuState,
  ridOf,
} from './types.ts'

const rid = (bus: number, dev: number, fn: number): number => ridOf({ bus, dev, fn })

/** Runs ops in order; a refusal fails the test with its code. */
function run(ops: readonly IommuOp[], s: IommuState = initialIommuState) {
  const events: IommuEvent[] = []
  for (const op of ops) {
    const r = applyIommu(s, op)
    if (!r.ok)
      throw new Error(
        `${op.kind}: ${JSON.stringify(r.error, (_, v: unknown) => (typeof v === 'bigint' ? v.toString(16) : v))}`,
      )
    s = r.value.state
    events.push(...r.value.events)
  }
  return { s, events }
}

const last = (events: readonly IommuEvent[]) => events[events.length - 1] as IommuEvent
const faultOf = (events: readonly IommuEvent[]) => {
  const e = last(events)
  if (e.kind !== 'iommu.fault') throw new Error(`expected a fault, got ${e.kind}`)
  return e
}

const NIC = rid(3, 0, 0)
const base: IommuOp[] = [
  { kind: 'iommu.enable' },
  { kind: 'iommu.domain', did: 1, width: 39 },
  { kind: 'iommu.attach', rid: NIC, did: 1, tt: 0 },
  {
    kind: 'iommu.map',
    did: 1,
    iova: 0x1000n,
    hpa: hpa(0x4000_0000n),
    pages: 1,
    read: true,
    write: false,
  },
]
const dma = (iova: bigint, write = false, r = NIC): IommuOp => ({
  kind: 'iommu.dma',
  rid: r,
  iova,
  write,
})

describe('VT-d translation', () => {
  it('walks root[bus], context[devfn] and 3 second-level levels for a 39-bit domain', () => {
    const { s, events } = run([...base, dma(0x1234n)])
    const refs = events.filter((e) => e.kind === 'iommu.ref')
    expect(
      refs.map((e) => (e.kind === 'iommu.ref' ? `${e.table}${e.level || ''}:${e.index}` : '')),
    ).toEqual(['root:3', 'context:0', 'sl3:0', 'sl2:0', 'sl1:1'])
    const done = last(events)
    expect(done.kind === 'iommu.dma' && done.hpa).toBe(0x4000_0234n)
    // Root entry address = RTADDR + 16 x bus.
    const root = refs[0]
    expect(root?.kind === 'iommu.ref' && root.addr).toBe((s.rtaddr as bigint) + 16n * 3n)
  })

  it('answers a repeated request from the context cache and the IOTLB, reading no table', () => {
    const { events } = run([...base, dma(0x1000n), dma(0x1008n)])
    const second = events.slice(events.findIndex((e) => e.kind === 'iommu.dma') + 1)
    expect(second.map((e) => e.kind)).toEqual(['iommu.cache', 'iommu.cache', 'iommu.dma'])
    expect(second.every((e) => e.kind !== 'iommu.cache' || e.hit)).toBe(true)
  })

  it('keeps using a stale IOTLB entry after unmap until the IOTLB is invalidated', () => {
    const { events } = run([
      ...base,
      dma(0x1000n),
      { kind: 'iommu.unmap', did: 1, iova: 0x1000n, pages: 1 },
      dma(0x1000n),
      { kind: 'iommu.invalidate', cache: 'iotlb', scope: 'page', did: 1, rid: null, iova: 0x1000n },
      dma(0x1000n),
    ])
    const unmap = events.find((e) => e.kind === 'iommu.unmap')
    expect(unmap?.kind === 'iommu.unmap' && unmap.stale).toBe(1)
    const dmas = events.filter((e) => e.kind === 'iommu.dma' || e.kind === 'iommu.fault')
    expect(dmas.map((e) => (e.kind === 'iommu.dma' ? e.via : e.fr))).toEqual(['walk', 'iotlb', 6])
  })

  it('passes a request through untranslated when the IOMMU is off or the context says pass-through', () => {
    const off = run([dma(0x4000_0000n)]).events
    expect(last(off).kind === 'iommu.dma' && last(off)).toMatchObject({
      via: 'off',
      hpa: 0x4000_0000n,
    })
    const pt = run([
      { kind: 'iommu.enable' },
      { kind: 'iommu.domain', did: 1, width: 48 },
      { kind: 'iommu.attach', rid: NIC, did: 1, tt: 2 },
      dma(0x7000n),
    ]).events
    expect(last(pt)).toMatchObject({ kind: 'iommu.dma', via: 'pass-through', hpa: 0x7000n })
  })
})

describe('every VT-d fault reason the model raises (QEMU VTDFaultReason)', () => {
  it('FR 1: no root entry for the bus', () => {
    expect(faultOf(run([...base, dma(0x1000n, false, rid(4, 0, 0))]).events).fr).toBe(
      FAULT_REASON.rootNotPresent,
    )
  })
  it('FR 2: no context entry for the devfn', () => {
    expect(faultOf(run([...base, dma(0x1000n, false, rid(3, 1, 0))]).events).fr).toBe(
      FAULT_REASON.contextNotPresent,
    )
  })
  it('FR 3: a context entry with the reserved translation type 11', () => {
    const ops: IommuOp[] = [
      ...base.slice(0, 2),
      { kind: 'iommu.attach', rid: NIC, did: 1, tt: 3 },
      dma(0n),
    ]
    expect(faultOf(run(ops).events).fr).toBe(FAULT_REASON.contextInvalid)
  })
  it('FR 4: an IOVA beyond the domain’s 39-bit width', () => {
    expect(faultOf(run([...base, dma(1n << 39n)]).events).fr).toBe(FAULT_REASON.beyondWidth)
  })
  it('FR 5 and FR 6: a write to a read-only page, a read of an unmapped IOVA', () => {
    const w = faultOf(run([...base, dma(0x1000n, true)]).events)
    expect(w.fr).toBe(FAULT_REASON.writeDenied)
    expect(w.record.read).toBe(false)
    const r = faultOf(run([...base, dma(0x9000n)]).events)
    expect(r.fr).toBe(FAULT_REASON.readDenied)
    // T = 1 for a read; F set; SID in 15:0; FR in 39:32; FI = the page.
    expect(r.record.hi).toBe((1n << 63n) | (1n << 62n) | (6n << 32n) | BigInt(NIC))
    expect(r.record.lo).toBe(0x9000n)
  })
  it('FR 0xA, 0xB, 0xC: reserved bits in a root, context or second-level entry', () => {
    const { s } = run(base)
    const rt = s.rtaddr as bigint
    const rootLo = s.mem.get(rt + 16n * 3n) as bigint
    const poke = (addr: bigint, value: bigint): IommuOp => ({
      kind: 'iommu.poke',
      addr: hpa(addr),
      value,
    })
    expect(faultOf(run([poke(rt + 16n * 3n, rootLo | 0x2n), dma(0x1000n)], s).events).fr).toBe(0xa)
    const ctx = rootLo & ADDR_MASK
    const ctxHi = s.mem.get(ctx + 8n) as bigint
    expect(faultOf(run([poke(ctx + 8n, ctxHi | (1n << 30n)), dma(0x1000n)], s).events).fr).toBe(0xb)
    const walk = run([dma(0x1000n)], s).events.filter((e) => e.kind === 'iommu.ref')
    const leaf = walk[walk.length - 1]
    if (leaf?.kind !== 'iommu.ref') throw new Error('no leaf')
    expect(faultOf(run([poke(leaf.addr, leaf.lo | (1n << 50n)), dma(0x1000n)], s).events).fr).toBe(
      0xc,
    )
  })
  it('FR 0x21, 0x22, 0x26: interrupt remapping by handle and source-ID', () => {
    const vm: IommuOp[] = [
      { kind: 'iommu.enable' },
      { kind: 'iommu.vm', name: 'a', pages: 4 },
      { kind: 'iommu.device', rid: NIC, bar0: hpa(0xf000_0000n), size: 0x20000n },
      { kind: 'iommu.device', rid: rid(3, 0, 1), bar0: hpa(0xf010_0000n), size: 0x20000n },
      { kind: 'vfio.assign', rid: NIC, vm: 'a' },
      { kind: 'vfio.msi', rid: NIC, vector: 0x41, dest: 2 },
    ]
    const ok = run([...vm, { kind: 'iommu.msi', rid: NIC, handle: null }]).events
    expect(last(ok)).toMatchObject({ kind: 'iommu.interrupt', vector: 0x41, dest: 2 })
    const msi = (h: number, r = NIC): IommuOp => ({ kind: 'iommu.msi', rid: r, handle: h })
    expect(faultOf(run([...vm, msi(256)]).events).fr).toBe(FAULT_REASON.irteIndex)
    expect(faultOf(run([...vm, msi(5)]).events).fr).toBe(FAULT_REASON.irteNotPresent)
    const forged = faultOf(run([...vm, msi(0, rid(3, 0, 1))]).events)
    expect(forged.fr).toBe(FAULT_REASON.irteSid)
    expect(forged.record.fi).toBe(0n << 48n)
  })
  it('sets PFO and loses the fault when the next record still holds one', () => {
    const ops: IommuOp[] = [...base]
    for (let i = 0; i < 9; i++) ops.push(dma(0x9000n))
    const { s, events } = run(ops)
    const faults = events.filter((e) => e.kind === 'iommu.fault')
    expect(faults.map((e) => (e.kind === 'iommu.fault' ? e.index : -1))).toEqual([
      0,
      1,
      2,
      3,
      4,
      5,
      6,
      7,
      null,
    ])
    expect(s.pfo).toBe(true)
  })
})

describe('SR-IOV routing IDs (hw-facts-2 §2.7)', () => {
  const vfs = (pf: number, n: number) =>
    run([
      {
        kind: 'sriov.pf',
        rid: pf,
        total: 8,
        offset: 0x80,
        stride: 2,
        bar0: hpa(0xe000_0000n),
        vfBar0: hpa(0xe100_0000n),
        vfBarSize: 0x4000n,
      },
      { kind: 'sriov.enable', rid: pf, numVfs: n },
    ]).events.flatMap((e) => (e.kind === 'sriov.vf' ? [e] : []))

  it('82599 PF 05:00.0 with 7 VFs: 05:10.0 .. 05:11.4', () => {
    expect(vfs(rid(5, 0, 0), 7).map((v) => bdfText(v.rid))).toEqual([
      '05:10.0',
      '05:10.2',
      '05:10.4',
      '05:10.6',
      '05:11.0',
      '05:11.2',
      '05:11.4',
    ])
  })
  it('82576 second port PF 82:00.1 with 1 VF: 82:10.1 (RID 0x8281)', () => {
    const [v] = vfs(rid(0x82, 0, 1), 1)
    expect(v?.rid).toBe(0x8281)
    expect(bdfText(v?.rid ?? 0)).toBe('82:10.1')
  })
  it('the worked example: 03:00.0 VF7 is 0x038E = 03:11.6, and VF BARs are base + k x size', () => {
    const v = vfs(rid(3, 0, 0), 8)
    expect(v[7]?.rid).toBe(0x038e)
    expect(v[7]?.bar0).toBe(0xe100_0000n + 7n * 0x4000n)
  })
  it('refuses more VFs than TotalVFs as sriov_numvfs_store does (-ERANGE)', () => {
    const { s } = run([
      {
        kind: 'sriov.pf',
        rid: NIC,
        total: 8,
        offset: 0x80,
        stride: 2,
        bar0: hpa(0xe000_0000n),
        vfBar0: hpa(0xe100_0000n),
        vfBarSize: 0x4000n,
      },
    ])
    const r = applyIommu(s, { kind: 'sriov.enable', rid: NIC, numVfs: 9 })
    expect(r.ok ? null : r.error).toEqual({ code: 'too-many-vfs', numVfs: 9, total: 8 })
  })
})

describe('isolation: no DMA of a guest reaches a page outside its IOMMU domain', () => {
  it('holds over random guests, VF assignments, extra mappings and DMAs', () => {
    const PF = rid(5, 0, 0)
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 1, max: 24 }), { minLength: 2, maxLength: 4 }),
        fc.array(
          fc.record({
            vf: fc.nat(3),
            iova: fc.bigInt({ min: 0n, max: (1n << 32n) - 1n }),
            write: fc.boolean(),
          }),
          { maxLength: 40 },
        ),
        fc.array(fc.record({ g: fc.nat(3), page: fc.nat(40), to: fc.nat(30) }), { maxLength: 6 }),
        (sizes, dmas, remaps) => {
          const n = sizes.length
          const ops: IommuOp[] = [
            { kind: 'iommu.enable' },
            {
              kind: 'sriov.pf',
              rid: PF,
              total: 8,
              offset: 0x80,
              stride: 2,
              bar0: hpa(0xe000_0000n),
              vfBar0: hpa(0xe100_0000n),
              vfBarSize: 0x4000n,
            },
            { kind: 'sriov.enable', rid: PF, numVfs: n },
          ]
          sizes.forEach((pages, g) => {
            ops.push({ kind: 'iommu.vm', name: `g${g}`, pages })
            ops.push({ kind: 'vfio.assign', rid: PF + 0x80 + 2 * g, vm: `g${g}` })
          })
          let { s } = run(ops)
          // The host maps more of each guest's own pages at other IOVAs (as VFIO would).
          for (const m of remaps) {
            const g = m.g % n
            const vm = s.vms[g]
            if (!vm || vm.did === null) continue
            const to = m.to % vm.pages
            s = run(
              [
                {
                  kind: 'iommu.map',
                  did: vm.did,
                  iova: BigInt(0x100 + m.page) << 12n,
                  hpa: hpa(vm.base + BigInt(to) * 4096n),
                  pages: 1,
                  read: true,
                  write: true,
                },
              ],
              s,
            ).s
          }
          for (const d of dmas) {
            const g = d.vf % n
            const r = applyIommu(s, {
              kind: 'iommu.dma',
              rid: PF + 0x80 + 2 * g,
              iova: d.iova,
              write: d.write,
            })
            if (!r.ok) return false
            s = r.value.state
            const vm = s.vms[g]
            if (!vm) return false
            for (const e of r.value.events) {
              if (e.kind !== 'iommu.dma') continue
              // Every completed DMA lands in the guest's own RAM.
              if (e.owner !== vm.name) return false
              if (e.hpa < vm.base || e.hpa >= vm.base + BigInt(vm.pages) * 4096n) return false
            }
          }
          return true
        },
      ),
      { numRuns: 150, seed: 17 },
    )
  })
})

describe('domain bookkeeping', () => {
  it('counts mapped pages: a remap does not count twice, an unmap subtracts', () => {
    const { s } = run([
      ...base,
      {
        kind: 'iommu.map',
        did: 1,
        iova: 0x1000n,
        hpa: hpa(0x4000_1000n),
        pages: 2,
        read: true,
        write: true,
      },
      { kind: 'iommu.unmap', did: 1, iova: 0x2000n, pages: 1 },
    ])
    expect(s.domains[0]?.mapped).toBe(1)
  })
})
