// Two-level scheduling (hw-facts-2 §4.4-4.5): guest threads on vCPUs, vCPUs on physical CPUs,
// under Xen's credit scheduler or as KVM's ordinary host threads. Time is in microseconds and
// the model moves in steps of SCHED_STEP_US.
import type { LogicalCpu, TlbEntry } from '../vmx/types.ts'

/** Xen credit.c constants (hw-facts-2 §4.4). */
export const CREDIT = {
  defaultWeight: 256,
  tsliceMs: 30,
  ticksPerTslice: 3,
  creditsPerMs: 10,
  /** 10 x 30: what one pCPU hands out per slice. */
  creditsPerTslice: 300,
} as const
/** The credit scheduler's priorities (csched_unit pri). */
export const PRIORITY = { boost: 0, under: -1, over: -2, idle: -64 } as const
export type Priority = 'boost' | 'under' | 'over'

/** libxl's ranges (libxl_sched.c): weight 1..65535, cap 0..vCPUs x 100. */
export const XEN_WEIGHT_MAX = 65535
/** cgroup v2 cpu.weight: 1..10000, default 100 (what a KVM vCPU thread's share is set by). */
export const CGROUP_WEIGHT_DEFAULT = 100
export const CGROUP_WEIGHT_MAX = 10000
/** KVM_HALT_POLL_NS_DEFAULT on x86: 200,000 ns. */
export const KVM_HALT_POLL_US = 200
/** EEVDF base slice on Linux 6.6-6.14: 0.75 ms x (1 + ilog2(CPUs)). */
export const EEVDF_BASE_SLICE_US = 750

/**
 * The model's time step: 50 us, so a 30 ms slice is 600 steps, the 0.75 ms EEVDF slice 15 and
 * the 200 us halt-poll 4 (a model choice, fine enough that nothing real is rounded).
 */
export const SCHED_STEP_US = 50
/** Most pCPUs, VMs, vCPUs per VM and threads per vCPU the model holds. */
export const SCHED_LIMITS = { pcpus: 8, vms: 8, vcpus: 8, threads: 4 } as const
/**
 * The longest `sched run` or `sched step` (2 s of host time): enough for any lesson, and about
 * a second of work for the biggest host the model holds (8 pCPUs, 64 vCPUs), never a hang.
 */
export const SCHED_MAX_RUN_US = 2_000_000
/**
 * The guest kernel's own round robin between its threads on one vCPU: 10 ms of vCPU time (a
 * model choice; the guest's scheduler is independent of the host's, hw-facts-2 §4.5).
 */
export const GUEST_QUANTUM_US = 10_000

export type SchedKind = 'xen' | 'kvm'

/** A thread of the guest OS, run by the guest's scheduler on one vCPU. */
export interface GuestThread {
  readonly name: string
  /** busy: always wants the CPU; io: runs runUs of CPU, then waits sleepUs for I/O. */
  readonly kind: 'busy' | 'io'
  readonly runUs: number
  readonly sleepUs: number
  /** CPU left in the current burst (io). */
  readonly left: number
  /** When its I/O completes, while it waits. */
  readonly wakeAt: number | null
  readonly ranUs: number
}

export interface SchedVcpu {
  /** `VM.N`, e.g. `A.0`. */
  readonly id: string
  readonly vm: string
  readonly threads: readonly GuestThread[]
  /** The guest thread the guest kernel runs on this vCPU (index), and its quantum left. */
  readonly guestCur: number
  readonly guestLeft: number
  readonly state: 'running' | 'runnable' | 'blocked'
  /** The pCPU whose queue holds it, or that runs it (sched_unit_master). */
  readonly pcpu: number
  /** Where it last ran: a different pCPU next time means its VMCS must move. */
  readonly lastRanOn: number | null
  // Xen credit scheduler
  readonly credit: number
  /** burn_credits' remainder, in thousandths of a credit. */
  readonly residual: number
  readonly pri: Priority
  /** On its domain's active list (it earns credit at accounting). */
  readonly active: boolean
  readonly parked: boolean
  /** Since when its credit is unburnt (start_time). */
  readonly startUs: number
  /** When its slice on the pCPU ends. */
  readonly sliceEnd: number
  // KVM: the vCPU thread under the host's fair scheduler
  readonly vruntime: number
  /** While halt-polling: when it gives up and sleeps. */
  readonly pollUntil: number | null
  readonly ranUs: number
  /** Times it resumed on a different pCPU: VMCLEAR there, VMPTRLD and VMLAUNCH here. */
  readonly vmcsMoves: number
}

