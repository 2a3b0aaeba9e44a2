// The run loop hop by hop, PCI configuration space, and the driver/device property.
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { applyKvm, e1000Function } from './apply.ts'
import type { KvmEvent } from './events.ts'
import type { KvmOp } from './ops.ts'
import { configAddress, configDword, configSpace, msiCapability, writeConfig } from './pci.ts'
import { type KvmState, initialKvmState } from './types.ts'

function run(ops: readonly KvmOp[], s0: KvmState = initialKvmState) {
  let s = s0
  const events: KvmEvent[][] = []
  for (const op of ops) {
    const r = applyKvm(s, op)
    if (!r.ok) throw new Error(`${op.kind}: ${JSON.stringify(r.error)}`)
    s = r.value.state
    events.push([...r.value.events])
  }
  return { s, events }
}
const BASE: KvmOp[] = [
  { kind: 'kvm.create', ramMiB: 128, vcpus: 1 },
  { kind: 'kvm.e1000', dev: 3, bar0: 0xfebc_0000, io: 0xc000, gsi: 11, vector: 0x41 },
]
const pio = (port: number, value: number, size: 1 | 2 | 4, write: boolean): KvmOp => ({
  kind: 'kvm.access',
  space: 'pio',
  write,
  target: { addr: port },
  size,
  value,
})
const out = (port: number, value: number, size: 1 | 2 | 4 = 4): KvmOp =>
  pio(port, value, size, true)
const inp = (port: number, size: 1 | 2 | 4 = 4): KvmOp => pio(port, 0, size, false)
const mmio = (addr: number, write: boolean, value = 0): KvmOp => ({
  kind: 'kvm.access',
  space: 'mmio',
  write,
  target: { addr },
  size: 4,
  value,
})
const kinds = (es: readonly KvmEvent[]) => es.map((e) => e.kind)

