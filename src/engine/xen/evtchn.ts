// Event channels with the 2-level ABI on a 64-bit guest (hw-facts §5.5, XEN-2l).
// shared_info holds evtchn_pending[] and evtchn_mask[]: 64 words × 64 bits = 4096 ports,
// modelled as one 4096-bit bigint each; each vCPU's vcpu_info holds evtchn_upcall_pending,
// evtchn_upcall_mask and evtchn_pending_sel (one bit per pending word).
import { type Result, err, ok } from '../core/result.ts'
import type { XenError } from './errors.ts'

export const EVTCHN_2L_NR_CHANNELS = 4096
export const BITS_PER_EVTCHN_WORD = 64

export const EVTCHNOP = {
  bind_interdomain: 0,
  bind_virq: 1,
  bind_pirq: 2,
  close: 3,
  send: 4,
  status: 5,
  alloc_unbound: 6,
  bind_ipi: 7,
  bind_vcpu: 8,
  unmask: 9,
} as const

/**
 * Errno values the event-channel hypercalls return, negated (xen/include/public/errno.h:
 * EINVAL 22). Every failure the model reports as a hypercall result is -EINVAL in Xen
 * (xen/common/event_channel.c, see send, bindInterdomain and close below).
 */
export const EVTCHN_ERRNO = { EINVAL: 22 } as const
export type EvtchnErrno = keyof typeof EVTCHN_ERRNO

/** EVTCHNSTAT_* values of EVTCHNOP_status. */
export const EVTCHNSTAT = {
  closed: 0,
  unbound: 1,
  interdomain: 2,
  pirq: 3,
  virq: 4,
  ipi: 5,
} as const

/** VIRQ numbers (hw-facts §5.5). */
export const VIRQ = {
  TIMER: 0,
  DEBUG: 1,
  CONSOLE: 2,
  DOM_EXC: 3,
  TBUF: 4,
  DEBUGGER: 6,
  XENOPROF: 7,
  CON_RING: 8,
  PCPU_STATE: 9,
  MEM_EVENT: 10,
  ARGO: 11,
  ENOMEM: 12,
  XENPMU: 13,
} as const
export const NR_VIRQS = 24
export type VirqName = keyof typeof VIRQ

export function virqName(n: number): string {
  const e = Object.entries(VIRQ).find(([, v]) => v === n)
  if (e) return `VIRQ_${e[0]}`
  return n >= 16 && n <= 23 ? `VIRQ_ARCH_${n - 16}` : `VIRQ ${n}`
}

/** One port of a domain; `vcpu` is notify_vcpu_id, the vCPU whose vcpu_info gets the upcall. */
export type EvtchnPort =
  | { readonly state: 'reserved' }
  | { readonly state: 'closed' }
  | { readonly state: 'unbound'; readonly remoteDom: number; readonly vcpu: number }
  | {
      readonly state: 'interdomain'
      readonly remoteDom: number
      readonly remotePort: number
      readonly vcpu: number
    }
  | { readonly state: 'virq'; readonly virq: number; readonly vcpu: number }
  | { readonly state: 'ipi'; readonly vcpu: number }
  | { readonly state: 'pirq'; readonly pirq: number; readonly vcpu: number }

export type EvtchnKind = 'interdomain' | 'virq' | 'ipi' | 'pirq'

export interface VcpuInfo {
  readonly upcallPending: boolean
  /** The guest's "interrupts off" flag: an upcall is only delivered while it is clear. */
  readonly upcallMask: boolean
  /** evtchn_pending_sel: bit w set = word w of evtchn_pending may have pending ports. */
  readonly pendingSel: bigint
}

export interface EvtchnDomain {
  readonly domid: number
  readonly vcpus: readonly VcpuInfo[]
  /** Index = port number; port 0 is reserved by Xen's evtchn_init. */
  readonly ports: readonly EvtchnPort[]
  readonly pending: bigint
  readonly mask: bigint
}

