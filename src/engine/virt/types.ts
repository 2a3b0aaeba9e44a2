import type { Gfn, Hpa } from '../core/addr.ts'
import { type EptState, initialEptState } from '../ept/types.ts'
import { type FrameAllocator, frameAllocator } from '../memory/alloc.ts'
import { type PhysMem, emptyMemory } from '../memory/phys.ts'
import { type ShadowState, initialShadowState } from '../shadow/types.ts'
import { type XenPvState, initialXenPvState } from '../xenpv/types.ts'

/** CONSOLE.md `mmu KIND`: who translates the guest's addresses. */
export type MmuKind = 'native' | 'shadow' | 'ept' | 'xen-pv'
export const MMU_KINDS = ['native', 'shadow', 'ept', 'xen-pv'] as const satisfies readonly MmuKind[]

/** One 4 KiB entry of the hypervisor's software guest-physical to machine map (P2M). */
export interface P2mEntry {
  /** Machine (host-physical) frame base address. */
  readonly hpa: Hpa
  readonly read: boolean
  readonly write: boolean
  readonly execute: boolean
}

/**
 * Where the hypervisor takes frames for its own structures (shadow tables...): 256 MiB, far
 * from the low host addresses scenarios use to back guest memory by hand.
 */
export const HOST_ALLOC_BASE = 0x10000000n

/**
 * The virtualized machine. Memory model (see src/engine/README.md):
 * - `machine.paging` is the guest CPU's paging state; in `shadow` and `ept` its `mem` holds the
 *   guest's RAM by guest-physical address, so the guest OS's own `poke`/`map`/`cr3` are the
 *   native operations unchanged. The host-physical address of a guest byte is its
 *   guest-physical address translated by EPT or the P2M.
 * - `host` is host-physical memory the hypervisor owns: EPT tables, shadow tables.
 * - In `xen-pv` the guest's tables hold machine addresses, so `machine.paging.mem` is machine
 *   memory itself.
 */
export interface VirtState {
  readonly mmu: MmuKind
  readonly host: PhysMem
  readonly hostAlloc: FrameAllocator
  /** Software map for `shadow` and `xen-pv`, keyed by guest frame number (GPA >> 12). */
  readonly p2m: ReadonlyMap<Gfn, P2mEntry>
  /** `mmu shadow`: the VMM's shadow pages, active shadow root and exit counters. */
  readonly shadow: ShadowState
  /** `mmu ept`: EPTP, current VPID, the combined-mapping TLB (EPT tables live in `host`). */
  readonly ept: EptState
  /** `mmu xen-pv`: Xen's page_info per machine frame, base pointer, open multicall, counters. */
  readonly xenpv: XenPvState
}

export const initialVirtState: VirtState = {
  mmu: 'native',
  host: emptyMemory,
  hostAlloc: frameAllocator(HOST_ALLOC_BASE),
  p2m: new Map(),
  shadow: initialShadowState,
  ept: initialEptState,
  xenpv: initialXenPvState,
}
