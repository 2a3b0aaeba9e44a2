import type { Gpa, Gva } from '../core/addr.ts'
import type { KindSet } from '../core/module.ts'
import type { AccessSize } from '../memory/phys.ts'
import type { PagingCitationId } from './cite.ts'
import type { EntryFlags } from './entry.ts'
import type {
  AccessIntent,
  AccessMode,
  ControlBit,
  PagingMode,
  PdpteRegister,
  TeachGeometry,
  TlbEntry,
  TlbPolicy,
} from './types.ts'

export type PageFaultReason =
  | 'not-present'
  | 'reserved-bit'
  | 'user-supervisor'
  | 'write-protect'
  | 'execute-disable'
  | 'smep'
  | 'smap'
  /** A data access to a user-mode address whose key PKRU forbids (CR4.PKE=1; SDM3 §4.6.2). */
  | 'protection-key'

export interface PagingPageFault {
  readonly vector: 14
  readonly errorCode: number
  readonly cr2: Gva
  readonly reason: PageFaultReason
  /** Level of the entry that caused it (the leaf for permission faults). */
  readonly level: number
}

export interface PagingGeneralProtection {
  readonly vector: 13
  readonly reason: 'non-canonical' | 'cr3-reserved-bit' | 'pdpte-reserved-bit'
}

export type PagingOutcome =
  | { readonly result: 'ok'; readonly pa: Gpa; readonly pageBytes: bigint }
  | { readonly result: 'fault'; readonly fault: PagingPageFault | PagingGeneralProtection }

/** One paging-structure memory reference, as CONSOLE.md's `refs` lists them. */
export interface RefSummary {
  readonly level: number
  readonly addr: Gpa
}

/** A leaf translation found in the tables (for the info dump). */
export interface MappingRow {
  readonly va: Gva
  readonly pa: Gpa
  readonly pageBytes: bigint
  readonly level: number
  readonly rw: boolean
  readonly us: boolean
  readonly xd: boolean
  readonly g: boolean
  readonly a: boolean
  readonly d: boolean
}

export type TlbFlushReason =
  | 'cr3-load'
  | 'invlpg'
  | 'tlb-flush'
  | 'cr4-pge'
  | 'cr4-pcide-off'
  | 'cr4-smep-on'
  | 'mode'
  | 'page-fault'
  | 'resize'

