import type { Gpa } from '../core/addr.ts'
import type { LinearTlbEntry } from '../core/tlb.ts'
import type { FrameAllocator } from '../memory/alloc.ts'
import type { AccessSize, PhysMem } from '../memory/phys.ts'

/** `x86-32` 2-level, `pae` 3-level, `x86-64` 4-level (default), `la57` 5-level, `teach` reduced. */
export type PagingMode = 'x86-32' | 'pae' | 'x86-64' | 'la57' | 'teach'
export const PAGING_MODES = ['x86-32', 'pae', 'x86-64', 'la57', 'teach'] as const

/** Page sizes the `map` operation can ask for; `null` = the mode's smallest page. */
export type PageSizeName = '4K' | '2M' | '1G' | '4M'
export const PAGE_SIZE_BYTES: Record<PageSizeName, bigint> = {
  '4K': 1n << 12n,
  '2M': 1n << 21n,
  '1G': 1n << 30n,
  '4M': 1n << 22n,
}

/**
 * Geometry of the teaching mode. Not a real x86 mode: a blackboard-sized walk.
 * - linear and physical addresses are `vaBits` wide;
 * - a page is 2^pageBits bytes (the offset is the low `pageBits` bits);
 * - the remaining vaBits - pageBits bits are split evenly over `levels` levels;
 * - an entry is the smallest of 2, 4 or 8 bytes that holds a vaBits-wide address; its low
 *   8 bits are the x86 flags at their x86 positions (P 0, R/W 1, U/S 2, PWT 3, PCD 4, A 5,
 *   D 6, bit 7 ignored), bits vaBits-1:pageBits hold the page-aligned physical address of
 *   the next table or page (as x86 does with bits M-1:12);
 * - no large pages, no G, no XD, no reserved bits; each table holds 2^indexBits entries and
 *   sits at the start of a page.
 * Default: 16-bit addresses, 2 levels, 256-byte pages, so each level has 4 index bits
 * (one hex digit): VA 0x3a7c = index 3, index 0xa, offset 0x7c.
 */
export interface TeachGeometry {
  readonly vaBits: number
  readonly levels: number
  readonly pageBits: number
}
export const DEFAULT_TEACH: TeachGeometry = { vaBits: 16, levels: 2, pageBits: 8 }

/** One level of a walk, root first. `level` counts down to 1 for the table of smallest pages. */
export interface LevelSpec {
  readonly level: number
  readonly name: string
  /** Linear-address bit where this level's index starts. */
  readonly shift: bigint
  readonly indexBits: bigint
  /** Bytes one entry maps when PS=1 is a page-size bit here; null where it is not. */
  readonly largePage: bigint | null
  /** PS must be 0 here (PML5E, PML4E): a reserved bit (hw-facts §1.3). */
  readonly psReserved: boolean
}

/** Entry format: 64-bit long mode, 64-bit PAE, 32-bit legacy, or the teaching format. */
export type EntryFormat = 'long' | 'pae' | 'legacy32' | 'teach'

export interface Geometry {
  readonly mode: PagingMode
  readonly format: EntryFormat
  readonly entryBytes: AccessSize
  readonly vaBits: number
  /** Linear addresses must be canonical (sign-extended from bit vaBits-1). */
  readonly canonical: boolean
  readonly pageShift: bigint
  readonly levels: readonly LevelSpec[]
}

/** Control-register bits the walk and the TLB read (hw-facts §1.3 for their positions). */
export interface PagingControl {
  /** CR0 bit 16 */
  readonly cr0Wp: boolean
  /** EFER bit 11 */
  readonly eferNxe: boolean
  /** CR4 bit 4 */
  readonly cr4Pse: boolean
  /** CR4 bit 7 */
  readonly cr4Pge: boolean
  /** CR4 bit 17 */
  readonly cr4Pcide: boolean
  /** CR4 bit 20 */
  readonly cr4Smep: boolean
  /** CR4 bit 21 */
  readonly cr4Smap: boolean
  /** EFLAGS bit 18: with SMAP, lets the kernel touch user pages (STAC/CLAC). */
  readonly eflagsAc: boolean
  /** CR4 bit 22: protection keys for user-mode addresses (4- and 5-level paging only). */
  readonly cr4Pke: boolean
  /**
   * PKRU, the 32-bit protection-key rights register (WRPKRU): for key k, bit 2k is AD
   * (access disable) and bit 2k+1 WD (write disable). SDM3 §4.6.2; hw-facts §1.4.
   */
  readonly pkru: number
}

export type ControlBit =
  | 'cr0.wp'
  | 'efer.nxe'
  | 'cr4.pse'
  | 'cr4.pge'
  | 'cr4.pcide'
  | 'cr4.smep'
  | 'cr4.smap'
  | 'eflags.ac'
  | 'cr4.pke'
export const CONTROL_BITS = [
  'cr0.wp',
  'efer.nxe',
  'cr4.pse',
  'cr4.pge',
  'cr4.pcide',
  'cr4.smep',
  'cr4.smap',
  'eflags.ac',
  'cr4.pke',
] as const satisfies readonly ControlBit[]

/** The on/off fields of PagingControl (PKRU is a register value, not a bit). */
export type ControlFlag = {
  [K in keyof PagingControl]: PagingControl[K] extends boolean ? K : never
}[keyof PagingControl]

export const CONTROL_FIELD: Record<ControlBit, ControlFlag> = {
  'cr0.wp': 'cr0Wp',
  'efer.nxe': 'eferNxe',
  'cr4.pse': 'cr4Pse',
  'cr4.pge': 'cr4Pge',
  'cr4.pcide': 'cr4Pcide',
  'cr4.smep': 'cr4Smep',
  'cr4.smap': 'cr4Smap',
  'eflags.ac': 'eflagsAc',
  'cr4.pke': 'cr4Pke',
}

export type AccessIntent = 'read' | 'write' | 'fetch'
export type AccessMode = 'user' | 'kernel'

/** A PAE PDPTE register: the value MOV to CR3 read from memory, and where it came from. */
export interface PdpteRegister {
  readonly addr: Gpa
  readonly raw: bigint
}

export type TlbPolicy = 'lru' | 'fifo'

/** One cached native translation: the shared linear entry (core/tlb.ts) and its frame. */
export interface TlbEntry extends LinearTlbEntry {
  /** Physical address of the page start. */
  readonly pa: Gpa
  /** The leaf's protection key: cached with the translation, checked against PKRU at use. */
  readonly pkey: number
}

export interface Tlb {
  readonly capacity: number
  readonly policy: TlbPolicy
  readonly entries: readonly TlbEntry[]
  readonly clock: number
}

export interface PagingState {
  readonly mode: PagingMode
  readonly teach: TeachGeometry
  /** MAXPHYADDR in bits (52 = the architectural maximum, hw-facts §1.3). */
  readonly maxPhyAddr: number
  readonly control: PagingControl
  /** CR3 as loaded (bit 63 never stored), or null before the first load. */
  readonly cr3: bigint | null
  /** PAE only: the four PDPTE registers loaded by the last MOV to CR3. */
  readonly pdptes: readonly PdpteRegister[] | null
  readonly mem: PhysMem
  /** Where the table-frame allocator starts in the 4 KiB modes (configurable). */
  readonly allocBase: Gpa
  readonly alloc: FrameAllocator
  readonly tlb: Tlb
}
