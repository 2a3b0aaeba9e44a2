import type { KindSet } from '../core/module.ts'
import type { Bits, CplRule, PgClass } from './isa.ts'
import type { GuestCitationId } from './cite.ts'
import type { Ccf, Counts, TranslatedInstr, Way } from './types.ts'

/** One CPU's interrupt and privilege state as the panels and the JSON show it. */
export interface CpuView {
  readonly if: 0 | 1
  readonly iopl: number
  readonly cpl: 0 | 1 | 2 | 3
  readonly vif: 0 | 1
  readonly vip: 0 | 1
  readonly rflags: bigint
  readonly cs: number
  readonly cr0: bigint
  readonly cr3: bigint
  readonly cr4: bigint
  readonly gdtr: bigint
  readonly idtr: bigint
}

export interface ExitInfo {
  readonly reason: number
  /** The Linux name (EXIT_REASON_*), or the SDM description where Linux has none here. */
  readonly name: string
  readonly qualification: bigint
  readonly because: string
}

export interface HypercallInfo {
  readonly nr: number
  readonly name: string
  /** hypercall_page + 32 * nr. */
  readonly stub: bigint
  readonly bytes: readonly number[]
  /** The instruction inside the stub that enters Xen. */
  readonly trap: 'int $0x82' | 'syscall'
  readonly numberReg: 'eax' | 'rax'
  readonly args: readonly string[]
}

/**
 * What happened to an instruction: ran as on bare metal; emulated (trapped, the VMM ran it on
 * the vCPU); reflected (a fault or INT passed into the guest's own IDT); fault (native: into
 * the guest's IDT); diverged (ran, different guest-visible result); ident / in-tc / callout /
 * translated (BT); hypercall / pv-inline (PV); exit (VT-x).
 */
export type Outcome =
  | 'ran'
  | 'emulated'
  | 'reflected'
  | 'fault'
  | 'diverged'
  | 'ident'
  | 'in-tc'
  | 'callout'
  | 'translated'
  | 'hypercall'
  | 'pv-inline'
  | 'exit'

/**
 * Where things stand after an event, for a panel drawing that step when one command made
 * several: the next program line index (-1 when none), how many CCFs and chain links the
 * translation cache holds (it only grows within a run), the interrupts waiting, the counts.
 */
export interface Snapshot {
  readonly next: number
  readonly tcSize: number
  readonly chainedSize: number
  readonly pending: readonly number[]
  readonly halted: boolean
  readonly counts: Counts
  readonly real: CpuView
  readonly virt: CpuView
}

export interface InstrEvent extends Snapshot {
  readonly kind: 'guest.instr'
  readonly cite: GuestCitationId
  readonly way: Way
  /** Program line index (0-based) and line number (1-based). */
  readonly index: number
  readonly line: number
  readonly address: bigint
  readonly length: number
  readonly text: string
  readonly pg: PgClass
  readonly rule: CplRule
  readonly why: string
  readonly outcome: Outcome
  readonly fault: { readonly vector: number; readonly code: number | null } | null
  readonly exit: ExitInfo | null
  readonly hypercall: HypercallInfo | null
  readonly translation: TranslatedInstr | null
  /** Guest-visible differences from bare metal (empty unless outcome is 'diverged'). */
  readonly diverged: readonly string[]
  readonly note: string | null
}

export interface CompareRow {
  readonly way: Way
  readonly counts: Counts
  readonly halted: boolean
  readonly limitHit: boolean
  readonly stopped: string | null
}

type Cited<T> = T & { readonly cite: GuestCitationId }

export type GuestEvent =
  | Cited<{ readonly kind: 'guest.program'; readonly bits: Bits }>
  | Cited<{
      readonly kind: 'guest.asm'
      readonly line: number
      readonly label: string | null
      readonly text: string | null
      readonly pg: PgClass | null
      readonly rule: CplRule | null
      readonly address: bigint
      readonly length: number
    }>
  | Cited<{
      readonly kind: 'guest.way'
      readonly way: Way
      readonly bits: Bits
      /** The ring the guest kernel really runs in. */
      readonly ring: 0 | 1 | 3
      readonly umip: boolean
      /** VT-x: the VMCS whose controls decide exits, and its pin/primary/secondary controls. */
      readonly vmcs: string | null
      readonly controls: {
        readonly pin: bigint
        readonly cpu: bigint
        readonly secondary: bigint
      } | null
    }>
  | InstrEvent
  | Cited<
      Snapshot & {
        readonly kind: 'guest.translate'
        readonly ccf: Ccf
        /** entry: first code run; continuation: a direct branch's first use; lookup-miss: indirect. */
        readonly reason: 'entry' | 'continuation' | 'lookup-miss'
      }
    >
  | Cited<
      Snapshot & {
        readonly kind: 'guest.interrupt'
        readonly vector: number
        /** delivered: through the IDT by the CPU; injected: by the VMM; queued: waiting for IF = 1. */
        readonly action: 'delivered' | 'injected' | 'queued'
        readonly exit: ExitInfo | null
        readonly queued: number
      }
    >
  | Cited<{ readonly kind: 'guest.stop'; readonly why: string; readonly line: number | null }>
  | Cited<{
      readonly kind: 'guest.run'
      readonly way: Way
      readonly executed: number
      readonly limit: number
      readonly limitHit: boolean
      readonly halted: boolean
      readonly stopped: string | null
      readonly counts: Counts
      readonly real: CpuView
      readonly virt: CpuView
    }>
  | Cited<{
      readonly kind: 'guest.compare'
      readonly limit: number
      readonly rows: readonly CompareRow[]
    }>

export const GUEST_EVENT_KINDS = {
  'guest.program': true,
  'guest.asm': true,
  'guest.way': true,
  'guest.instr': true,
  'guest.translate': true,
  'guest.interrupt': true,
  'guest.stop': true,
  'guest.run': true,
  'guest.compare': true,
} as const satisfies KindSet<GuestEvent['kind']>
