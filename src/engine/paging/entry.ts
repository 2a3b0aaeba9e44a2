import { type Gpa, gpa } from '../core/addr.ts'
import type { EntryFormat, Geometry, LevelSpec, PagingControl } from './types.ts'

// Paging-structure entry bits (hw-facts §1.3; Linux pgtable_types.h _PAGE_BIT_*).
export const PTE_P = 1n << 0n
export const PTE_RW = 1n << 1n
export const PTE_US = 1n << 2n
export const PTE_PWT = 1n << 3n
export const PTE_PCD = 1n << 4n
export const PTE_A = 1n << 5n
export const PTE_D = 1n << 6n
/** Bit 7: PS in a PDPTE/PDE (and PML4E/PML5E, where it is reserved); PAT in a 4 KiB PTE. */
export const PTE_PS = 1n << 7n
export const PTE_PAT_4K = 1n << 7n
export const PTE_G = 1n << 8n
/** Bit 12: PAT in an entry that maps a 2 MiB / 1 GiB (or 4 MiB) page. */
export const PTE_PAT_LARGE = 1n << 12n
export const PTE_PKEY_SHIFT = 59n
export const PTE_PKEY_MASK = 0xfn << 59n
export const PTE_XD = 1n << 63n

/** Bits hi:lo set (inclusive); empty when hi < lo. */
export const bits = (hi: number, lo: number): bigint =>
  hi < lo ? 0n : ((1n << BigInt(hi - lo + 1)) - 1n) << BigInt(lo)

/** Decoded view of one entry, for events, panels and narration. */
export interface EntryFlags {
  readonly p: boolean
  readonly rw: boolean
  readonly us: boolean
  readonly pwt: boolean
  readonly pcd: boolean
  readonly a: boolean
  /** Only meaningful in an entry that maps a page. */
  readonly d: boolean
  /** Bit 7 read as PS (non-PTE levels); false in a PTE, where bit 7 is PAT. */
  readonly ps: boolean
  /** Only meaningful in an entry that maps a page. */
  readonly g: boolean
  /** PAT bit: bit 7 in a 4 KiB PTE, bit 12 in a large-page entry. */
  readonly pat: boolean
  /** Protection key, bits 62:59 (4-/5-level only; 0 elsewhere). */
  readonly pkey: number
  readonly xd: boolean
  /** This entry maps a page (PTE, or PS=1 where PS selects a page size). */
  readonly leaf: boolean
  /** Physical address of the next table or of the page (page-size aligned for leaves). */
  readonly addr: Gpa
}

export const hasXd = (f: EntryFormat): boolean => f === 'long' || f === 'pae'

export interface DecodeContext {
  readonly geometry: Geometry
  readonly maxPhyAddr: number
  readonly control: PagingControl
}

/** Does PS=1 at this level select a large page? (32-bit needs CR4.PSE; hw-facts §1.1.) */
export function psMapsPage(ctx: DecodeContext, spec: LevelSpec, raw: bigint): boolean {
  if (spec.largePage === null || (raw & PTE_PS) === 0n) return false
  if (ctx.geometry.format === 'legacy32') return ctx.control.cr4Pse
  return ctx.geometry.format !== 'teach'
}

/** 32-bit 4 MiB pages: PDE bits 20:13 give physical bits 39:32, capped by MAXPHYADDR. */
const pse36Width = (maxPhyAddr: number): number => Math.max(0, Math.min(maxPhyAddr, 40) - 32)

export function entryAddress(ctx: DecodeContext, spec: LevelSpec, raw: bigint): Gpa {
  return gpa(entryAddressBits(ctx, spec, raw))
}

function entryAddressBits(ctx: DecodeContext, spec: LevelSpec, raw: bigint): bigint {
  const g = ctx.geometry
  const leafLarge = psMapsPage(ctx, spec, raw)
  switch (g.format) {
    case 'legacy32':
      if (leafLarge) {
        const w = pse36Width(ctx.maxPhyAddr)
        return (raw & 0xffc00000n) | (((raw >> 13n) & ((1n << BigInt(w)) - 1n)) << 32n)
      }
      return raw & 0xfffff000n
    case 'teach':
      return raw & bits(g.vaBits - 1, Number(g.pageShift))
    case 'long':
    case 'pae': {
      const addr = raw & bits(ctx.maxPhyAddr - 1, 12)
      return leafLarge && spec.largePage !== null ? addr & ~(spec.largePage - 1n) : addr
    }
  }
}

