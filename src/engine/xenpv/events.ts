import type { Gva, Hpa, Mfn } from '../core/addr.ts'
import type { KindSet } from '../core/module.ts'
import type { AccessSize } from '../memory/phys.ts'
import type { PagingOutcome, PagingPageFault } from '../paging/events.ts'
import type { AccessIntent, AccessMode } from '../paging/types.ts'
import type { XenPvCitationId } from './cite.ts'
import type {
  ErrnoName,
  HypercallName,
  MmuextCmd,
  PageInfo,
  PendingCall,
  PgtType,
  XenPvCounters,
} from './types.ts'

/**
 * The checks Xen makes on one request, in the order it makes them (mm.c do_mmu_update,
 * mod_lN_entry, get_page_from_lNe, do_mmuext_op).
 */
export type XenPvRule =
  /** ptr's low bits name a command Xen knows. */
  | 'command'
  /** The page holding the entry (ptr) belongs to the domain. */
  | 'ptr-owner'
  /** The type of that page picks the check: an Ln page-table entry, or a plain write. */
  | 'page-type'
  /** An L4 update leaves Xen's own slots alone (256-271 on x86-64 PV: is_guest_l4_slot). */
  | 'guest-slot'
  /** The new entry sets only flags allowed at its level. */
  | 'flags'
  /** The frame the entry (or the mmuext op) names belongs to the domain. */
  | 'target-owner'
  /** That frame can take the type the entry needs (L1 RW -> writable, Ln -> L(n-1) table). */
  | 'target-type'
  /**
   * Accepted as a read-only linear page table instead (mm.c get_lN_linear_pagetable): the
   * entry maps its own table, or an already-validated table of the same level.
   */
  | 'linear'
  /** Pins do not nest; unpin needs a pin. */
  | 'pinned'

export interface XenPvCheck {
  readonly rule: XenPvRule
  readonly ok: boolean
}

/** Where a refusal happened while a table was being validated (outermost first). */
export interface ValidationFrame {
  readonly mfn: Mfn
  readonly level: number
  readonly index: number
}

export interface XenPvRefusal {
  readonly rule: XenPvRule
  /** The hypercall's return value: a negative errno. */
  readonly rc: number
  readonly errno: ErrnoName
  /** The frame the failing check looked at. */
  readonly mfn: Mfn
  /** target-type: the type the frame has (and its count) and the type that was needed. */
  readonly has: PgtType | null
  readonly hasCount: number
  readonly needs: PgtType | null
  /** flags: the disallowed bits that were set. */
  readonly bits: bigint
  /** pinned: whether the frame was already pinned. */
  readonly wasPinned: boolean
  /** guest-slot: the L4 slot (entry index) the update tried to write. */
  readonly slot: number | null
  /** Non-empty when the failure came from validating a table that was taking its type. */
  readonly within: readonly ValidationFrame[]
}

export interface PageChange {
  readonly mfn: Mfn
  readonly before: PageInfo
  readonly after: PageInfo
}

export type XenPvVerdict = 'applied' | 'refused' | 'not-attempted'

/** One request's outcome inside a hypercall's result. */
export interface XenPvResult {
  /** Multicall entry it belonged to, or null for a hypercall of its own. */
  readonly entry: number | null
  readonly what: 'update' | 'mmuext'
  readonly index: number
  readonly verdict: XenPvVerdict
  readonly rc: number
  readonly rule: XenPvRule | null
}

/** One multicall entry's return value (HYPERVISOR_multicall stores it in entry.result). */
export interface MulticallEntryResult {
  readonly entry: number
  readonly call: Exclude<HypercallName, 'multicall'>
  readonly number: number
  readonly count: number
  readonly done: number
  readonly rc: number
}

/** A walk of the PV guest's own tables: what it reaches is a machine address. */
export type XenPvOutcome =
  | { readonly result: 'ok'; readonly pa: Hpa; readonly pageBytes: bigint }
  | Extract<PagingOutcome, { readonly result: 'fault' }>

/** One entry the walk read, at its machine address. */
export interface MachineRef {
  readonly level: number
  readonly addr: Hpa
}

