// The CPU panel's data from one frame: VMX root / non-root, rings 0-3 and who occupies them
// (ringPicture(), course notes 004 slides 44-47), where the processor is now, the transition
// this step made, the exit log (hw-facts §4.6 names) and the VPID-tagged TLB (§7, 004 slide 53).
import {
  EXIT_REASON_DESCRIPTIONS,
  type EngineEvent,
  type Occupant,
  type Operation,
  type RingPicture,
  type VmxState,
  isVmxEvent,
  ringPicture,
} from '../../engine/index.ts'

export const CPU_VIEW = { width: 1000, height: 330 } as const
const BAND_H = 56
const TOP = 64
/** Ring r's band top (ring 3 on top, ring 0 at the bottom, as slide 47 draws it). */
export const ringY = (ring: number): number => TOP + (3 - ring) * BAND_H

export interface Column {
  readonly key: string
  readonly operation: Operation
  readonly x: number
  readonly width: number
}

export interface Band {
  readonly key: string
  readonly x: number
  readonly y: number
  readonly width: number
  readonly height: number
  readonly ring: number
  readonly occupant: Occupant | null
  readonly here: boolean
}

export type Transition = 'entry' | 'exit' | 'trap' | null

export interface CpuLayout {
  readonly picture: RingPicture['picture']
  readonly vmxMode: RingPicture['vmxMode']
  readonly columns: readonly Column[]
  readonly bands: readonly Band[]
  /** The moving marker: where the processor executes after this step. */
  readonly token: { readonly x: number; readonly y: number; readonly occupant: Occupant }
  readonly current: RingPicture['current']
  readonly transition: Transition
  readonly exitLog: readonly {
    readonly reason: number
    readonly name: string
    readonly count: number
  }[]
  readonly totalExits: number
  readonly currentVmcs: string | null
  readonly tlb: readonly {
    readonly vpid: number
    readonly page: string
    readonly owner: string
  }[]
}

const COLUMNS_VTX: readonly Column[] = [
  { key: 'root', operation: 'root', x: 30, width: 400 },
  { key: 'non-root', operation: 'non-root', x: 570, width: 400 },
]
const COLUMNS_PRE: readonly Column[] = [{ key: 'none', operation: 'none', x: 300, width: 400 }]

function transitionOf(e: EngineEvent): Transition {
  if (!isVmxEvent(e)) return null
  if (e.kind === 'vmx.entry') return 'entry'
  if (e.kind === 'vmx.exit') return 'exit'
  if (e.kind === 'cpu.trap') return 'trap'
  return null
}

/** `later`: the events of this step's command after it (VMXON's region comes before VMXON). */
export function layoutCpuModes(
  s: VmxState,
  event: EngineEvent,
  later: readonly EngineEvent[] = [],
): CpuLayout {
  const vmxonLater = later.some((e) => e.kind === 'vmx.instr' && e.instr === 'vmxon')
  const pic = vmxonLater ? { ...ringPicture(s), vmxMode: 'off' as const } : ringPicture(s)
  const columns = pic.picture === 'vt-x' ? COLUMNS_VTX : COLUMNS_PRE
  // Outside VMX operation (before VMXON) the VMM still runs at ring 0: drawn in the root column.
  const curOp: Operation =
    pic.picture === 'pre-vt'
      ? 'none'
      : pic.current.operation === 'none'
        ? 'root'
        : pic.current.operation
  const bands: Band[] = []
  for (const c of columns) {
    for (const ring of [3, 2, 1, 0] as const) {
      const slot = pic.slots.find((x) => x.operation === c.operation && x.ring === ring) ?? null
      bands.push({
        key: `${c.key}:${ring}`,
        x: c.x,
        y: ringY(ring),
        width: c.width,
        height: BAND_H - 6,
        ring,
        occupant: slot?.occupant ?? null,
        here: c.operation === curOp && ring === pic.current.ring,
      })
    }
  }
  const col = columns.find((c) => c.operation === curOp) ?? columns[0] ?? COLUMNS_PRE[0]
  const here = bands.find((b) => b.here)
  const occupant: Occupant = here?.occupant ?? 'VMM'
  const token = {
    x: (col?.x ?? 0) + (col?.width ?? 0) - 70,
    y: ringY(pic.current.ring) + (BAND_H - 6) / 2,
    occupant,
  }
  const exitLog = Object.entries(s.exitCounts)
    .map(([k, count]) => {
      const reason = Number(k)
      return { reason, name: EXIT_REASON_DESCRIPTIONS[reason] ?? `reason ${reason}`, count }
    })
    .sort((a, b) => a.reason - b.reason)
  const cur = s.regions.find((r) => r.addr === s.cpu.currentVmcs)
  return {
    picture: pic.picture,
    vmxMode: pic.vmxMode,
    columns,
    bands,
    token,
    current: pic.current,
    transition: transitionOf(event),
    exitLog,
    totalExits: exitLog.reduce((n, e) => n + e.count, 0),
    currentVmcs: cur?.name ?? null,
    tlb: s.tlb.map((t) => ({
      vpid: t.vpid,
      page: '0x' + t.page.toString(16),
      owner: t.owner,
    })),
  }
}