export type EvtchnEvent =
  | {
      readonly kind: 'evtchn.bind'
      readonly dom: number
      readonly port: number
      readonly op: 'alloc_unbound' | 'bind_interdomain' | 'bind_virq' | 'bind_ipi' | 'bind_pirq'
      readonly binding: EvtchnPort
      readonly cite: 'xen-evtchn-ops' | 'xen-evtchn-kinds'
    }
  | {
      readonly kind: 'evtchn.send'
      readonly dom: number
      readonly port: number
      /** What the sending port is; 'unbound' sends are dropped. */
      readonly state: EvtchnPort['state']
      readonly target: { readonly dom: number; readonly port: number } | null
      readonly cite: 'xen-evtchn-send'
    }
  | {
      readonly kind: 'evtchn.raise'
      readonly dom: number
      readonly source: 'virq' | 'pirq'
      readonly number: number
      /** The port bound to it, or null when nothing is bound (the event is lost). */
      readonly port: number | null
      readonly cite: 'xen-evtchn-kinds'
    }
  | {
      readonly kind: 'evtchn.pending'
      readonly dom: number
      readonly port: number
      readonly vcpu: number
      /** The pending bit was already set: the edge is already recorded, nothing more. */
      readonly wasPending: boolean
      readonly masked: boolean
      /** evtchn_pending_sel bit (port / 64) was newly set by this call. */
      readonly selNewlySet: boolean
      readonly cite: 'xen-evtchn-2l'
    }
  | {
      readonly kind: 'evtchn.upcall'
      readonly dom: number
      readonly vcpu: number
      /** evtchn_upcall_pending went 0 → 1 (Xen kicks the vCPU). */
      readonly newlySet: boolean
      /** False when the guest has evtchn_upcall_mask set: the callback waits. */
      readonly delivered: boolean
      readonly cite: 'xen-evtchn-2l' | 'xen-evtchn-unmask'
    }
  | {
      readonly kind: 'evtchn.mask'
      readonly dom: number
      readonly port: number
      readonly wasMasked: boolean
      readonly cite: 'xen-evtchn-2l'
    }
  | {
      readonly kind: 'evtchn.unmask'
      readonly dom: number
      readonly port: number
      readonly wasMasked: boolean
      readonly pending: boolean
      readonly cite: 'xen-evtchn-unmask'
    }
  | {
      readonly kind: 'evtchn.handle'
      readonly dom: number
      readonly vcpu: number
      /** The evtchn_pending_sel value the handler swapped out (xchg with 0). */
      readonly selector: bigint
      /** Ports handled: pending, unmasked and bound to this vCPU; their pending bits cleared. */
      readonly ports: readonly number[]
      readonly cite: 'xen-evtchn-2l'
    }
  /**
   * An event-channel hypercall that Xen refused: its return value is a negative errno, which
   * the guest reads like any result (the script goes on).
   */
  | {
      readonly kind: 'evtchn.fail'
      /** The calling domain. */
      readonly dom: number
      readonly op: 'send' | 'bind_interdomain' | 'close'
      /** The port the call named: the caller's own for send and close, the remote one for bind. */
      readonly port: number
      /** For bind_interdomain: the remote domain; else null. */
      readonly remoteDom: number | null
      /** What the named port is ('invalid' when no such port was ever allocated). */
      readonly state: EvtchnPort['state'] | 'invalid'
      /** For an unbound remote port: the domain it is offered to; else null. */
      readonly offeredTo: number | null
      /** The hypercall's return value: -errno. */
      readonly rc: number
      readonly errno: EvtchnErrno
      readonly cite: 'xen-evtchn-send' | 'xen-evtchn-ops'
    }
  | {
      readonly kind: 'evtchn.close'
      readonly dom: number
      readonly port: number
      readonly was: EvtchnPort['state']
      /** The other end of an interdomain channel, which goes back to unbound. */
      readonly remote: { readonly dom: number; readonly port: number } | null
      readonly cite: 'xen-evtchn-ops'
    }

export interface EvtchnStep {
  readonly domains: readonly EvtchnDomain[]
  readonly events: readonly EvtchnEvent[]
}

const bit = (port: number): bigint => 1n << BigInt(port)
const selBit = (port: number): bigint => 1n << BigInt(Math.floor(port / BITS_PER_EVTCHN_WORD))

