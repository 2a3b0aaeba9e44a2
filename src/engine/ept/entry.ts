// EPT pointer and EPT entry formats with their architectural bit positions (hw-facts §2.1,
// §2.2; Linux arch/x86/include/asm/vmx.h VMX_EPTP_*, VMX_EPT_*).
import { type Gpa, type Hpa, hpa as toHpa } from '../core/addr.ts'
import { bits } from '../paging/entry.ts'

// EPTP (VMCS field 0x201A), hw-facts §2.1.
export const VMX_EPTP_MT_MASK = 0x7n
export const VMX_EPTP_MT_UC = 0x0n
export const VMX_EPTP_MT_WB = 0x6n
export const VMX_EPTP_PWL_MASK = 0x38n
export const VMX_EPTP_PWL_4 = 0x18n
export const VMX_EPTP_PWL_5 = 0x20n
export const VMX_EPTP_AD_ENABLE_BIT = 1n << 6n

// EPT entry bits, hw-facts §2.2.
export const VMX_EPT_READABLE_MASK = 1n << 0n
export const VMX_EPT_WRITABLE_MASK = 1n << 1n
export const VMX_EPT_EXECUTABLE_MASK = 1n << 2n
export const VMX_EPT_RWX_MASK = 0x7n
export const VMX_EPT_MT_EPTE_SHIFT = 3n
export const VMX_EPT_MT_MASK = 0x7n << 3n
export const VMX_EPT_IPAT_BIT = 1n << 6n
export const EPT_LARGE_PAGE = 1n << 7n
export const VMX_EPT_ACCESS_BIT = 1n << 8n
export const VMX_EPT_DIRTY_BIT = 1n << 9n
export const VMX_EPT_SUPPRESS_VE_BIT = 1n << 63n

/** EPT memory types (hw-facts §2.2): 2, 3 and 7 are reserved. */
export const EPT_MEMORY_TYPES: Readonly<Record<number, string>> = {
  0: 'UC',
  1: 'WC',
  4: 'WT',
  5: 'WP',
  6: 'WB',
}

export interface Eptp {
  readonly raw: bigint
  /** Bits 2:0: memory type of EPT paging-structure accesses. */
  readonly memoryType: number
  /** Bits 5:3 plus 1: 4 or 5. */
  readonly levels: number
  /** Bit 6. */
  readonly adEnabled: boolean
  /** Bits (N-1):12: the host-physical address of the EPT PML4 (or PML5) table. */
  readonly root: Hpa
}

export function encodeEptp(root: Hpa, levels: 4 | 5, adEnabled: boolean, memoryType = 6): bigint {
  return (
    root |
    (adEnabled ? VMX_EPTP_AD_ENABLE_BIT : 0n) |
    (BigInt(levels - 1) << 3n) |
    BigInt(memoryType)
  )
}

export function decodeEptp(raw: bigint, maxPhyAddr: number): Eptp {
  return {
    raw,
    memoryType: Number(raw & VMX_EPTP_MT_MASK),
    levels: Number((raw & VMX_EPTP_PWL_MASK) >> 3n) + 1,
    adEnabled: (raw & VMX_EPTP_AD_ENABLE_BIT) !== 0n,
    root: toHpa(raw & bits(maxPhyAddr - 1, 12)),
  }
}

/** Why an EPTP value is not valid (the VM-entry control check, SDM3 §26.2.1.1), or null. */
export function eptpProblem(raw: bigint, maxPhyAddr: number): string | null {
  const mt = raw & VMX_EPTP_MT_MASK
  if (mt !== VMX_EPTP_MT_UC && mt !== VMX_EPTP_MT_WB)
    return `memory type ${mt} (bits 2:0 must be 0 UC or 6 WB)`
  const pwl = raw & VMX_EPTP_PWL_MASK
  if (pwl !== VMX_EPTP_PWL_4 && pwl !== VMX_EPTP_PWL_5)
    return `page-walk length ${(pwl >> 3n) + 1n} (bits 5:3 must say 4 or 5 levels)`
  if ((raw & bits(11, 7)) !== 0n) return 'bits 11:7 are reserved'
  if ((raw & bits(63, maxPhyAddr)) !== 0n) return `bits 63:${maxPhyAddr} are reserved`
  return null
}

/** One EPT level: level 5 (PML5) down to 1 (PT); the GPA index is 9 bits at `shift`. */
export interface EptLevel {
  readonly level: number
  readonly name: string
  readonly shift: bigint
  /** Bytes a leaf at this level maps when bit 7 = 1 (PDPTE 1 GiB, PDE 2 MiB), else null. */
  readonly largePage: bigint | null
}

// GPA index bits: PML5 56:48 (DERIVED, hw-facts §2.2), PML4 47:39, PDPT 38:30, PD 29:21, PT 20:12.
export const EPT_LEVELS: readonly EptLevel[] = [
  { level: 5, name: 'EPT PML5E', shift: 48n, largePage: null },
  { level: 4, name: 'EPT PML4E', shift: 39n, largePage: null },
  { level: 3, name: 'EPT PDPTE', shift: 30n, largePage: 1n << 30n },
  { level: 2, name: 'EPT PDE', shift: 21n, largePage: 1n << 21n },
  { level: 1, name: 'EPT PTE', shift: 12n, largePage: null },
]