export function decodeEntry(ctx: DecodeContext, spec: LevelSpec, raw: bigint): EntryFlags {
  const f = ctx.geometry.format
  const leafLarge = psMapsPage(ctx, spec, raw)
  const leaf = spec.level === 1 || leafLarge
  const bit = (m: bigint): boolean => (raw & m) !== 0n
  const teach = f === 'teach'
  return {
    p: bit(PTE_P),
    rw: bit(PTE_RW),
    us: bit(PTE_US),
    pwt: bit(PTE_PWT),
    pcd: bit(PTE_PCD),
    a: bit(PTE_A),
    d: bit(PTE_D),
    ps: spec.level !== 1 && bit(PTE_PS),
    g: !teach && bit(PTE_G),
    pat: teach ? false : spec.level === 1 ? bit(PTE_PAT_4K) : leafLarge && bit(PTE_PAT_LARGE),
    pkey: f === 'long' ? Number((raw & PTE_PKEY_MASK) >> PTE_PKEY_SHIFT) : 0,
    xd: hasXd(f) && bit(PTE_XD),
    leaf,
    addr: entryAddress(ctx, spec, raw),
  }
}

/**
 * Reserved bits of a present entry at this level (hw-facts §1.3; QEMU mmu_translate's
 * rsvd_mask). A present entry with any of them set causes #PF with P|RSVD.
 */
export function reservedMask(ctx: DecodeContext, spec: LevelSpec, raw: bigint): bigint {
  const { geometry: g, maxPhyAddr: m, control } = ctx
  const leafLarge = psMapsPage(ctx, spec, raw)
  switch (g.format) {
    case 'teach':
      return 0n
    case 'legacy32': {
      // Only a 4 MiB PDE has reserved bits: bit 21, and bits above the PSE-36 width.
      if (!leafLarge) return 0n
      return bits(21, 13 + pse36Width(m))
    }
    case 'long':
    case 'pae': {
      let mask = bits(51, m)
      // PAE has no protection keys: bits 62:52 are reserved there (QEMU PG_HI_USER_MASK).
      if (g.format === 'pae') mask |= bits(62, 52)
      if (!control.eferNxe) mask |= PTE_XD
      if (spec.psReserved) mask |= PTE_PS
      // Low address bits of a large page must be 0, except bit 12 (its PAT bit).
      if (leafLarge && spec.largePage !== null) mask |= (spec.largePage - 1n) & bits(51, 13)
      return mask
    }
  }
}

/**
 * PAE PDPTE register format (SDM3 §4.4.1, Table 4-8): P 0, PWT 3, PCD 4, address (M-1):12;
 * bits 2:1, 8:5 and 63:M reserved. There is no R/W, U/S, A or XD in a PDPTE.
 */
export const paePdpteReserved = (maxPhyAddr: number): bigint =>
  bits(2, 1) | bits(8, 5) | bits(63, maxPhyAddr)

/** What `map` writes: the address plus the flags an OS would set. */
export interface EntrySpec {
  readonly addr: Gpa
  readonly rw: boolean
  readonly us: boolean
  readonly g?: boolean
  readonly xd?: boolean
  /** Large page (sets PS). */
  readonly ps?: boolean
  /** Protection key, bits 62:59 (4- and 5-level paging only). */
  readonly pkey?: number
}

export function encodeEntry(format: EntryFormat, e: EntrySpec): bigint {
  let raw = PTE_P
  if (e.rw) raw |= PTE_RW
  if (e.us) raw |= PTE_US
  if (e.g) raw |= PTE_G
  if (e.ps) raw |= PTE_PS
  if (e.xd && hasXd(format)) raw |= PTE_XD
  if (e.pkey && format === 'long') raw |= (BigInt(e.pkey) << PTE_PKEY_SHIFT) & PTE_PKEY_MASK
  if (format === 'legacy32' && e.ps) {
    // 4 MiB page: bits 31:22 of the address in place, bits 39:32 in PDE bits 20:13.
    return raw | (e.addr & 0xffc00000n) | (((e.addr >> 32n) & 0xffn) << 13n)
  }
  return raw | e.addr
}
