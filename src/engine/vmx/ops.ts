import type { KindSet } from '../core/module.ts'
import type { Picture } from './types.ts'

/** A VMCS (or VMXON) region named by the console, or a raw physical address. */
export type VmxTarget =
  { readonly by: 'name'; readonly name: string } | { readonly by: 'addr'; readonly addr: bigint }

/** General-purpose registers in exit-qualification order 0-15 (hw-facts §4.7). */
export const GPRS = [
  'rax',
  'rcx',
  'rdx',
  'rbx',
  'rsp',
  'rbp',
  'rsi',
  'rdi',
  'r8',
  'r9',
  'r10',
  'r11',
  'r12',
  'r13',
  'r14',
  'r15',
] as const
export type Gpr = (typeof GPRS)[number]

export type IoSize = 1 | 2 | 4

/** One guest instruction (or an external interrupt arriving while the guest runs). */
export type GuestInstr =
  | { readonly op: 'cpuid' }
  | { readonly op: 'hlt' }
  | { readonly op: 'out'; readonly port: number; readonly value: bigint; readonly size: IoSize }
  | { readonly op: 'in'; readonly port: number; readonly size: IoSize }
  | { readonly op: 'mov-cr3'; readonly value: bigint; readonly reg: Gpr }
  /** MOV to CR0, CR4 or CR8 from a general register. */
  | { readonly op: 'mov-to-cr'; readonly cr: 0 | 4 | 8; readonly value: bigint; readonly reg: Gpr }
  /** MOV from CR3 into a general register. */
  | { readonly op: 'mov-from-cr3'; readonly reg: Gpr }
  | { readonly op: 'clts' }
  /** LMSW: loads CR0 bits 3:0 (PE can be set, not cleared) from a 16-bit operand. */
  | { readonly op: 'lmsw'; readonly value: bigint; readonly memory: boolean }
  /** INS / OUTS, the string forms (port in DX), with or without a REP prefix. */
  | {
      readonly op: 'ins' | 'outs'
      readonly port: number
      readonly size: IoSize
      readonly rep: boolean
    }
  | { readonly op: 'rdmsr'; readonly msr: bigint }
  | { readonly op: 'wrmsr'; readonly msr: bigint; readonly value: bigint }
  | { readonly op: 'vmcall' }
  /** VMREAD / VMWRITE executed by the guest (field: a Linux-style name or an encoding). */
  | { readonly op: 'vmread'; readonly field: string | bigint }
  | { readonly op: 'vmwrite'; readonly field: string | bigint; readonly value: bigint }
  | { readonly op: 'invlpg'; readonly va: bigint }
  | { readonly op: 'interrupt'; readonly vector: number }

export type VmxInstrName =
  | 'vmxon'
  | 'vmxoff'
  | 'vmclear'
  | 'vmptrld'
  | 'vmread'
  | 'vmwrite'
  | 'vmlaunch'
  | 'vmresume'
  | 'vmcall'
  | 'invept'
  | 'invvpid'

export type BitmapKind = 'io' | 'msr-read' | 'msr-write'

export type VmxOp =
  | { readonly kind: 'vmx.vmxon'; readonly region: VmxTarget | null }
  | { readonly kind: 'vmx.vmxoff' }
  | { readonly kind: 'vmx.vmclear'; readonly target: VmxTarget }
  | { readonly kind: 'vmx.vmptrld'; readonly target: VmxTarget }
  /** field: a Linux-style name or a raw encoding. */
  | { readonly kind: 'vmx.vmread'; readonly field: string | bigint }
  | { readonly kind: 'vmx.vmwrite'; readonly field: string | bigint; readonly value: bigint }
  | { readonly kind: 'vmx.vmlaunch' }
  | { readonly kind: 'vmx.vmresume' }
  /** VMCALL issued by the software at the console (the VMM in root operation). */
  | { readonly kind: 'vmx.vmcall' }
  | { readonly kind: 'vmx.invept'; readonly type: bigint; readonly eptp: bigint }
  | {
      readonly kind: 'vmx.invvpid'
      readonly type: bigint
      readonly vpid: bigint
      readonly linear: bigint
    }
  /** Software writes the revision identifier into a region (creating it on first use). */
  | { readonly kind: 'vmx.region'; readonly target: VmxTarget; readonly revision: bigint }
  /** The VMM sets or clears one bit in the current VMCS's I/O or MSR bitmap page. */
  | {
      readonly kind: 'vmx.bitmap'
      readonly bitmap: BitmapKind
      readonly index: bigint
      readonly on: boolean
    }
  | { readonly kind: 'vmx.picture'; readonly picture: Picture }
  | { readonly kind: 'vmx.guest'; readonly instr: GuestInstr }
  /**
   * A VM exit raised by another module while the guest runs (e.g. an EPT violation, reason
   * 48, from the memory model): recorded in the current VMCS like any other exit.
   */
  | {
      readonly kind: 'vmx.external-exit'
      readonly reason: number
      readonly qualification: bigint
      readonly gpa: bigint | null
      readonly gla: bigint | null
      readonly cause: string
      /** VM-exit interruption information of an exception exit (0 when absent). */
      readonly intrInfo?: bigint
      /** VM-exit interruption error code (0x4406), for an exception that pushes one. */
      readonly errorCode?: bigint
    }
  /** VMM convenience: GUEST_RIP += VM_EXIT_INSTRUCTION_LEN (two VMREADs and a VMWRITE). */
  | { readonly kind: 'vmx.advance-rip' }

/** Every op kind, listed once: the module descriptor and the routing read it. */
export const VMX_OP_KINDS = {
  'vmx.vmxon': true,
  'vmx.vmxoff': true,
  'vmx.vmclear': true,
  'vmx.vmptrld': true,
  'vmx.vmread': true,
  'vmx.vmwrite': true,
  'vmx.vmlaunch': true,
  'vmx.vmresume': true,
  'vmx.vmcall': true,
  'vmx.invept': true,
  'vmx.invvpid': true,
  'vmx.region': true,
  'vmx.bitmap': true,
  'vmx.picture': true,
  'vmx.guest': true,
  'vmx.external-exit': true,
  'vmx.advance-rip': true,
} as const satisfies KindSet<VmxOp['kind']>
