import type { KindSet } from '../core/module.ts'
import type { E1000RegName } from './e1000.ts'

/** An address a guest access names: a number, or an e1000 register (BAR0 + its offset). */
export type AccessTarget =
  { readonly addr: number } | { readonly reg: E1000RegName; readonly bar: 'mem' | 'io' }

/** Every operation of the KVM/QEMU I/O model (CONSOLE.md `kvm ...`, `vcpu ...`, `e1000 ...`). */
export type KvmOp =
  | { readonly kind: 'kvm.create'; readonly ramMiB: number; readonly vcpus: number }
  | {
      readonly kind: 'kvm.e1000'
      readonly dev: number
      readonly bar0: number
      readonly io: number
      readonly gsi: number
      readonly vector: number
    }
  | {
      readonly kind: 'kvm.ioeventfd'
      readonly space: 'pio' | 'mmio'
      readonly addr: number
      readonly len: number
      readonly datamatch: number | null
    }
  | {
      readonly kind: 'kvm.access'
      readonly space: 'pio' | 'mmio'
      readonly write: boolean
      readonly target: AccessTarget
      readonly size: 1 | 2 | 4
      readonly value: number
    }
  | {
      readonly kind: 'kvm.driver-init'
      readonly tx: number
      readonly rx: number
      readonly rctl: number
    }
  | {
      readonly kind: 'kvm.driver-tx'
      readonly len: number
      readonly count: number
      readonly frags: number
      readonly ide: boolean
    }
  | { readonly kind: 'kvm.driver-kick' }
  | { readonly kind: 'kvm.driver-rx'; readonly count: number }
  | { readonly kind: 'kvm.driver-isr' }
  | { readonly kind: 'kvm.driver-clean' }
  | { readonly kind: 'kvm.tap'; readonly len: number; readonly count: number }

export const KVM_OP_KINDS = {
  'kvm.create': true,
  'kvm.e1000': true,
  'kvm.ioeventfd': true,
  'kvm.access': true,
  'kvm.driver-init': true,
  'kvm.driver-tx': true,
  'kvm.driver-kick': true,
  'kvm.driver-rx': true,
  'kvm.driver-isr': true,
  'kvm.driver-clean': true,
  'kvm.tap': true,
} as const satisfies KindSet<KvmOp['kind']>
