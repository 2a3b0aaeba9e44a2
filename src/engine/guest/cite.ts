// Where the guest-CPU model's facts come from (hw-facts-2 §1 with its sources).
export const GUEST_CITATIONS = {
  'pg74-classes':
    'Popek and Goldberg (CACM 1974): privileged = traps in user mode; sensitive = control- or behaviour-sensitive; a VMM exists if sensitive ⊆ privileged — hw-facts-2 §1.2',
  'ri00-holes':
    'Robin and Irvine (USENIX Security 2000) §4: x86 sensitive but unprivileged instructions (SGDT, SIDT, SLDT, SMSW, PUSHF, POPF, LAR, LSL, VERR, VERW, POP/PUSH segment, CALL/JMP far, INT n, RET far, STR, MOV segment) — hw-facts-2 §1.3',
  'sdm2-popf':
    'Intel SDM Vol. 2 POPF/CLI/STI/PUSHF: POPF writes IF only if CPL ≤ IOPL and IOPL only at CPL 0, silently; CLI/STI #GP(0) if IOPL < CPL; PUSHF clears VM and RF in the image — hw-facts-2 §1.4',
  'sdm3-5.9':
    'Intel SDM Vol. 3 §5.9: LGDT, LIDT, MOV CRn, INVLPG, HLT and the other privileged instructions are #GP(0) at CPL ≠ 0; CR4.UMIP makes SGDT/SIDT/SMSW/STR #GP at CPL > 0 — hw-facts-2 §1.1',
  'trap-emulate':
    'Trap-and-emulate: the kernel runs deprivileged (ring 1 for 32-bit, ring 3 for 64-bit), privileged instructions #GP into the VMM, which interprets them on the virtual CPU and queues interrupts while vIF = 0 (PG74; Tanenbaum §7.4-7.6; UCR slide 10) — hw-facts-2 §1.5',
  'aa06-bt':
    'Adams and Agesen (ASPLOS 2006) §3.1: translation units of up to 12 instructions ending at control flow, compiled code fragments in a translation cache, IDENT vs non-IDENT, continuations and chaining, in-TC emulation and call-outs — hw-facts-2 §1.6 (R)',
  'aa06-cycles':
    'Adams and Agesen (ASPLOS 2006) §3.2 and §6, 3.8 GHz Pentium 4: rdtsc trap-and-emulate ≈ 2030 cycles, callout ≈ 1254, in-TC ≈ 216; in native 3209, hardware VMM 15826; syscall native 242 — approximate, hw-facts-2 §1.6 (R)',
  'xen-hypercall':
    'Xen public/xen.h and pv/hypercall.c: hypercall numbers, the 32-byte stubs of the hypercall page (mov $nr,%eax; int $0x82 or syscall), arguments in ebx.. / rdi..; Linux pv_ops keep IF as the vcpu_info upcall mask — hw-facts-2 §1.7',
  'sdm3-25-exits':
    'Intel SDM Vol. 3 §25.1-25.2: in VMX non-root the guest kernel runs at CPL 0; CPUID and VMCALL always exit, HLT, INVLPG, CR3 loads, I/O, RDTSC and descriptor-table accesses exit as the VMCS controls say; interrupt-window exiting (primary bit 2) — hw-facts §4.5-4.6',
} as const

export type GuestCitationId = keyof typeof GUEST_CITATIONS