export function newEvtchnDomain(domid: number, vcpus: number): EvtchnDomain {
  return {
    domid,
    vcpus: Array.from({ length: vcpus }, () => ({
      upcallPending: false,
      upcallMask: false,
      pendingSel: 0n,
    })),
    ports: [{ state: 'reserved' }],
    pending: 0n,
    mask: 0n,
  }
}

export const isPending = (d: EvtchnDomain, port: number): boolean => (d.pending & bit(port)) !== 0n
export const isMasked = (d: EvtchnDomain, port: number): boolean => (d.mask & bit(port)) !== 0n

function findDom(domains: readonly EvtchnDomain[], domid: number): Result<EvtchnDomain, XenError> {
  const d = domains.find((x) => x.domid === domid)
  return d ? ok(d) : err({ code: 'no-such-domain', message: `there is no domain ${domid}` })
}

const replace = (domains: readonly EvtchnDomain[], d: EvtchnDomain): readonly EvtchnDomain[] =>
  domains.map((x) => (x.domid === d.domid ? d : x))

function getPort(d: EvtchnDomain, port: number): Result<EvtchnPort, XenError> {
  const p = d.ports[port]
  if (p === undefined || p.state === 'closed' || p.state === 'reserved') {
    return err({ code: 'bad-port', message: `domain ${d.domid} has no open event channel ${port}` })
  }
  return ok(p)
}

function checkVcpu(d: EvtchnDomain, vcpu: number): XenError | null {
  return vcpu >= 0 && vcpu < d.vcpus.length
    ? null
    : { code: 'bad-vcpu', message: `domain ${d.domid} has no vCPU ${vcpu}` }
}

/** A refused hypercall: the domains are unchanged and the event carries rc = -EINVAL. */
function refused(
  domains: readonly EvtchnDomain[],
  f: Omit<Extract<EvtchnEvent, { kind: 'evtchn.fail' }>, 'kind' | 'rc' | 'errno' | 'cite'>,
): EvtchnStep {
  return {
    domains,
    events: [
      {
        kind: 'evtchn.fail',
        ...f,
        rc: -EVTCHN_ERRNO.EINVAL,
        errno: 'EINVAL',
        cite: f.op === 'send' ? 'xen-evtchn-send' : 'xen-evtchn-ops',
      },
    ],
  }
}

const stateOf = (d: EvtchnDomain, port: number): EvtchnPort['state'] | 'invalid' =>
  d.ports[port]?.state ?? 'invalid'

/** get_free_port: the lowest closed port (port 0 is reserved). */
function freePort(d: EvtchnDomain): number | null {
  const i = d.ports.findIndex((p) => p.state === 'closed')
  if (i >= 0) return i
  return d.ports.length < EVTCHN_2L_NR_CHANNELS ? d.ports.length : null
}

function setPort(d: EvtchnDomain, port: number, p: EvtchnPort): EvtchnDomain {
  const ports = [...d.ports]
  while (ports.length < port) ports.push({ state: 'closed' })
  ports[port] = p
  return { ...d, ports }
}

/** vcpu_mark_events_pending: set evtchn_upcall_pending; kick the vCPU if it was clear. */
function markVcpuPending(
  d: EvtchnDomain,
  vcpu: number,
  cite: 'xen-evtchn-2l' | 'xen-evtchn-unmask',
): { d: EvtchnDomain; event: EvtchnEvent } {
  const v = d.vcpus[vcpu] ?? { upcallPending: false, upcallMask: false, pendingSel: 0n }
  const newlySet = !v.upcallPending
  const vcpus = d.vcpus.map((x, i) => (i === vcpu ? { ...x, upcallPending: true } : x))
  return {
    d: { ...d, vcpus },
    event: { kind: 'evtchn.upcall', dom: d.domid, vcpu, newlySet, delivered: !v.upcallMask, cite },
  }
}

