import type { Gpa, Gva, Hpa } from '../core/addr.ts'
import type { KindSet } from '../core/module.ts'
import type { EntryFlags } from '../paging/entry.ts'
import type { PagingGeneralProtection, PagingPageFault } from '../paging/events.ts'
import type { AccessIntent, AccessMode } from '../paging/types.ts'
import type { EptCitationId } from './cite.ts'
import type { EptEntryFlags, MisconfigWhy } from './entry.ts'
import type { EptTlbEntry } from './types.ts'
import type { HostPageSize } from '../virt/ops.ts'
import type { BasicExit } from '../vmx/exitReasons.ts'

/** One memory reference of a nested walk, as CONSOLE.md's `refs` lists them. */
export interface EptRefSummary {
  readonly kind: 'guest' | 'nested'
  readonly level: number
  /** Host-physical address of the entry read. */
  readonly addr: Hpa
}

export interface EptPerms {
  readonly r: boolean
  readonly w: boolean
  readonly x: boolean
}

/** A VM exit the walk caused (exit reasons 48 and 49, hw-facts §2.3, §2.4). */
export type EptExit = BasicExit<'EPT_VIOLATION' | 'EPT_MISCONFIG'> & {
  /** Exit qualification (0 for a misconfiguration, which defines none). */
  readonly qualification: bigint
  /** Guest-physical address field (VMCS 0x2400). */
  readonly gpa: Gpa
  /** Guest-linear address field (VMCS 0x640A) when valid. */
  readonly gla: Gva | null
}

export type EptOutcome =
  | {
      readonly result: 'ok'
      readonly hpa: Hpa
      readonly gpa: Gpa
      /** Size of the combined mapping (the smaller page of the two dimensions). */
      readonly pageBytes: bigint
    }
  | { readonly result: 'fault'; readonly fault: PagingPageFault | PagingGeneralProtection }
  | { readonly result: 'exit'; readonly exit: EptExit }

export type EptTlbFlushReason =
  | 'guest-cr3'
  | 'guest-invlpg'
  | 'guest-flush'
  | 'guest-cr4'
  | 'guest-mode'
  | 'guest-page-fault'
  | 'ept-violation'
  | 'vm-transition'
  | 'invept'
  | 'invvpid'
  | 'resize'
  | 'caches-off'

/**
 * Where a reference sits in the 2-D grid: `row` is the guest level whose entry is being
 * located (5..1), or 0 for the final data GPA (hw-facts §3.2 table, rows gL4..gL1 then gPA).
 */
interface GridPlace {
  /** 1-based position among the walk's memory references. */
  readonly n: number
  readonly row: number
  readonly va: Gva
}