export type PagingEvent =
  | {
      readonly kind: 'paging.mode'
      readonly mode: PagingMode
      readonly teach: TeachGeometry | null
      readonly levels: readonly string[]
      readonly vaBits: number
      readonly maxPhyAddr: number
      readonly cite: PagingCitationId
    }
  | {
      readonly kind: 'paging.cr3'
      /** The operand of MOV to CR3 (bit 63 included). */
      readonly value: bigint
      /** Physical base of the root table (or PAE PDPT). */
      readonly base: Gpa
      readonly pcid: number
      readonly noFlush: boolean
      /** PAE: the four PDPTE registers this load filled (null in other modes or on #GP). */
      readonly pdptes: readonly PdpteRegister[] | null
      /** Null when the load succeeded; #GP when a reserved bit made it fail. */
      readonly fault: PagingGeneralProtection | null
      readonly cite: PagingCitationId
    }
  | {
      readonly kind: 'paging.pdpte.load'
      readonly index: number
      readonly addr: Gpa
      readonly raw: bigint
      readonly reservedSet: bigint
      readonly cite: PagingCitationId
    }
  | {
      readonly kind: 'paging.control'
      readonly bit: ControlBit
      readonly on: boolean
      readonly cite: PagingCitationId
    }
  /** WRPKRU loaded PKRU (old and new value). */
  | {
      readonly kind: 'paging.pkru'
      readonly old: number
      readonly value: number
      readonly cite: PagingCitationId
    }
  | {
      readonly kind: 'paging.poke'
      readonly addr: Gpa
      readonly size: AccessSize
      readonly value: bigint
      readonly old: bigint
      readonly cite: PagingCitationId
    }
  | {
      readonly kind: 'paging.alloc'
      readonly frame: Gpa
      readonly level: number
      readonly name: string
      readonly cite: PagingCitationId
    }
  /** `map` writes an entry (a plain memory write by the OS). */
  | {
      readonly kind: 'paging.entry.write'
      readonly level: number
      readonly name: string
      readonly addr: Gpa
      readonly old: bigint
      readonly raw: bigint
      readonly cite: PagingCitationId
    }
  | {
      readonly kind: 'paging.map'
      readonly va: Gva
      readonly pa: Gpa
      readonly pageBytes: bigint
      readonly writable: boolean
      readonly user: boolean
      readonly noExecute: boolean
      readonly global: boolean
      /** Protection key written into the leaf (bits 62:59). */
      readonly pkey: number
      readonly leafAddr: Gpa
      /** Table pages this map had to allocate, top level first. */
      readonly tables: readonly Gpa[]
      readonly cite: PagingCitationId
    }
  /** The walk reads one entry (or uses a PAE PDPTE register). */
  | {
      readonly kind: 'paging.ref'
      readonly va: Gva
      readonly level: number
      readonly name: string
      readonly tableBase: Gpa
      readonly index: number
      readonly addr: Gpa
      readonly raw: bigint
      readonly flags: EntryFlags
      /** Reserved bits that are set (0n when none, or when P=0 so none are checked). */
      readonly reservedSet: bigint
      readonly source: 'memory' | 'pdpte-register'
      readonly cite: PagingCitationId
    }
  /** The processor sets A (and D) in an entry: a locked memory write (hw-facts §1.6). */
  | {
      readonly kind: 'paging.ad'
      readonly level: number
      readonly name: string
      readonly addr: Gpa
      readonly old: bigint
      readonly raw: bigint
      readonly set: 'A' | 'D' | 'AD'
      readonly cite: PagingCitationId
    }
  | {
      readonly kind: 'paging.tlb.hit'
      readonly va: Gva
      readonly pcid: number
      readonly entry: TlbEntry
      readonly cite: PagingCitationId
    }
  | {
      readonly kind: 'paging.tlb.miss'
      readonly va: Gva
      readonly pcid: number
      /** absent: no entry; clean: a write found an entry cached without D (must re-walk). */
      readonly why: 'absent' | 'clean' | 'denied'
      readonly cite: PagingCitationId
    }
  | {
      readonly kind: 'paging.tlb.fill'
      readonly entry: TlbEntry
      readonly evicted: TlbEntry | null
      readonly policy: TlbPolicy
      readonly occupancy: number
      readonly capacity: number
      readonly cite: PagingCitationId
    }
  | {
      readonly kind: 'paging.tlb.flush'
      readonly reason: TlbFlushReason
      readonly removed: readonly TlbEntry[]
      readonly kept: number
      readonly cite: PagingCitationId
    }
  | {
      readonly kind: 'paging.tlb.config'
      readonly capacity: number
      readonly policy: TlbPolicy
      readonly cite: PagingCitationId
    }
  | {
      readonly kind: 'paging.access'
      readonly va: Gva
      readonly intent: AccessIntent
      readonly mode: AccessMode
      readonly outcome: PagingOutcome
      /** null when no lookup happened (#GP comes before the TLB). */
      readonly tlb: 'hit' | 'miss' | null
      readonly refs: readonly RefSummary[]
      readonly cite: PagingCitationId
    }
  /** translate: the same walk with no A/D writes and no TLB fill. */
  | {
      readonly kind: 'paging.translate'
      readonly va: Gva
      readonly intent: AccessIntent
      readonly mode: AccessMode
      readonly outcome: PagingOutcome
      readonly refs: readonly RefSummary[]
      readonly cite: PagingCitationId
    }
  | {
      readonly kind: 'paging.dump'
      readonly mode: PagingMode
      readonly cr3: bigint | null
      readonly pcid: number
      readonly mappings: readonly MappingRow[]
      /** True when the dump stopped at its row limit. */
      readonly truncated: boolean
      readonly tlb: readonly TlbEntry[]
      readonly tlbCapacity: number
      readonly tlbPolicy: TlbPolicy
      readonly cite: PagingCitationId
    }

export type PagingEventKind = PagingEvent['kind']

/** Every event kind, listed once: the module descriptor and the routing read it. */
export const PAGING_EVENT_KINDS = {
  'paging.mode': true,
  'paging.cr3': true,
  'paging.pdpte.load': true,
  'paging.control': true,
  'paging.poke': true,
  'paging.pkru': true,
  'paging.alloc': true,
  'paging.entry.write': true,
  'paging.map': true,
  'paging.ref': true,
  'paging.ad': true,
  'paging.tlb.hit': true,
  'paging.tlb.miss': true,
  'paging.tlb.fill': true,
  'paging.tlb.flush': true,
  'paging.tlb.config': true,
  'paging.access': true,
  'paging.translate': true,
  'paging.dump': true,
} as const satisfies KindSet<PagingEvent['kind']>
