import { describe, expect, it } from 'vitest'
import {
  EVTCHNSTAT,
  EVTCHN_2L_NR_CHANNELS,
  type EvtchnDomain,
  VIRQ,
  allocUnbound,
  bindInterdomain,
  bindLocal,
  close,
  handleUpcall,
  isPending,
  mask,
  newEvtchnDomain,
  portStatus,
  raise,
  send,
  unmask,
  virqName,
} from './evtchn.ts'

const world = (): readonly EvtchnDomain[] => [newEvtchnDomain(0, 1), newEvtchnDomain(1, 2)]

function must<T>(r: { ok: true; value: T } | { ok: false; error: { message: string } }): T {
  if (!r.ok) throw new Error(r.error.message)
  return r.value
}

/** DomU 1 offers a port to Dom0, Dom0 binds it: the classic frontend/backend handshake. */
function connected(): { ds: readonly EvtchnDomain[]; uPort: number; dPort: number } {
  const a = must(allocUnbound(world(), 1, 0))
  const b = must(bindInterdomain(a.domains, 0, 1, a.port))
  if (b.port === null) throw new Error('bind failed')
  return { ds: b.domains, uPort: a.port, dPort: b.port }
}

const dom = (ds: readonly EvtchnDomain[], id: number): EvtchnDomain => {
  const d = ds.find((x) => x.domid === id)
  if (!d) throw new Error('no domain')
  return d
}

describe('event channel constants (hw-facts §5.5)', () => {
  it('2-level ABI on 64-bit: 4096 ports; status values; VIRQ numbers', () => {
    expect(EVTCHN_2L_NR_CHANNELS).toBe(4096)
    expect(EVTCHNSTAT).toEqual({ closed: 0, unbound: 1, interdomain: 2, pirq: 3, virq: 4, ipi: 5 })
    expect(VIRQ.TIMER).toBe(0)
    expect(VIRQ.CONSOLE).toBe(2)
    expect(virqName(17)).toBe('VIRQ_ARCH_1')
  })
})

describe('interdomain binding', () => {
  it('port 0 is reserved, so the first port is 1; bind sets the new local port pending', () => {
    const { ds, uPort, dPort } = connected()
    expect(uPort).toBe(1)
    expect(dPort).toBe(1)
    expect(portStatus(dom(ds, 1).ports[1])).toBe(EVTCHNSTAT.interdomain)
    expect(isPending(dom(ds, 0), dPort)).toBe(true)
    expect(isPending(dom(ds, 1), uPort)).toBe(false)
  })
  it('binding needs an unbound port offered to this domain (else -EINVAL, below)', () => {
    const a = must(allocUnbound(world(), 1, 1))
    const b = must(bindInterdomain(a.domains, 0, 1, a.port))
    expect(b.port).toBeNull()
    expect(b.events).toEqual([expect.objectContaining({ kind: 'evtchn.fail', rc: -22 })])
  })
  it('send sets the remote port pending and raises the upcall once (selector newly set)', () => {
    const { ds, uPort, dPort } = connected()
    const s = must(send(ds, 0, dPort))
    expect(s.events.map((e) => e.kind)).toEqual(['evtchn.send', 'evtchn.pending', 'evtchn.upcall'])
    const u = dom(s.domains, 1)
    expect(isPending(u, uPort)).toBe(true)
    expect(u.vcpus[0]?.upcallPending).toBe(true)
    expect(u.vcpus[0]?.pendingSel).toBe(1n) // port 1 lives in word 0
    // A second send while still pending records nothing new (the edge is already set).
    const s2 = must(send(s.domains, 0, dPort))
    expect(s2.events.map((e) => e.kind)).toEqual(['evtchn.send', 'evtchn.pending'])
    expect(s2.events[1]).toMatchObject({ wasPending: true })
  })
  it('close puts the peer back to unbound; sending on it is then silently dropped', () => {
    const { ds, uPort, dPort } = connected()
    const c = must(close(ds, 0, dPort))
    expect(dom(c.domains, 1).ports[uPort]).toMatchObject({ state: 'unbound', remoteDom: 0 })
    const s = must(send(c.domains, 1, uPort))
    expect(s.events).toEqual([expect.objectContaining({ kind: 'evtchn.send', target: null })])
  })
})

