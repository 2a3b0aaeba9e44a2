import { gpa } from '../core/addr.ts'
import { describe, expect, it } from 'vitest'
import {
  PTE_A,
  PTE_D,
  PTE_G,
  PTE_P,
  PTE_PAT_LARGE,
  PTE_PCD,
  PTE_PKEY_MASK,
  PTE_PS,
  PTE_PWT,
  PTE_RW,
  PTE_US,
  PTE_XD,
  type DecodeContext,
  decodeEntry,
  encodeEntry,
  paePdpteReserved,
  reservedMask,
} from './entry.ts'
import { geometryOf } from './geometry.ts'
import { initialPagingState } from './state.ts'
import type { PagingMode } from './types.ts'

const ctx = (mode: PagingMode, patch: Partial<DecodeContext['control']> = {}, m = 52) => ({
  geometry: geometryOf(mode, initialPagingState.teach),
  maxPhyAddr: m,
  control: { ...initialPagingState.control, ...patch },
})
const level = (mode: PagingMode, n: number) => {
  const l = geometryOf(mode, initialPagingState.teach).levels.find((x) => x.level === n)
  if (!l) throw new Error('no level')
  return l
}

describe('entry bit positions (hw-facts §1.3)', () => {
  it('match the architectural bits', () => {
    expect([PTE_P, PTE_RW, PTE_US, PTE_PWT, PTE_PCD, PTE_A, PTE_D, PTE_PS, PTE_G]).toEqual([
      0x1n,
      0x2n,
      0x4n,
      0x8n,
      0x10n,
      0x20n,
      0x40n,
      0x80n,
      0x100n,
    ])
    expect(PTE_PAT_LARGE).toBe(0x1000n)
    expect(PTE_PKEY_MASK).toBe(0x7800000000000000n)
    expect(PTE_XD).toBe(0x8000000000000000n)
  })

  it('decodes a 4 KiB PTE: bit 7 is PAT, pkey from 62:59, XD from 63', () => {
    const raw = 0x8000000000000000n | (5n << 59n) | 0x12345000n | 0x1ffn
    const f = decodeEntry(ctx('x86-64'), level('x86-64', 1), raw)
    expect(f).toMatchObject({ p: true, rw: true, us: true, pwt: true, pcd: true, a: true })
    expect(f).toMatchObject({ d: true, ps: false, pat: true, g: true, pkey: 5, xd: true })
    expect(f.leaf).toBe(true)
    expect(f.addr).toBe(0x12345000n)
  })

  it('decodes a 2 MiB PDE: PS=1, PAT at bit 12, address bits 51:21', () => {
    const f = decodeEntry(ctx('x86-64'), level('x86-64', 2), 0x40201000n | 0x83n)
    expect(f).toMatchObject({ ps: true, leaf: true, pat: true, addr: 0x40200000n })
  })

  it('reads a 32-bit 4 MiB PDE with PSE-36 bits 20:13 as physical bits 39:32', () => {
    const raw = 0xc0000000n | (0x12n << 13n) | 0x83n
    expect(decodeEntry(ctx('x86-32'), level('x86-32', 2), raw).addr).toBe(0x12c0000000n)
    // Without CR4.PSE, PS is ignored: the PDE points to a page table.
    const noPse = decodeEntry(ctx('x86-32', { cr4Pse: false }), level('x86-32', 2), raw)
    expect(noPse.leaf).toBe(false)
    expect(noPse.addr).toBe(0xc0024000n)
  })

  it('encodes what map writes', () => {
    expect(encodeEntry('long', { addr: gpa(0xa000n), rw: true, us: true, xd: true })).toBe(
      0x800000000000a007n,
    )
    expect(
      encodeEntry('long', { addr: gpa(0x200000n), rw: false, us: false, g: true, ps: true }),
    ).toBe(0x200181n)
    // No XD in 32-bit paging: the flag cannot be written.
    expect(encodeEntry('legacy32', { addr: gpa(0x5000n), rw: true, us: false, xd: true })).toBe(
      0x5003n,
    )
    expect(
      encodeEntry('legacy32', { addr: gpa(0x12c0000000n), rw: true, us: false, ps: true }),
    ).toBe(0xc0024083n)
  })
})

describe('reserved bits (hw-facts §1.3)', () => {
  it('4 KiB PTE: bits 51:M, plus XD only when EFER.NXE=0', () => {
    expect(reservedMask(ctx('x86-64'), level('x86-64', 1), 1n)).toBe(0n)
    expect(reservedMask(ctx('x86-64', { eferNxe: false }), level('x86-64', 1), 1n)).toBe(
      0x8000000000000000n,
    )
    expect(reservedMask(ctx('x86-64', {}, 36), level('x86-64', 1), 1n)).toBe(0x000ffff000000000n)
  })

  it('PS is reserved in a PML4E and a PML5E', () => {
    expect(reservedMask(ctx('x86-64'), level('x86-64', 4), 1n)).toBe(0x80n)
    expect(reservedMask(ctx('la57'), level('la57', 5), 1n)).toBe(0x80n)
  })

  it('large pages: low address bits except the PAT bit 12', () => {
    expect(reservedMask(ctx('x86-64'), level('x86-64', 2), 0x81n)).toBe(0x1fe000n)
    expect(reservedMask(ctx('x86-64'), level('x86-64', 3), 0x81n)).toBe(0x3fffe000n)
    expect(reservedMask(ctx('x86-64'), level('x86-64', 2), 0x1n)).toBe(0n)
  })

  it('PAE: bits 62:52 are reserved too; PDPTE registers per Table 4-8', () => {
    expect(reservedMask(ctx('pae'), level('pae', 1), 1n)).toBe(0x7ff0000000000000n)
    expect(paePdpteReserved(52)).toBe(0xfff0000000000000n | 0x1e6n)
  })

  it('32-bit: only a 4 MiB PDE has one, bit 21', () => {
    expect(reservedMask(ctx('x86-32'), level('x86-32', 2), 0x83n)).toBe(0x200000n)
    expect(reservedMask(ctx('x86-32'), level('x86-32', 2), 0x03n)).toBe(0n)
    expect(reservedMask(ctx('x86-32'), level('x86-32', 1), 0x83n)).toBe(0n)
  })
})
