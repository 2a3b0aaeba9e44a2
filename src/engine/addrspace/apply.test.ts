import { describe, expect, it } from 'vitest'
import { gpa, gva, hpa } from '../core/addr.ts'
import { applyAddrSpace } from './apply.ts'
import type { AddrSpaceOp } from './ops.ts'
import { EPT_VIOLATION_GVA_IS_VALID, EPT_VIOLATION_GVA_TRANSLATED } from '../ept/violation.ts'
import { PF_ID, PF_P, PF_US, PF_WR } from '../paging/pf.ts'
import { type Machine, initialMachine } from './types.ts'

function run(ops: AddrSpaceOp[]): {
  machine: Machine
  events: ReturnType<typeof applyAddrSpace>[]
} {
  let machine = initialMachine
  const events = ops.map((op) => {
    const r = applyAddrSpace(machine, op)
    if (r.ok) machine = r.value.machine
    return r
  })
  return { machine, events }
}

const map = (
  va: bigint,
  pa: bigint,
  flags: Partial<Record<'writable' | 'user' | 'noExecute', boolean>> = {},
): AddrSpaceOp => ({
  kind: 'map',
  va: gva(va),
  pa: gpa(pa),
  size: '4K',
  writable: flags.writable ?? false,
  user: flags.user ?? false,
  noExecute: flags.noExecute ?? false,
  global: false,
})
const hostMap = (g: bigint, h: bigint, perms = 'rwx'): AddrSpaceOp => ({
  kind: 'host.map',
  gpa: gpa(g),
  hpa: hpa(h),
  size: '4K',
  read: perms.includes('r'),
  write: perms.includes('w'),
  execute: perms.includes('x'),
})
const access = (
  va: bigint,
  intent: 'read' | 'write' | 'fetch' = 'read',
  mode: 'user' | 'kernel' = 'kernel',
): AddrSpaceOp => ({
  kind: 'access',
  va: gva(va),
  intent,
  mode,
})

function lastOutcome(machine: Machine, op: AddrSpaceOp) {
  const r = applyAddrSpace(machine, op)
  if (!r.ok) throw new Error('expected ok')
  const done = r.value.events.at(-1)
  if (done?.kind !== 'access.done') throw new Error('expected access.done')
  return done.outcome
}

