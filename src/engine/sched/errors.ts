import type { KindSet } from '../core/module.ts'

/** What the scheduling model refuses, with the numbers that made it refuse. */
export type SchedError =
  | { readonly code: 'no-sched' }
  | { readonly code: 'unknown-vm'; readonly name: string }
  | { readonly code: 'duplicate-vm'; readonly name: string }
  | { readonly code: 'unknown-vcpu'; readonly vcpu: string }
  | { readonly code: 'too-many'; readonly what: 'vms' | 'threads'; readonly max: number }
  | { readonly code: 'thread-exists'; readonly vcpu: string; readonly name: string }
  /** libxl: cap 0..vCPUs x 100. */
  | { readonly code: 'cap-range'; readonly cap: number; readonly max: number }
  /** libxl: weight 1..65535 (cgroup cpu.weight 1..10000 under KVM). */
  | { readonly code: 'weight-range'; readonly weight: number; readonly max: number }
  | { readonly code: 'kvm-cap' }
  | { readonly code: 'bad-pcpu'; readonly pcpu: number; readonly pcpus: number }
  | { readonly code: 'nothing-happens'; readonly us: number }
  | { readonly code: 'too-long'; readonly us: number; readonly max: number }

export const SCHED_ERROR_KINDS = {
  'no-sched': true,
  'unknown-vm': true,
  'duplicate-vm': true,
  'unknown-vcpu': true,
  'too-many': true,
  'thread-exists': true,
  'cap-range': true,
  'weight-range': true,
  'kvm-cap': true,
  'bad-pcpu': true,
  'nothing-happens': true,
  'too-long': true,
} as const satisfies KindSet<SchedError['code']>
