import { gpa } from '../core/addr.ts'
import { DEFAULT_ALLOC_BASE, frameAllocator } from '../memory/alloc.ts'
import { emptyMemory } from '../memory/phys.ts'
import { DEFAULT_TLB } from './tlb.ts'
import { DEFAULT_TEACH, type PagingState, type TlbPolicy } from './types.ts'

export interface PagingConfig {
  /** Where `map` starts taking table frames (default 1 MiB). */
  readonly allocBase?: bigint
  readonly maxPhyAddr?: number
  readonly tlbCapacity?: number
  readonly tlbPolicy?: TlbPolicy
}

/**
 * A 64-bit OS after boot, before it loads CR3: 4-level paging, CR0.WP, EFER.NXE, CR4.PSE and
 * CR4.PGE on (Linux sets all four); SMEP, SMAP and PCIDE off so they can be switched on in class.
 */
export function makePagingState(c: PagingConfig = {}): PagingState {
  return {
    mode: 'x86-64',
    teach: DEFAULT_TEACH,
    maxPhyAddr: c.maxPhyAddr ?? 52,
    control: {
      cr0Wp: true,
      eferNxe: true,
      cr4Pse: true,
      cr4Pge: true,
      cr4Pcide: false,
      cr4Smep: false,
      cr4Smap: false,
      eflagsAc: false,
      // PKE off and PKRU 0 (its reset value) until a lesson turns keys on.
      cr4Pke: false,
      pkru: 0,
    },
    cr3: null,
    pdptes: null,
    mem: emptyMemory,
    allocBase: gpa(c.allocBase ?? DEFAULT_ALLOC_BASE),
    alloc: frameAllocator(c.allocBase ?? DEFAULT_ALLOC_BASE),
    tlb: {
      ...DEFAULT_TLB,
      capacity: c.tlbCapacity ?? DEFAULT_TLB.capacity,
      policy: c.tlbPolicy ?? DEFAULT_TLB.policy,
    },
  }
}

export const initialPagingState: PagingState = makePagingState()