export type EptEvent =
  | {
      readonly kind: 'ept.eptp'
      readonly raw: bigint
      readonly root: Hpa
      readonly levels: number
      readonly ad: boolean
      readonly memoryType: number
      readonly previous: bigint | null
      readonly cite: EptCitationId
    }
  | {
      readonly kind: 'ept.vpid'
      readonly vpid: number
      readonly previous: number
      readonly cite: EptCitationId
    }
  | { readonly kind: 'ept.cap'; readonly execOnly: boolean; readonly cite: EptCitationId }
  /** `host map` took a zeroed host page for an EPT table. */
  | {
      readonly kind: 'ept.table'
      readonly hpa: Hpa
      readonly level: number
      readonly name: string
      readonly cite: EptCitationId
    }
  | {
      readonly kind: 'ept.entry-write'
      readonly level: number
      readonly name: string
      readonly gpa: Gpa
      readonly addr: Hpa
      readonly old: bigint
      readonly raw: bigint
      readonly flags: EptEntryFlags
      readonly cite: EptCitationId
    }
  | {
      readonly kind: 'ept.map'
      readonly gpa: Gpa
      readonly hpa: Hpa
      readonly size: HostPageSize
      readonly r: boolean
      readonly w: boolean
      readonly x: boolean
      readonly leafAddr: Hpa
      readonly tables: readonly Hpa[]
      readonly cite: EptCitationId
    }
  /** An EPT entry read while translating `gpa` (the nested dimension). */
  | (GridPlace & {
      readonly kind: 'ept.nested-ref'
      readonly gpa: Gpa
      readonly level: number
      readonly name: string
      readonly tableBase: Hpa
      readonly index: number
      /** Host-physical address of the EPT entry. */
      readonly addr: Hpa
      readonly raw: bigint
      readonly flags: EptEntryFlags
      readonly cite: EptCitationId
    })
  /** A guest paging-structure entry read (the guest dimension), at its host-physical address. */
  | (GridPlace & {
      readonly kind: 'ept.guest-ref'
      readonly level: number
      readonly name: string
      /** Guest-physical base of the guest table, and the entry's GPA and HPA. */
      readonly tableBase: Gpa
      readonly index: number
      readonly gpa: Gpa
      /** Null for a PAE PDPTE, which comes from a register (no memory reference). */
      readonly addr: Hpa | null
      readonly raw: bigint
      readonly flags: EntryFlags
      readonly reservedSet: bigint
      readonly cite: EptCitationId
    })
  /** The processor sets A (and D) in an EPT entry (EPTP bit 6 = 1). */
  | {
      readonly kind: 'ept.ad'
      /** References made so far in this walk (the entry just read is number `after`). */
      readonly after: number
      readonly level: number
      readonly name: string
      readonly addr: Hpa
      readonly old: bigint
      readonly raw: bigint
      readonly set: 'A' | 'D' | 'AD'
      readonly cite: EptCitationId
    }
  /** The processor sets A (and D) in a guest entry: a write to guest memory, EPT-checked. */
  | {
      readonly kind: 'ept.guest-ad'
      readonly after: number
      readonly level: number
      readonly name: string
      readonly gpa: Gpa
      readonly hpa: Hpa
      readonly old: bigint
      readonly raw: bigint
      readonly set: 'A' | 'D' | 'AD'
      readonly cite: EptCitationId
    }
  | {
      readonly kind: 'ept.violation'
      readonly va: Gva | null
      readonly gpa: Gpa
      readonly row: number
      /** The access EPT checked: a guest-table read counts as a write with A/D on. */
      readonly access: AccessIntent
      /** AND of R/W/X over the EPT entries used (all false when one was not present). */
      readonly perms: EptPerms
      /** Qualification bit 8: the final translation (true) or a guest paging structure. */
      readonly final: boolean
      /** EPT level where the walk stopped on a not-present entry, else null. */
      readonly notPresentLevel: number | null
      /** True when the violation came from setting a guest A/D bit. */
      readonly adWrite: boolean
      readonly qualification: bigint
      readonly cite: EptCitationId
    }
  | {
      readonly kind: 'ept.misconfig'
      readonly va: Gva | null
      readonly gpa: Gpa
      readonly row: number
      readonly level: number
      readonly name: string
      readonly addr: Hpa
      readonly raw: bigint
      readonly why: MisconfigWhy
      readonly cite: EptCitationId
    }
  | {
      readonly kind: 'ept.tlb.hit'
      readonly va: Gva
      readonly vpid: number
      readonly pcid: number
      readonly entry: EptTlbEntry
      readonly cite: EptCitationId
    }
  | {
      readonly kind: 'ept.tlb.miss'
      readonly va: Gva
      readonly vpid: number
      readonly pcid: number
      readonly why: 'absent' | 'clean' | 'denied'
      readonly cite: EptCitationId
    }
  | {
      readonly kind: 'ept.tlb.fill'
      readonly entry: EptTlbEntry
      readonly evicted: EptTlbEntry | null
      readonly occupancy: number
      readonly capacity: number
      readonly cite: EptCitationId
    }
  | {
      readonly kind: 'ept.tlb.flush'
      readonly reason: EptTlbFlushReason
      readonly removed: readonly EptTlbEntry[]
      readonly kept: number
      /** Paging-structure-cache entries dropped by the same operation. */
      readonly cacheDropped: number
      readonly cite: EptCitationId
    }
  /** A paging-structure cache saved references (hw-facts §3.3). */
  | {
      readonly kind: 'ept.cache-hit'
      /** gpa: a cached guest-physical mapping replaced an EPT walk; psc: a guest
       * paging-structure-cache entry replaced the guest levels down to `level`. */
      readonly which: 'gpa' | 'psc'
      readonly va: Gva
      readonly row: number
      readonly level: number
      readonly gpa: Gpa
      readonly hpa: Hpa
      /** References this hit saved (rows skipped count every reference in them). */
      readonly saved: number
      readonly after: number
      readonly cite: EptCitationId
    }
  | { readonly kind: 'ept.caches'; readonly enabled: boolean; readonly cite: EptCitationId }
  | {
      readonly kind: 'ept.world-switch'
      readonly vpid: number
      readonly cite: EptCitationId
    }
  | {
      readonly kind: 'ept.access'
      readonly va: Gva
      readonly intent: AccessIntent
      readonly mode: AccessMode
      /** null for translate (no TLB) and for #GP (before the TLB). */
      readonly tlb: 'hit' | 'miss' | null
      readonly refs: readonly EptRefSummary[]
      /** Levels of the walk: n guest (0 with guest paging off), m EPT. */
      readonly guestLevels: number
      readonly eptLevels: number
      readonly vpid: number
      readonly outcome: EptOutcome
      /** True for `translate`: the same walk without A/D writes or TLB. */
      readonly translateOnly: boolean
      readonly cite: EptCitationId
    }
  | {
      readonly kind: 'ept.info'
      readonly eptp: bigint | null
      readonly vpid: number
      readonly execOnly: boolean
      readonly mappings: readonly EptMappingRow[]
      readonly tlb: readonly EptTlbEntry[]
      readonly tlbCapacity: number
      readonly cite: EptCitationId
    }
  /** `ept loop`: one summary of COUNT accesses (ept/bulk.ts); no per-reference events. */
  | {
      readonly kind: 'ept.loop'
      readonly va: bigint
      readonly stride: bigint
      readonly pages: number | null
      readonly intent: AccessIntent
      readonly mode: AccessMode
      /** COUNT as typed. */
      readonly requested: number
      /** Accesses made, the stopping one included. */
      readonly count: number
      readonly hits: number
      readonly misses: number
      /** Memory references of all the walks (0 for a hit). */
      readonly refs: number
      readonly vpid: number
      readonly stopped: EptLoopStop | null
      readonly cite: EptCitationId
    }

