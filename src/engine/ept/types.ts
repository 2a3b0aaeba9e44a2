import type { EptEvent } from './events.ts'

/**
 * One combined mapping (hw-facts §7): guest-linear page to host-physical page, tagged with
 * the VPID, the guest PCID and the EPTP it was made under. Rights are the guest's combined
 * bits (R/W AND, U/S AND, XD OR) and the AND of the EPT R/W/X bits.
 */
export interface EptTlbEntry {
  readonly vpid: number
  readonly pcid: number
  readonly eptp: bigint
  /** Guest-linear page start. */
  readonly va: bigint
  /** The smaller of the guest page and the EPT page. */
  readonly pageBytes: bigint
  /** Guest-physical and host-physical page starts. */
  readonly gpa: bigint
  readonly hpa: bigint
  readonly rw: boolean
  readonly us: boolean
  readonly xd: boolean
  readonly eptR: boolean
  readonly eptW: boolean
  readonly eptX: boolean
  /** Guest D (and EPT D with A/D on) already set: a write may use the entry. */
  readonly dirty: boolean
  readonly global: boolean
  readonly inserted: number
  readonly used: number
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
}

/** Small on purpose, like the native TLB: eviction shows after a few pages. */
export const initialEptState: EptState = {
  eptp: null,
  vpid: 0,
  execOnly: true,
  tlb: { capacity: 8, entries: [], clock: 0 },
  lastWalk: null,
}
