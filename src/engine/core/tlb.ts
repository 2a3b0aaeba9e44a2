// The shapes of a cached translation, shared by the three TLB models: native paging
// (paging/types.ts TlbEntry), the EPT combined-mapping TLB (ept/types.ts EptTlbEntry) and the
// VT-x model's VPID-tagged entries (vmx/types.ts TlbEntry). hw-facts §1.6, §7; SDM3 §4.10.2,
// §28.3.1.
import type { Gva } from './addr.ts'

/**
 * A cached linear translation: the page, the combined rights of the walk (R/W AND, U/S AND,
 * XD OR; checked against the control bits at use time), D and G, and replacement stamps.
 */
export interface LinearTlbEntry {
  /** PCID the translation was made under (000H with CR4.PCIDE = 0). */
  readonly pcid: number
  /** Linear address of the page start. */
  readonly va: Gva
  readonly pageBytes: bigint
  readonly rw: boolean
  readonly us: boolean
  readonly xd: boolean
  /** False: a write may not use this entry, the walk must run again to set D (hw-facts §1.6). */
  readonly dirty: boolean
  /** G=1 in the leaf with CR4.PGE=1: matches under every PCID and survives CR3 loads. */
  readonly global: boolean
  /** Order stamps for the replacement policy. */
  readonly inserted: number
  readonly used: number
}

/**
 * The VT-x tags of a cached translation (hw-facts §7, SDM3 §28.3.1): the VPID current when it
 * was made (0000H = the host's, or VPID off) and the EPTP when EPT was on.
 */
export interface VpidTagged {
  readonly vpid: number
  /** EPTP of an EPT-derived (combined) translation; null for a linear-only one. */
  readonly eptp: bigint | null
}