describe('the KVM run loop', () => {
  it('a port OUT: exit 30, KVM, KVM_EXIT_IO, QEMU, KVM_RUN, in that order', () => {
    const { events } = run([...BASE, out(0xcf8, 0x8000_1800)])
    const es = events[2] ?? []
    expect(kinds(es)).toEqual(['kvm.exit', 'kvm.kernel', 'kvm.user', 'kvm.qemu', 'kvm.entry'])
    expect(es.map((e) => e.at)).toEqual(['kvm', 'kvm', 'qemu', 'qemu', 'guest'])
    expect(es[0]).toMatchObject({ reason: 30, qualification: 0x0cf8_0003 })
    expect(es[2]).toMatchObject({
      exitReason: 2,
      io: { direction: 1, size: 4, port: 0xcf8, count: 1, dataOffset: 4096, data: 0x8000_1800 },
    })
  })
  it('a port IN through 0xCF8/0xCFC reads the e1000’s IDs; the entry completes the IN', () => {
    const { events } = run([...BASE, out(0xcf8, configAddress(0, 3, 0, 0)), inp(0xcfc)])
    const entry = events[3]?.at(-1)
    expect(entry).toMatchObject({
      kind: 'kvm.entry',
      completes: { what: 'in', value: 0x100e_8086 },
    })
    expect(events[3]?.[0]).toMatchObject({ qualification: 0x0cfc_000b })
  })
  it('no function at the address reads all ones', () => {
    const { events } = run([...BASE, out(0xcf8, configAddress(0, 4, 0, 0)), inp(0xcfc)])
    expect(events[3]?.at(-1)).toMatchObject({ completes: { value: 0xffff_ffff } })
  })
  it('the in-kernel PIT takes port 0x43 without a trip to QEMU', () => {
    const { events, s } = run([...BASE, out(0x43, 0x34, 1)])
    expect(kinds(events[2] ?? [])).toEqual(['kvm.exit', 'kvm.kernel', 'kvm.entry'])
    expect(events[2]?.[1]).toMatchObject({ decision: 'in-kernel', toUser: false })
    expect(s.vm?.counts.userExits).toBe(0)
  })
  it('MMIO: EPT violation (48) on the first touch of a page, misconfiguration (49) after', () => {
    const { events, s } = run([
      ...BASE,
      mmio(0xfebc_0008, false),
      mmio(0xfebc_00d0, true, 0x9d),
      mmio(0xfebc_3818, true, 0),
    ])
    expect(events[2]?.[0]).toMatchObject({ reason: 48, qualification: 0x181 })
    expect(events[2]?.[1]).toMatchObject({ decision: 'mmio-spte', gfn: 0xfebc0 })
    expect(events[2]?.[2]).toMatchObject({
      exitReason: 6,
      mmio: { physAddr: 0xfebc_0008, len: 4, isWrite: false },
    })
    expect(events[2]?.at(-1)).toMatchObject({
      completes: { what: 'mmio-read', value: 0x8008_0783 },
    })
    expect(events[3]?.[0]).toMatchObject({ reason: 49, qualification: 0 })
    expect(events[3]?.[1]).toMatchObject({ decision: 'emulate' })
    // Another page of the BAR: its own first touch.
    expect(events[4]?.[0]).toMatchObject({ reason: 48, qualification: 0x182 })
    expect(s.vm?.mmioGfns).toEqual([0xfebc0, 0xfebc3])
  })
  it('RAM completes in the guest', () => {
    const { events, s } = run([...BASE, mmio(0x1000, true, 0x1234_5678), mmio(0x1000, false)])
    expect(kinds(events[2] ?? [])).toEqual(['kvm.ram'])
    expect(events[3]?.[0]).toMatchObject({ value: 0x1234_5678 })
    expect(s.vm?.counts.exits).toEqual({})
  })
  it('an ioeventfd match is handled in KVM: no exit to user space', () => {
    const { events, s } = run([
      ...BASE,
      { kind: 'kvm.ioeventfd', space: 'pio', addr: 0xc050, len: 2, datamatch: null },
      out(0xc050, 1, 2),
      out(0xc050, 1, 1),
    ])
    expect(events[3]?.[1]).toMatchObject({ decision: 'ioeventfd', toUser: false })
    expect(kinds(events[3] ?? [])).toEqual(['kvm.exit', 'kvm.kernel', 'kvm.entry'])
    // A 1-byte write does not match len 2: it goes to QEMU.
    expect(events[4]?.[1]).toMatchObject({ decision: 'pio', toUser: true })
    expect(s.vm?.ioeventfds[0]?.signalled).toBe(1)
  })
  it('TDT write: start_xmit on the vCPU thread, then the IRQ, then KVM_RUN injects', () => {
    const { events } = run([
      ...BASE,
      { kind: 'kvm.driver-init', tx: 8, rx: 8, rctl: 0x8002 },
      { kind: 'kvm.driver-tx', len: 60, count: 2, frags: 1, ide: false },
      { kind: 'kvm.driver-kick' },
    ])
    const es = events[4] ?? []
    expect(kinds(es)).toEqual([
      'kvm.exit',
      'kvm.kernel',
      'kvm.user',
      'kvm.qemu',
      'e1000.reg',
      'e1000.tx-desc',
      'e1000.tx-desc',
      'e1000.tx-end',
      'e1000.irq',
      'kvm.tap',
      'kvm.tap',
      'kvm.irq',
      'kvm.entry',
    ])
    expect(es.at(-1)).toMatchObject({ injected: 0x41 })
    // Each event carries the ring as it was then: TDH moves one descriptor at a time.
    expect(es.filter((e) => e.kind === 'e1000.tx-desc').map((e) => e.nic?.tx.head)).toEqual([1, 2])
    expect(es[4]?.nic?.tx.head).toBe(0)
  })
  it('refuses what QEMU’s e1000 cannot take, with a reason', () => {
    const s = run(BASE).s
    expect(applyKvm(s, { ...mmio(0xfebc_0008, false), size: 2 } as KvmOp)).toMatchObject({
      ok: false,
      error: { code: 'mmio-size' },
    })
    expect(applyKvm(s, { kind: 'kvm.driver-kick' })).toMatchObject({
      ok: false,
      error: { code: 'driver-not-ready' },
    })
    expect(
      applyKvm(run([BASE[0] as KvmOp]).s, {
        kind: 'kvm.e1000',
        dev: 3,
        bar0: 0xfebc_1000,
        io: 0xc000,
        gsi: 11,
        vector: 0x41,
      }),
    ).toMatchObject({ ok: false, error: { code: 'misaligned-bar' } })
    expect(applyKvm(initialKvmState, { kind: 'kvm.driver-clean' })).toMatchObject({
      ok: false,
      error: { code: 'no-vm' },
    })
  })
})

