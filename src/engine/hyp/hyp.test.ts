// The four designs' paths for one guest OUT, hop by hop, against hw-facts-2 §4.1-4.3 (and
// hw-facts §4.7-4.8, §5.4-5.5 for the exit, the switched state and the hypercall numbers).
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { applyHyp } from './apply.ts'
import {
  DEFAULT_OUT,
  DESIGNS,
  DESIGN_IDS,
  type DesignId,
  type Hop,
  NIC_PORTS,
  TAXONOMY,
  countPath,
  pathOf,
} from './designs.ts'
import { initialHypState } from './types.ts'

const steps = (d: DesignId): string[] =>
  pathOf(d, DEFAULT_OUT).map((h) => `${h.from}>${h.at}:${h.how}`)

describe('each design’s path, in order, with its reason', () => {
  it('ESX (type 1): the VMM intercepts, ESX’s own I/O subsystem and driver send, no world switch', () => {
    expect(steps('esx')).toEqual([
      'guest>vmm:trap',
      'vmm>vmm:device-model',
      'vmm>esx:to-io-subsystem',
      'esx>esx:driver',
      'esx>vmm:to-vmm',
      'vmm>guest:resume',
    ])
  })

  it('VMware Workstation: VMM, world switch, VMApp write()s to VMNet, world switch back (SUG01)', () => {
    expect(steps('hosted')).toEqual([
      'guest>vmm:trap',
      'vmm>vmm:device-model',
      'vmm>hostos:world-switch',
      'hostos>vmapp:to-user',
      'vmapp>hostos:syscall',
      'hostos>hostos:driver',
      'hostos>vmapp:syscall-return',
      'vmapp>hostos:run-vm',
      'hostos>vmm:world-switch',
      'vmm>guest:resume',
    ])
    const ws = pathOf('hosted', DEFAULT_OUT).filter((h) => h.how === 'world-switch')
    expect(ws.map((h) => [h.switches?.from, h.switches?.to])).toEqual([
      ['vmm', 'host'],
      ['host', 'vmm'],
    ])
    // "saves and restores all user- and system-visible CPU state (address space, IDT,
    // privileged registers)" (hw-facts-2 §4.2).
    for (const h of ws)
      expect(h.switches?.state).toEqual(
        expect.arrayContaining(['CR3', 'IDTR', 'GDTR', 'CR0', 'RIP']),
      )
  })

  it('Xen + Dom0: ring, event_channel_op 32 / EVTCHNOP_send 4, Dom0 with BOOST, grant copy 20 / 5, Dom0’s driver, event back', () => {
    expect(steps('xen')).toEqual([
      'guest>guest:ring',
      'guest>xen:hypercall',
      'xen>xen:event',
      'xen>dom0:domain-switch',
      'dom0>xen:hypercall',
      'xen>dom0:syscall-return',
      'dom0>dom0:driver',
      'dom0>xen:hypercall',
      'xen>guest:domain-switch',
    ])
    const hc = pathOf('xen', DEFAULT_OUT).flatMap((h) => (h.hypercall ? [h.hypercall] : []))
    expect(hc.map((x) => [x.nr, x.name, x.op, x.opName])).toEqual([
      [32, 'event_channel_op', 4, 'EVTCHNOP_send'],
      [20, 'grant_table_op', 5, 'GNTTABOP_copy'],
      [32, 'event_channel_op', 4, 'EVTCHNOP_send'],
    ])
    // The NIC is driven from Dom0, never from Xen (seed 000: the real drivers live in Dom0).
    expect(
      pathOf('xen', DEFAULT_OUT)
        .filter((h) => h.device)
        .map((h) => h.at),
    ).toEqual(['dom0'])
  })

  it('KVM + QEMU: exit 30 with its qualification, KVM_EXIT_IO to QEMU, tap, KVM_RUN, entry', () => {
    expect(steps('kvm')).toEqual([
      'guest>kvm:vm-exit',
      'kvm>qemu:to-user',
      'qemu>qemu:device-model',
      'qemu>host:syscall',
      'host>host:driver',
      'host>qemu:syscall-return',
      'qemu>kvm:run-vm',
      'kvm>guest:vm-entry',
    ])
    const [exit, user] = pathOf('kvm', { port: 0xc010, value: 1, size: 2 })
    // hw-facts §4.7: bits 2:0 size - 1 = 1, bit 3 = 0 (OUT), bit 6 = 0 (DX), bits 31:16 port.
    expect(exit?.exit).toEqual({ reason: 30, qualification: 0xc010_0001n })
    expect(exit?.switches?.state).toEqual(expect.arrayContaining(['CR3', 'GDTR', 'IDTR']))
    // hw-facts-2 §1.8: KVM_EXIT_IO = 2, direction OUT = 1, data one page after kvm_run.
    expect(user?.kvmRun).toEqual({
      exitReason: 2,
      direction: 1,
      size: 2,
      port: 0xc010,
      count: 1,
      dataOffset: 4096,
    })
    expect(pathOf('kvm', { port: 0xc03c, value: 1, size: 4 })[0]?.exit?.qualification).toBe(
      0xc03c_0003n,
    )
  })
})