/** evtchn_2l_set_pending, exactly in Xen's order. */
export function setPending(
  d0: EvtchnDomain,
  port: number,
  vcpu: number,
): { d: EvtchnDomain; events: EvtchnEvent[] } {
  const wasPending = isPending(d0, port)
  const masked = isMasked(d0, port)
  if (wasPending) {
    return {
      d: d0,
      events: [
        {
          kind: 'evtchn.pending',
          dom: d0.domid,
          port,
          vcpu,
          wasPending,
          masked,
          selNewlySet: false,
          cite: 'xen-evtchn-2l',
        },
      ],
    }
  }
  let d: EvtchnDomain = { ...d0, pending: d0.pending | bit(port) }
  let selNewlySet = false
  const events: EvtchnEvent[] = []
  if (!masked) {
    const v = d.vcpus[vcpu]
    if (v && (v.pendingSel & selBit(port)) === 0n) {
      selNewlySet = true
      d = {
        ...d,
        vcpus: d.vcpus.map((x, i) =>
          i === vcpu ? { ...x, pendingSel: x.pendingSel | selBit(port) } : x,
        ),
      }
    }
  }
  events.push({
    kind: 'evtchn.pending',
    dom: d.domid,
    port,
    vcpu,
    wasPending,
    masked,
    selNewlySet,
    cite: 'xen-evtchn-2l',
  })
  if (selNewlySet) {
    const m = markVcpuPending(d, vcpu, 'xen-evtchn-2l')
    d = m.d
    events.push(m.event)
  }
  return { d, events }
}

/** EVTCHNOP_alloc_unbound: a port in `dom` that only `remoteDom` may bind to. */
export function allocUnbound(
  domains: readonly EvtchnDomain[],
  dom: number,
  remoteDom: number,
): Result<EvtchnStep & { port: number }, XenError> {
  const d = findDom(domains, dom)
  if (!d.ok) return d
  const r = findDom(domains, remoteDom)
  if (!r.ok) return r
  const port = freePort(d.value)
  if (port === null) return err({ code: 'no-free-port', message: `domain ${dom} has no free port` })
  const binding: EvtchnPort = { state: 'unbound', remoteDom, vcpu: 0 }
  return ok({
    domains: replace(domains, setPort(d.value, port, binding)),
    events: [
      { kind: 'evtchn.bind', dom, port, op: 'alloc_unbound', binding, cite: 'xen-evtchn-ops' },
    ],
    port,
  })
}

/**
 * EVTCHNOP_bind_interdomain: connect a new local port to remoteDom's unbound port, which must
 * have been allocated for this domain. Xen then sets the new local port pending (§5.5). A
 * refused bind is a result (-EINVAL) with port null.
 */
export function bindInterdomain(
  domains: readonly EvtchnDomain[],
  dom: number,
  remoteDom: number,
  remotePort: number,
): Result<EvtchnStep & { port: number | null }, XenError> {
  const d = findDom(domains, dom)
  if (!d.ok) return d
  const r = findDom(domains, remoteDom)
  if (!r.ok) return r
  const rp = r.value.ports[remotePort]
  // xen/common/event_channel.c evtchn_bind_interdomain: a remote port that is not valid, or
  // "(rchn->state != ECS_UNBOUND) || (rchn->u.unbound.remote_domid != ld->domain_id)", is
  // ERROR_EXIT_DOM(-EINVAL, rd): the hypercall returns -EINVAL and nothing is bound.
  if (rp?.state !== 'unbound' || rp.remoteDom !== dom) {
    return ok({
      ...refused(domains, {
        dom,
        op: 'bind_interdomain',
        port: remotePort,
        remoteDom,
        state: stateOf(r.value, remotePort),
        offeredTo: rp?.state === 'unbound' ? rp.remoteDom : null,
      }),
      port: null,
    })
  }
  // Binding to oneself uses the same domain record for both ends.
  const port0 = freePort(d.value)
  if (port0 === null)
    return err({ code: 'no-free-port', message: `domain ${dom} has no free port` })
  const port =
    dom === remoteDom && port0 === remotePort ? freePortAfter(d.value, remotePort) : port0
  if (port === null) return err({ code: 'no-free-port', message: `domain ${dom} has no free port` })
  const local: EvtchnPort = { state: 'interdomain', remoteDom, remotePort, vcpu: 0 }
  const remote: EvtchnPort = {
    state: 'interdomain',
    remoteDom: dom,
    remotePort: port,
    vcpu: rp.vcpu,
  }
  let ds = replace(domains, setPort(r.value, remotePort, remote))
  const dl = ds.find((x) => x.domid === dom) ?? d.value
  const bound = setPort(dl, port, local)
  const p = setPending(bound, port, local.vcpu)
  ds = replace(ds, p.d)
  return ok({
    domains: ds,
    events: [
      {
        kind: 'evtchn.bind',
        dom,
        port,
        op: 'bind_interdomain',
        binding: local,
        cite: 'xen-evtchn-ops',
      },
      ...p.events,
    ],
    port,
  })
}

