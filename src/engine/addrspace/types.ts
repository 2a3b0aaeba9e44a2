import type { Gpa, Gva, Hpa } from '../core/addr.ts'

export type PageSize = '4K' | '2M' | '1G'

export const PAGE_BYTES: Record<PageSize, bigint> = {
  '4K': 1n << 12n,
  '2M': 1n << 21n,
  '1G': 1n << 30n,
}

/** What the guest OS's own page table says for one page: present, R/W, U/S, XD, G. */
export interface GuestMapping {
  readonly va: Gva
  readonly pa: Gpa
  readonly size: PageSize
  readonly writable: boolean
  readonly user: boolean
  readonly noExecute: boolean
  readonly global: boolean
}

/** One entry of the hypervisor's guest-physical to machine map, with EPT-style R/W/X. */
export interface HostMapping {
  readonly gpa: Gpa
  readonly hpa: Hpa
  readonly size: PageSize
  readonly read: boolean
  readonly write: boolean
  readonly execute: boolean
}

export interface VmState {
  readonly name: string
  /** The guest's page table, ordered by virtual address. */
  readonly guestMap: readonly GuestMapping[]
  /** The hypervisor's map for this guest, ordered by guest-physical address. */
  readonly hostMap: readonly HostMapping[]
}

/** Control bits that change permission checks (SDM3 §4.6). */
export interface ControlBits {
  readonly cr0Wp: boolean
  readonly eferNxe: boolean
}

export interface Machine {
  readonly control: ControlBits
  /** Mappings of the OS running on bare metal (no hypervisor): VA to PA. */
  readonly nativeMap: readonly GuestMapping[]
  /** Guests in creation order. */
  readonly vms: readonly VmState[]
  /** The guest whose view commands act on; null = the native OS. */
  readonly current: string | null
}

export type AccessIntent = 'read' | 'write' | 'fetch'
export type AccessMode = 'user' | 'kernel'

// Defaults of a modern 64-bit OS (Linux sets CR0.WP and EFER.NXE at boot).
export const initialMachine: Machine = {
  control: { cr0Wp: true, eferNxe: true },
  nativeMap: [],
  vms: [],
  current: null,
}
