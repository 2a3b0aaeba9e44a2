// The VMCS fields a VMM must fill before its first VMLAUNCH succeeds in this model, shared by
// the VT-x scenarios. Host-state checks (hw-facts §4.8 (b), VMfailValid 8): host CS and TR
// selectors non-zero with RPL = TI = 0, and "host address-space size" (VM_EXIT_CONTROLS bit 9,
// 0x200) for a 64-bit host (§4.5). Guest-state check (§4.6 failure qualification 4): the
// VMCS-link pointer must be FFFFFFFF_FFFFFFFFH when no shadow VMCS is used. HOST_RIP is where
// the VMM's exit handler runs after every VM exit (§4.8 step 3); 0x8000 is a model choice.
// HOST_CR0/HOST_CR4 (SDM3 §26.2.2, §26.2.4): KVM copies the host's own registers there
// (vmx_set_constant_host_state: read_cr0(), cr4_read_shadow()); these are a Linux x86-64 KVM
// host's: CR0 0x80050033 = PE MP ET NE WP AM PG, CR4 0x3726e0 = PAE MCE PGE OSFXSR OSXMMEXCPT
// VMXE FSGSBASE PCIDE OSXSAVE SMEP SMAP, which hold PE, NE, PG, VMXE and PAE as entry requires.
// Each scenario also writes GUEST_RFLAGS 0x2 next to GUEST_RIP: RFLAGS bit 1 is reserved and
// must be 1 (SDM3 §26.3.1.4), and KVM (kvm_vcpu_reset: X86_EFLAGS_FIXED) and Xen
// (arch_vcpu_regs_init: X86_EFLAGS_MBS) start every vCPU with RFLAGS = 0x2.
export const VMX_HOST_SETUP = `vmwrite HOST_CR0 0x80050033
vmwrite HOST_CR4 0x3726e0
vmwrite HOST_CS_SELECTOR 0x10
vmwrite HOST_TR_SELECTOR 0x40
vmwrite HOST_RIP 0x8000
vmwrite VM_EXIT_CONTROLS 0x200
vmwrite VMCS_LINK_POINTER 0xffffffffffffffff`
