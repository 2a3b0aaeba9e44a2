import type { Hpa } from '../core/addr.ts'
import type { VpidTagged } from '../core/tlb.ts'

/** 'off' = outside VMX operation; then VMX root and non-root operation (SDM3 §23.3). */
export type VmxMode = 'off' | 'root' | 'non-root'
/**
 * How the guest kernel is run: 'vt-x' = at ring 0 of VMX non-root operation; 'pre-vt' = the
 * classic deprivileged picture, guest kernel at ring 1 and trap-and-emulate (course notes 001,
 * 004 slide 45).
 */
export type Picture = 'vt-x' | 'pre-vt'
export type LaunchState = 'clear' | 'launched'
/** Guest activity state field values 0-3 (hw-facts §4.7). */
export type ActivityState = 'active' | 'hlt' | 'shutdown' | 'wait-for-sipi'
export const ACTIVITY_STATES: readonly ActivityState[] = [
  'active',
  'hlt',
  'shutdown',
  'wait-for-sipi',
]

/** The registers a VM transition swaps (hw-facts §4.8); GPRs other than RSP stay put. */
export interface CpuRegs {
  readonly rip: bigint
  readonly rsp: bigint
  readonly rflags: bigint
  readonly cr0: bigint
  readonly cr3: bigint
  readonly cr4: bigint
}

/** One logical processor's VMX state. */
export interface LogicalCpu {
  readonly mode: VmxMode
  /** Current privilege level: 0 for the VMM and a running guest kernel, 1 for a pre-VT guest. */
  readonly cpl: 0 | 1 | 3
  /** True while a pre-VT guest kernel runs deprivileged at ring 1. */
  readonly deprivilegedGuest: boolean
  readonly vmxonPtr: Hpa | null
  /** Current-VMCS pointer; null stands for FFFFFFFF_FFFFFFFFH, "no current VMCS" (hw-facts §4.1). */
  readonly currentVmcs: Hpa | null
  readonly regs: CpuRegs
  /** The activity state of the guest while in non-root operation. */
  readonly activity: ActivityState
}

/** A 4 KiB region in memory used as a VMXON region or a VMCS (hw-facts §4.4). */
export interface VmcsRegion {
  readonly name: string
  readonly addr: Hpa
  /** Bytes 0-3: revision identifier (bits 30:0) and shadow-VMCS indicator (bit 31). */
  readonly revision: number
  readonly launch: LaunchState
  readonly active: boolean
  /** Field values keyed by the (full, even) encoding; missing = 0. */
  readonly fields: Readonly<Record<number, bigint>>
}

/** A cached linear translation, tagged with the VPID (and the EPTP when EPT is on; §7). */
export interface TlbEntry extends VpidTagged {
  /** Linear page number (address >> 12). */
  readonly page: bigint
  /** Who runs on this translation: a guest (by VMCS name) or the host (VMM). */
  readonly owner: string
}

export interface VmxState {
  readonly cpu: LogicalCpu
  readonly picture: Picture
  /** Regions in creation order. */
  readonly regions: readonly VmcsRegion[]
  /** Sparse host-physical bytes (I/O and MSR bitmaps), keyed by hex address; missing = 0. */
  readonly memory: Readonly<Record<string, number>>
  readonly tlb: readonly TlbEntry[]
  /** The model device's I/O ports: what OUT without an exit wrote. */
  readonly ioPorts: Readonly<Record<number, bigint>>
  /** Guest MSR values that RDMSR/WRMSR without an exit read and write (hex key). */
  readonly msrs: Readonly<Record<string, bigint>>
  /** Exits per basic reason, for the exit log. */
  readonly exitCounts: Readonly<Record<number, number>>
}

/**
 * The model processor's VMCS revision identifier (IA32_VMX_BASIC bits 30:0). Real CPUs
 * report their own value; 1 is this model's choice, not a hardware fact.
 */
export const MODEL_VMCS_REVISION_ID = 1
/** Where named regions are allocated (a model choice; 4 KiB aligned). */
export const REGION_BASE = 0x10_0000n
export const DEFAULT_VMXON_REGION = 'vmxon'

export const initialRegs: CpuRegs = { rip: 0n, rsp: 0n, rflags: 0x2n, cr0: 0n, cr3: 0n, cr4: 0n }

export const initialVmxState: VmxState = {
  cpu: {
    mode: 'off',
    cpl: 0,
    deprivilegedGuest: false,
    vmxonPtr: null,
    currentVmcs: null,
    regs: initialRegs,
    activity: 'active',
  },
  picture: 'vt-x',
  regions: [],
  memory: {},
  tlb: [],
  ioPorts: {},
  msrs: {},
  exitCounts: {},
}
