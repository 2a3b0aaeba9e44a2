// The VMCS field table: Linux-style names with their real 16-bit encodings (hw-facts §4.4,
// from Linux vmx.h, kvm-unit-tests and SDM Vol. 3 App. H). Width, type and index are decoded
// from the encoding bits, never stored by hand (SDM3 App. B).

/** Bits 14:13 of the encoding (hw-facts §4.4). */
export type FieldWidth = '16-bit' | '64-bit' | '32-bit' | 'natural'
/** Bits 11:10 of the encoding: 0 control, 1 read-only data, 2 guest state, 3 host state. */
export type FieldType = 'control' | 'read-only' | 'guest-state' | 'host-state'
/** The six logical groups of the VMCS (SDM3 §24.3, course notes 004 slide 49). */
export type VmcsGroup =
  | 'guest-state'
  | 'host-state'
  | 'execution-controls'
  | 'exit-controls'
  | 'entry-controls'
  | 'exit-information'

export const VMCS_GROUPS: readonly VmcsGroup[] = [
  'guest-state',
  'host-state',
  'execution-controls',
  'exit-controls',
  'entry-controls',
  'exit-information',
]

export interface VmcsField {
  readonly name: string
  readonly encoding: number
  /** Bit 0: 'high' addresses bits 63:32 of a 64-bit field. */
  readonly access: 'full' | 'high'
  /** Bits 9:1. */
  readonly index: number
  readonly type: FieldType
  readonly width: FieldWidth
  readonly group: VmcsGroup
  /** Type 1 fields cannot be written by VMWRITE (VMfail 13; hw-facts §4.1). */
  readonly readOnly: boolean
}

const WIDTHS: readonly FieldWidth[] = ['16-bit', '64-bit', '32-bit', 'natural']
const TYPES: readonly FieldType[] = ['control', 'read-only', 'guest-state', 'host-state']

/** Decodes an encoding's bit fields exactly as Linux's vmcs_field_width / index do. */
export function decodeEncoding(encoding: number): {
  access: 'full' | 'high'
  index: number
  type: FieldType
  width: FieldWidth
} {
  return {
    access: (encoding & 1) === 0 ? 'full' : 'high',
    index: (encoding >> 1) & 0x1ff,
    type: TYPES[(encoding >> 10) & 3] ?? 'control',
    width: WIDTHS[(encoding >> 13) & 3] ?? '16-bit',
  }
}

/** Value mask of a field as VMWRITE stores it: 16, 32 or 64 bits (natural = 64 on x86-64). */
export function widthMask(f: Pick<VmcsField, 'width' | 'access'>): bigint {
  if (f.access === 'high') return 0xffff_ffffn
  switch (f.width) {
    case '16-bit':
      return 0xffffn
    case '32-bit':
      return 0xffff_ffffn
    default:
      return 0xffff_ffff_ffff_ffffn
  }
}

// Control fields share type 0; which of the three control groups each belongs to follows
// the SDM's sections 24.6 (execution), 24.7 (exit) and 24.8 (entry), as the names say.
type ControlGroup = 'execution-controls' | 'exit-controls' | 'entry-controls'
const X: ControlGroup = 'execution-controls'
const XT: ControlGroup = 'exit-controls'
const EN: ControlGroup = 'entry-controls'

