import type { KindSet } from '../core/module.ts'
import type { Hpa } from '../core/addr.ts'
import type { VmxCitationId } from './cite.ts'
import type { ExitReasonName } from './exitReasons.ts'
import type { GuestInstr, VmxInstrName } from './ops.ts'
import type { ActivityState, LaunchState, Picture } from './types.ts'

/**
 * The guest-state check (SDM3 §26.3.1) a failed VM entry tripped over, with the value it read:
 * RFLAGS (§26.3.1.4: reserved bit 1 must be 1, bits 3, 5, 15 and 63:22 must be 0; VM must be 0
 * for an IA-32e mode guest or with CR0.PE = 0; IF must be 1 when an external interrupt is
 * injected), the activity state and the VMCS-link pointer (§26.3.1.5).
 */
export type GuestStateCheck =
  | { readonly check: 'rflags-reserved'; readonly rflags: bigint }
  | { readonly check: 'rflags-vm'; readonly rflags: bigint }
  | { readonly check: 'rflags-if'; readonly rflags: bigint }
  | { readonly check: 'activity-state'; readonly activity: bigint }
  | { readonly check: 'vmcs-link'; readonly link: bigint }

/** What the hardware recorded in the exit-information fields (hw-facts §4.8 step 1). */
export interface VmExitInfo {
  /** Basic exit reason (bits 15:0). */
  readonly reason: number
  readonly name: ExitReasonName | null
  /** The whole 32-bit exit-reason field (bit 31 set for a VM-entry failure). */
  readonly fullReason: number
  readonly qualification: bigint
  /** VM_EXIT_INSTRUCTION_LEN for instruction exits; null when the field is not written. */
  readonly instructionLength: number | null
  /** VM_EXIT_INTR_INFO as written (0 = valid bit clear). */
  readonly intrInfo: bigint
  readonly entryFailure: boolean
  /** For a VM-entry failure on guest state: the check that failed; null otherwise. */
  readonly guestCheck: GuestStateCheck | null
  /** The guest instruction or event that caused it, in console words. */
  readonly cause: string
}

/** What an instruction that ran inside the guest without a VM exit did. */
export type GuestEffect =
  | { readonly what: 'cpuid' }
  | { readonly what: 'halted' }
  | {
      readonly what: 'io-out'
      readonly port: number
      readonly value: bigint
      readonly size: number
    }
  | { readonly what: 'io-in'; readonly port: number; readonly value: bigint; readonly size: number }
  | { readonly what: 'cr3'; readonly value: bigint; readonly tlbRemoved: number }
  /**
   * A control register written without an exit: `value` is what the guest asked, `now` what
   * the register holds (bits the VMM owns through the guest/host mask keep their value).
   */
  | {
      readonly what: 'cr-write'
      readonly cr: 0 | 4 | 8
      readonly value: bigint
      readonly now: bigint
    }
  | { readonly what: 'cr-read'; readonly cr: 3; readonly value: bigint }
  | {
      readonly what: 'io-string'
      readonly port: number
      readonly size: number
      readonly direction: 'in' | 'out'
      readonly rep: boolean
    }
  | { readonly what: 'msr-read'; readonly msr: bigint; readonly value: bigint }
  | { readonly what: 'msr-write'; readonly msr: bigint; readonly value: bigint }
  | { readonly what: 'invlpg'; readonly va: bigint; readonly tlbRemoved: number }
  | { readonly what: 'interrupt'; readonly vector: number; readonly woke: boolean }

export type BitmapName =
  'io-a' | 'io-b' | 'msr-read-low' | 'msr-read-high' | 'msr-write-low' | 'msr-write-high'