export const eptLevels = (levels: number): readonly EptLevel[] =>
  EPT_LEVELS.slice(EPT_LEVELS.length - levels)

export const eptIndex = (l: EptLevel, gpa: Gpa): bigint => (gpa >> l.shift) & 0x1ffn

/** Decoded EPT entry, for events, panels and narration. */
export interface EptEntryFlags {
  readonly r: boolean
  readonly w: boolean
  readonly x: boolean
  /** Bits 5:3 (meaningful in leaves only). */
  readonly memoryType: number
  readonly ipat: boolean
  /** Bit 7 at PDPTE/PDE level: this entry maps a 1 GiB / 2 MiB page. */
  readonly large: boolean
  readonly a: boolean
  readonly d: boolean
  readonly present: boolean
  readonly leaf: boolean
  /** Next table, or the page frame (aligned to its size): EPT entries hold host-physical addresses. */
  readonly addr: Hpa
}

export function decodeEptEntry(l: EptLevel, raw: bigint, maxPhyAddr: number): EptEntryFlags {
  const bit = (m: bigint): boolean => (raw & m) !== 0n
  const large = l.largePage !== null && bit(EPT_LARGE_PAGE)
  const leaf = l.level === 1 || large
  const addr = raw & bits(maxPhyAddr - 1, 12)
  return {
    r: bit(VMX_EPT_READABLE_MASK),
    w: bit(VMX_EPT_WRITABLE_MASK),
    x: bit(VMX_EPT_EXECUTABLE_MASK),
    memoryType: Number((raw & VMX_EPT_MT_MASK) >> VMX_EPT_MT_EPTE_SHIFT),
    ipat: bit(VMX_EPT_IPAT_BIT),
    large,
    a: bit(VMX_EPT_ACCESS_BIT),
    d: bit(VMX_EPT_DIRTY_BIT),
    present: (raw & VMX_EPT_RWX_MASK) !== 0n,
    leaf,
    addr: toHpa(large && l.largePage !== null ? addr & ~(l.largePage - 1n) : addr),
  }
}

/**
 * Reserved bits of a present EPT entry (SDM3 §28.2.3.1, Tables 28-1..28-6; hw-facts §2.2):
 * 51:N everywhere; 7:3 in PML5E/PML4E and in a PDPTE that references a table; 6:3 in a PDE
 * that references a table; the low address bits of a 1 GiB (29:12) or 2 MiB (20:12) page.
 */
export function eptReservedMask(l: EptLevel, raw: bigint, maxPhyAddr: number): bigint {
  let mask = bits(51, maxPhyAddr)
  const large = l.largePage !== null && (raw & EPT_LARGE_PAGE) !== 0n
  if (l.level >= 4) mask |= bits(7, 3)
  else if (l.level === 3 && !large) mask |= bits(7, 3)
  else if (l.level === 2 && !large) mask |= bits(6, 3)
  if (large && l.largePage !== null) mask |= bits(Number(bitLength(l.largePage)) - 2, 12)
  return mask
}

const bitLength = (v: bigint): bigint => BigInt(v.toString(2).length)

export type MisconfigWhy =
  'write-only' | 'write-execute' | 'execute-only' | 'reserved-bit' | 'memory-type'

/**
 * EPT misconfiguration of a present entry (hw-facts §2.3, checked in this order), or null.
 * `execOnly` is IA32_VMX_EPT_VPID_CAP bit 0.
 */
export function eptMisconfig(
  l: EptLevel,
  raw: bigint,
  maxPhyAddr: number,
  execOnly: boolean,
): MisconfigWhy | null {
  const rwx = raw & VMX_EPT_RWX_MASK
  if (rwx === 0b010n) return 'write-only'
  if (rwx === 0b110n) return 'write-execute'
  if (rwx === 0b100n && !execOnly) return 'execute-only'
  if ((raw & eptReservedMask(l, raw, maxPhyAddr)) !== 0n) return 'reserved-bit'
  const f = decodeEptEntry(l, raw, maxPhyAddr)
  if (f.leaf && EPT_MEMORY_TYPES[f.memoryType] === undefined) return 'memory-type'
  return null
}

/** What `host map` writes: a leaf with the given rights, memory type WB (6). */
export function encodeEptLeaf(
  hpa: Hpa,
  r: boolean,
  w: boolean,
  x: boolean,
  large: boolean,
): bigint {
  return (
    hpa |
    (r ? VMX_EPT_READABLE_MASK : 0n) |
    (w ? VMX_EPT_WRITABLE_MASK : 0n) |
    (x ? VMX_EPT_EXECUTABLE_MASK : 0n) |
    (VMX_EPTP_MT_WB << VMX_EPT_MT_EPTE_SHIFT) |
    (large ? EPT_LARGE_PAGE : 0n)
  )
}

/** Non-leaf entries allow everything (R|W|X): the leaf then decides, as KVM's TDP MMU does. */
export const encodeEptTable = (hpa: Hpa): bigint => hpa | VMX_EPT_RWX_MASK