/** [name, encoding, control group if type 0]. Exactly the fields hw-facts §4.4 lists. */
const RAW: readonly (readonly [string, number, ControlGroup?])[] = [
  // 16-bit control
  ['VIRTUAL_PROCESSOR_ID', 0x0000, X],
  // 16-bit guest state
  ['GUEST_ES_SELECTOR', 0x0800],
  ['GUEST_CS_SELECTOR', 0x0802],
  ['GUEST_SS_SELECTOR', 0x0804],
  ['GUEST_DS_SELECTOR', 0x0806],
  ['GUEST_FS_SELECTOR', 0x0808],
  ['GUEST_GS_SELECTOR', 0x080a],
  ['GUEST_LDTR_SELECTOR', 0x080c],
  ['GUEST_TR_SELECTOR', 0x080e],
  // 16-bit host state
  ['HOST_ES_SELECTOR', 0x0c00],
  ['HOST_CS_SELECTOR', 0x0c02],
  ['HOST_SS_SELECTOR', 0x0c04],
  ['HOST_DS_SELECTOR', 0x0c06],
  ['HOST_FS_SELECTOR', 0x0c08],
  ['HOST_GS_SELECTOR', 0x0c0a],
  ['HOST_TR_SELECTOR', 0x0c0c],
  // 64-bit control
  ['IO_BITMAP_A', 0x2000, X],
  ['IO_BITMAP_B', 0x2002, X],
  ['MSR_BITMAP', 0x2004, X],
  ['VM_EXIT_MSR_STORE_ADDR', 0x2006, XT],
  ['VM_EXIT_MSR_LOAD_ADDR', 0x2008, XT],
  ['VM_ENTRY_MSR_LOAD_ADDR', 0x200a, EN],
  ['TSC_OFFSET', 0x2010, X],
  ['VIRTUAL_APIC_PAGE_ADDR', 0x2012, X],
  ['APIC_ACCESS_ADDR', 0x2014, X],
  ['EPT_POINTER', 0x201a, X],
  // 64-bit read-only
  ['GUEST_PHYSICAL_ADDRESS', 0x2400],
  // 64-bit guest state
  ['VMCS_LINK_POINTER', 0x2800],
  ['GUEST_IA32_DEBUGCTL', 0x2802],
  ['GUEST_IA32_PAT', 0x2804],
  ['GUEST_IA32_EFER', 0x2806],
  ['GUEST_PDPTR0', 0x280a],
  ['GUEST_PDPTR1', 0x280c],
  ['GUEST_PDPTR2', 0x280e],
  ['GUEST_PDPTR3', 0x2810],
  // 64-bit host state
  ['HOST_IA32_PAT', 0x2c00],
  ['HOST_IA32_EFER', 0x2c02],
  // 32-bit control
  ['PIN_BASED_VM_EXEC_CONTROL', 0x4000, X],
  ['CPU_BASED_VM_EXEC_CONTROL', 0x4002, X],
  ['EXCEPTION_BITMAP', 0x4004, X],
  ['PAGE_FAULT_ERROR_CODE_MASK', 0x4006, X],
  ['PAGE_FAULT_ERROR_CODE_MATCH', 0x4008, X],
  ['CR3_TARGET_COUNT', 0x400a, X],
  ['VM_EXIT_CONTROLS', 0x400c, XT],
  ['VM_EXIT_MSR_STORE_COUNT', 0x400e, XT],
  ['VM_EXIT_MSR_LOAD_COUNT', 0x4010, XT],
  ['VM_ENTRY_CONTROLS', 0x4012, EN],
  ['VM_ENTRY_MSR_LOAD_COUNT', 0x4014, EN],
  ['VM_ENTRY_INTR_INFO_FIELD', 0x4016, EN],
  ['VM_ENTRY_EXCEPTION_ERROR_CODE', 0x4018, EN],
  ['VM_ENTRY_INSTRUCTION_LEN', 0x401a, EN],
  ['TPR_THRESHOLD', 0x401c, X],
  ['SECONDARY_VM_EXEC_CONTROL', 0x401e, X],
  // 32-bit read-only
  ['VM_INSTRUCTION_ERROR', 0x4400],
  ['VM_EXIT_REASON', 0x4402],
  ['VM_EXIT_INTR_INFO', 0x4404],
  ['VM_EXIT_INTR_ERROR_CODE', 0x4406],
  ['IDT_VECTORING_INFO_FIELD', 0x4408],
  ['IDT_VECTORING_ERROR_CODE', 0x440a],
  ['VM_EXIT_INSTRUCTION_LEN', 0x440c],
  ['VMX_INSTRUCTION_INFO', 0x440e],
  // 32-bit guest state
  ['GUEST_ES_LIMIT', 0x4800],
  ['GUEST_CS_LIMIT', 0x4802],
  ['GUEST_ES_AR_BYTES', 0x4814],
  ['GUEST_CS_AR_BYTES', 0x4816],
  ['GUEST_INTERRUPTIBILITY_INFO', 0x4824],
  ['GUEST_ACTIVITY_STATE', 0x4826],
  ['GUEST_SYSENTER_CS', 0x482a],
  ['VMX_PREEMPTION_TIMER_VALUE', 0x482e],
  // 32-bit host state
  ['HOST_IA32_SYSENTER_CS', 0x4c00],
  // natural-width control
  ['CR0_GUEST_HOST_MASK', 0x6000, X],
  ['CR4_GUEST_HOST_MASK', 0x6002, X],
  ['CR0_READ_SHADOW', 0x6004, X],
  ['CR4_READ_SHADOW', 0x6006, X],
  ['CR3_TARGET_VALUE0', 0x6008, X],
  ['CR3_TARGET_VALUE1', 0x600a, X],
  ['CR3_TARGET_VALUE2', 0x600c, X],
  ['CR3_TARGET_VALUE3', 0x600e, X],
  // natural-width read-only
  ['EXIT_QUALIFICATION', 0x6400],
  ['IO_RCX', 0x6402],
  ['IO_RSI', 0x6404],
  ['IO_RDI', 0x6406],
  ['IO_RIP', 0x6408],
  ['GUEST_LINEAR_ADDRESS', 0x640a],
  // natural-width guest state
  ['GUEST_CR0', 0x6800],
  ['GUEST_CR3', 0x6802],
  ['GUEST_CR4', 0x6804],
  ['GUEST_ES_BASE', 0x6806],
  ['GUEST_CS_BASE', 0x6808],
  ['GUEST_SS_BASE', 0x680a],
  ['GUEST_DS_BASE', 0x680c],
  ['GUEST_FS_BASE', 0x680e],
  ['GUEST_GS_BASE', 0x6810],
  ['GUEST_LDTR_BASE', 0x6812],
  ['GUEST_TR_BASE', 0x6814],
  ['GUEST_GDTR_BASE', 0x6816],
  ['GUEST_IDTR_BASE', 0x6818],
  ['GUEST_DR7', 0x681a],
  ['GUEST_RSP', 0x681c],
  ['GUEST_RIP', 0x681e],
  ['GUEST_RFLAGS', 0x6820],
  ['GUEST_PENDING_DBG_EXCEPTIONS', 0x6822],
  ['GUEST_SYSENTER_ESP', 0x6824],
  ['GUEST_SYSENTER_EIP', 0x6826],
  // natural-width host state
  ['HOST_CR0', 0x6c00],
  ['HOST_CR3', 0x6c02],
  ['HOST_CR4', 0x6c04],
  ['HOST_FS_BASE', 0x6c06],
  ['HOST_GS_BASE', 0x6c08],
  ['HOST_TR_BASE', 0x6c0a],
  ['HOST_GDTR_BASE', 0x6c0c],
  ['HOST_IDTR_BASE', 0x6c0e],
  ['HOST_IA32_SYSENTER_ESP', 0x6c10],
  ['HOST_IA32_SYSENTER_EIP', 0x6c12],
  ['HOST_RSP', 0x6c14],
  ['HOST_RIP', 0x6c16],
]