function freePortAfter(d: EvtchnDomain, taken: number): number | null {
  const i = d.ports.findIndex((p, n) => n !== taken && p.state === 'closed')
  if (i >= 0) return i
  return d.ports.length < EVTCHN_2L_NR_CHANNELS ? d.ports.length : null
}

/** EVTCHNOP_bind_virq / bind_ipi / bind_pirq. */
export function bindLocal(
  domains: readonly EvtchnDomain[],
  dom: number,
  what:
    | { readonly kind: 'virq'; readonly virq: number; readonly vcpu: number }
    | { readonly kind: 'ipi'; readonly vcpu: number }
    | { readonly kind: 'pirq'; readonly pirq: number },
): Result<EvtchnStep & { port: number }, XenError> {
  const d = findDom(domains, dom)
  if (!d.ok) return d
  const vcpu = what.kind === 'pirq' ? 0 : what.vcpu
  const ve = checkVcpu(d.value, vcpu)
  if (ve) return err(ve)
  if (what.kind === 'virq') {
    if (!Number.isInteger(what.virq) || what.virq < 0 || what.virq >= NR_VIRQS) {
      return err({ code: 'bad-virq', message: `VIRQ ${what.virq} is not below NR_VIRQS (24)` })
    }
    if (d.value.ports.some((p) => p.state === 'virq' && p.virq === what.virq && p.vcpu === vcpu)) {
      return err({
        code: 'port-state',
        message: `${virqName(what.virq)} is already bound on vCPU ${vcpu} of domain ${dom}`,
      })
    }
  }
  if (
    what.kind === 'pirq' &&
    d.value.ports.some((p) => p.state === 'pirq' && p.pirq === what.pirq)
  ) {
    return err({
      code: 'port-state',
      message: `PIRQ ${what.pirq} is already bound in domain ${dom}`,
    })
  }
  const port = freePort(d.value)
  if (port === null) return err({ code: 'no-free-port', message: `domain ${dom} has no free port` })
  const binding: EvtchnPort =
    what.kind === 'virq'
      ? { state: 'virq', virq: what.virq, vcpu }
      : what.kind === 'ipi'
        ? { state: 'ipi', vcpu }
        : { state: 'pirq', pirq: what.pirq, vcpu: 0 }
  const op = what.kind === 'virq' ? 'bind_virq' : what.kind === 'ipi' ? 'bind_ipi' : 'bind_pirq'
  return ok({
    domains: replace(domains, setPort(d.value, port, binding)),
    events: [{ kind: 'evtchn.bind', dom, port, op, binding, cite: 'xen-evtchn-kinds' }],
    port,
  })
}

/** EVTCHNOP_send: signal the other end of `port`. */
export function send(
  domains: readonly EvtchnDomain[],
  dom: number,
  port: number,
): Result<EvtchnStep, XenError> {
  const d = findDom(domains, dom)
  if (!d.ok) return d
  // xen/common/event_channel.c evtchn_send: "if ( !port_is_valid(ld, lport) ) return -EINVAL"
  // and, by state, "case ECS_UNBOUND: /* silently drop the notification */ ... default: ret =
  // -EINVAL": a free, reserved, VIRQ or PIRQ port gives -EINVAL as the hypercall's result.
  const fail = (): Result<EvtchnStep, XenError> =>
    ok(
      refused(domains, {
        dom,
        op: 'send',
        port,
        remoteDom: null,
        state: stateOf(d.value, port),
        offeredTo: null,
      }),
    )
  const ch = d.value.ports[port]
  if (ch === undefined) return fail()
  switch (ch.state) {
    case 'interdomain': {
      const r = findDom(domains, ch.remoteDom)
      if (!r.ok) return r
      const rp = r.value.ports[ch.remotePort]
      const vcpu = rp && 'vcpu' in rp ? rp.vcpu : 0
      const s = setPending(r.value, ch.remotePort, vcpu)
      return ok({
        domains: replace(domains, s.d),
        events: [
          {
            kind: 'evtchn.send',
            dom,
            port,
            state: ch.state,
            target: { dom: ch.remoteDom, port: ch.remotePort },
            cite: 'xen-evtchn-send',
          },
          ...s.events,
        ],
      })
    }
    case 'ipi': {
      const s = setPending(d.value, port, ch.vcpu)
      return ok({
        domains: replace(domains, s.d),
        events: [
          {
            kind: 'evtchn.send',
            dom,
            port,
            state: ch.state,
            target: { dom, port },
            cite: 'xen-evtchn-send',
          },
          ...s.events,
        ],
      })
    }
    case 'unbound':
      return ok({
        domains,
        events: [
          {
            kind: 'evtchn.send',
            dom,
            port,
            state: ch.state,
            target: null,
            cite: 'xen-evtchn-send',
          },
        ],
      })
    default:
      return fail()
  }
}

