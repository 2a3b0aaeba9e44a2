// Where the "where the hypervisor lives" model's facts come from (hw-facts-2 §4.1-4.3, §1.1,
// §1.6-1.8, §4.4; hw-facts §4.7-4.8, §5.1, §5.4-5.5; course seeds 000, 003, 004).
export const HYP_CITATIONS = {
  'hyp-types':
    'Tanenbaum & Bos, Modern Operating Systems 4e §7.3 (seed 003): a type 1 hypervisor is the only program in the most privileged mode; a type 2 relies on a host OS for scheduling and devices. Table: ESX Server 1.0 and Xen 1.0 type 1, VMware Workstation 1 type 2, KVM* type 2 contested. UCR CS202 slides 6-7 (seed 004): type 1 native (bare metal), e.g. KVM; type 2 hosted, e.g. VMware, VirtualBox, QEMU; Xen a hybrid (mostly bare metal, Dom0 keeps drivers out of the VMM) — hw-facts-2 §4.1, §5 item 9',
  'hyp-kvm-both':
    'Seed 003 (after "Is KVM a type 1 or type 2 hypervisor?"): the KVM kernel module turns Linux into a type 1 bare-metal hypervisor, while the host OS stays fully functional and the VMs are ordinary Linux processes (type 2) — hw-facts-2 §4.1',
  'hyp-esx':
    'Seed 003: ESX Server (2001) is VMware’s type 1 hypervisor; its VMM is nearly the same source as Workstation’s; the ESX hypervisor is like half a host OS with a CPU scheduler, memory manager and I/O subsystem; a type 1 hypervisor brings its own device drivers or calls a driver domain (TAN §7.9.2) — hw-facts-2 §4.1',
  'hyp-vmm-trap':
    'SUG01 (Sugerman et al., USENIX ATC 2001): the VMM intercepts the guest’s IN/OUT; under binary translation the guest kernel runs at ring 1 and its privileged instructions become in-cache code or call-outs to the VMM (AA06 §3.1, approximate) — hw-facts-2 §4.2, §1.1, §1.6',
  'hyp-hosted':
    'SUG01, TAN §7.12.5 (seed 003): VMApp is a user process (UI, device back ends, host system calls); VMDriver is a host kernel driver, one per host, that switches worlds; the VMM, one per VM, owns the CPU in the VMM world. A CPU runs either the host world or the VMM world — hw-facts-2 §4.2',
  'hyp-world-switch':
    'SUG01, seed 003: a world switch saves and restores all user- and system-visible CPU state: the entire address space, all exception handlers (IDT), privileged registers; about 45 x86 instructions (TAN citing Bugnion et al. TOCS 2012) — hw-facts-2 §4.2, §1.6',
  'hyp-hosted-io':
    'SUG01: guest I/O the VMM cannot finish itself (the Lance data-register accesses, the transmit OUT) switches to the host world, where VMApp write()s to the VMNet driver and the host’s own NIC driver sends the frame; then a world switch back — hw-facts-2 §4.2',
  'hyp-xen-split':
    'Seed 000 (Xen split device driver model): the real drivers live in Dom0; each DomU runs only a front end that forwards requests to Dom0’s back end over a shared ring; event channels notify; a 64-bit PV kernel runs in ring 3 — hw-facts-2 §1.1, hw-facts §5.1',
  'hyp-xen-evtchn':
    'Xen event channels: hypercall event_channel_op = 32, EVTCHNOP_send = 4 signals the remote end; 2-level ABI sets the port’s pending bit, the selector bit and evtchn_upcall_pending, and kicks the vCPU. A 64-bit PV guest enters Xen with syscall through stub 32 of the hypercall page (offset 32 x 32) — hw-facts §5.5, hw-facts-2 §1.7',
  'hyp-xen-boost':
    'Xen credit scheduler: a waking vCPU gets priority BOOST (0), ahead of UNDER (-1) and OVER (-2) — hw-facts-2 §4.4',
  'hyp-xen-grant':
    'Grant tables: hypercall grant_table_op = 20, GNTTABOP_copy = 5: Xen copies bytes between a granted frame and the caller’s — hw-facts §5.4',
  'hyp-kvm-exit':
    'VM exit 30 (I/O instruction), qualification bits 2:0 size - 1, bit 3 direction (0 OUT), bit 6 operand encoding (0 DX), bits 31:16 port; a VM exit saves guest state (CR0, CR3, CR4, RSP, RIP, RFLAGS, segment registers, GDTR, IDTR) into the VMCS and loads the host’s — hw-facts §4.7, §4.8',
  'hyp-kvm-run':
    'KVM: kvm.ko in the host kernel, QEMU a process (one VM), one host thread per vCPU looping on ioctl(KVM_RUN); a port no in-kernel device or ioeventfd claims returns to QEMU as KVM_EXIT_IO (2) with io {direction OUT 1, size, port, count, data_offset}; QEMU’s kvm_handle_io runs the device model, then KVM_RUN again = VM entry — hw-facts-2 §1.8, §4.3',
  'hyp-kvm-tx':
    'QEMU NIC emulation: transmit runs synchronously on the vCPU thread and the frame goes to the host’s tap back end (seed 002) — hw-facts-2 §2.1-2.2',
} as const

export type HypCitationId = keyof typeof HYP_CITATIONS