function groupOf(type: FieldType, control: ControlGroup | undefined): VmcsGroup {
  switch (type) {
    case 'control':
      return control ?? 'execution-controls'
    case 'read-only':
      return 'exit-information'
    case 'guest-state':
      return 'guest-state'
    case 'host-state':
      return 'host-state'
  }
}

function makeField(name: string, encoding: number, control?: ControlGroup): VmcsField {
  const d = decodeEncoding(encoding)
  return { name, encoding, ...d, group: groupOf(d.type, control), readOnly: d.type === 'read-only' }
}

const FULL = RAW.map(([n, e, g]) => makeField(n, e, g))

/** Every supported field, including the "_HIGH" halves of 64-bit fields (encoding + 1). */
export const VMCS_FIELDS: readonly VmcsField[] = FULL.flatMap((f) =>
  f.width === '64-bit'
    ? [f, { ...f, name: f.name + '_HIGH', encoding: f.encoding + 1, access: 'high' as const }]
    : [f],
)

const BY_NAME = new Map(VMCS_FIELDS.map((f) => [f.name, f]))
const BY_ENCODING = new Map(VMCS_FIELDS.map((f) => [f.encoding, f]))

export function fieldByName(name: string): VmcsField | null {
  return BY_NAME.get(name.toUpperCase()) ?? null
}

export function fieldByEncoding(encoding: number): VmcsField | null {
  return BY_ENCODING.get(encoding) ?? null
}

/** Looks up a field by its Linux name or its encoding (`0x681e`). */
export function lookupField(key: string | number): VmcsField | null {
  return typeof key === 'number' ? fieldByEncoding(key) : fieldByName(key)
}

