// State of the shadow-paging VMM (`mmu shadow`). Shadow tables themselves live in host memory
// (VirtState.host); this records which guest table each shadow page stands for, and the costs.
import type { Gpa, Gva, Hpa } from '../core/addr.ts'

/**
 * One shadow page: a 4 KiB table in host memory that shadows the guest table at guest-physical
 * `gfn` (its page base address, a Gpa despite the name) at paging level `level`. KVM keys its shadow pages the same way
 * (guest frame + level + role; hw-facts §8), so two guest CR3s that share a lower table share
 * its shadow too, and loading a CR3 again finds its shadow root in this cache.
 */
export interface ShadowPage {
  readonly hpa: Hpa
  readonly gfn: Gpa
  readonly level: number
}

/** VM exits by basic exit reason (hw-facts §4.6). */
export interface ShadowExits {
  /** Reason 0, exception (here always #PF, vector 14: exception-bitmap bit 14 is set). */
  readonly exception: number
  /** Reason 28, MOV to CR0/CR3/CR4. */
  readonly crAccess: number
  /** Reason 14, INVLPG. */
  readonly invlpg: number
  /** Reason 32, WRMSR (EFER). */
  readonly wrmsr: number
}

export interface ShadowCounters {
  readonly exits: ShadowExits
  /** #PF exits the guest never sees: shadow fills, dirty-bit syncs, trapped page-table writes. */
  readonly hiddenFaults: number
  /** #PF exits the VMM hands back to the guest (the guest's own tables fault). */
  readonly reflectedFaults: number
  /** Guest stores to write-protected page-table pages the VMM emulated. */
  readonly ptWrites: number
}

export interface ShadowState {
  /** Every shadow page allocated, in allocation order (the "double bookkeeping" cost). */
  readonly pages: readonly ShadowPage[]
  /** Host-physical address of the shadow root the hardware CR3 holds, or null. */
  readonly root: Hpa | null
  readonly counters: ShadowCounters
  /** The guest-virtual address of the last `access` (what the panel shows when opened cold). */
  readonly lastVa: Gva | null
}

export const SHADOW_PAGE_BYTES = 4096n

export const initialShadowCounters: ShadowCounters = {
  exits: { exception: 0, crAccess: 0, invlpg: 0, wrmsr: 0 },
  hiddenFaults: 0,
  reflectedFaults: 0,
  ptWrites: 0,
}

export const initialShadowState: ShadowState = {
  pages: [],
  root: null,
  counters: initialShadowCounters,
  lastVa: null,
}

export const totalExits = (c: ShadowCounters): number =>
  c.exits.exception + c.exits.crAccess + c.exits.invlpg + c.exits.wrmsr
