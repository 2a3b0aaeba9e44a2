import type { KindSet } from '../core/module.ts'
import type { SchedKind } from './types.ts'

/** Every operation of the scheduling model (CONSOLE.md `sched ...`). */
export type SchedOp =
  /** A fresh host: Xen's credit scheduler or Linux running KVM's vCPU threads. */
  | { readonly kind: 'sched.init'; readonly sched: SchedKind; readonly pcpus: number }
  | {
      readonly kind: 'sched.vm'
      readonly name: string
      readonly vcpus: number
      /** null = the default (256 in Xen, cpu.weight 100 under KVM). */
      readonly weight: number | null
      readonly cap: number | null
    }
  | {
      readonly kind: 'sched.set'
      readonly name: string
      readonly weight: number | null
      readonly cap: number | null
    }
  | {
      readonly kind: 'sched.thread'
      /** `VM.N` */
      readonly vcpu: string
      readonly name: string
      readonly mode: 'busy' | 'io'
      readonly runUs: number
      readonly sleepUs: number
    }
  /** Run until `count` scheduler decisions (switches, wakes, accounting) have happened. */
  | { readonly kind: 'sched.step'; readonly count: number }
  /** Run `us` microseconds and report the shares. */
  | { readonly kind: 'sched.run'; readonly us: number }
  /** Select the pCPU the VT-x commands run on. */
  | { readonly kind: 'sched.cpu'; readonly pcpu: number }

export const SCHED_OP_KINDS = {
  'sched.init': true,
  'sched.vm': true,
  'sched.set': true,
  'sched.thread': true,
  'sched.step': true,
  'sched.run': true,
  'sched.cpu': true,
} as const satisfies KindSet<SchedOp['kind']>
