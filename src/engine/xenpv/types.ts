// Xen's view of a PV domain's memory: struct page_info per machine frame (type, type count,
// pinned, validated), the domain's base pointer, a pending multicall and the counters.
import type { Mfn } from '../core/addr.ts'

/** type_info bits 63:61 (Xen asm/mm.h, hw-facts §5.6). Only the types this model uses. */
export type PgtType = 'none' | 'l1' | 'l2' | 'l3' | 'l4' | 'writable'
export const PGT_VALUE: Record<PgtType, number> = {
  none: 0,
  l1: 1,
  l2: 2,
  l3: 3,
  l4: 4,
  writable: 7,
}
/** Xen's own names for the types. */
export const PGT_NAME: Record<PgtType, string> = {
  none: 'PGT_none',
  l1: 'PGT_l1_page_table',
  l2: 'PGT_l2_page_table',
  l3: 'PGT_l3_page_table',
  l4: 'PGT_l4_page_table',
  writable: 'PGT_writable_page',
}
export const PT_LEVEL: Readonly<Record<PgtType, number | null>> = {
  none: null,
  l1: 1,
  l2: 2,
  l3: 3,
  l4: 4,
  writable: null,
}
export const ptType = (level: number): PgtType =>
  level === 1 ? 'l1' : level === 2 ? 'l2' : level === 3 ? 'l3' : 'l4'

/** The part of struct page_info's type_info this model keeps. */
export interface PageInfo {
  readonly type: PgtType
  /** Type count: references of this type (entries that point here, pin, base pointer). */
  readonly count: number
  /** PGT_validated: every entry was checked when the page took its page-table type. */
  readonly validated: boolean
  /** PGT_pinned: MMUEXT_PIN_Ln_TABLE holds one type reference (does not nest). */
  readonly pinned: boolean
  /**
   * linear_pt_count (mm.c, CONFIG_PV_LINEAR_PT): above 0, how many read-only linear entries
   * this table holds to other tables of its level; below 0, how many such entries point at
   * it. A table is never both. Absent = 0.
   */
  readonly linear?: number
}
export const NO_PAGE_INFO: PageInfo = { type: 'none', count: 0, validated: false, pinned: false }

/** Hypercall numbers (Xen public/xen.h, hw-facts §5.6). */
export const HYPERCALL = { mmu_update: 1, multicall: 13, mmuext_op: 26 } as const
export type HypercallName = keyof typeof HYPERCALL

/** mmu_update commands: ptr & (sizeof(l1_pgentry_t) - 1) (Xen mm.c do_mmu_update). */
export const MMU_NORMAL_PT_UPDATE = 0
export const MMU_MACHPHYS_UPDATE = 1
export const MMU_PT_UPDATE_PRESERVE_AD = 2
export const MMU_PT_UPDATE_NO_TRANSLATE = 3

/** x86-64 PV: the L4 slots Xen keeps for itself (asm-x86/config.h ROOT_PAGETABLE_*_XEN_SLOT). */
export const XEN_L4_FIRST_SLOT = 256
export const XEN_L4_LAST_SLOT = 271
export const isGuestL4Slot = (slot: number): boolean =>
  slot < XEN_L4_FIRST_SLOT || slot > XEN_L4_LAST_SLOT

/** mmuext_op commands this model runs (Xen public/xen.h, hw-facts §5.6). */
export const MMUEXT = {
  pin_l1_table: 0,
  pin_l2_table: 1,
  pin_l3_table: 2,
  pin_l4_table: 3,
  unpin_table: 4,
  new_baseptr: 5,
  tlb_flush_local: 6,
  invlpg_local: 7,
} as const
export type MmuextCmd = keyof typeof MMUEXT
export const MMUEXT_CMDS = [
  'pin_l1_table',
  'pin_l2_table',
  'pin_l3_table',
  'pin_l4_table',
  'unpin_table',
  'new_baseptr',
  'tlb_flush_local',
  'invlpg_local',
] as const satisfies readonly MmuextCmd[]

/** Linux/Xen errno values the hypercalls return (negated). */
export const ERRNO = { EPERM: 1, EBUSY: 16, EINVAL: 22, ENOSYS: 38 } as const
export type ErrnoName = keyof typeof ERRNO

/** Counters of guest-to-Xen transitions and of the work they carried. */
export interface XenPvCounters {
  /** Hypercalls made: each one guest-to-Xen transition (mmu_update, mmuext_op, multicall). */
  readonly hypercalls: number
  /** Operations submitted: each mmu_update request and each mmuext op, batched or not. */
  readonly requests: number
  /** Page-table updates Xen applied. */
  readonly updates: number
  /** Requests Xen refused. */
  readonly refused: number
  /** Faults that entered Xen and were bounced to the guest (a write to a read-only table...). */
  readonly traps: number
}
export const ZERO_COUNTERS: XenPvCounters = {
  hypercalls: 0,
  requests: 0,
  updates: 0,
  refused: 0,
  traps: 0,
}
/** Transitions batching avoided: one hypercall per request would have cost `requests`. */
export const savedTransitions = (c: XenPvCounters): number => c.requests - c.hypercalls

/**
 * One mmu_update request as the guest writes it: `ptr` is the entry's machine address with the
 * command in its low bits, `val` the new entry; both raw words (Xen's u64s).
 */
export interface MmuUpdateRequest {
  readonly ptr: bigint
  readonly val: bigint
}
/** One mmuext_op entry: MFN for pin/unpin/new_baseptr, VA for invlpg_local (Xen's raw u64 arg; hypercalls.ts brands it by command). */
export interface MmuextRequest {
  readonly cmd: MmuextCmd
  readonly arg: bigint | null
}
export type PendingCall =
  | { readonly call: 'mmu_update'; readonly reqs: readonly MmuUpdateRequest[] }
  | { readonly call: 'mmuext_op'; readonly ops: readonly MmuextRequest[] }

export interface XenPvState {
  /** The PV guest's domain id (Dom0 is 0; the guest here is the first DomU). */
  readonly domid: number
  /** page_info by machine frame number; absent = PGT_none, count 0. */
  readonly pages: ReadonlyMap<Mfn, PageInfo>
  /** MFN of the table NEW_BASEPTR installed (it holds one L4 type reference), or null. */
  readonly baseMfn: Mfn | null
  /** Calls queued between `multicall begin` and `multicall end`, or null when none is open. */
  readonly multicall: readonly PendingCall[] | null
  readonly counters: XenPvCounters
  /**
   * Xen's machine-to-phys table where the guest changed it (MMU_MACHPHYS_UPDATE): MFN -> the
   * guest's pseudo-physical frame. Other frames read as the domain builder set them, the
   * inverse of the P2M (`m2pOf`).
   */
  readonly m2p: ReadonlyMap<Mfn, bigint>
}

export const initialXenPvState: XenPvState = {
  domid: 1,
  pages: new Map(),
  baseMfn: null,
  multicall: null,
  counters: ZERO_COUNTERS,
  m2p: new Map(),
}