export type VmxEvent =
  /** Software allocated a region and wrote its revision identifier. */
  | {
      readonly kind: 'vmx.region'
      readonly name: string
      readonly addr: Hpa
      readonly revision: number
      readonly created: boolean
      readonly cite: VmxCitationId
    }
  /** VMsucceed. */
  | {
      readonly kind: 'vmx.instr'
      readonly instr: VmxInstrName
      /** The region acted on (VMXON, VMCLEAR, VMPTRLD) or the current VMCS. */
      readonly vmcs: string | null
      readonly addr: Hpa | null
      readonly launch: LaunchState | null
      /** TLB entries INVEPT / INVVPID invalidated. */
      readonly tlbRemoved: number
      readonly cite: VmxCitationId
    }
  | {
      readonly kind: 'vmx.fail'
      readonly instr: VmxInstrName
      readonly vmfail: 'invalid' | 'valid'
      /** The VM-instruction error number (VMfailValid only). */
      readonly error: number | null
      readonly errorText: string
      /** Why, in the model's words (which check failed). */
      readonly why: string
      readonly vmcs: string | null
      readonly cite: VmxCitationId
    }
  /** An exception instead of a VMX outcome (#UD outside VMX operation). */
  | {
      readonly kind: 'vmx.fault'
      readonly instr: VmxInstrName
      readonly vector: 6
      readonly why: string
      readonly cite: VmxCitationId
    }
  | {
      readonly kind: 'vmcs.read'
      readonly vmcs: string
      readonly field: string
      readonly encoding: number
      readonly value: bigint
      readonly cite: VmxCitationId
    }
  | {
      readonly kind: 'vmcs.write'
      readonly vmcs: string
      readonly field: string
      readonly encoding: number
      readonly value: bigint
      readonly previous: bigint
      readonly cite: VmxCitationId
    }
  | {
      readonly kind: 'vmx.entry'
      readonly instr: 'vmlaunch' | 'vmresume'
      readonly vmcs: string
      readonly launchBefore: LaunchState
      readonly launchAfter: LaunchState
      /** The VPID guest translations are tagged with (0 when enable VPID is off). */
      readonly vpid: number
      readonly tlbRemoved: number
      /** Encodings of the fields the entry checked and loaded. */
      readonly read: readonly number[]
      readonly guestRip: bigint
      readonly activity: ActivityState
      readonly cite: VmxCitationId
    }
  | {
      readonly kind: 'vmx.exit'
      readonly vmcs: string
      readonly exit: VmExitInfo
      /** Encodings the exit wrote (exit information and saved guest state). */
      readonly written: readonly number[]
      readonly hostRip: bigint
      readonly guestRip: bigint
      readonly tlbRemoved: number
      readonly cite: VmxCitationId
    }
  | {
      readonly kind: 'guest.exec'
      readonly instr: GuestInstr
      readonly effect: GuestEffect
      /** The running VMCS; null for a pre-VT guest. */
      readonly vmcs: string | null
      readonly rip: bigint
      readonly length: number
      readonly cite: VmxCitationId
    }
  /** Pre-VT: a deprivileged guest kernel's instruction faults to the VMM at ring 0. */
  | {
      readonly kind: 'cpu.trap'
      readonly instr: GuestInstr
      readonly vector: number
      readonly fromRing: 1
      readonly toRing: 0
      readonly cite: VmxCitationId
    }
  | { readonly kind: 'cpu.picture'; readonly picture: Picture; readonly cite: VmxCitationId }
  | {
      readonly kind: 'vmx.bitmap'
      readonly vmcs: string
      readonly bitmap: BitmapName
      readonly index: bigint
      readonly byteAddr: Hpa
      readonly bit: number
      readonly on: boolean
      readonly cite: VmxCitationId
    }

export type VmxEventKind = VmxEvent['kind']

/** Bad input the VT-x module refuses (no hardware outcome): shown in plain words. */
export type VmxError =
  | { readonly code: 'vmx-no-guest'; readonly why: string }
  | { readonly code: 'vmx-vcpu-inactive'; readonly activity: ActivityState }
  | { readonly code: 'vmx-unknown-field'; readonly name: string }
  | { readonly code: 'vmx-no-current-vmcs'; readonly command: string }
  | { readonly code: 'vmx-bad-operand'; readonly what: string; readonly value: bigint }
  | { readonly code: 'vmx-in-vmx-operation'; readonly command: string }
  | { readonly code: 'vmx-not-root'; readonly command: string }
  | { readonly code: 'vmx-pre-vt'; readonly command: string }

/** Every event kind, listed once: the module descriptor and the routing read it. */
export const VMX_EVENT_KINDS = {
  'vmx.region': true,
  'vmx.instr': true,
  'vmx.fail': true,
  'vmx.fault': true,
  'vmcs.read': true,
  'vmcs.write': true,
  'vmx.entry': true,
  'vmx.exit': true,
  'guest.exec': true,
  'cpu.trap': true,
  'cpu.picture': true,
  'vmx.bitmap': true,
} as const satisfies KindSet<VmxEvent['kind']>

/** Every error code of the module, listed once (its descriptor's errorKinds). */
export const VMX_ERROR_KINDS = {
  'vmx-no-guest': true,
  'vmx-vcpu-inactive': true,
  'vmx-unknown-field': true,
  'vmx-no-current-vmcs': true,
  'vmx-bad-operand': true,
  'vmx-in-vmx-operation': true,
  'vmx-not-root': true,
  'vmx-pre-vt': true,
} as const satisfies KindSet<VmxError['code']>