/** Xen raises a VIRQ (send_guest_vcpu_virq) or a physical IRQ arrives for a PIRQ. */
export function raise(
  domains: readonly EvtchnDomain[],
  dom: number,
  what:
    | { readonly kind: 'virq'; readonly virq: number; readonly vcpu: number }
    | { readonly kind: 'pirq'; readonly pirq: number },
): Result<EvtchnStep, XenError> {
  const d = findDom(domains, dom)
  if (!d.ok) return d
  const port = d.value.ports.findIndex((p) =>
    what.kind === 'virq'
      ? p.state === 'virq' && p.virq === what.virq && p.vcpu === what.vcpu
      : p.state === 'pirq' && p.pirq === what.pirq,
  )
  const number = what.kind === 'virq' ? what.virq : what.pirq
  const raised: EvtchnEvent = {
    kind: 'evtchn.raise',
    dom,
    source: what.kind,
    number,
    port: port >= 0 ? port : null,
    cite: 'xen-evtchn-kinds',
  }
  if (port < 0) return ok({ domains, events: [raised] })
  const p = d.value.ports[port]
  const s = setPending(d.value, port, p && 'vcpu' in p ? p.vcpu : 0)
  return ok({ domains: replace(domains, s.d), events: [raised, ...s.events] })
}

/** An event-channel operation on one port of one domain. */
type PortOp = (
  domains: readonly EvtchnDomain[],
  dom: number,
  port: number,
) => Result<EvtchnStep, XenError>

/** The guest sets the port's mask bit (a plain write to shared_info, no hypercall). */
export const mask: PortOp = (domains, dom, port) => writeMask(domains, dom, port, true)

/** evtchn_2l_unmask: a port that became pending while masked raises the upcall now. */
export const unmask: PortOp = (domains, dom, port) => writeMask(domains, dom, port, false)

/** Sets or clears an open port's bit in evtchn_mask[]; clearing it may raise the upcall. */
function writeMask(
  domains: readonly EvtchnDomain[],
  dom: number,
  port: number,
  masked: boolean,
): Result<EvtchnStep, XenError> {
  const d0 = findDom(domains, dom)
  if (!d0.ok) return d0
  const p = getPort(d0.value, port)
  if (!p.ok) return p
  const wasMasked = isMasked(d0.value, port)
  if (masked) {
    return ok({
      domains: replace(domains, { ...d0.value, mask: d0.value.mask | bit(port) }),
      events: [{ kind: 'evtchn.mask', dom, port, wasMasked, cite: 'xen-evtchn-2l' }],
    })
  }
  const pending = isPending(d0.value, port)
  let d: EvtchnDomain = { ...d0.value, mask: d0.value.mask & ~bit(port) }
  const events: EvtchnEvent[] = [
    { kind: 'evtchn.unmask', dom, port, wasMasked, pending, cite: 'xen-evtchn-unmask' },
  ]
  const vcpu = 'vcpu' in p.value ? p.value.vcpu : 0
  const v = d.vcpus[vcpu]
  if (wasMasked && pending && v && (v.pendingSel & selBit(port)) === 0n) {
    d = {
      ...d,
      vcpus: d.vcpus.map((x, i) =>
        i === vcpu ? { ...x, pendingSel: x.pendingSel | selBit(port) } : x,
      ),
    }
    const m = markVcpuPending(d, vcpu, 'xen-evtchn-unmask')
    d = m.d
    events.push(m.event)
  }
  return ok({ domains: replace(domains, d), events })
}