export type XenPvEvent =
  /** Xen checks one mmu_update request and applies or refuses it. */
  | {
      readonly kind: 'xenpv.update'
      readonly entry: number | null
      readonly index: number
      readonly ptr: bigint
      readonly val: bigint
      /** ptr & 7: MMU_NORMAL_PT_UPDATE 0, MMU_PT_UPDATE_PRESERVE_AD 2... */
      readonly cmd: number
      /** Machine address of the entry (ptr without the command bits). */
      readonly entryMa: Hpa
      /** Type of the page holding the entry when Xen looked, and its level (null: not a table). */
      readonly pageType: PgtType
      readonly level: number | null
      readonly old: bigint
      /** What is in memory afterwards (old when refused or not attempted). */
      readonly now: bigint
      readonly checks: readonly XenPvCheck[]
      readonly verdict: XenPvVerdict
      readonly refusal: XenPvRefusal | null
      readonly changes: readonly PageChange[]
      readonly cite: XenPvCitationId
    }
  /**
   * One MMU_MACHPHYS_UPDATE request: Xen sets its machine-to-phys entry for the frame `ptr`
   * names to the pseudo-physical frame `val`, if the frame is the domain's.
   */
  | {
      readonly kind: 'xenpv.m2p'
      readonly entry: number | null
      readonly index: number
      readonly ptr: bigint
      readonly val: bigint
      /** ptr >> 12: the machine frame whose M2P entry changes. */
      readonly mfn: Mfn
      /** The M2P entry before and after (null: the frame has none, it is not the domain's). */
      readonly old: bigint | null
      readonly now: bigint | null
      readonly checks: readonly XenPvCheck[]
      readonly verdict: XenPvVerdict
      readonly refusal: XenPvRefusal | null
      readonly cite: XenPvCitationId
    }
  /** Xen runs one mmuext_op command. */
  | {
      readonly kind: 'xenpv.mmuext'
      readonly entry: number | null
      readonly index: number
      readonly cmd: MmuextCmd
      readonly number: number
      readonly arg: bigint | null
      readonly checks: readonly XenPvCheck[]
      readonly verdict: XenPvVerdict
      readonly refusal: XenPvRefusal | null
      readonly changes: readonly PageChange[]
      /** new_baseptr: the root before and after. */
      readonly baseBefore: Mfn | null
      readonly baseAfter: Mfn | null
      readonly cite: XenPvCitationId
    }
  /** One guest-to-Xen transition carried a hypercall; its return value and the counters. */
  | {
      readonly kind: 'xenpv.hypercall'
      readonly call: HypercallName
      readonly number: number
      /** Requests (mmu_update, mmuext_op) or entries (multicall) passed. */
      readonly count: number
      /** mmu_update/mmuext_op: requests applied before the first failure (the `done` output). */
      readonly done: number
      readonly rc: number
      readonly errno: ErrnoName | null
      readonly results: readonly XenPvResult[]
      readonly entries: readonly MulticallEntryResult[]
      readonly counters: XenPvCounters
      readonly cite: XenPvCitationId
    }
  | { readonly kind: 'xenpv.multicall-begin'; readonly cite: XenPvCitationId }
  /** A call is written into the multicall list; nothing reaches Xen yet. */
  | {
      readonly kind: 'xenpv.multicall-queue'
      readonly entry: number
      readonly call: PendingCall
      readonly cite: XenPvCitationId
    }
  /**
   * The guest stores straight into one of its page-table pages. Every mapping of it is
   * read-only, so the store faults into Xen. An L1 table's store is emulated after the checks
   * of an L1 update ("writable page tables", XEN-ptwr); anything else goes back to the guest
   * as the #PF.
   */
  | {
      readonly kind: 'xenpv.direct-write'
      readonly addr: Hpa
      readonly size: AccessSize
      readonly value: bigint
      readonly mfn: Mfn
      readonly pageType: PgtType
      readonly typeCount: number
      /** The read-only mapping the store went through. */
      readonly va: Gva
      /** The #PF the store raised (it enters Xen first). */
      readonly fault: PagingPageFault
      /**
       * emulated: Xen checked and wrote the entry, the guest continues; refused: the new entry
       * failed a check; unaligned: not a naturally aligned store; not-l1: only L1 tables are
       * emulated. In the last three the #PF is delivered to the guest.
       */
      readonly ptwr: 'emulated' | 'refused' | 'unaligned' | 'not-l1'
      /** The 8-byte entry the store falls in, its value before and after. */
      readonly entryMa: Hpa
      readonly old: bigint
      readonly now: bigint
      readonly checks: readonly XenPvCheck[]
      readonly refusal: XenPvRefusal | null
      readonly changes: readonly PageChange[]
      readonly counters: XenPvCounters
      readonly cite: XenPvCitationId
    }
  /** An access (or translate) through the guest's own tables, which hold machine addresses. */
  | {
      readonly kind: 'xenpv.access'
      readonly translate: boolean
      readonly va: Gva
      readonly intent: AccessIntent
      readonly mode: AccessMode
      readonly outcome: XenPvOutcome
      readonly tlb: 'hit' | 'miss' | null
      readonly refs: readonly MachineRef[]
      /** A fault entered Xen first and was bounced to the guest. */
      readonly trapped: boolean
      readonly counters: XenPvCounters
      readonly cite: XenPvCitationId
    }
  /** `map` under xen-pv: what the guest kernel asked Xen to do. */
  | {
      readonly kind: 'xenpv.map'
      readonly va: Gva
      readonly ma: Hpa
      readonly leafVal: bigint
      readonly newTables: readonly Hpa[]
      readonly hypercalls: number
      readonly ok: boolean
      readonly cite: XenPvCitationId
    }

export type XenPvEventKind = XenPvEvent['kind']

/** Every event kind, listed once: the module descriptor and the routing read it. */
export const XENPV_EVENT_KINDS = {
  'xenpv.update': true,
  'xenpv.m2p': true,
  'xenpv.mmuext': true,
  'xenpv.hypercall': true,
  'xenpv.multicall-begin': true,
  'xenpv.multicall-queue': true,
  'xenpv.direct-write': true,
  'xenpv.access': true,
  'xenpv.map': true,
} as const satisfies KindSet<XenPvEvent['kind']>
