// The device map's data from one frame: SR-IOV physical functions with their capability
// registers, every function (VFs by routing ID, plain endpoints) with its BAR and the guest
// that owns it, the guests with their RAM, IOMMU domain and mapped BARs, and the last access a
// guest made to its device. What later events of the same command add is taken back out.
import { type EngineEvent, type IommuState, bdfText, hex } from '../../engine/index.ts'

export interface SriovLayout {
  readonly pfs: readonly {
    readonly device: string
    readonly rid: string
    readonly total: number
    readonly numVfs: number
    readonly offset: string
    readonly stride: number
    readonly vfBar0: string
    readonly vfSize: string
    readonly enabled: boolean
    readonly focus: boolean
  }[]
  readonly functions: readonly {
    readonly device: string
    readonly rid: string
    readonly kind: 'endpoint' | 'vf'
    /** VF_k: k and the formula's terms; null for an endpoint. */
    readonly k: number | null
    readonly pf: string | null
    readonly bar0: string
    readonly size: string
    readonly vm: string | null
    readonly group: number | null
    readonly focus: boolean
  }[]
  readonly guests: readonly {
    readonly name: string
    readonly pages: number
    readonly base: string
    readonly end: string
    readonly did: number | null
    readonly bars: readonly {
      readonly device: string
      readonly gpa: string
      readonly hpa: string
      readonly size: string
    }[]
    readonly focus: boolean
  }[]
  readonly touch: {
    readonly vm: string
    readonly device: string
    readonly what: 'bar' | 'config'
    readonly offset: string
    readonly gpa: string | null
    readonly hpa: string | null
    readonly exits: readonly number[]
  } | null
}

export function layoutSriov(
  s: IommuState,
  event: EngineEvent | null,
  later: readonly EngineEvent[] = [],
): SriovLayout {
  const laterVf = new Set(later.flatMap((e) => (e.kind === 'sriov.vf' ? [e.rid] : [])))
  const laterBar = new Set(later.flatMap((e) => (e.kind === 'vfio.bar' ? [e.rid] : [])))
  const laterDomain = new Set(later.flatMap((e) => (e.kind === 'iommu.domain' ? [e.did] : [])))
  const ev = event
  return {
    pfs: s.sriov.map((c) => ({
      device: bdfText(c.pf),
      rid: hex(BigInt(c.pf)),
      total: c.total,
      numVfs: c.numVfs,
      offset: hex(BigInt(c.offset)),
      stride: c.stride,
      vfBar0: hex(c.vfBar0),
      vfSize: hex(c.vfBarSize),
      enabled: c.enabled,
      focus: (ev?.kind === 'sriov.pf' || ev?.kind === 'sriov.enable') && ev.rid === c.pf,
    })),
    functions: s.devices
      .filter((d) => d.kind !== 'pf' && !laterVf.has(d.rid))
      .map((d) => ({
        device: bdfText(d.rid),
        rid: hex(BigInt(d.rid)),
        kind: d.kind === 'vf' ? 'vf' : 'endpoint',
        k: d.k,
        pf: d.pf === null ? null : bdfText(d.pf),
        bar0: hex(d.bar0),
        size: hex(d.barSize),
        vm: d.vm,
        group: d.group,
        focus:
          (ev?.kind === 'sriov.vf' || ev?.kind === 'iommu.device' || ev?.kind === 'vfio.group') &&
          ev.rid === d.rid,
      })),
    guests: s.vms.map((v) => ({
      name: v.name,
      pages: v.pages,
      base: hex(v.base),
      end: hex(v.base + BigInt(v.pages) * 4096n - 1n),
      did: v.did === null || laterDomain.has(v.did) ? null : v.did,
      bars: v.bars
        .filter((b) => !laterBar.has(b.rid))
        .map((b) => ({
          device: bdfText(b.rid),
          gpa: hex(b.gpa),
          hpa: hex(b.hpa),
          size: hex(b.size),
        })),
      focus:
        (ev?.kind === 'iommu.vm' && ev.name === v.name) ||
        (ev?.kind === 'vfio.bar' && ev.vm === v.name),
    })),
    touch:
      ev?.kind === 'vfio.touch'
        ? {
            vm: ev.vm,
            device: bdfText(ev.rid),
            what: ev.what,
            offset: hex(BigInt(ev.offset)),
            gpa: ev.gpa === null ? null : hex(ev.gpa),
            hpa: ev.hpa === null ? null : hex(ev.hpa),
            exits: ev.exits,
          }
        : null,
  }
}
