// The IOMMU walk panel's data from one frame: VT-d's registers, the domains and context
// entries written so far, the last request's walk (cache lookups, root -> context ->
// second-level entries, or the IRTE of an MSI) as far as this step, its outcome, the caches
// and the fault records. A frame holds the machine after its whole command, so what later
// events of the same command add is taken back out (`later`).
import {
  type EngineEvent,
  type FaultReason,
  type IommuState,
  type WalkStep,
  bdfText,
  hex,
  levelsOfAw,
  awOfWidth,
} from '../../engine/index.ts'

export interface FieldView {
  readonly name: string
  readonly value: string
}

export interface StepRow {
  readonly key: string
  readonly kind: 'cache' | 'root' | 'context' | 'sl' | 'irte'
  /** Cache rows: which cache and hit/miss. */
  readonly cache: 'context' | 'iotlb' | null
  readonly hit: boolean
  readonly level: number
  readonly index: number
  readonly addr: string
  readonly value: string
  readonly fields: readonly FieldView[]
  /** False where this entry stopped the request (a clear P, R or W bit). */
  readonly passed: boolean
  readonly focus: boolean
}

export type EndView =
  | {
      readonly kind: 'ok'
      readonly hpa: string
      readonly owner: string | null
      readonly via: string
    }
  | {
      readonly kind: 'fault'
      readonly fr: FaultReason
      readonly frHex: string
      readonly record: number | null
      readonly lo: string
      readonly hi: string
    }
  | { readonly kind: 'interrupt'; readonly vector: string; readonly cpu: number }

export interface IommuWalkLayout {
  readonly enabled: boolean
  readonly rtaddr: string | null
  readonly irta: string | null
  readonly headerFocus: boolean
  readonly domains: readonly {
    readonly did: number
    readonly width: number
    readonly levels: number
    readonly root: string
    readonly vm: string | null
    readonly mapped: number
    readonly focus: boolean
  }[]
  readonly contexts: readonly {
    readonly device: string
    readonly did: number
    readonly tt: number
    readonly addr: string
    readonly focus: boolean
  }[]
  readonly irtes: readonly {
    readonly handle: number
    readonly device: string
    readonly vector: string
    readonly cpu: number
    readonly focus: boolean
  }[]
  readonly request: {
    readonly device: string
    readonly iova: string
    readonly access: 'read' | 'write' | 'msi'
    readonly steps: readonly StepRow[]
    readonly end: EndView | null
    readonly endFocus: boolean
  } | null
  readonly contextCache: readonly { readonly device: string; readonly did: number }[]
  readonly iotlb: readonly {
    readonly did: number
    readonly page: string
    readonly frame: string
    readonly perm: string
  }[]
  readonly faults: readonly {
    readonly index: number
    readonly fr: FaultReason
    readonly frHex: string
    readonly device: string
    readonly fi: string
    readonly read: boolean
    readonly msi: boolean
  }[]
  readonly pfo: boolean
  readonly cachesFocus: boolean
}

const frHex = (fr: number): string => `0x${fr.toString(16).toUpperCase()}`
const bit = (v: bigint, n: bigint): string => String((v >> n) & 1n)

function fieldsOf(s: Extract<WalkStep, { kind: 'ref' }>): FieldView[] {
  const hi = s.hi ?? 0n
  switch (s.table) {
    case 'root':
      return [
        { name: 'P', value: bit(s.lo, 0n) },
        { name: 'CTP', value: hex(s.lo & ~0xfffn) },
      ]
    case 'context':
      return [
        { name: 'P', value: bit(s.lo, 0n) },
        { name: 'TT', value: String((s.lo >> 2n) & 3n) },
        { name: 'DID', value: String((hi >> 8n) & 0xffffn) },
        { name: 'AW', value: String(hi & 7n) },
        { name: 'SLPTPTR', value: hex(s.lo & ~0xfffn) },
      ]
    case 'irte':
      return [
        { name: 'P', value: bit(s.lo, 0n) },
        { name: 'vector', value: hex((s.lo >> 16n) & 0xffn) },
        { name: 'dest', value: String(s.lo >> 32n) },
        { name: 'SID', value: bdfText(Number(hi & 0xffffn)) },
        { name: 'SVT', value: String((hi >> 18n) & 3n) },
      ]
    case 'sl':
      return [
        { name: 'R', value: bit(s.lo, 0n) },
        { name: 'W', value: bit(s.lo, 1n) },
        { name: 'addr', value: hex(s.lo & 0xf_ffff_ffff_f000n) },
      ]
  }
}

/** Whether the request could go on past this entry. */
function passed(s: Extract<WalkStep, { kind: 'ref' }>, write: boolean): boolean {
  if (s.table === 'sl') return (s.lo & (write ? 2n : 1n)) !== 0n
  return (s.lo & 1n) !== 0n
}

const isStep = (e: EngineEvent): boolean => e.kind === 'iommu.cache' || e.kind === 'iommu.ref'
const isEnd = (e: EngineEvent): boolean =>
  e.kind === 'iommu.dma' || e.kind === 'iommu.fault' || e.kind === 'iommu.interrupt'

