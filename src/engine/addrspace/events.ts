import type { KindSet } from '../core/module.ts'
import type { Gpa, Gva, Hpa } from '../core/addr.ts'
import type { CitationId } from '../core/cite.ts'
import type { BasicExit } from '../vmx/exitReasons.ts'
import type { AccessIntent, AccessMode, GuestMapping, HostMapping } from './types.ts'

export interface PageFault {
  readonly vector: 14
  readonly errorCode: number
  readonly cr2: Gva
  /** Why, in hardware terms, for narration. */
  readonly reason: 'not-present' | 'user-supervisor' | 'write-protect' | 'execute-disable'
}

export interface GeneralProtection {
  readonly vector: 13
  readonly reason: 'non-canonical'
}

/** A VM exit caused by the hypervisor's map (EPT violation, exit reason 48). */
export type EptViolationExit = BasicExit<'EPT_VIOLATION'> & {
  readonly qualification: bigint
  readonly gpa: Gpa
  readonly gla: Gva
}

export type AccessOutcome =
  | { readonly result: 'ok'; readonly gpa: Gpa | null; readonly pa: Hpa | Gpa }
  | { readonly result: 'fault'; readonly fault: PageFault | GeneralProtection }
  | { readonly result: 'exit'; readonly exit: EptViolationExit }

export type AddrSpaceEvent =
  | { readonly kind: 'vm.create'; readonly vm: string; readonly cite: CitationId }
  | { readonly kind: 'vm.select'; readonly vm: string | null; readonly cite: CitationId }
  | {
      readonly kind: 'map.guest'
      readonly vm: string | null
      readonly mapping: GuestMapping
      readonly replaced: readonly GuestMapping[]
      readonly cite: CitationId
    }
  | {
      readonly kind: 'map.host'
      readonly vm: string
      readonly mapping: HostMapping
      readonly replaced: readonly HostMapping[]
      readonly cite: CitationId
    }
  | {
      readonly kind: 'control.set'
      readonly bit: 'cr0.wp' | 'efer.nxe'
      readonly on: boolean
      readonly cite: CitationId
    }
  /** Stage 1: the guest's page table turns the virtual address into a (guest-)physical one. */
  | {
      readonly kind: 'access.guest'
      readonly vm: string | null
      readonly va: Gva
      readonly intent: AccessIntent
      readonly mode: AccessMode
      readonly mapping: GuestMapping | null
      readonly pa: Gpa | null
      readonly cite: CitationId
    }
  /** Stage 2 (guests only): the hypervisor's map turns guest-physical into machine. */
  | {
      readonly kind: 'access.host'
      readonly vm: string
      readonly gpa: Gpa
      readonly intent: AccessIntent
      readonly mapping: HostMapping | null
      readonly hpa: Hpa | null
      readonly cite: CitationId
    }
  | {
      readonly kind: 'access.done'
      readonly vm: string | null
      readonly va: Gva
      readonly intent: AccessIntent
      readonly mode: AccessMode
      readonly outcome: AccessOutcome
      readonly cite: CitationId
    }

/** Every event kind, listed once: the module descriptor and the routing read it. */
export const ADDRSPACE_EVENT_KINDS = {
  'vm.create': true,
  'vm.select': true,
  'map.guest': true,
  'map.host': true,
  'control.set': true,
  'access.guest': true,
  'access.host': true,
  'access.done': true,
} as const satisfies KindSet<AddrSpaceEvent['kind']>
