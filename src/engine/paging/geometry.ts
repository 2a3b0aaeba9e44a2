import type { AccessSize } from '../memory/phys.ts'
import type { Geometry, LevelSpec, PagingMode, TeachGeometry } from './types.ts'

const lvl = (
  level: number,
  name: string,
  shift: bigint,
  indexBits: bigint,
  largePage: bigint | null = null,
  psReserved = false,
): LevelSpec => ({ level, name, shift, indexBits, largePage, psReserved })

// hw-facts §1.1: index bits per level. 4/5-level: 9 bits per level (SDM3 §4.5).
const PML5 = lvl(5, 'PML5E', 48n, 9n, null, true)
const PML4 = lvl(4, 'PML4E', 39n, 9n, null, true)
const PDPT = lvl(3, 'PDPTE', 30n, 9n, 1n << 30n)
const PD = lvl(2, 'PDE', 21n, 9n, 1n << 21n)
const PT = lvl(1, 'PTE', 12n, 9n)

const X86_64: Geometry = {
  mode: 'x86-64',
  format: 'long',
  entryBytes: 8,
  vaBits: 48,
  canonical: true,
  pageShift: 12n,
  levels: [PML4, PDPT, PD, PT],
}

const LA57: Geometry = { ...X86_64, mode: 'la57', vaBits: 57, levels: [PML5, PML4, PDPT, PD, PT] }

// PAE: PDPTE 31:30 (4 entries, held in registers), PDE 29:21, PTE 20:12 (SDM3 §4.4).
const PAE: Geometry = {
  mode: 'pae',
  format: 'pae',
  entryBytes: 8,
  vaBits: 32,
  canonical: false,
  pageShift: 12n,
  levels: [lvl(3, 'PDPTE', 30n, 2n), PD, PT],
}

// 32-bit: PDE 31:22, PTE 21:12, 4-byte entries; PDE.PS maps 4 MiB with CR4.PSE (SDM3 §4.3).
const X86_32: Geometry = {
  mode: 'x86-32',
  format: 'legacy32',
  entryBytes: 4,
  vaBits: 32,
  canonical: false,
  pageShift: 12n,
  levels: [lvl(2, 'PDE', 22n, 10n, 1n << 22n), lvl(1, 'PTE', 12n, 10n)],
}

/** Why a teaching geometry is unusable, or null when it is fine. */
export function teachGeometryProblem(t: TeachGeometry): string | null {
  if (!Number.isInteger(t.vaBits) || t.vaBits < 10 || t.vaBits > 32) return 'vabits must be 10..32'
  if (!Number.isInteger(t.pageBits) || t.pageBits < 8 || t.pageBits >= t.vaBits)
    return 'pagebits must be at least 8 (the flag bits 0-7 live below the address) and below vabits'
  if (!Number.isInteger(t.levels) || t.levels < 1 || t.levels > 5) return 'levels must be 1..5'
  if ((t.vaBits - t.pageBits) % t.levels !== 0)
    return 'vabits - pagebits must split evenly over the levels'
  const indexBits = (t.vaBits - t.pageBits) / t.levels
  const entryBytes = teachEntryBytes(t)
  if ((1 << indexBits) * entryBytes > 1 << t.pageBits)
    return 'a table (2^index bits entries) must fit in one page'
  return null
}

export function teachEntryBytes(t: TeachGeometry): AccessSize {
  return t.vaBits <= 16 ? 2 : 4
}

export function teachGeometry(t: TeachGeometry): Geometry {
  const indexBits = (t.vaBits - t.pageBits) / t.levels
  const levels: LevelSpec[] = []
  for (let l = t.levels; l >= 1; l--) {
    levels.push(lvl(l, `L${l}E`, BigInt(t.pageBits + (l - 1) * indexBits), BigInt(indexBits)))
  }
  return {
    mode: 'teach',
    format: 'teach',
    entryBytes: teachEntryBytes(t),
    vaBits: t.vaBits,
    canonical: false,
    pageShift: BigInt(t.pageBits),
    levels,
  }
}

export function geometryOf(mode: PagingMode, teach: TeachGeometry): Geometry {
  switch (mode) {
    case 'x86-64':
      return X86_64
    case 'la57':
      return LA57
    case 'pae':
      return PAE
    case 'x86-32':
      return X86_32
    case 'teach':
      return teachGeometry(teach)
  }
}

/** Index of `va` at one level. */
export const levelIndex = (spec: LevelSpec, va: bigint): bigint =>
  (va >> spec.shift) & ((1n << spec.indexBits) - 1n)

/** canonical(x, w): sign-extend bit w-1 to 64 bits (hw-facts §1.2). */
export function canonicalForm(va: bigint, vaBits: number): bigint {
  const w = BigInt(vaBits)
  const low = va & ((1n << w) - 1n)
  const neg = (low >> (w - 1n)) & 1n
  return neg ? low | (((1n << 64n) - 1n) ^ ((1n << w) - 1n)) : low
}

export const isCanonical = (va: bigint, vaBits: number): boolean => canonicalForm(va, vaBits) === va

/** "4K", "2M", "1G", "4M", or bytes for the teaching mode's pages. */
export function sizeLabel(bytes: bigint): string {
  if (bytes >= 1n << 30n && bytes % (1n << 30n) === 0n) return `${bytes >> 30n}G`
  if (bytes >= 1n << 20n && bytes % (1n << 20n) === 0n) return `${bytes >> 20n}M`
  if (bytes >= 1n << 10n && bytes % (1n << 10n) === 0n) return `${bytes >> 10n}K`
  return `${bytes}B`
}
