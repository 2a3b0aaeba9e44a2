import type { Gpa, Hpa } from '../core/addr.ts'
import type { LinearTlbEntry, VpidTagged } from '../core/tlb.ts'
import type { EptEvent } from './events.ts'

/**
 * One combined mapping (hw-facts §7): a linear translation (core/tlb.ts) of a guest-linear
 * page to a host-physical page, tagged with the VPID, the guest PCID and the EPTP it was made
 * under. `pageBytes` is the smaller of the guest page and the EPT page; rights are the guest's
 * combined bits and the AND of the EPT R/W/X bits; `dirty` means guest D (and EPT D with A/D
 * on) is already set, so a write may use the entry.
 */
export interface EptTlbEntry extends LinearTlbEntry, VpidTagged {
  readonly eptp: bigint
  /** Guest-physical and host-physical page starts. */
  readonly gpa: Gpa
  readonly hpa: Hpa
  readonly eptR: boolean
  readonly eptW: boolean
  readonly eptX: boolean
}

export interface EptTlb {
  readonly capacity: number
  readonly entries: readonly EptTlbEntry[]
  readonly clock: number
}

/**
 * The last access's walk, kept like the VMCS keeps exit information: every frame of that
 * access (and after) can draw the whole 2-D grid from the machine alone.
 */
export interface EptWalkRecord {
  readonly access: Extract<EptEvent, { kind: 'ept.access' }>
  readonly refs: readonly Extract<EptEvent, { kind: 'ept.nested-ref' | 'ept.guest-ref' }>[]
  /** The violation or misconfiguration that ended it, if one did. */
  readonly stop: Extract<EptEvent, { kind: 'ept.violation' | 'ept.misconfig' }> | null
  /** Walks the paging-structure caches saved. */
  readonly cacheHits: readonly Extract<EptEvent, { kind: 'ept.cache-hit' }>[]
}

/**
 * A guest-physical mapping (SDM3 §28.3.1, hw-facts §3.3 "nested TLB"): a GPA page's HPA and
 * the AND of its EPT rights, tagged by EPTP only, so VM exits and VPID changes keep it.
 */
export interface GpaCacheEntry {
  readonly eptp: bigint
  readonly gpa: Gpa
  readonly hpa: Hpa
  readonly pageBytes: bigint
  readonly r: boolean
  readonly w: boolean
  readonly x: boolean
  /** EPT D already set (or A/D off): a write may use it. */
  readonly dirty: boolean
  /** References the EPT walk it replaces made. */
  readonly levels: number
  readonly inserted: number
}

/**
 * A guest paging-structure-cache entry (SDM3 §4.10.3.1, hw-facts §3.3): the linear-address
 * bits above and including guest level `level`'s index give the next guest table (a GPA) and
 * the rights combined so far. Tagged like combined mappings: VPID, PCID, EPTP.
 */
export interface PscEntry {
  readonly vpid: number
  readonly pcid: number
  readonly eptp: bigint
  readonly level: number
  /** va >> (that level's index shift). */
  readonly prefix: bigint
  readonly table: Gpa
  readonly rw: boolean
  readonly us: boolean
  readonly xd: boolean
  readonly inserted: number
}

export interface EptCaches {
  readonly enabled: boolean
  readonly capacity: number
  readonly gpa: readonly GpaCacheEntry[]
  readonly psc: readonly PscEntry[]
  readonly clock: number
}

export const initialEptCaches: EptCaches = {
  enabled: false,
  capacity: 16,
  gpa: [],
  psc: [],
  clock: 0,
}

export interface EptState {
  /** EPTP as written by `eptp`, or null before. */
  readonly eptp: bigint | null
  /** Current VPID; 0 = "enable VPID" off (the host's tag, hw-facts §7). */
  readonly vpid: number
  /** IA32_VMX_EPT_VPID_CAP bit 0: execute-only EPT entries allowed (hw-facts §2.5). */
  readonly execOnly: boolean
  readonly tlb: EptTlb
  readonly lastWalk: EptWalkRecord | null
  /** Paging-structure caches for both dimensions; off by default so the 24 stay visible. */
  readonly caches: EptCaches
}

/** Small on purpose, like the native TLB: eviction shows after a few pages. */
export const initialEptState: EptState = {
  eptp: null,
  vpid: 0,
  execOnly: true,
  tlb: { capacity: 8, entries: [], clock: 0 },
  lastWalk: null,
  caches: initialEptCaches,
}
