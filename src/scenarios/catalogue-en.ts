// The catalogue's English one-line summaries for the library cards: a lazy chunk fetched as
// the app starts, so the first paint carries only titles (catalogue.ts; Chinese in
// catalogue-zh.ts). test/scenarios.test.ts checks every scenario has one.
export const SUMMARIES_EN: Readonly<Record<string, string>> = {
  'paging-walk-4level':
    'One translation read step by step: PML4E, PDPTE, PDE, PTE, then a TLB hit.',
  'paging-large-pages':
    'PS=1 ends the walk early: three references for a 2 MiB page, two for a 1 GiB page.',
  'paging-faults':
    'Not present, write to read-only, user to kernel page, NX fetch, reserved bit, SMEP, SMAP: each #PF with its error code.',
  'paging-tlb':
    'Misses fill the TLB, hits skip the walk; INVLPG and CR3 loads invalidate; global pages and PCIDs survive.',
  'paging-5level':
    'A fifth level, PML5, widens linear addresses to 57 bits: five references per walk.',
  'paging-x86-32': 'The classic two-level walk with 4-byte entries, and a 4 MiB page with CR4.PSE.',
  'three-address-spaces':
    'Two guests both use guest-physical pages 10-12; the hypervisor backs them with different machine pages.',
  'shadow-lazy-fill':
    'The hardware walks the VMM’s shadow table; each first access is a hidden page fault: a VM exit, a software walk of the guest tables, shadow entries built from guest entry + P2M, and a retry.',
  'shadow-pt-write-trap':
    'Every store the guest OS makes to a shadowed page table traps; the VMM emulates it and updates or drops the shadow entry.',
  'shadow-context-switch':
    'MOV to CR3 exits; the VMM switches the real CR3 to the new process’s shadow root, built on first use and reused from its cache afterwards.',
  'shadow-guest-fault':
    'Every #PF exits; the VMM reflects the guest-induced ones with the guest’s own error code and fixes the hypervisor-induced ones silently.',
  'xen-direct-paging':
    'A PV guest’s tables hold machine frames and the MMU walks them; the guest reads them, and every change is checked by Xen: mmu_update, or a trapped store Xen emulates.',
  'xen-mmu-update-batching':
    'One hypercall per update, then many updates per mmu_update and several hypercalls per multicall: fewer transitions into Xen; done tells how far a failed batch got.',
  'xen-invalid-update':
    'Another domain’s frame, a writable page table, the wrong level, a superpage bit, a bad new root, a second pin: each refused with its errno.',
  'ept-2d-walk':
    'A 4-level guest on 4-level EPT: one TLB miss makes 24 memory references, every guest table address walked through EPT first.',
  'ept-large-pages':
    '1 GiB EPT pages cut 24 references to 14; a guest 2 MiB page on top cuts them to 11.',
  'ept-5level': 'With LA57 and a 5-level EPT one TLB miss costs (5+1)×(5+1)−1 = 35 references.',
  'ept-violation':
    'The guest writes a page the hypervisor has not backed: VM exit 48 with its qualification, the VMM maps it, the write retries.',
  'ept-vpid-tlb':
    'Without VPID every VM exit flushes the guest’s translations; with VPID they survive, tagged, until INVVPID.',
  'ept-vs-shadow':
    'The same load: 4 references native, 4 with shadow tables but exits on every page-table change, 24 with EPT and no exits.',
  'vmx-lifecycle':
    'Before VT-x the guest kernel was pushed to ring 1; with VT-x the VMM fills a VMCS, enters the guest with VMLAUNCH, handles a CPUID exit and goes back in with VMRESUME.',
  'vmx-instruction-errors':
    'VMLAUNCH twice (error 4), VMRESUME on a clear VMCS (5), VMWRITE to a read-only field (13), VMPTRLD of a bad address (9) or of the VMXON region (10), and VMfailInvalid with no current VMCS.',
  'vmx-exit-reasons':
    'CPUID (10), HLT (12), OUT and IN (30), MOV to CR3 (28) and VMCALL (18): each exit leaves its reason, qualification and instruction length in the VMCS.',
  'vmx-controls':
    'MOV CR3, OUT and HLT run in the guest with no exit; with HLT and CR3-load exiting on they exit; with an I/O bitmap only the marked port 0x3F8 exits.',
  'vmx-two-vcpus':
    'Two VMCSs with VPIDs 1 and 2 take turns on one physical CPU; VMPTRLD switches between them, and their TLB entries coexist instead of being flushed.',
  'xen-ring-basics':
    'One request and one response through a blkif ring: queue, push with notify, consume, respond, final check.',
  'xen-ring-batching':
    'Twelve requests in three pushes, but only the first push notifies: the busy backend has not re-armed req_event.',
  'xen-ring-wraparound':
    'An 8-slot ring whose indices start at 4294967293: the producer index wraps to 0 and the notify rule still works.',
  'xen-ring-full':
    'A 4-slot ring fills up; slots come back only when the frontend consumes responses.',
  'xen-blkfront-read':
    'DomU grants two pages, sends one read request with their grant refs, Dom0 maps them, fills them and answers.',
  'xen-netfront-tx':
    'DomU sends two packets through its TX ring; netback copies them out and forwards them on xenbr0.',
  'xen-netback-rx':
    'A packet with no posted RX buffer is dropped; with buffers posted it is copied in, or the page is flipped.',
  'xen-event-channels':
    'Bind an interdomain channel, send, mask and unmask, then a VIRQ, an IPI and a PIRQ.',
  'cpu-popf-hole':
    'A deprivileged kernel pops IF = 0: nothing traps, interrupts stay on. Native, trap-and-emulate, BT and VT-x side by side.',
  'cpu-trap-and-emulate':
    'CLI, MOV CR3, INVLPG, OUT, STI and HLT each #GP into the VMM, which runs them on the virtual CPU and holds an interrupt until the virtual IF is 1.',
  'cpu-binary-translation':
    'Translation units, IDENT and in-cache code for CLI/STI, continuations and chaining; the second call runs from the translation cache.',
  'cpu-paravirt-hypercalls':
    'The same routine on Xen PV: CLI/STI are upcall-mask stores, CR3 and INVLPG are mmuext_op, HLT is sched_op, each through a 32-byte stub.',
  'cpu-vtx-routine':
    'The kernel keeps ring 0 in non-root operation; only OUT, HLT and interrupts exit until the VMM turns on CR3-load exiting.',
  'migrate-precopy-converges':
    'A 1 GiB VM moves in rounds that shrink until QEMU’s threshold is met; then the same VM under Xen’s rule.',
  'migrate-precopy-stuck':
    'A guest dirties pages faster than the link sends them; auto-converge throttling or post-copy finishes the job.',
  'cpu-rings-cpl':
    'CPL is CS bits 1:0. At CPL 3, CLI, HLT and MOV CR3 are #GP, POPF drops IF silently, INT n checks the gate’s DPL.',
  'cpu-all-ways':
    'One kernel under native, trap-and-emulate, BT, PV and VT-x: traps, translations, hypercalls, exits and approximate cycles.',
  'cpu-popek-goldberg':
    'Privileged, sensitive, innocuous: a table to sort and try, and the x86 holes that break Theorem 1.',
  'cpu-where-hypervisor-lives':
    'Type 1 and type 2 by two taxonomies, then one guest OUT hop by hop through ESX, Workstation’s world switch, Xen with Dom0 and KVM with QEMU.',
  'mem-balloon':
    'The host sets num_pages; the guest picks the pages: free ones, then page cache, then its own swap. Deflate, deflate on OOM, and a balloon too big.',
  'mem-esx-sharing':
    'Two guests from one image: hash, hint, full compare, one read-only frame with a reference count, then a write takes a private copy.',
  'mem-ksm':
    "ksmd's stable and unstable trees, the checksum rule, and the counters: 100 identical pages give pages_shared 1, pages_sharing 99.",
  'mem-double-paging':
    'The host swaps a page the guest then pages out itself: three disk I/Os for one page. The balloon does it with one.',
  'mem-overcommit':
    "ESX's free-memory states choose ballooning or swapping; the shares-per-page ratio with the 75 % idle memory tax chooses the VM.",
  'kvm-run-loop':
    'Exit, KVM, KVM_RUN back to QEMU, the device model, VM entry: a port and an MMIO access, hop by hop.',
  'e1000-transmit':
    'The driver fills descriptors and writes TDT; QEMU runs start_xmit, writes DD back and raises the interrupt; the driver reads ICR and reclaims.',
  'e1000-receive':
    'QEMU holds a frame while there are no buffers, writes it back with DD and EOP once there are, and drops one on an RX overrun.',
  'virtio-net-tx':
    'A packet as a descriptor chain, the doorbell’s exit to QEMU, the used ring, the interrupt; then three packets, one kick.',
  'virtio-event-idx-wrap':
    'After 65534 packets the indices wrap; vring_need_event still decides each kick and interrupt.',
  'virtio-vhost-net':
    'The same transmit through ioeventfd, a kernel worker and irqfd; counts compared; a looping chain caught.',
  'virtio-net-rx':
    'A frame waits for buffers; the driver posts WRITE buffers and kicks; the device writes the header and frame and says how much; EVENT_IDX spares an interrupt.',
  'iommu-dma-walk':
    'VT-d walks root, context and second-level entries for a NIC’s DMA, caches the result and blocks bad DMA with a fault record.',
  'iommu-vfio-assign':
    'A NIC assigned to a guest: DMA in the guest’s domain, BAR mapped with no exits, config space trapped, MSI remapped.',
  'iommu-sriov-two-guests':
    'A PF enables two VFs by routing ID; each guest gets one in its own domain, and one guest’s DMA to the other faults.',
  'io-five-ways':
    'Send and receive 4 frames through e1000, virtio with QEMU, vhost-net, an assigned NIC and an SR-IOV VF: exits, trips to user space, copies, interrupts, counted.',
  'vtx-ept-exits':
    'A VT-x guest under EPT: its EPT violation (48) and misconfiguration (49) land in the VMCS with qualification, GPA and GLA.',
  'sched-credit':
    'Weights 256 and 512 share one pCPU 1:2; a cap parks a VM; a waking I/O vCPU is boosted.',
  'sched-vmcs-follows':
    'Moving a vCPU to another pCPU: VMCLEAR there, VMPTRLD here, and VMLAUNCH, since VMRESUME fails with error 5.',
  'migrate-checkpoint':
    'The migration stream into a file: every page and the vCPU state saved, later stores undone on restore.',
}
