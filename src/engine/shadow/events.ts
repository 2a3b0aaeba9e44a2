import type { Gpa, Gva, Hpa } from '../core/addr.ts'
import type { KindSet } from '../core/module.ts'
import type {
  ControlBit,
  AccessIntent,
  AccessMode,
  EntryFlags,
  PageFaultReason,
} from '../paging/index.ts'
import type { BasicExit } from '../vmx/exitReasons.ts'
import type { ShadowCitationId } from './cite.ts'
import type { ShadowCounters } from './types.ts'

/** What one VM exit recorded (hw-facts §4.6, §4.7). */
export type ShadowExitInfo = BasicExit<'EXCEPTION_NMI' | 'INVLPG' | 'CR_ACCESS' | 'MSR_WRITE'> & {
  /** Exit qualification; null where the model does not know it (a `poke` names no linear address). */
  readonly qualification: bigint | null
  /** VM-exit interruption information for exception exits (0x80000b0e for #PF), else null. */
  readonly intrInfo: number | null
  /** The hardware #PF error code (VM-exit interruption error code), for exception exits. */
  readonly errorCode: number | null
}

/** How the VMM resolved a #PF exit during `access`. */
export type ShadowHandled =
  /** Built the missing shadow entries (or made one writable) and let the guest retry. */
  | 'fill'
  /** The store hits a write-protected guest page table: the VMM did it for the guest. */
  | 'emulate'
  /** The guest's own tables fault: #PF injected into the guest. */
  | 'inject'
  /** A guest frame the walk needs has no machine page in the P2M: nothing to build from. */
  | 'unbacked'
  /** The P2M itself forbids this write or fetch: the guest's tables allow it, the VMM does not. */
  | 'p2m-denied'
  /**
   * Guest CR0.WP=0: a supervisor write to a page the guest maps read-only. The guest allows it,
   * the host's WP=1 does not: the VMM made the shadow path writable and supervisor-only.
   */
  | 'cr0-wp'

export interface ShadowRefSummary {
  readonly level: number
  /** Host-physical address of the entry read. */
  readonly addr: Hpa
}
export interface GuestRefSummary {
  readonly level: number
  readonly gpa: Gpa
  readonly hpa: Hpa
}

export interface SyncPart {
  readonly addr: Hpa
  readonly old: bigint
  readonly raw: bigint
}

/** Why a shadow entry changed. */
export type SyncCause = 'fault' | 'pt-write' | 'invlpg' | 'host-map' | 'write-protect' | 'cr0-wp'

