// Sources of the virtualization layer's facts. Keys shared with other registries keep their text.
export const VIRT_CITATIONS = {
  'vmm-p2m':
    'The hypervisor keeps its own guest-physical to machine map per guest (P2M in Xen, EPT or the memslots behind shadow tables in KVM)',
  'vmscope-mmu':
    'VMScope `mmu KIND`: chooses how guest addresses are translated (native, shadow page tables, EPT, Xen PV direct paging); switching starts a fresh machine',
  'vmscope-host-poke':
    'VMScope `host poke`: the hypervisor writes host-physical memory directly (as it does when it builds EPT or shadow tables)',
} as const

export type VirtCitationId = keyof typeof VIRT_CITATIONS
