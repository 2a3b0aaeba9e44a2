// Where each VT-x fact comes from (hw-facts.md §4 and §7 with their sources). The lead merges
// this registry into core/cite.ts; events of this module carry one of these ids.
export const VMX_CITATIONS = {
  'sdm2-vmx-conventions':
    'Intel SDM Vol. 2, VMX instruction conventions: VMsucceed, VMfailInvalid (CF=1, no current VMCS), VMfailValid(n) (ZF=1, error n in field 0x4400) — hw-facts §4.1',
  'sdm2-vmxon':
    'Intel SDM Vol. 2, VMXON: enter VMX root operation; VMfailInvalid on a bad or mismatched region; VMfail(15) in root — hw-facts §4.1',
  'sdm2-vmxoff': 'Intel SDM Vol. 2, VMXOFF: leave VMX operation — hw-facts §4.1',
  'sdm2-vmclear':
    'Intel SDM Vol. 2, VMCLEAR: launch state <- clear; VMfail(2) bad address, VMfail(3) VMXON pointer — hw-facts §4.1, §4.2',
  'sdm2-vmptrld':
    'Intel SDM Vol. 2, VMPTRLD: makes the VMCS current and active; VMfail(9) bad address, (10) VMXON pointer, (11) wrong revision — hw-facts §4.1',
  'sdm2-vmread-vmwrite':
    'Intel SDM Vol. 2, VMREAD/VMWRITE: VMfail(12) unsupported component, VMWRITE VMfail(13) read-only component — hw-facts §4.1',
  'sdm2-vmlaunch':
    'Intel SDM Vol. 2, VMLAUNCH/VMRESUME check order: no current VMCS, (4) VMLAUNCH non-clear, (5) VMRESUME non-launched, (7) controls, (8) host state, then guest state — hw-facts §4.2',
  'sdm2-vmcall':
    'Intel SDM Vol. 2, VMCALL: VM exit (reason 18) in non-root, VMfail(1) in root — hw-facts §4.1',
  'sdm2-invept':
    'Intel SDM Vol. 2, INVEPT types 1 single-context, 2 global; VMfail(28) — hw-facts §4.1, §7',
  'sdm2-invvpid':
    'Intel SDM Vol. 2, INVVPID types 0 individual-address, 1 single-context, 2 all-contexts, 3 retaining globals; VMfail(28) — hw-facts §4.1, §7',
  'sdm2-vmx-ud':
    'Intel SDM Vol. 2, VMX instruction pseudocode: outside VMX operation every VMX instruction except VMXON raises #UD (vector 6) — hw-facts §4.2 "#UD conditions"',
  'sdm3-24.3':
    'Intel SDM Vol. 3, §24.3 VMCS organisation: six groups (guest state, host state, execution, exit and entry controls, read-only exit information) — hw-facts §4.4',
  'sdm3-appB':
    'Intel SDM Vol. 3, App. B field encoding: bit 0 access, 9:1 index, 11:10 type, 14:13 width — hw-facts §4.4',
  'sdm3-24.11.3':
    'Intel SDM Vol. 3, VMCS states: active/current, clear/launched; only VMCLEAR and a successful VMLAUNCH change launch state — hw-facts §4.2',
  'sdm3-26.2':
    'Intel SDM Vol. 3, §26.2 checks on VMX controls (VMfailValid 7: enable VPID needs VPID != 0, CR3-target count <= 4) — hw-facts §4.8 (b)',
  'sdm3-26.2.3':
    'Intel SDM Vol. 3C, §26.2.2-26.2.4 host-state checks (VMfailValid 8): HOST_CR0/CR4 against IA32_VMX_CR0/CR4_FIXED0 and FIXED1 (PE, NE, PG and VMXE fixed to 1), HOST_CR3 within MAXPHYADDR, canonical SYSENTER ESP/EIP, IA32_EFER when loaded (reserved bits 0, LMA = LME = host address-space size); host selectors RPL=0 and TI=0, CS and TR selectors != 0, canonical FS/GS/GDTR/IDTR/TR bases; a 64-bit host needs host address-space size = 1, and then CR4.PAE = 1 and a canonical HOST_RIP (KVM nested_vmx_check_host_state makes the same checks); not itemised in hw-facts',
  'sdm3-26.3':
    'Intel SDM Vol. 3, §26.3 guest-state checks: RFLAGS (§26.3.1.4: reserved bit 1 = 1, bits 3, 5, 15 and 63:22 = 0; VM = 0 for an IA-32e mode guest or CR0.PE = 0; IF = 1 to inject an external interrupt), activity state and VMCS-link pointer (§26.3.1.5); failure = VM-entry failure, exit reason 33 | 0x80000000, qualification 0 (4: invalid VMCS-link pointer) — hw-facts §4.2, §4.6',
  'sdm3-26.3.2':
    'Intel SDM Vol. 3, §26.3.2 VM entry loads guest state: CR0, CR3, CR4, RSP, RIP, RFLAGS, activity state; VMLAUNCH marks the VMCS launched — hw-facts §4.8',
  'sdm3-27.2':
    'Intel SDM Vol. 3, §27.2 recording VM-exit information: exit reason, qualification, instruction length, interruption information — hw-facts §4.8 step 1',
  'sdm3-27.3':
    'Intel SDM Vol. 3, §27.3-27.5 VM exit saves guest state (RIP of the exiting instruction) and loads host state (CPL 0, RFLAGS = 0x2) — hw-facts §4.8',
  'sdm3-25.1.3':
    'Intel SDM Vol. 3, §25.1.3 instructions that exit conditionally: HLT (bit 7), INVLPG (9), MOV to CR3 (15 + CR3-target values), I/O (24, 25 bitmaps), RDMSR/WRMSR (28 MSR bitmaps) — hw-facts §4.5',
  'sdm3-25.1.2':
    'Intel SDM Vol. 3, §25.1.2 instructions that always exit in non-root: CPUID, VMCALL, INVEPT, INVVPID and every VMX instruction — hw-facts §4.1, §4.5',
  'sdm3-25.2':
    'Intel SDM Vol. 3, §25.2 external interrupts exit iff pin-based bit 0 = 1; "acknowledge interrupt on exit" (exit control bit 15) fills VM-exit interruption information — hw-facts §4.5, §4.7',
  'sdm3-t27-3':
    'Intel SDM Vol. 3, exit qualification for control-register accesses: bits 3:0 CR, 5:4 access type, 11:8 GPR — hw-facts §4.7',
  'sdm3-t27-5':
    'Intel SDM Vol. 3, exit qualification for I/O: bits 2:0 size-1, bit 3 direction (1 = IN), bit 4 string, bit 5 REP, bit 6 immediate operand, bits 31:16 port — hw-facts §4.7',
  'sdm3-appC': 'Intel SDM Vol. 3, App. C basic exit reasons — hw-facts §4.6',
  'sdm3-28.1':
    'Intel SDM Vol. 3, §28.1 VPID: without VPID every VM entry and VM exit invalidates the VPID-0000H mappings; with VPID they are kept apart by tag — hw-facts §7',
  'x86-deprivilege':
    'Pre-VT trap-and-emulate: the guest kernel runs deprivileged at ring 1, privileged instructions fault (#GP) to the VMM at ring 0, while CPUID does not trap (course notes 001, slide 42 "non-trapping instructions")',
  'x86-io-mem':
    'Without an exit the instruction completes in the guest: OUT reaches the device, HLT halts the vCPU, RDMSR/WRMSR act on the MSR (SDM Vol. 2 instruction pages)',
} as const

export type VmxCitationId = keyof typeof VMX_CITATIONS
