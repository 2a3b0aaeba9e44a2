import { describe, expect, it } from 'vitest'
import type { XenOp } from './ops.ts'
import { runOps } from './testOps.ts'

const up = (rx: 'copy' | 'flip'): XenOp[] => [
  { kind: 'xen.domain', domid: 1, vcpus: 1 },
  { kind: 'net.connect', dom: 1, devid: 0, mac: null, rx },
]

describe('netfront / netback (hw-facts §5.2)', () => {
  it('vif1.0 on xenbr0 with a 00:16:3e MAC and two 256-slot rings', () => {
    const { s } = runOps(up('copy'))
    expect(s.vifs[0]).toMatchObject({ name: 'vif1.0', mac: '00:16:3e:00:01:00' })
    expect(s.bridge.ports).toEqual(['eth0', 'vif1.0'])
    expect(s.rings.map((r) => [r.name, r.size])).toEqual([
      ['vif1.0-tx', 256],
      ['vif1.0-rx', 256],
    ])
  })

  it('a packet with no RX buffer posted is dropped', () => {
    const { s, events } = runOps([...up('copy'), { kind: 'net.receive', vif: 'vif1.0', size: 60 }])
    expect(events[2]?.map((e) => e.kind)).toEqual(['net.bridge', 'net.drop'])
    expect(s.vifs[0]?.rxDropped).toBe(1)
  })

  it('copy mode: the packet is grant-copied into the posted buffer', () => {
    const { events } = runOps([
      ...up('copy'),
      { kind: 'net.post-rx', vif: 'vif1.0', count: 2 },
      { kind: 'net.receive', vif: 'vif1.0', size: 60 },
      { kind: 'net.poll', vif: 'vif1.0' },
    ])
    expect(events[3]?.find((e) => e.kind === 'grant.copy')).toMatchObject({ status: 0, len: 60 })
    const done = events[4]?.find((e) => e.kind === 'net.done')
    expect(done).toMatchObject({ dir: 'rx', status: 60 })
    expect(done?.kind === 'net.done' && done.data).toContain('60 bytes')
  })

  it('flip mode: Dom0 hands its page over with GNTTABOP_transfer', () => {
    const { events } = runOps([
      ...up('flip'),
      { kind: 'net.post-rx', vif: 'vif1.0', count: 1 },
      { kind: 'net.receive', vif: 'vif1.0', size: 1500 },
      { kind: 'net.poll', vif: 'vif1.0' },
    ])
    expect(events[2]?.find((e) => e.kind === 'grant.access')).toMatchObject({
      entry: { flags: 2, domid: 0 },
    })
    expect(events[3]?.find((e) => e.kind === 'grant.transfer')).toMatchObject({ status: 0 })
    const done = events[4]?.find((e) => e.kind === 'net.done')
    expect(done?.kind === 'net.done' && done.data).toContain('1500 bytes')
  })

  it('TX: netback copies the packet out and forwards it on the bridge to another vif by MAC', () => {
    const { events } = runOps([
      ...up('copy'),
      { kind: 'xen.domain', domid: 2, vcpus: 1 },
      { kind: 'net.connect', dom: 2, devid: 0, mac: null, rx: 'copy' },
      { kind: 'net.post-rx', vif: 'vif2.0', count: 1 },
      { kind: 'net.send', vif: 'vif1.0', size: 98, dst: '00:16:3e:00:02:00' },
      { kind: 'net.backend-tx', vif: 'vif1.0' },
      { kind: 'net.poll', vif: 'vif1.0' },
    ])
    const tx = events[6] ?? []
    expect(tx.find((e) => e.kind === 'net.bridge')).toMatchObject({ from: 'vif1.0', to: 'vif2.0' })
    expect(tx.find((e) => e.kind === 'net.rx')).toMatchObject({ vif: 'vif2.0', size: 98 })
    expect(events[7]?.find((e) => e.kind === 'net.done')).toMatchObject({ dir: 'tx', status: 0 })
  })
})