describe('mask and unmask', () => {
  it('pending while masked: no upcall; unmask raises it', () => {
    const { ds, uPort, dPort } = connected()
    const m = must(mask(ds, 1, uPort))
    const s = must(send(m.domains, 0, dPort))
    expect(s.events.map((e) => e.kind)).toEqual(['evtchn.send', 'evtchn.pending'])
    expect(s.events[1]).toMatchObject({ masked: true, selNewlySet: false })
    expect(dom(s.domains, 1).vcpus[0]?.upcallPending).toBe(false)
    const u = must(unmask(s.domains, 1, uPort))
    expect(u.events.map((e) => e.kind)).toEqual(['evtchn.unmask', 'evtchn.upcall'])
    expect(dom(u.domains, 1).vcpus[0]?.upcallPending).toBe(true)
  })
  it('unmask of a port that is not pending raises nothing', () => {
    const { ds, uPort } = connected()
    const u = must(unmask(must(mask(ds, 1, uPort)).domains, 1, uPort))
    expect(u.events.map((e) => e.kind)).toEqual(['evtchn.unmask'])
  })
  it('the upcall handler clears pending bits of unmasked ports on its vCPU', () => {
    const { ds, uPort, dPort } = connected()
    const s = must(send(ds, 0, dPort))
    const h = must(handleUpcall(s.domains, 1, 0))
    expect(h.ports).toEqual([uPort])
    const u = dom(h.domains, 1)
    expect(isPending(u, uPort)).toBe(false)
    expect(u.vcpus[0]).toMatchObject({ upcallPending: false, pendingSel: 0n })
  })
})

describe('VIRQ, IPI and PIRQ', () => {
  it('a VIRQ bound on a vCPU is raised there; unbound VIRQs are lost', () => {
    const b = must(bindLocal(world(), 1, { kind: 'virq', virq: VIRQ.TIMER, vcpu: 1 }))
    const r = must(raise(b.domains, 1, { kind: 'virq', virq: VIRQ.TIMER, vcpu: 1 }))
    expect(r.events[0]).toMatchObject({ kind: 'evtchn.raise', port: b.port })
    expect(dom(r.domains, 1).vcpus[1]?.upcallPending).toBe(true)
    expect(dom(r.domains, 1).vcpus[0]?.upcallPending).toBe(false)
    const lost = must(raise(b.domains, 1, { kind: 'virq', virq: VIRQ.CONSOLE, vcpu: 0 }))
    expect(lost.events).toEqual([expect.objectContaining({ port: null })])
    expect(bindLocal(world(), 1, { kind: 'virq', virq: 24, vcpu: 0 }).ok).toBe(false)
  })
  it('an IPI port signals its own domain on the bound vCPU', () => {
    const b = must(bindLocal(world(), 1, { kind: 'ipi', vcpu: 1 }))
    const s = must(send(b.domains, 1, b.port))
    expect(s.events[0]).toMatchObject({ target: { dom: 1, port: b.port } })
    expect(dom(s.domains, 1).vcpus[1]?.upcallPending).toBe(true)
  })
  it('a PIRQ fires from hardware; sending on it fails (-EINVAL)', () => {
    const b = must(bindLocal(world(), 0, { kind: 'pirq', pirq: 16 }))
    expect(must(raise(b.domains, 0, { kind: 'pirq', pirq: 16 })).events.length).toBe(3)
    expect(must(send(b.domains, 0, b.port)).events).toEqual([
      expect.objectContaining({ kind: 'evtchn.fail', op: 'send', state: 'pirq', rc: -22 }),
    ])
  })
  it('ports in word 1 (64..127) set selector bit 1', () => {
    let ds = world()
    let port = 0
    for (let i = 0; i < 64; i++) {
      const b = must(bindLocal(ds, 1, { kind: 'ipi', vcpu: 0 }))
      ds = b.domains
      port = b.port
    }
    expect(port).toBe(64)
    const s = must(send(ds, 1, 64))
    expect(dom(s.domains, 1).vcpus[0]?.pendingSel).toBe(2n)
  })
})

