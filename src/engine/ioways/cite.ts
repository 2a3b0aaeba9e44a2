// Where the five-ways comparison's rules come from (hw-facts-2 §2.1-2.7, hw-facts.md §4.6).
export const IOWAYS_CITATIONS = {
  'ioways-way':
    'One workload, five designs (hw-facts-2 §2.1): send K 60-byte frames and receive K, each way run on its own model (kvm/ e1000, virtio/ with QEMU or vhost-net, iommu/ VFIO and SR-IOV) with a driver that works frame by frame; exits, returns to user space, copies, interrupts, doorbells and DMAs are tallied from that model’s events, setup excluded',
  'ioways-table':
    'The table compares the workload’s counts per way. Not modelled in any way: the guest’s EOI (an APIC-access exit without APICv), interrupt coalescing (e1000 ITR, NAPI polling), TSO/GSO, vhost zero-copy. For the assigned NIC and the VF the model follows the MSI only to the IOMMU’s interrupt remapping: without posted interrupts (hw-facts-2 §2.5, posted format: no VM exit) the host would still kick the running vCPU (exit 1) to inject each one, which the other ways count and these do not',
} as const

export type IoWaysCitationId = keyof typeof IOWAYS_CITATIONS
