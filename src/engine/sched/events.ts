import type { KindSet } from '../core/module.ts'
import type { AcctRecord, Priority, SchedKind } from './types.ts'

/** Why a pCPU ran its scheduler. */
export type SwitchWhy =
  /** The running vCPU's 30 ms slice (or EEVDF slice) ended. */
  | 'slice'
  /** Its guest had nothing to run: HLT / block. */
  | 'block'
  /** A waking vCPU of higher priority tickled this pCPU. */
  | 'preempt'
  /** Accounting parked a capped vCPU over its cap. */
  | 'park'
  /** An idle pCPU found work. */
  | 'idle'

export type SchedEvent =
  | {
      readonly kind: 'sched.init'
      readonly sched: SchedKind
      readonly pcpus: number
      /** Xen: 30 ms; KVM: the EEVDF base slice. */
      readonly sliceUs: number
      readonly cite: 'xen-credit-const' | 'kvm-vcpu-thread'
    }
  | {
      readonly kind: 'sched.vm'
      readonly name: string
      readonly vcpus: number
      readonly weight: number
      readonly cap: number
      /** Where each vCPU was queued. */
      readonly placed: readonly number[]
      readonly cite: 'xen-credit-const' | 'kvm-vcpu-thread'
    }
  | {
      readonly kind: 'sched.set'
      readonly name: string
      readonly weight: number
      readonly cap: number
      readonly cite: 'xen-credit-limits'
    }
  | {
      readonly kind: 'sched.thread'
      readonly vcpu: string
      readonly name: string
      readonly mode: 'busy' | 'io'
      readonly runUs: number
      readonly sleepUs: number
      /** The halted vCPU woke for it (its priority then, and the pCPU it tickled). */
      readonly wake: {
        readonly priBefore: Priority
        readonly pri: Priority
        readonly tickled: number | null
      } | null
      readonly cite: 'kvm-vcpu-thread' | 'xen-credit-wake'
    }
  | {
      readonly kind: 'sched.switch'
      readonly atUs: number
      readonly pcpu: number
      readonly from: string | null
      readonly to: string | null
      readonly why: SwitchWhy
      /** The next vCPU's priority and credit (Xen) or vruntime (KVM) when it starts. */
      readonly pri: Priority | null
      readonly credit: number | null
      /** Taken from another pCPU's queue (csched_load_balance). */
      readonly stolenFrom: number | null
      /** It last ran on another pCPU: its VMCS moves (VMCLEAR there, VMPTRLD + VMLAUNCH here). */
      readonly movedFrom: number | null
      readonly cite: 'xen-credit-steal' | 'xen-credit-pri' | 'kvm-vcpu-thread' | 'vmcs-migrate'
    }
  | {
      readonly kind: 'sched.wake'
      readonly atUs: number
      readonly vcpu: string
      readonly thread: string
      readonly priBefore: Priority
      readonly pri: Priority
      /** Why a waking vCPU was not boosted. */
      readonly noBoost: 'over' | 'parked' | 'boost' | 'kvm' | null
      /** The pCPU it tickled into rescheduling (preempting or waking from idle), if any. */
      readonly tickled: number | null
      readonly cite: 'xen-credit-wake' | 'kvm-vcpu-thread'
    }
  | {
      readonly kind: 'sched.block'
      readonly atUs: number
      readonly vcpu: string
      readonly thread: string
      /** The vCPU has no runnable thread left: it halts (and, under KVM, halt-polls first). */
      readonly vcpuBlocks: boolean
      readonly cite: 'kvm-vcpu-thread' | 'xen-credit-pri'
    }
  | {
      /** A tick found a boosted vCPU running: back to UNDER (csched_unit_acct). */
      readonly kind: 'sched.unboost'
      readonly atUs: number
      readonly vcpu: string
      readonly credit: number
      readonly cite: 'xen-credit-wake'
    }
  | { readonly kind: 'sched.acct'; readonly acct: AcctRecord; readonly cite: 'xen-credit-acct' }
  | {
      readonly kind: 'sched.run'
      readonly fromUs: number
      readonly toUs: number
      /** CPU time per vCPU in the window, and per pCPU idle time. */
      readonly shares: readonly { readonly vcpu: string; readonly ranUs: number }[]
      readonly idleUs: readonly number[]
      readonly switches: number
      readonly wakes: number
      readonly boosts: number
      readonly accts: number
      readonly vmcsMoves: number
      readonly cite: 'xen-credit-acct' | 'kvm-vcpu-thread'
    }
  | {
      readonly kind: 'sched.cpu'
      readonly pcpu: number
      readonly from: number
      /** The VMCS now current on the selected pCPU (its name), if any. */
      readonly currentVmcs: string | null
      readonly mode: 'off' | 'root' | 'non-root'
      readonly cite: 'vmcs-migrate'
    }

export const SCHED_EVENT_KINDS = {
  'sched.init': true,
  'sched.vm': true,
  'sched.set': true,
  'sched.thread': true,
  'sched.switch': true,
  'sched.wake': true,
  'sched.block': true,
  'sched.unboost': true,
  'sched.acct': true,
  'sched.run': true,
  'sched.cpu': true,
} as const satisfies KindSet<SchedEvent['kind']>
