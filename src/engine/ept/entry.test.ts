// EPTP and EPT entry codecs against hw-facts §2.1-2.3 (Linux vmx.h values).
import { hpa } from '../core/addr.ts'
import { describe, expect, it } from 'vitest'
import {
  EPT_LEVELS,
  decodeEptEntry,
  decodeEptp,
  encodeEptLeaf,
  encodeEptp,
  eptMisconfig,
  eptpProblem,
} from './entry.ts'
import { violationQualification } from './violation.ts'

const level = (n: number) => {
  const l = EPT_LEVELS.find((x) => x.level === n)
  if (!l) throw new Error('no level')
  return l
}

describe('EPTP (hw-facts §2.1)', () => {
  it('page-walk length 4 is 0x18 and 5 is 0x20; A/D is bit 6; WB is 6', () => {
    expect(encodeEptp(hpa(0x5000n), 4, false)).toBe(0x5000n | 0x18n | 6n)
    expect(encodeEptp(hpa(0x5000n), 5, true)).toBe(0x5000n | 0x20n | 0x40n | 6n)
    expect(decodeEptp(0x505en, 52)).toEqual({
      raw: 0x505en,
      memoryType: 6,
      levels: 4,
      adEnabled: true,
      root: 0x5000n,
    })
  })
  it('refuses memory types other than UC/WB, lengths other than 4/5 and bits 11:7', () => {
    expect(eptpProblem(0x501en, 52)).toBeNull()
    expect(eptpProblem(0x5018n, 52)).toBeNull()
    expect(eptpProblem(0x501dn, 52)).toMatch(/memory type 5/)
    expect(eptpProblem(0x5016n, 52)).toMatch(/page-walk length 3/)
    expect(eptpProblem(0x509en, 52)).toMatch(/11:7/)
  })
})

describe('EPT entries (hw-facts §2.2) and misconfigurations (§2.3)', () => {
  it('a leaf written by host map: R W X, memory type WB in 5:3, PS for large pages', () => {
    expect(encodeEptLeaf(hpa(0x200000n), true, true, true, false)).toBe(0x200037n)
    expect(encodeEptLeaf(hpa(0x200000n), true, false, true, true)).toBe(0x2000b5n)
    const f = decodeEptEntry(level(2), 0x2000b5n | (1n << 8n) | (1n << 9n), 52)
    expect(f).toMatchObject({
      r: true,
      w: false,
      x: true,
      large: true,
      leaf: true,
      a: true,
      d: true,
    })
    expect(f.memoryType).toBe(6)
  })
  it('not present iff bits 2:0 = 000', () => {
    expect(decodeEptEntry(level(1), 0x200030n, 52).present).toBe(false)
    expect(decodeEptEntry(level(1), 0x200034n, 52).present).toBe(true)
  })
  it('write-only, write+execute, execute-only without the capability', () => {
    expect(eptMisconfig(level(1), 0x200032n, 52, true)).toBe('write-only')
    expect(eptMisconfig(level(1), 0x200036n, 52, true)).toBe('write-execute')
    expect(eptMisconfig(level(1), 0x200034n, 52, false)).toBe('execute-only')
    expect(eptMisconfig(level(1), 0x200034n, 52, true)).toBeNull()
  })
  it('reserved bits: 7:3 in a PML4E, 6:3 in a PDE table pointer, 20:12 of a 2 MiB page, 51:N', () => {
    expect(eptMisconfig(level(4), 0x1007n | 0x80n, 52, true)).toBe('reserved-bit')
    expect(eptMisconfig(level(2), 0x1007n | 0x8n, 52, true)).toBe('reserved-bit')
    expect(eptMisconfig(level(2), 0x201000n | 0xb7n, 52, true)).toBe('reserved-bit')
    expect(eptMisconfig(level(1), (1n << 46n) | 0x37n, 46, true)).toBe('reserved-bit')
    expect(eptMisconfig(level(1), (1n << 46n) | 0x37n, 52, true)).toBeNull()
  })
  it('leaf memory types 2, 3 and 7 are reserved; a table pointer has none', () => {
    for (const mt of [2n, 3n, 7n])
      expect(eptMisconfig(level(1), 0x200007n | (mt << 3n), 52, true)).toBe('memory-type')
    for (const mt of [0n, 1n, 4n, 5n, 6n])
      expect(eptMisconfig(level(1), 0x200007n | (mt << 3n), 52, true)).toBeNull()
  })
})

describe('EPT-violation exit qualification (hw-facts §2.4)', () => {
  const none = { r: false, w: false, x: false }
  it('bits 0-2 access, 3-5 AND of R/W/X, 7 GLA valid, 8 final translation', () => {
    expect(violationQualification('read', none, true, true)).toBe(0x181n)
    expect(violationQualification('write', { r: true, w: false, x: true }, true, true)).toBe(0x1aan)
    expect(violationQualification('fetch', { r: true, w: true, x: false }, true, true)).toBe(0x19cn)
    expect(violationQualification('read', none, true, false)).toBe(0x81n)
    // Bit 8 is defined only with bit 7.
    expect(violationQualification('read', none, false, true)).toBe(0x1n)
  })
})
