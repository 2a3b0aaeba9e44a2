import type { Gpa, Gva } from '../core/addr.ts'
import type { KindSet } from '../core/module.ts'
import type { AccessSize } from '../memory/phys.ts'
import type {
  AccessIntent,
  AccessMode,
  ControlBit,
  PageSizeName,
  PagingMode,
  TeachGeometry,
  TlbPolicy,
} from './types.ts'

export type PagingOp =
  | {
      readonly kind: 'paging.mode'
      readonly mode: PagingMode
      /** Teaching-mode geometry (fields not given keep their defaults). */
      readonly teach?: Partial<TeachGeometry>
      readonly maxPhyAddr?: number
    }
  | {
      readonly kind: 'paging.poke'
      readonly addr: Gpa
      readonly value: bigint
      readonly size: AccessSize
    }
  | { readonly kind: 'paging.cr3'; readonly value: bigint }
  | {
      readonly kind: 'paging.map'
      readonly va: Gva
      readonly pa: Gpa
      /** null: the mode's smallest page (4 KiB, or the teaching page). */
      readonly size: PageSizeName | null
      readonly writable: boolean
      readonly user: boolean
      readonly noExecute: boolean
      readonly global: boolean
      /** Protection key for the leaf, bits 62:59 (4-/5-level paging); absent = key 0. */
      readonly pkey?: number
    }
  | {
      readonly kind: 'paging.access'
      readonly va: Gva
      readonly intent: AccessIntent
      readonly mode: AccessMode
    }
  | {
      readonly kind: 'paging.translate'
      readonly va: Gva
      readonly intent: AccessIntent
      readonly mode: AccessMode
    }
  | { readonly kind: 'paging.invlpg'; readonly va: Gva }
  | { readonly kind: 'paging.tlb.flush' }
  | {
      readonly kind: 'paging.tlb.config'
      readonly capacity?: number
      readonly policy?: TlbPolicy
    }
  | { readonly kind: 'paging.control'; readonly bit: ControlBit; readonly on: boolean }
  | { readonly kind: 'paging.info' }
  /** WRPKRU: load the 32-bit protection-key rights register. */
  | { readonly kind: 'paging.pkru'; readonly value: number }

/** Every op kind, listed once: the module descriptor and the routing read it. */
export const PAGING_OP_KINDS = {
  'paging.mode': true,
  'paging.poke': true,
  'paging.cr3': true,
  'paging.map': true,
  'paging.access': true,
  'paging.translate': true,
  'paging.invlpg': true,
  'paging.tlb.flush': true,
  'paging.tlb.config': true,
  'paging.control': true,
  'paging.info': true,
  'paging.pkru': true,
} as const satisfies KindSet<PagingOp['kind']>
