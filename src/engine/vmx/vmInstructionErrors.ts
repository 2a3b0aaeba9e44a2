// VM-instruction error numbers written to VM_INSTRUCTION_ERROR (0x4400) by VMfailValid,
// hw-facts §4.3 (Linux and kvm-unit-tests enums agree). Only the ones the model raises are
// named; the table keeps every meaning for display.

export const VMXERR = {
  VMCALL_IN_VMX_ROOT_OPERATION: 1,
  VMCLEAR_INVALID_ADDRESS: 2,
  VMCLEAR_VMXON_POINTER: 3,
  VMLAUNCH_NONCLEAR_VMCS: 4,
  VMRESUME_NONLAUNCHED_VMCS: 5,
  ENTRY_INVALID_CONTROL_FIELD: 7,
  ENTRY_INVALID_HOST_STATE_FIELD: 8,
  VMPTRLD_INVALID_ADDRESS: 9,
  VMPTRLD_VMXON_POINTER: 10,
  VMPTRLD_INCORRECT_VMCS_REVISION_ID: 11,
  UNSUPPORTED_VMCS_COMPONENT: 12,
  VMWRITE_READ_ONLY_VMCS_COMPONENT: 13,
  VMXON_IN_VMX_ROOT_OPERATION: 15,
  INVALID_OPERAND_TO_INVEPT_INVVPID: 28,
} as const

export type VmInstructionError = (typeof VMXERR)[keyof typeof VMXERR]

export const VM_INSTRUCTION_ERROR_TEXT: Readonly<Record<number, string>> = {
  1: 'VMCALL executed in VMX root operation',
  2: 'VMCLEAR with invalid physical address',
  3: 'VMCLEAR with VMXON pointer',
  4: 'VMLAUNCH with non-clear VMCS',
  5: 'VMRESUME with non-launched VMCS',
  6: 'VMRESUME after VMXOFF',
  7: 'VM entry with invalid control field(s)',
  8: 'VM entry with invalid host-state field(s)',
  9: 'VMPTRLD with invalid physical address',
  10: 'VMPTRLD with VMXON pointer',
  11: 'VMPTRLD with incorrect VMCS revision identifier',
  12: 'VMREAD/VMWRITE from/to unsupported VMCS component',
  13: 'VMWRITE to read-only VMCS component',
  15: 'VMXON executed in VMX root operation',
  16: 'VM entry with invalid executive-VMCS pointer',
  17: 'VM entry with non-launched executive VMCS',
  18: 'VM entry with executive-VMCS pointer not VMXON pointer',
  19: 'VMCALL with non-clear VMCS',
  20: 'VMCALL with invalid VM-exit control fields',
  22: 'VMCALL with incorrect MSEG revision identifier',
  23: 'VMXOFF under dual-monitor treatment of SMIs and SMM',
  24: 'VMCALL with invalid SMM-monitor features',
  25: 'VM entry with invalid VM-execution control fields in executive VMCS',
  26: 'VM entry with events blocked by MOV SS',
  28: 'Invalid operand to INVEPT/INVVPID',
}