/** The field with this name; for the engine's own constants, which are in the table. */
function must(name: string): VmcsField {
  const f = BY_NAME.get(name)
  if (!f) throw new Error(`VMCS field ${name} missing from the table`)
  return f
}

// Encodings the engine itself reads or writes (hw-facts §4.4).
export const F = {
  VPID: must('VIRTUAL_PROCESSOR_ID'),
  IO_BITMAP_A: must('IO_BITMAP_A'),
  IO_BITMAP_B: must('IO_BITMAP_B'),
  MSR_BITMAP: must('MSR_BITMAP'),
  EPT_POINTER: must('EPT_POINTER'),
  VMCS_LINK_POINTER: must('VMCS_LINK_POINTER'),
  PIN_BASED: must('PIN_BASED_VM_EXEC_CONTROL'),
  CPU_BASED: must('CPU_BASED_VM_EXEC_CONTROL'),
  CR3_TARGET_COUNT: must('CR3_TARGET_COUNT'),
  CR0_GUEST_HOST_MASK: must('CR0_GUEST_HOST_MASK'),
  CR4_GUEST_HOST_MASK: must('CR4_GUEST_HOST_MASK'),
  CR0_READ_SHADOW: must('CR0_READ_SHADOW'),
  CR4_READ_SHADOW: must('CR4_READ_SHADOW'),
  VM_EXIT_CONTROLS: must('VM_EXIT_CONTROLS'),
  VM_ENTRY_CONTROLS: must('VM_ENTRY_CONTROLS'),
  SECONDARY: must('SECONDARY_VM_EXEC_CONTROL'),
  VM_INSTRUCTION_ERROR: must('VM_INSTRUCTION_ERROR'),
  VM_EXIT_REASON: must('VM_EXIT_REASON'),
  VM_EXIT_INTR_INFO: must('VM_EXIT_INTR_INFO'),
  VM_EXIT_INTR_ERROR_CODE: must('VM_EXIT_INTR_ERROR_CODE'),
  VM_EXIT_INSTRUCTION_LEN: must('VM_EXIT_INSTRUCTION_LEN'),
  GUEST_ACTIVITY_STATE: must('GUEST_ACTIVITY_STATE'),
  CR3_TARGET_VALUES: [
    must('CR3_TARGET_VALUE0'),
    must('CR3_TARGET_VALUE1'),
    must('CR3_TARGET_VALUE2'),
    must('CR3_TARGET_VALUE3'),
  ],
  EXIT_QUALIFICATION: must('EXIT_QUALIFICATION'),
  GUEST_LINEAR_ADDRESS: must('GUEST_LINEAR_ADDRESS'),
  GUEST_PHYSICAL_ADDRESS: must('GUEST_PHYSICAL_ADDRESS'),
  GUEST_CR0: must('GUEST_CR0'),
  GUEST_CR3: must('GUEST_CR3'),
  GUEST_CR4: must('GUEST_CR4'),
  GUEST_RSP: must('GUEST_RSP'),
  GUEST_RIP: must('GUEST_RIP'),
  GUEST_RFLAGS: must('GUEST_RFLAGS'),
  VM_ENTRY_INTR_INFO: must('VM_ENTRY_INTR_INFO_FIELD'),
  HOST_SELECTORS: [
    must('HOST_ES_SELECTOR'),
    must('HOST_CS_SELECTOR'),
    must('HOST_SS_SELECTOR'),
    must('HOST_DS_SELECTOR'),
    must('HOST_FS_SELECTOR'),
    must('HOST_GS_SELECTOR'),
    must('HOST_TR_SELECTOR'),
  ],
  HOST_CS_SELECTOR: must('HOST_CS_SELECTOR'),
  HOST_TR_SELECTOR: must('HOST_TR_SELECTOR'),
  HOST_CR0: must('HOST_CR0'),
  HOST_CR3: must('HOST_CR3'),
  HOST_CR4: must('HOST_CR4'),
  HOST_RSP: must('HOST_RSP'),
  HOST_RIP: must('HOST_RIP'),
  HOST_IA32_EFER: must('HOST_IA32_EFER'),
  /** The host fields VM entry requires canonical (SDM3 §26.2.2, §26.2.3). */
  HOST_CANONICAL: [
    must('HOST_IA32_SYSENTER_ESP'),
    must('HOST_IA32_SYSENTER_EIP'),
    must('HOST_FS_BASE'),
    must('HOST_GS_BASE'),
    must('HOST_GDTR_BASE'),
    must('HOST_IDTR_BASE'),
    must('HOST_TR_BASE'),
  ],
} as const

