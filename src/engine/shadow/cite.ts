// Sources of the shadow-paging facts (hw-facts.md §8 = Linux Documentation/virt/kvm/x86/mmu.rst,
// "LX-mmudoc"; §4.5-4.7 for the VM-exit encodings). Keys shared with other registries keep their text.
export const SHADOW_CITATIONS = {
  'kvm-mmu-shadow':
    'hw-facts §8 (Linux Documentation/virt/kvm/x86/mmu.rst): shadow pages of 512 sptes map guest-virtual to host-physical; the hardware walks them; one shadow page per guest table (keyed by guest frame and level)',
  'kvm-mmu-pf':
    'hw-facts §8 (LX-mmudoc): on #PF the hypervisor walks the guest tables; a true guest fault is reflected with the guest error code, a missing shadow entry is built, a write to a protected guest table is emulated',
  'kvm-mmu-wp':
    'hw-facts §8 (LX-mmudoc): guest page tables reachable from a shadow root are write-protected, so every guest write to them traps to the hypervisor',
  'kvm-mmu-cr3':
    'hw-facts §8 (LX-mmudoc): MOV to CR3 exits (CR3-load exiting, hw-facts §4.5); the hypervisor looks up or creates the shadow root for the new guest CR3',
  'kvm-mmu-invlpg':
    'hw-facts §8 (LX-mmudoc): INVLPG exits (INVLPG exiting, primary control bit 9, hw-facts §4.5) and the hypervisor drops the shadow entry',
  'kvm-mmu-role':
    'hw-facts §8 (LX-mmudoc): a shadow page role records CR0.WP, EFER.NX, SMEP and SMAP; MOV to CR0/CR4/EFER gives a new MMU context, so the old shadow pages no longer apply',
  'kvm-mmu-cr0wp':
    'hw-facts §8 and §1.4 (SDM3 §4.6.1: with CR0.WP=0 supervisor writes ignore R/W); LX-mmudoc "Emulating cr0.wp": the host keeps CR0.WP=1, a guest kernel write fault on a u=1,w=0 page gets spte.u=0, spte.w=1, a read fault spte.u=1, spte.w=0, and with SMEP spte.nx is set too; KVM paging_tmpl.h FNAME(page_fault) (pte_access |= ACC_WRITE_MASK, &= ~ACC_USER_MASK, &= ~ACC_EXEC_MASK if SMEP)',
  'kvm-mmu-dirty':
    'hw-facts §1.6 and §8: the hypervisor sets the guest A bit when it builds a shadow entry and the guest D bit only when it makes the shadow entry writable for a write; a clean guest page is shadowed read-only so the first write traps (KVM paging_tmpl.h protect_clean_gpte)',
  'vmx-exit-exception':
    'hw-facts §4.6/§4.7: exit reason 0 (exception or NMI); VM-exit interruption info bits 7:0 vector 14, bits 10:8 type 3 (hardware exception), bit 11 error code valid, bit 31 valid = 0x80000b0e; for #PF the exit qualification is the faulting linear address (SDM3 §27.2.1)',
  'vmx-exit-cr':
    'hw-facts §4.7: exit reason 28, qualification bits 3:0 control register, bits 5:4 access type (0 = MOV to CR), bits 11:8 register',
  'vmx-exit-invlpg':
    'hw-facts §4.6: exit reason 14 (INVLPG); the qualification is the linear address',
  'vmx-exit-wrmsr': 'hw-facts §4.6: exit reason 32 (WRMSR), here EFER (MSR 0xC0000080)',
  'vmx-inject-pf':
    'hw-facts §4.7/§4.8: the hypervisor injects #PF through the VM-entry interruption-information field (0x80000b0e) with the guest error code; CR2 gets the faulting address',
} as const

export type ShadowCitationId = keyof typeof SHADOW_CITATIONS