// xen/common/event_channel.c: these refusals are the hypercall's return value, -EINVAL (22),
// not a stop of the script: evtchn_send "if ( !port_is_valid(ld, lport) ) return -EINVAL" and
// "default: ret = -EINVAL" for any state but interdomain, IPI and unbound; evtchn_bind_interdomain
// ERROR_EXIT_DOM(-EINVAL, rd) when the remote port is invalid, not ECS_UNBOUND, or offered to
// another domain; evtchn_close -EINVAL for an invalid, free or reserved port.
describe('event-channel hypercall errors are results: rc -22 (-EINVAL)', () => {
  const fail = (r: { events: readonly unknown[] }) => {
    expect(r.events).toHaveLength(1)
    return r.events[0]
  }
  it('send on a VIRQ port: -EINVAL, nothing changes', () => {
    const b = must(bindLocal(world(), 1, { kind: 'virq', virq: VIRQ.TIMER, vcpu: 0 }))
    const s = must(send(b.domains, 1, b.port))
    expect(fail(s)).toEqual({
      kind: 'evtchn.fail',
      dom: 1,
      op: 'send',
      port: b.port,
      remoteDom: null,
      state: 'virq',
      offeredTo: null,
      rc: -22,
      errno: 'EINVAL',
      cite: 'xen-evtchn-send',
    })
    expect(s.domains).toBe(b.domains)
  })
  it('send on the reserved port 0, a closed port and a port never allocated: -EINVAL', () => {
    const { ds, dPort } = connected()
    const closed = must(close(ds, 0, dPort)).domains
    expect(fail(must(send(ds, 0, 0)))).toMatchObject({ state: 'reserved', rc: -22 })
    expect(fail(must(send(closed, 0, dPort)))).toMatchObject({ state: 'closed', rc: -22 })
    expect(fail(must(send(ds, 0, 999)))).toMatchObject({ state: 'invalid', rc: -22 })
  })
  it('bind_interdomain to a port offered to another domain: -EINVAL, no port bound', () => {
    const ds = [...world(), newEvtchnDomain(2, 1)]
    const a = must(allocUnbound(ds, 1, 2))
    const b = must(bindInterdomain(a.domains, 0, 1, a.port))
    expect(b.port).toBeNull()
    expect(fail(b)).toMatchObject({
      op: 'bind_interdomain',
      dom: 0,
      remoteDom: 1,
      port: a.port,
      state: 'unbound',
      offeredTo: 2,
      rc: -22,
      errno: 'EINVAL',
      cite: 'xen-evtchn-ops',
    })
    expect(b.domains).toBe(a.domains)
  })
  it('bind_interdomain to an already connected or a never allocated port: -EINVAL', () => {
    const { ds, uPort } = connected()
    expect(fail(must(bindInterdomain(ds, 0, 1, uPort)))).toMatchObject({
      state: 'interdomain',
      offeredTo: null,
      rc: -22,
    })
    expect(fail(must(bindInterdomain(ds, 0, 1, 77)))).toMatchObject({ state: 'invalid', rc: -22 })
  })
  it('close of a port that is not open: -EINVAL', () => {
    const { ds } = connected()
    expect(fail(must(close(ds, 1, 0)))).toMatchObject({ op: 'close', state: 'reserved', rc: -22 })
    expect(fail(must(close(ds, 1, 50)))).toMatchObject({ op: 'close', state: 'invalid' })
  })
})