// Control bit positions (hw-facts §4.5).
export const PIN_EXT_INTR_EXITING = 1n << 0n
export const CPU_HLT_EXITING = 1n << 7n
export const CPU_INVLPG_EXITING = 1n << 9n
export const CPU_CR3_LOAD_EXITING = 1n << 15n
export const CPU_CR3_STORE_EXITING = 1n << 16n
export const CPU_CR8_LOAD_EXITING = 1n << 19n
export const CPU_UNCOND_IO_EXITING = 1n << 24n
export const CPU_USE_IO_BITMAPS = 1n << 25n
export const CPU_USE_MSR_BITMAPS = 1n << 28n
export const CPU_ACTIVATE_SECONDARY = 1n << 31n
export const SEC_ENABLE_EPT = 1n << 1n
export const SEC_ENABLE_VPID = 1n << 5n
export const EXIT_HOST_ADDR_SPACE_SIZE = 1n << 9n
export const EXIT_ACK_INTR_ON_EXIT = 1n << 15n
/** VM-exit control bit 21, "load IA32_EFER" (SDM3 §24.7.1). */
export const EXIT_LOAD_IA32_EFER = 1n << 21n

// Host CR0/CR4 in VMX operation (SDM3 §26.2.2, Appendix A.7/A.8): a bit set in
// IA32_VMX_CRn_FIXED0 must be 1, a bit clear in IA32_VMX_CRn_FIXED1 must be 0. FIXED0 is what
// every VMX processor reports and KVM's nested VMX offers (VMXON_CR0_ALWAYSON = PE|NE|PG,
// VMXON_CR4_ALWAYSON = VMXE). FIXED1 depends on the processor; the model CPU reports CR0 bits
// 31:0 and the CR4 bits SDM3 §2.5 defines through PKS (bit 24), bit 15 being reserved.
/** IA32_VMX_CR0_FIXED0 (MSR 0x486): PE (0), NE (5), PG (31). */
export const VMX_CR0_FIXED0 = 0x8000_0021n
/** IA32_VMX_CR0_FIXED1 (MSR 0x487) of the model CPU: bits 63:32 must be 0. */
export const VMX_CR0_FIXED1 = 0xffff_ffffn
/** IA32_VMX_CR4_FIXED0 (MSR 0x488): VMXE (13). */
export const VMX_CR4_FIXED0 = 0x2000n
/** IA32_VMX_CR4_FIXED1 (MSR 0x489) of the model CPU: bits 0-14 and 16-24. */
export const VMX_CR4_FIXED1 = 0x1ff_7fffn
/** CR4.PAE (bit 5) and CR4.LA57 (bit 12), which the address-space checks read. */
export const CR4_PAE = 1n << 5n
export const CR4_LA57 = 1n << 12n
/** IA32_EFER bits an Intel 64 processor defines: SCE 0, LME 8, LMA 10, NXE 11 (others reserved). */
export const EFER_DEFINED = (1n << 0n) | (1n << 8n) | (1n << 10n) | (1n << 11n)
export const EFER_LME = 1n << 8n
export const EFER_LMA = 1n << 10n
/** VM-entry control bit 9, "IA-32e mode guest" (hw-facts §4.5). */
export const ENTRY_IA32E_MODE_GUEST = 1n << 9n

// RFLAGS bits (LX-pflags, hw-facts-2 §1.1): bit 1 is reserved and reads as 1, IF 9, VM 17.
export const RFLAGS_FIXED_1 = 1n << 1n
export const RFLAGS_IF = 1n << 9n
export const RFLAGS_VM = 1n << 17n
/**
 * Bits of the guest RFLAGS field that VM entry requires to be 0 on a processor with Intel 64:
 * reserved bits 63:22, 15, 5 and 3 (SDM3 §26.3.1.4 "Checks on Guest RIP and RFLAGS").
 */
export const RFLAGS_RESERVED_ZERO =
  (0xffff_ffff_ffff_ffffn ^ ((1n << 22n) - 1n)) | (1n << 15n) | (1n << 5n) | (1n << 3n)
/** CR0.PE, bit 0 (hw-facts §1.3). */
export const CR0_PE = 1n
