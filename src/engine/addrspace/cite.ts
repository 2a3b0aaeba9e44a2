// Facts behind the three-address-spaces model (course notes, SDM paging and EPT basics).
// The #PF, access-rights and canonical-address facts it also cites are paging's
// (paging/cite.ts); the P2M is virt's (virt/cite.ts).
export const ADDRSPACE_CITATIONS = {
  'sdm3-28.2.3': 'Intel SDM Vol. 3, §28.2.3 EPT violations (exit reason 48)',
  'sdm3-t27-7':
    'Intel SDM Vol. 3, Table 27-7 Exit qualification for EPT violations (bits 0-2 access, 3-5 permissions, 7-8 linear address)',
  'seed-memvirt':
    'Course notes, Memory Virtualization: guest OS 1 maps pages 7, 4, 3 to 10, 11, 12; guest OS 2 maps 4, 5, 6 to 10, 11, 12, backed by machine pages 20, 21, 22',
} as const