/** Where `ept loop` stopped: the access that faulted or exited, as a CPU leaves the loop. */
export interface EptLoopStop {
  /** 0-based index of the access in the loop. */
  readonly index: number
  readonly va: bigint
  readonly outcome: Exclude<EptOutcome, { readonly result: 'ok' }>
}

export interface EptMappingRow {
  readonly gpa: Gpa
  readonly hpa: Hpa
  readonly pageBytes: bigint
  readonly level: number
  readonly r: boolean
  readonly w: boolean
  readonly x: boolean
  readonly a: boolean
  readonly d: boolean
}

export type EptEventKind = EptEvent['kind']

/** Every event kind, listed once: the module descriptor and the routing read it. */
export const EPT_EVENT_KINDS = {
  'ept.eptp': true,
  'ept.vpid': true,
  'ept.cap': true,
  'ept.table': true,
  'ept.entry-write': true,
  'ept.map': true,
  'ept.nested-ref': true,
  'ept.guest-ref': true,
  'ept.ad': true,
  'ept.guest-ad': true,
  'ept.violation': true,
  'ept.misconfig': true,
  'ept.tlb.hit': true,
  'ept.tlb.miss': true,
  'ept.tlb.fill': true,
  'ept.tlb.flush': true,
  'ept.world-switch': true,
  'ept.cache-hit': true,
  'ept.caches': true,
  'ept.access': true,
  'ept.info': true,
  'ept.loop': true,
} as const satisfies KindSet<EptEvent['kind']>
