// The e1000 panel's picture: its registers and both descriptor rings as they are right after
// this step's event (each event carries its own view), with the register, slot or slots the
// event is about. Ownership is drawn from head and tail: the device owns [head, tail).
import {
  DRIVER_LAYOUT,
  type E1000RegName,
  type EngineEvent,
  type KvmEvent,
  type KvmState,
  type NicView,
  type RingView,
  RXD_STA,
  TXD_CMD,
  TXD_STA,
  isModuleEvent,
  nicView,
} from '../../engine/index.ts'

export const SHOWN_REGS: readonly E1000RegName[] = [
  'CTRL',
  'STATUS',
  'ICR',
  'IMS',
  'RCTL',
  'TCTL',
  'TDBAL',
  'TDLEN',
  'TDH',
  'TDT',
  'RDBAL',
  'RDLEN',
  'RDH',
  'RDT',
  'MPC',
  'RNBC',
]

export interface SlotCell {
  readonly slot: number
  /** The device owns it: head <= slot < tail (mod N). */
  readonly hw: boolean
  readonly head: boolean
  readonly tail: boolean
  readonly length: number
  /** Flag names set in CMD (TX) and STA/status. */
  readonly flags: readonly string[]
  readonly dd: boolean
  readonly focus: boolean
}
export interface RingLayout {
  readonly base: number
  readonly count: number
  readonly head: number
  readonly tail: number
  readonly cells: readonly SlotCell[]
  /** Slots past the drawn ones (rings longer than RING_VIEW_MAX). */
  readonly hidden: number
}
export interface E1000Layout {
  readonly regs: readonly {
    readonly name: E1000RegName
    readonly value: number
    readonly focus: boolean
  }[]
  readonly tx: RingLayout
  readonly rx: RingLayout
  readonly line: boolean
  readonly held: number
}

const isKvm = (e: EngineEvent): e is KvmEvent => isModuleEvent('kvm', e)

const owned = (slot: number, r: RingView): boolean =>
  r.count > 0 &&
  ((r.head <= r.tail && slot >= r.head && slot < r.tail) ||
    (r.head > r.tail && (slot >= r.head || slot < r.tail)))

function ring(r: RingView, tx: boolean, focus: ReadonlySet<number>): RingLayout {
  const cells = r.descs.map((d) => {
    const flags: string[] = []
    if (tx) {
      for (const [k, bit] of Object.entries(TXD_CMD)) if (d.cmd & bit && d.addr !== 0) flags.push(k)
      if (d.status & TXD_STA.DD) flags.push('DD')
    } else {
      if (d.status & RXD_STA.EOP) flags.push('EOP')
      if (d.status & RXD_STA.DD) flags.push('DD')
    }
    return {
      slot: d.slot,
      hw: owned(d.slot, r),
      head: d.slot === r.head,
      tail: d.slot === r.tail,
      length: d.length,
      flags,
      dd: (d.status & 1) !== 0,
      focus: focus.has(d.slot),
    }
  })
  return {
    base: r.base,
    count: r.count,
    head: r.head,
    tail: r.tail,
    cells,
    hidden: Math.max(0, r.count - cells.length),
  }
}

/** What the event is about: registers, TX slots, RX slots. */
function focusOf(e: KvmEvent): { regs: E1000RegName[]; tx: number[]; rx: number[] } {
  switch (e.kind) {
    case 'e1000.reg':
      return { regs: e.reg ? [e.reg] : [], tx: [], rx: [] }
    case 'e1000.tx-desc':
      return { regs: ['TDH'], tx: [e.slot], rx: [] }
    case 'e1000.rx-desc':
      return { regs: ['RDH'], tx: [], rx: [e.slot] }
    case 'e1000.irq':
      return { regs: ['ICR'], tx: [], rx: [] }
    case 'e1000.rx-end':
      return { regs: e.outcome === 'overrun' ? ['MPC', 'RNBC'] : [], tx: [], rx: [] }
    case 'kvm.driver':
      if (e.action === 'init') return { regs: e.writes.map((w) => w.reg), tx: [], rx: [] }
      if (e.action === 'tx-fill') return { regs: [], tx: e.slots.map((s) => s.slot), rx: [] }
      if (e.action === 'rx-fill') return { regs: [], tx: [], rx: e.slots.map((s) => s.slot) }
      // clean: TX slots first in the list, then RX; both rings live at fixed places.
      return {
        regs: [],
        tx: e.slots.filter((s) => s.gpa < DRIVER_LAYOUT.rxRing).map((s) => s.slot),
        rx: e.slots.filter((s) => s.gpa >= DRIVER_LAYOUT.rxRing).map((s) => s.slot),
      }
    default:
      return { regs: [], tx: [], rx: [] }
  }
}

export function layoutE1000(event: EngineEvent, kvm: KvmState): E1000Layout | null {
  let view: NicView | null = null
  let held = 0
  let f = { regs: [] as E1000RegName[], tx: [] as number[], rx: [] as number[] }
  if (isKvm(event)) {
    view = event.nic
    held = event.held
    f = focusOf(event)
  } else if (kvm.vm?.e1000) {
    view = nicView(kvm.vm.e1000.dev, kvm.vm.ram)
    held = kvm.vm.held.length
  }
  if (view === null) return null
  const regSet = new Set(f.regs)
  return {
    regs: SHOWN_REGS.map((name) => ({ name, value: view.regs[name], focus: regSet.has(name) })),
    tx: ring(view.tx, true, new Set(f.tx)),
    rx: ring(view.rx, false, new Set(f.rx)),
    line: view.irqLevel,
    held,
  }
}