describe('address spaces', () => {
  it('translates the course-notes example: two guests, same guest-physical pages, different machine pages', () => {
    const { machine } = run([
      { kind: 'vm.select', name: 'g1' },
      map(0x7000n, 0xa000n),
      hostMap(0xa000n, 0xa000n),
      { kind: 'vm.select', name: 'g2' },
      map(0x4000n, 0xa000n),
      hostMap(0xa000n, 0x14000n),
    ])
    expect(lastOutcome(machine, access(0x4123n))).toEqual({
      result: 'ok',
      gpa: 0xa123n,
      pa: 0x14123n,
    })
    const back = applyAddrSpace(machine, { kind: 'vm.select', name: 'g1' })
    if (!back.ok) throw new Error('select failed')
    expect(lastOutcome(back.value.machine, access(0x7123n))).toEqual({
      result: 'ok',
      gpa: 0xa123n,
      pa: 0xa123n,
    })
  })

  it('never mutates the machine it is given', () => {
    const before = run([{ kind: 'vm.select', name: 'g1' }]).machine
    const snapshot = structuredClone(before)
    applyAddrSpace(before, map(0x1000n, 0x2000n))
    expect(before).toStrictEqual(snapshot)
  })

  it('raises #PF with the SDM error-code bits (P, W/R, U/S, I/D) and CR2', () => {
    const { machine } = run([
      map(0x1000n, 0x5000n),
      map(0x2000n, 0x6000n, { user: true }),
      map(0x3000n, 0x7000n, { user: true, noExecute: true }),
    ])
    const pf = (op: AddrSpaceOp) => {
      const o = lastOutcome(machine, op)
      if (o.result !== 'fault' || o.fault.vector !== 14) throw new Error('expected #PF')
      return [o.fault.errorCode, o.fault.reason, o.fault.cr2]
    }
    expect(pf(access(0x9000n, 'read', 'user'))).toEqual([PF_US, 'not-present', 0x9000n])
    expect(pf(access(0x9000n, 'write', 'kernel'))).toEqual([PF_WR, 'not-present', 0x9000n])
    expect(pf(access(0x1000n, 'read', 'user'))).toEqual([PF_P | PF_US, 'user-supervisor', 0x1000n])
    expect(pf(access(0x2000n, 'write', 'user'))).toEqual([
      PF_P | PF_WR | PF_US,
      'write-protect',
      0x2000n,
    ])
    expect(pf(access(0x3000n, 'fetch', 'user'))).toEqual([
      PF_P | PF_US | PF_ID,
      'execute-disable',
      0x3000n,
    ])
    expect(PF_P | PF_WR | PF_US | PF_ID).toBe(0x17)
  })

  it('lets kernel writes through read-only pages only when CR0.WP is off', () => {
    const { machine } = run([map(0x1000n, 0x5000n)])
    expect(lastOutcome(machine, access(0x1000n, 'write')).result).toBe('fault')
    const off = run([map(0x1000n, 0x5000n), { kind: 'control', bit: 'cr0.wp', on: false }]).machine
    expect(lastOutcome(off, access(0x1000n, 'write'))).toEqual({
      result: 'ok',
      gpa: null,
      pa: 0x5000n,
    })
  })

  it('ignores nx and leaves I/D clear when EFER.NXE is off', () => {
    const m = run([
      map(0x3000n, 0x7000n, { noExecute: true }),
      { kind: 'control', bit: 'efer.nxe', on: false },
    ]).machine
    expect(lastOutcome(m, access(0x3000n, 'fetch')).result).toBe('ok')
    const o = lastOutcome(m, access(0x9000n, 'fetch'))
    expect(o.result === 'fault' && o.fault.vector === 14 && o.fault.errorCode).toBe(0)
  })

  it('gives #GP, not #PF, for a non-canonical address', () => {
    expect(lastOutcome(initialMachine, access(0x0000_8000_0000_0000n))).toEqual({
      result: 'fault',
      fault: { vector: 13, reason: 'non-canonical' },
    })
    expect(lastOutcome(initialMachine, access(0xffff_8000_0000_0000n)).result).toBe('fault')
  })

  it('exits with EPT violation 48 and the SDM qualification when the hypervisor has no backing', () => {
    const { machine } = run([
      { kind: 'vm.select', name: 'g' },
      map(0x8000n, 0xd000n, { writable: true, user: true }),
      hostMap(0xe000n, 0x1000n, 'r'),
    ])
    // Write to an unbacked GPA: bit 1 (write), bits 7 and 8 (linear address valid, final translation).
    expect(lastOutcome(machine, access(0x8000n, 'write', 'user'))).toEqual({
      result: 'exit',
      exit: {
        reason: 48,
        name: 'EPT_VIOLATION',
        qualification: 0x182n,
        gpa: 0xd000n,
        gla: 0x8000n,
      },
    })
    expect(0x182n).toBe((1n << 1n) | EPT_VIOLATION_GVA_IS_VALID | EPT_VIOLATION_GVA_TRANSLATED)
    // Read-only backing: a write reports bit 3 (readable) as well.
    const ro = run([
      { kind: 'vm.select', name: 'g' },
      map(0x8000n, 0xe000n, { writable: true }),
      hostMap(0xe000n, 0x1000n, 'r'),
    ]).machine
    const o = lastOutcome(ro, access(0x8000n, 'write'))
    expect(o.result === 'exit' && o.exit.qualification).toBe(0x18an)
  })

  it('refuses misaligned and over-wide addresses and host maps outside a guest', () => {
    expect(applyAddrSpace(initialMachine, map(0x1001n, 0x2000n))).toMatchObject({
      ok: false,
      error: { code: 'misaligned', what: 'va' },
    })
    expect(applyAddrSpace(initialMachine, map(0x1000n, 1n << 52n))).toMatchObject({
      ok: false,
      error: { code: 'address-too-wide' },
    })
    expect(applyAddrSpace(initialMachine, hostMap(0x1000n, 0x2000n))).toMatchObject({
      ok: false,
      error: { code: 'not-virtualized', op: 'host.map' },
    })
  })

  it('replaces an overlapping mapping and reports it', () => {
    const { machine } = run([map(0x1000n, 0x2000n)])
    const r = applyAddrSpace(machine, map(0x1000n, 0x3000n))
    expect(r.ok && r.value.events[0]).toMatchObject({
      kind: 'map.guest',
      replaced: [{ pa: 0x2000n }],
    })
    expect(r.ok && r.value.machine.nativeMap).toHaveLength(1)
  })
})