export interface SchedVm {
  readonly name: string
  /** Xen: credit weight 1..65535; KVM: cgroup cpu.weight 1..10000. */
  readonly weight: number
  /** Xen: percent of one pCPU, 0 = none. KVM: always 0. */
  readonly cap: number
  readonly vcpus: number
}

export interface Pcpu {
  readonly running: string | null
  /** Queued vCPU ids in order (priority, then FIFO). */
  readonly runq: readonly string[]
  /** Must run the scheduler at the next instant (a tickle, a block, a park). */
  readonly resched: boolean
  readonly idleUs: number
}

/** What ran on one pCPU from startUs to endUs (null = idle). */
export interface Segment {
  readonly pcpu: number
  readonly vcpu: string | null
  readonly thread: string | null
  readonly startUs: number
  readonly endUs: number
}

export interface AcctDomain {
  readonly vm: string
  readonly activeVcpus: number
  readonly weight: number
  readonly cap: number
  /** Before the cap and peak: ceil(credit_total x weight x active / weight_total). */
  readonly fairShare: number
  readonly peak: number
  /** Per-vCPU credit the domain hands out this period. */
  readonly perVcpu: number
  /** Per-vCPU park threshold (cap only): parked below -capPerVcpu. */
  readonly capPerVcpu: number | null
}

export interface AcctVcpu {
  readonly vcpu: string
  readonly before: number
  readonly added: number
  readonly after: number
  readonly priBefore: Priority
  readonly pri: Priority
  readonly parkedNow: boolean
  readonly unparkedNow: boolean
  /** Above 300: left the active list and halved. */
  readonly stoppedEarning: boolean
  readonly clamped: boolean
}

export interface AcctRecord {
  readonly atUs: number
  readonly creditTotal: number
  readonly weightTotal: number
  readonly domains: readonly AcctDomain[]
  readonly vcpus: readonly AcctVcpu[]
  readonly balance: number
}

/** One pCPU's VT-x state while another pCPU's is in `machine.vmx`. */
export interface PcpuVmx {
  readonly cpu: LogicalCpu
  readonly tlb: readonly TlbEntry[]
}

export interface SchedState {
  readonly kind: SchedKind | null
  readonly pcpus: number
  readonly nowUs: number
  /** The last instant whose wake-ups, accounting and scheduling have run (-1: none yet). */
  readonly doneAtUs: number
  /** Accounting changed priorities: the next tick sorts the queues (csched_runq_sort). */
  readonly sortPending: boolean
  readonly vms: readonly SchedVm[]
  readonly vcpus: readonly SchedVcpu[]
  readonly cpus: readonly Pcpu[]
  /** Xen: domains on the active list, most recently activated first (list_add). */
  readonly activeVms: readonly string[]
  readonly creditBalance: number
  readonly segments: readonly Segment[]
  readonly lastAcct: AcctRecord | null
  /**
   * VT-x per pCPU: `machine.vmx.cpu` (and its TLB) is the selected pCPU's; the others wait
   * here. VMCS regions are memory, so every pCPU sees the same ones in `machine.vmx`.
   */
  readonly vmxCpu: number
  readonly vmxCpus: readonly (PcpuVmx | null)[]
}

export const initialSchedState: SchedState = {
  kind: null,
  pcpus: 1,
  nowUs: 0,
  doneAtUs: -1,
  sortPending: false,
  vms: [],
  vcpus: [],
  cpus: [],
  activeVms: [],
  creditBalance: 0,
  segments: [],
  lastAcct: null,
  vmxCpu: 0,
  vmxCpus: [],
}

/** EEVDF's base slice for a host of `n` CPUs. */
export function eevdfSliceUs(n: number): number {
  return EEVDF_BASE_SLICE_US * (1 + Math.floor(Math.log2(Math.max(1, n))))
}