export type ShadowEvent =
  /** The guest's action left non-root mode: a VM exit to the VMM. */
  | {
      readonly kind: 'shadow.exit'
      readonly exit: ShadowExitInfo
      /** What made the guest exit, for the narration. */
      readonly cause: 'shadow-pf' | 'pt-write' | 'cr3' | 'invlpg' | 'control'
      readonly va: Gva | null
      readonly cite: ShadowCitationId
    }
  /** One paging-structure entry read: by the hardware (shadow table) or by the VMM (guest table). */
  | {
      readonly kind: 'shadow.ref'
      readonly who: 'hardware' | 'vmm'
      readonly va: Gva
      readonly level: number
      readonly name: string
      readonly index: number
      /** Host-physical address of the entry. */
      readonly addr: Hpa
      /** Guest-physical address of the entry (guest tables only). */
      readonly gpa: Gpa | null
      readonly raw: bigint
      readonly flags: EntryFlags
      readonly cite: ShadowCitationId
    }
  /** The VMM sets A (and D) in a guest entry on the guest's behalf. */
  | {
      readonly kind: 'shadow.guest-ad'
      readonly level: number
      readonly name: string
      readonly gpa: Gpa
      readonly old: bigint
      readonly raw: bigint
      readonly set: 'A' | 'D' | 'AD'
      readonly cite: ShadowCitationId
    }
  /** A new shadow page in host memory, shadowing the guest table at `gfn`. */
  | {
      readonly kind: 'shadow.alloc'
      readonly hpa: Hpa
      readonly gfn: Gpa
      readonly level: number
      readonly name: string
      /** Shadow pages after this one. */
      readonly pages: number
      readonly cite: ShadowCitationId
    }
  /** Shadow entries that mapped a guest table writable lose R/W: that table is now shadowed. */
  | {
      readonly kind: 'shadow.write-protect'
      readonly gfn: Gpa
      readonly entries: readonly SyncPart[]
      readonly cite: ShadowCitationId
    }
  /** One shadow entry written (filled, updated) or dropped, from the guest entry and the P2M. */
  | {
      readonly kind: 'shadow.sync'
      readonly action: 'fill' | 'update' | 'drop'
      readonly cause: SyncCause
      readonly level: number
      readonly name: string
      readonly va: Gva | null
      /** The guest entry it derives from: its guest-physical address and value. */
      readonly guest: { readonly gpa: Gpa; readonly raw: bigint }
      /** Leaf only: the P2M entry of the guest frame (null when the frame is unbacked). */
      readonly p2m: {
        readonly gpa: Gpa
        readonly hpa: Hpa
        readonly write: boolean
        readonly execute: boolean
      } | null
      readonly shadow: SyncPart
      /** Leaf only: why the shadow entry is, or is not, writable. */
      readonly rights: LeafRights | null
      readonly cite: ShadowCitationId
    }
  /** The VMM performs the guest's store into a write-protected guest page table. */
  | {
      readonly kind: 'shadow.pt-write'
      readonly via: 'poke' | 'map' | 'access'
      readonly gpa: Gpa
      readonly hpa: Hpa | null
      readonly size: number
      readonly old: bigint
      readonly value: bigint
      readonly va: Gva | null
      readonly cite: ShadowCitationId
    }
  /** #PF reflected into the guest (guest-induced). */
  | {
      readonly kind: 'shadow.inject'
      readonly vector: 14
      readonly errorCode: number
      readonly cr2: Gva
      readonly reason: PageFaultReason
      readonly level: number
      /** VM-entry interruption information (hw-facts §4.7): 0x80000b0e. */
      readonly intrInfo: number
      readonly cite: ShadowCitationId
    }
  /** VM entry back into the guest, which re-executes the faulting access. */
  | { readonly kind: 'shadow.resume'; readonly va: Gva; readonly cite: ShadowCitationId }
  /** The hardware CR3 now holds this shadow root (reused from the cache or new). */
  | {
      readonly kind: 'shadow.root'
      readonly gcr3: bigint
      readonly hpa: Hpa
      readonly reused: boolean
      /** Shadow roots in the cache after this switch. */
      readonly roots: number
      readonly cite: ShadowCitationId
    }
  /** Every shadow page discarded (a new MMU role, or a paging-mode change). */
  | {
      readonly kind: 'shadow.zap'
      readonly pages: number
      readonly why: ControlBit | 'paging-mode'
      readonly cite: ShadowCitationId
    }
  /** TLB entries the VMM invalidates after changing shadow entries. */
  | {
      readonly kind: 'shadow.tlb'
      /** fault: delivering #PF drops the page's entries; sync: the VMM changed shadow entries. */
      readonly why: 'fault' | 'sync'
      readonly removed: number
      readonly kept: number
      readonly cite: ShadowCitationId
    }
  /** Summary of one `access` (carries the command's JSON). */
  | {
      readonly kind: 'shadow.access'
      readonly va: Gva
      readonly intent: AccessIntent
      readonly mode: AccessMode
      readonly result: 'ok' | 'exit' | 'fault'
      /** Who caused the page fault: none, the hypervisor (hidden) or the guest (reflected). */
      readonly induced: 'none' | 'hypervisor' | 'guest'
      readonly handled: ShadowHandled | null
      /** Final host-physical address (after the retry or the emulated store). */
      readonly pa: Hpa | null
      readonly gpa: Gpa | null
      readonly tlb: 'hit' | 'miss' | null
      /** Hardware references to shadow entries, in order (failed walk, then the retry). */
      readonly refs: readonly ShadowRefSummary[]
      /** The VMM's software walk of the guest tables. */
      readonly guestRefs: readonly GuestRefSummary[]
      readonly exit: ShadowExitInfo | null
      readonly fault:
        | { readonly vector: 14; readonly errorCode: number; readonly cr2: Gva }
        | { readonly vector: 13 }
        | null
      readonly counters: ShadowCounters
      /** Shadow pages allocated after this access (memory overhead = pages x 4 KiB). */
      readonly shadowPages: number
      readonly cite: ShadowCitationId
    }
  /** What a command other than `access` cost in exits (only when it exited). */
  | {
      readonly kind: 'shadow.cost'
      readonly exits: number
      readonly hiddenFaults: number
      readonly counters: ShadowCounters
      readonly shadowPages: number
      readonly cite: ShadowCitationId
    }
  /** `info paging` under shadow: the shadow roots and pages. */
  | {
      readonly kind: 'shadow.info'
      readonly root: Hpa | null
      readonly pages: readonly { hpa: Hpa; gfn: Gpa; level: number }[]
      readonly counters: ShadowCounters
      readonly cite: ShadowCitationId
    }

/** Why a leaf shadow entry is writable or not: all four must hold (hw-facts §1.6, §8). */
export interface LeafRights {
  readonly guestRw: boolean
  readonly guestDirty: boolean
  readonly p2mWrite: boolean
  /** The guest frame is itself a shadowed guest page table (write-protected). */
  readonly ptPage: boolean
  readonly writable: boolean
}

export type ShadowEventKind = ShadowEvent['kind']

/** Every event kind, listed once: the module descriptor and the routing read it. */
export const SHADOW_EVENT_KINDS = {
  'shadow.exit': true,
  'shadow.ref': true,
  'shadow.guest-ad': true,
  'shadow.alloc': true,
  'shadow.write-protect': true,
  'shadow.sync': true,
  'shadow.pt-write': true,
  'shadow.inject': true,
  'shadow.resume': true,
  'shadow.root': true,
  'shadow.zap': true,
  'shadow.tlb': true,
  'shadow.access': true,
  'shadow.cost': true,
  'shadow.info': true,
} as const satisfies KindSet<ShadowEvent['kind']>