export function layoutIommuWalk(
  s: IommuState,
  event: EngineEvent | null,
  later: readonly EngineEvent[] = [],
): IommuWalkLayout {
  const kind = event?.kind ?? ''
  const laterDomains = new Set(later.flatMap((e) => (e.kind === 'iommu.domain' ? [e.did] : [])))
  const laterMapped = new Map<number, number>()
  for (const e of later)
    if (e.kind === 'iommu.map') laterMapped.set(e.did, (laterMapped.get(e.did) ?? 0) + e.pages)
  const laterAttach = new Set(later.flatMap((e) => (e.kind === 'iommu.attach' ? [e.rid] : [])))
  const laterFault = new Set(
    later.flatMap((e) => (e.kind === 'iommu.fault' && e.index !== null ? [e.index] : [])),
  )

  const w = s.lastWalk
  let request: IommuWalkLayout['request'] = null
  if (w !== null) {
    const shown = w.steps.length - later.filter(isStep).length
    const endShown = !later.some(isEnd)
    const current = event !== null && isStep(event)
    const steps = w.steps.slice(0, Math.max(0, shown)).map((st, i, all): StepRow => {
      const focus = current && i === all.length - 1
      if (st.kind === 'cache')
        return {
          key: `c${i}`,
          kind: 'cache',
          cache: st.cache,
          hit: st.hit,
          level: 0,
          index: 0,
          addr: '',
          value: '',
          fields: [],
          passed: true,
          focus,
        }
      return {
        key: `r${i}`,
        kind: st.table,
        cache: null,
        hit: false,
        level: st.level,
        index: st.index,
        addr: hex(st.addr),
        value: st.hi === null ? hex(st.lo) : `${hex(st.lo)} ${hex(st.hi)}`,
        fields: fieldsOf(st),
        passed: passed(st, w.write),
        focus,
      }
    })
    const e = w.end
    const end: EndView | null = !endShown
      ? null
      : e.kind === 'ok'
        ? {
            kind: 'ok',
            hpa: hex(e.hpa),
            owner: e.owner,
            via: e.via,
          }
        : e.kind === 'fault'
          ? {
              kind: 'fault',
              fr: e.fr,
              frHex: frHex(e.fr),
              record: e.record,
              ...recordText(s, e.record),
            }
          : { kind: 'interrupt', vector: hex(BigInt(e.vector)), cpu: e.dest }
    request = {
      device: bdfText(w.sid),
      iova: hex(w.iova),
      access: w.msi ? 'msi' : w.write ? 'write' : 'read',
      steps,
      end,
      endFocus: end !== null && event !== null && isEnd(event),
    }
  }

  // Cache entries this request added appear once the request gets there.
  const newCtx =
    w !== null && w.steps[0]?.kind === 'cache' && !w.steps[0].hit
      ? later.some(
          (e) =>
            (e.kind === 'iommu.ref' && e.table === 'context') ||
            (e.kind === 'iommu.cache' && e.cache === 'iotlb') ||
            // The events that can come right after the entry is cached.
            (e.kind === 'iommu.dma' && e.via === 'pass-through') ||
            (e.kind === 'iommu.fault' && e.fr === 0x4),
        )
        ? w.sid
        : null
      : null
  const newTlb =
    w !== null &&
    w.end.kind === 'ok' &&
    w.did !== null &&
    w.steps.some((x) => x.kind === 'ref') &&
    later.some(isEnd)
      ? { did: w.did, page: w.iova >> 12n }
      : null

  return {
    enabled: s.enabled,
    rtaddr: s.rtaddr === null ? null : hex(s.rtaddr),
    irta: s.irta === null ? null : hex(s.irta),
    headerFocus: kind === 'iommu.enable' || kind === 'iommu.poke' || kind === 'iommu.fault-clear',
    domains: s.domains
      .filter((d) => !laterDomains.has(d.did))
      .map((d) => ({
        did: d.did,
        width: d.width,
        levels: levelsOfAw(awOfWidth(d.width)),
        root: hex(d.root),
        vm: d.vm,
        mapped: d.mapped - (laterMapped.get(d.did) ?? 0),
        focus:
          (event?.kind === 'iommu.domain' && event.did === d.did) ||
          ((event?.kind === 'iommu.map' || event?.kind === 'iommu.unmap') && event.did === d.did),
      })),
    contexts: s.contexts
      .filter((c) => !laterAttach.has(c.rid))
      .map((c) => ({
        device: bdfText(c.rid),
        did: c.did,
        tt: c.tt,
        addr: hex(c.addr),
        focus: event?.kind === 'iommu.attach' && event.rid === c.rid,
      })),
    irtes: s.devices.flatMap((d) =>
      d.msi === null
        ? []
        : [
            {
              handle: d.msi.handle,
              device: bdfText(d.rid),
              vector: hex(BigInt(d.msi.vector)),
              cpu: d.msi.dest,
              focus: event?.kind === 'vfio.msi' && event.rid === d.rid,
            },
          ],
    ),
    request,
    contextCache: s.contextCache
      .filter((c) => c.sid !== newCtx)
      .map((c) => ({ device: bdfText(c.sid), did: c.did })),
    iotlb: s.iotlb
      .filter((t) => !(newTlb !== null && t.did === newTlb.did && t.page === newTlb.page))
      .map((t) => ({
        did: t.did,
        page: hex(t.page << 12n),
        frame: hex(t.frame),
        perm: `${t.read ? 'R' : '-'}${t.write ? 'W' : '-'}`,
      })),
    faults: s.faults.flatMap((f, index) =>
      f === null || laterFault.has(index)
        ? []
        : [
            {
              index,
              fr: f.fr,
              frHex: frHex(f.fr),
              device: bdfText(f.sid),
              fi: hex(f.fi),
              read: f.read,
              msi: f.fr >= 0x20,
            },
          ],
    ),
    pfo: s.pfo && !later.some((e) => e.kind === 'iommu.fault' && e.index === null),
    cachesFocus: kind === 'iommu.invalidate',
  }
}

function recordText(s: IommuState, i: number | null): { lo: string; hi: string } {
  const r = i === null ? null : s.faults[i]
  return r ? { lo: hex(r.lo), hi: hex(r.hi) } : { lo: '', hi: '' }
}