/**
 * The guest's upcall handler on one vCPU (Linux xen_evtchn_do_upcall, 2-level): clear
 * evtchn_upcall_pending, swap evtchn_pending_sel with 0, and for every selected word handle
 * the ports that are pending, unmasked and bound to this vCPU, clearing their pending bits.
 */
export function handleUpcall(
  domains: readonly EvtchnDomain[],
  dom: number,
  vcpu: number,
): Result<EvtchnStep & { ports: readonly number[] }, XenError> {
  const d0 = findDom(domains, dom)
  if (!d0.ok) return d0
  const ve = checkVcpu(d0.value, vcpu)
  if (ve) return err(ve)
  const v = d0.value.vcpus[vcpu]
  const selector = v?.pendingSel ?? 0n
  const handled: number[] = []
  let pending = d0.value.pending
  d0.value.ports.forEach((p, port) => {
    const inSel = (selector & selBit(port)) !== 0n
    const boundHere = 'vcpu' in p && p.vcpu === vcpu
    if (inSel && boundHere && (pending & bit(port)) !== 0n && (d0.value.mask & bit(port)) === 0n) {
      handled.push(port)
      pending &= ~bit(port)
    }
  })
  const vcpus = d0.value.vcpus.map((x, i) =>
    i === vcpu ? { ...x, upcallPending: false, pendingSel: 0n } : x,
  )
  return ok({
    domains: replace(domains, { ...d0.value, vcpus, pending }),
    events: [{ kind: 'evtchn.handle', dom, vcpu, selector, ports: handled, cite: 'xen-evtchn-2l' }],
    ports: handled,
  })
}

/**
 * EVTCHNOP_close: an interdomain peer goes back to unbound (offered to this domain). Closing a
 * port that is not open is -EINVAL (evtchn_close: an invalid port, or "case ECS_FREE: case
 * ECS_RESERVED: rc = -EINVAL").
 */
export function close(
  domains: readonly EvtchnDomain[],
  dom: number,
  port: number,
): Result<EvtchnStep, XenError> {
  const d = findDom(domains, dom)
  if (!d.ok) return d
  const p = getPort(d.value, port)
  if (!p.ok) {
    return ok(
      refused(domains, {
        dom,
        op: 'close',
        port,
        remoteDom: null,
        state: stateOf(d.value, port),
        offeredTo: null,
      }),
    )
  }
  let ds = replace(domains, {
    ...setPort(d.value, port, { state: 'closed' }),
    pending: d.value.pending & ~bit(port),
    mask: d.value.mask & ~bit(port),
  })
  let remote: { dom: number; port: number } | null = null
  if (p.value.state === 'interdomain') {
    const rd = ds.find(
      (x) => x.domid === (p.value.state === 'interdomain' ? p.value.remoteDom : -1),
    )
    const ch = p.value
    if (rd) {
      const rp = rd.ports[ch.remotePort]
      ds = replace(
        ds,
        setPort(rd, ch.remotePort, {
          state: 'unbound',
          remoteDom: dom,
          vcpu: rp && 'vcpu' in rp ? rp.vcpu : 0,
        }),
      )
      remote = { dom: ch.remoteDom, port: ch.remotePort }
    }
  }
  return ok({
    domains: ds,
    events: [
      { kind: 'evtchn.close', dom, port, was: p.value.state, remote, cite: 'xen-evtchn-ops' },
    ],
  })
}

export function addEvtchnDomain(
  domains: readonly EvtchnDomain[],
  domid: number,
  vcpus: number,
): readonly EvtchnDomain[] {
  return [...domains, newEvtchnDomain(domid, vcpus)]
}

/** EVTCHNOP_status value of a port. */
export function portStatus(p: EvtchnPort | undefined): number {
  if (!p || p.state === 'reserved' || p.state === 'closed') return EVTCHNSTAT.closed
  return EVTCHNSTAT[p.state]
}