describe('PCI configuration space', () => {
  const f = e1000Function(3, 0xfebc_0000, 0xc000, 11)
  it('is QEMU’s e1000 header: IDs, command, class, BARs, subsystem, interrupt', () => {
    const c = configSpace(f)
    expect(configDword(f, 0x00)).toBe(0x100e_8086)
    expect(configDword(f, 0x08)).toBe(0x0200_0003)
    expect(configDword(f, 0x10)).toBe(0xfebc_0000)
    expect(configDword(f, 0x14)).toBe(0x0000_c001)
    expect(configDword(f, 0x2c)).toBe(0x1100_1af4)
    expect(c[0x3c]).toBe(11)
    expect(c[0x3d]).toBe(1)
    // No capability list: status bit 4 clear, pointer 0.
    expect((c[0x06] ?? 0) & 0x10).toBe(0)
    expect(c[0x34]).toBe(0)
  })
  it('BAR sizing: all ones reads back the size mask', () => {
    expect(configDword(writeConfig(f, 0x10, 0xffff_ffff), 0x10)).toBe(0xfffe_0000)
    expect(configDword(writeConfig(f, 0x14, 0xffff_ffff), 0x14)).toBe(0xffff_ffc1)
  })
  it('a capability list links from 0x34 (MSI: ID 0x05)', () => {
    const g = { ...f, caps: [msiCapability(0, 0xfee0_0000, 0x41)] }
    const c = configSpace(g)
    expect((c[0x06] ?? 0) & 0x10).toBe(0x10)
    expect(c[0x34]).toBe(0x40)
    expect(c[0x40]).toBe(0x05)
    expect(c[0x41]).toBe(0)
    expect(configDword(g, 0x44)).toBe(0xfee0_0000)
  })
  it('moving a BAR moves where QEMU routes accesses', () => {
    const { s } = run([
      ...BASE,
      out(0xcf8, configAddress(0, 3, 0, 0x10)),
      out(0xcfc, 0xfebe_0000),
      mmio(0xfebe_0008, false),
    ])
    expect(s.vm?.e1000?.pci.bars[0]?.base).toBe(0xfebe_0000)
    const r = applyKvm(s, mmio(0xfebe_0008, false))
    expect(r.ok && r.value.events.at(-1)).toMatchObject({ completes: { value: 0x8008_0783 } })
  })
})

describe('property: driver and device never lose or double a descriptor', () => {
  const step = fc.oneof(
    fc.record({
      kind: fc.constant('kvm.driver-tx' as const),
      len: fc.integer({ min: 14, max: 1514 }),
      count: fc.integer({ min: 1, max: 3 }),
      frags: fc.integer({ min: 1, max: 2 }),
      ide: fc.boolean(),
    }),
    fc.constant({ kind: 'kvm.driver-kick' as const }),
    fc.constant({ kind: 'kvm.driver-isr' as const }),
    fc.constant({ kind: 'kvm.driver-clean' as const }),
    fc.record({
      kind: fc.constant('kvm.driver-rx' as const),
      count: fc.integer({ min: 1, max: 4 }),
    }),
    fc.record({
      kind: fc.constant('kvm.tap' as const),
      len: fc.integer({ min: 14, max: 1514 }),
      count: fc.integer({ min: 1, max: 3 }),
    }),
  )
  it('every queued frame is sent once, in order, and every descriptor reclaimed once', () => {
    fc.assert(
      fc.property(fc.array(step, { maxLength: 40 }), (steps) => {
        let s = run([...BASE, { kind: 'kvm.driver-init', tx: 8, rx: 8, rctl: 0x8002 }]).s
        const queued: number[] = []
        let filled = 0
        let reclaimed = 0
        const delivered: number[] = []
        const arrived: number[] = []
        const apply = (op: KvmOp) => {
          const r = applyKvm(s, op)
          if (!r.ok) return
          s = r.value.state
          for (const e of r.value.events) {
            if (e.kind === 'kvm.driver' && e.action === 'tx-fill') {
              filled += e.slots.length
              for (const d of e.txDescs) if (d.cmd & 1) queued.push(0)
            }
            if (e.kind === 'kvm.driver' && e.action === 'clean') {
              reclaimed += e.reclaimed
              delivered.push(...e.delivered.map((f) => f.seq ?? -1))
            }
            if (e.kind === 'kvm.tap' && e.dir === 'rx') arrived.push(e.frame.seq ?? -1)
          }
        }
        for (const op of steps) apply(op)
        // Drain: hand everything over, reclaim, give buffers for every held frame.
        apply({ kind: 'kvm.driver-kick' })
        apply({ kind: 'kvm.driver-clean' })
        for (let i = 0; i < 20 && (s.vm?.held.length ?? 0) > 0; i++) {
          apply({ kind: 'kvm.driver-rx', count: 4 })
          apply({ kind: 'kvm.driver-clean' })
        }
        apply({ kind: 'kvm.driver-clean' })
        const vm = s.vm
        if (!vm) return false
        // TX: the tap saw each frame once, in the driver's order (seq 1, 2, 3...).
        const sent = vm.tap.map((f) => f.seq)
        expect(sent).toEqual(queued.map((_, i) => i + 1))
        // Every filled descriptor was completed (DD) and reclaimed exactly once.
        expect(reclaimed).toBe(filled)
        expect(vm.driver.txNextToClean).toBe(vm.driver.txNextToUse)
        // RX: every frame that arrived reached the driver once, in order (2 KiB buffers: no overrun).
        expect(delivered).toEqual(arrived)
        expect(vm.e1000?.dev.regs.MPC).toBe(0)
        return true
      }),
      { numRuns: 100, seed: 17 },
    )
  }, 30_000)
})