describe('the layers as data', () => {
  it('puts only the hypervisor’s layers in ring 0 and the guest kernel deprivileged where there is no VT-x', () => {
    const ring = (d: DesignId, id: string) => DESIGNS[d].layers.find((l) => l.id === id)?.ring
    expect(ring('esx', 'guest')).toBe(1) // VMware BT: guest kernel at ring 1 (§1.1)
    expect(ring('hosted', 'vmapp')).toBe(3)
    expect(ring('xen', 'guest')).toBe(3) // 64-bit PV kernel in ring 3 (§1.1)
    expect(ring('xen', 'xen')).toBe(0)
    const kvmGuest = DESIGNS.kvm.layers.find((l) => l.id === 'guest')
    expect([kvmGuest?.ring, kvmGuest?.root]).toEqual([0, false]) // CPL 0 in non-root
    for (const d of DESIGN_IDS)
      for (const id of DESIGNS[d].privileged) expect(ring(d, id), `${d} ${id}`).toBe(0)
  })

  it('keeps both taxonomies, with KVM contested in one and type 1 in the other (§4.1, §5 item 9)', () => {
    const row = (d: DesignId) => TAXONOMY.find((r) => r.design === d)
    expect(row('kvm')).toMatchObject({ tanenbaum: 'type2-contested', ucr: 'type1' })
    expect(row('xen')).toMatchObject({ tanenbaum: 'type1', ucr: 'hybrid' })
    expect(row('hosted')).toMatchObject({ tanenbaum: 'type2', ucr: 'type2' })
  })

  it('counts the comparison from the hops', () => {
    const c = (d: DesignId) => countPath(d, pathOf(d, DEFAULT_OUT))
    expect(c('esx')).toEqual({
      hops: 6,
      intoHypervisor: 1,
      worldSwitches: 0,
      privilegeChanges: 2,
      userVisits: 0,
      addressSpaceChanges: 0,
    })
    expect(c('hosted')).toMatchObject({
      hops: 10,
      worldSwitches: 2,
      userVisits: 2,
      addressSpaceChanges: 2,
    })
    expect(c('xen')).toMatchObject({
      hops: 9,
      intoHypervisor: 3,
      worldSwitches: 0,
      addressSpaceChanges: 2,
    })
    expect(c('kvm')).toMatchObject({
      hops: 8,
      intoHypervisor: 1,
      userVisits: 2,
      addressSpaceChanges: 2,
    })
  })
})

describe('every path (fast-check)', () => {
  const instr = fc.record({
    port: fc.integer({ min: NIC_PORTS.base, max: NIC_PORTS.base + NIC_PORTS.count - 1 }),
    value: fc.integer({ min: 0, max: 0xff }),
    size: fc.constantFrom(1 as const, 2 as const, 4 as const),
  })
  it('starts and ends in the guest, is continuous, reaches the NIC once, and every layer is the design’s', () => {
    fc.assert(
      fc.property(fc.constantFrom(...DESIGN_IDS), instr, (d, i) => {
        const p: readonly Hop[] = pathOf(d, i)
        const ids = DESIGNS[d].layers.map((l) => l.id)
        expect(p[0]?.from).toBe('guest')
        expect(p.at(-1)?.at).toBe('guest')
        p.forEach((h, k) => {
          expect(h.n).toBe(k + 1)
          if (k > 0) expect(h.from).toBe(p[k - 1]?.at)
          expect(ids).toContain(h.from)
          expect(ids).toContain(h.at)
        })
        expect(p.filter((h) => h.device)).toHaveLength(1)
        // Nothing but the hosted design switches worlds.
        expect(p.some((h) => h.how === 'world-switch')).toBe(d === 'hosted')
      }),
      { seed: 16, numRuns: 200 },
    )
  })
})

describe('the model and its commands', () => {
  it('refuses an OUT before a design is picked', () => {
    const r = applyHyp(initialHypState, { kind: 'hyp.out', instr: DEFAULT_OUT })
    expect(r.ok ? null : r.error).toEqual({ code: 'no-design' })
  })
})
