import {
  BITS_PER_EVTCHN_WORD,
  type EngineEvent,
  type EvtchnPort,
  type XenState,
  virqName,
} from '../../engine/index.ts'

// Each domain's event channels as Xen keeps them (hw-facts §5.5, 2-level ABI): the port table
// (struct evtchn per port: its state and the far end), shared_info's evtchn_pending and
// evtchn_mask bitmaps, and each vCPU's vcpu_info (evtchn_upcall_pending, evtchn_upcall_mask,
// evtchn_pending_sel). Drawn from machine.xen.evtchn alone; the step's event says which port,
// bit or flag it changed, and that is the step's focus.

/** A port's state as EVTCHNOP_status names it (port 0 is Xen's reserved one). */
export type PortState = EvtchnPort['state']

export interface PortRow {
  readonly port: number
  readonly state: PortState
  /** The far end: `d1:1` for interdomain, `d0` an unbound port is offered to, VIRQ_TIMER… */
  readonly remote: string
  /** notify_vcpu_id, for bound ports. */
  readonly vcpu: number | null
  readonly pending: boolean
  readonly masked: boolean
  readonly focus: boolean
}

export interface BitCell {
  readonly bit: number
  readonly set: boolean
  readonly focus: boolean
}

export interface VcpuView {
  readonly vcpu: number
  readonly upcallPending: boolean
  /** The guest's evtchn_upcall_mask (no command sets it; shown as Xen keeps it). */
  readonly upcallMask: boolean
  /** evtchn_pending_sel: one bit per 64-port word of evtchn_pending. */
  readonly sel: readonly BitCell[]
  readonly focusUpcall: boolean
}

export interface EvtchnDomainView {
  readonly domid: number
  readonly ports: readonly PortRow[]
  /** evtchn_pending and evtchn_mask, bits 0 … n−1 (n: the ports in use, rounded up to 8). */
  readonly pending: readonly BitCell[]
  readonly mask: readonly BitCell[]
  readonly vcpus: readonly VcpuView[]
  /** The step is about this domain's event channels. */
  readonly active: boolean
}

/** What this event changed or named, per domain. */
interface Touch {
  readonly ports: Set<number>
  readonly pending: Set<number>
  readonly mask: Set<number>
  readonly upcall: Set<number>
  readonly sel: Set<string>
}

const emptyTouch = (): Touch => ({
  ports: new Set(),
  pending: new Set(),
  mask: new Set(),
  upcall: new Set(),
  sel: new Set(),
})

function touches(event: EngineEvent): Map<number, Touch> {
  const m = new Map<number, Touch>()
  const of = (dom: number): Touch => {
    let t = m.get(dom)
    if (!t) {
      t = emptyTouch()
      m.set(dom, t)
    }
    return t
  }
  switch (event.kind) {
    case 'evtchn.bind':
    case 'evtchn.send':
      of(event.dom).ports.add(event.port)
      break
    case 'evtchn.close':
      of(event.dom).ports.add(event.port)
      if (event.remote) of(event.remote.dom).ports.add(event.remote.port)
      break
    case 'evtchn.raise':
      if (event.port !== null) of(event.dom).ports.add(event.port)
      break
    case 'evtchn.pending': {
      const t = of(event.dom)
      t.pending.add(event.port)
      if (event.selNewlySet)
        t.sel.add(`${event.vcpu}:${Math.floor(event.port / BITS_PER_EVTCHN_WORD)}`)
      break
    }
    case 'evtchn.upcall':
      of(event.dom).upcall.add(event.vcpu)
      break
    case 'evtchn.mask':
    case 'evtchn.unmask':
      of(event.dom).mask.add(event.port)
      break
    case 'evtchn.handle': {
      // The handler swapped the selector out and cleared the pending bits it served.
      const t = of(event.dom)
      for (const p of event.ports) t.pending.add(p)
      t.upcall.add(event.vcpu)
      for (let w = 0; w < 64; w++)
        if ((event.selector >> BigInt(w)) & 1n) t.sel.add(`${event.vcpu}:${w}`)
      break
    }
    case 'evtchn.fail':
      // A refused bind names the remote domain's port; send and close name the caller's own.
      of(
        event.op === 'bind_interdomain' && event.remoteDom !== null ? event.remoteDom : event.dom,
      ).ports.add(event.port)
      break
    default:
      break
  }
  return m
}

function remoteOf(p: EvtchnPort): { remote: string; vcpu: number | null } {
  switch (p.state) {
    case 'interdomain':
      return { remote: `d${p.remoteDom}:${p.remotePort}`, vcpu: p.vcpu }
    case 'unbound':
      return { remote: `d${p.remoteDom}`, vcpu: p.vcpu }
    case 'virq':
      return { remote: virqName(p.virq), vcpu: p.vcpu }
    case 'pirq':
      return { remote: `PIRQ ${p.pirq}`, vcpu: p.vcpu }
    case 'ipi':
      return { remote: `vCPU${p.vcpu}`, vcpu: p.vcpu }
    case 'reserved':
    case 'closed':
      return { remote: '', vcpu: null }
  }
}

const bitOf = (b: bigint, i: number): boolean => ((b >> BigInt(i)) & 1n) === 1n

/**
 * The event-channel state of every domain, with the step's change marked (`focus`) when
 * `focus` is on (the panel owns the stage's focus).
 */
export function layoutEvtchn(
  xen: XenState,
  event: EngineEvent,
  focus: boolean,
): readonly EvtchnDomainView[] {
  const touched = touches(event)
  return xen.evtchn.map((ed) => {
    const t = touched.get(ed.domid) ?? emptyTouch()
    const on = (hit: boolean): boolean => focus && hit
    // Bits shown: every allocated port and any bit set, rounded up to a whole byte.
    let top = ed.ports.length
    for (let i = 0; i < 4096 && (ed.pending | ed.mask) >> BigInt(i) !== 0n; i++)
      if (bitOf(ed.pending | ed.mask, i)) top = Math.max(top, i + 1)
    const n = Math.max(8, Math.ceil(top / 8) * 8)
    const words = Math.ceil(n / BITS_PER_EVTCHN_WORD)
    const ports: PortRow[] = ed.ports.map((p, port) => ({
      port,
      state: p.state,
      ...remoteOf(p),
      pending: bitOf(ed.pending, port),
      masked: bitOf(ed.mask, port),
      focus: on(t.ports.has(port)),
    }))
    const cells = (b: bigint, hit: Set<number>): BitCell[] =>
      Array.from({ length: n }, (_, bit) => ({ bit, set: bitOf(b, bit), focus: on(hit.has(bit)) }))
    return {
      domid: ed.domid,
      ports,
      pending: cells(ed.pending, t.pending),
      mask: cells(ed.mask, t.mask),
      vcpus: ed.vcpus.map((v, vcpu) => ({
        vcpu,
        upcallPending: v.upcallPending,
        upcallMask: v.upcallMask,
        sel: Array.from({ length: words }, (_, w) => ({
          bit: w,
          set: bitOf(v.pendingSel, w),
          focus: on(t.sel.has(`${vcpu}:${w}`)),
        })),
        focusUpcall: on(t.upcall.has(vcpu)),
      })),
      active: touched.has(ed.domid),
    }
  })
}
