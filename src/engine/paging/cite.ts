// Sources of every paging fact this module uses. Keys shared with core/cite.ts keep the same
// text so the lead can merge the two registries without conflicts.
export const PAGING_CITATIONS = {
  'sdm3-4.6': 'Intel SDM Vol. 3, §4.6 Access rights (R/W, U/S, XD combined across levels; CR0.WP)',
  'sdm3-4.7':
    'Intel SDM Vol. 3, §4.7 Page-fault exceptions (error code bits P, W/R, U/S, RSVD, I/D, PK)',
  'sdm1-3.3.7.1':
    'Intel SDM Vol. 1, §3.3.7.1 Canonical addressing (#GP on a non-canonical address)',
  'sdm3-4.3':
    'Intel SDM Vol. 3, §4.3 32-bit paging (4-byte entries; PDE bits 31:22, PTE bits 21:12; 4 MiB pages with CR4.PSE)',
  'sdm3-4.4.1':
    'Intel SDM Vol. 3, §4.4.1 PAE PDPTE registers: MOV to CR3 loads the four PDPTEs; a present PDPTE with a reserved bit set makes the MOV raise #GP (Table 4-8: bits 2:1, 8:5, 63:M reserved)',
  'sdm3-4.4.2':
    'Intel SDM Vol. 3, §4.4.2 PAE paging: PDE bits 29:21, PTE bits 20:12, 8-byte entries',
  'sdm3-4.5':
    'Intel SDM Vol. 3, §4.5 4-level and 5-level paging: 9 index bits per level, entry = table base + index × 8',
  'sdm3-f4-7':
    'Intel SDM Vol. 3, Fig. 4-7 / hw-facts §1.3: entry bits P 0, R/W 1, U/S 2, PWT 3, PCD 4, A 5, D 6, PS/PAT 7, G 8, PAT 12 (large pages), PKEY 62:59, XD 63; reserved bits 51:M, PS in PML4E/PML5E, XD without EFER.NXE, low address bits of large pages',
  'sdm3-4.8':
    'Intel SDM Vol. 3, §4.8 Accessed and dirty flags (set by the processor, never cleared by it); QEMU mmu_translate sets the leaf A/D only when the access is permitted',
  'sdm3-4.10.2':
    'Intel SDM Vol. 3, §4.10.2 TLBs: only translations that do not fault are cached; global pages (G=1 with CR4.PGE=1) are shared by all PCIDs',
  'sdm3-4.10.4':
    'Intel SDM Vol. 3, §4.10.4 Invalidation: INVLPG (current PCID plus globals), MOV to CR3 (non-global entries; PCIDE with bit 63 = 1 keeps them), MOV to CR4 changing PGE flushes everything',
  'sdm3-4.10.1': 'Intel SDM Vol. 3, §4.10.1 PCIDs: CR3 bits 11:0 when CR4.PCIDE = 1',
  'qemu-walk':
    'QEMU target/i386 mmu_translate: non-leaf A bits set while descending; a read through a clean leaf does not cache write permission',
  'teach-mode':
    'VMScope teaching mode: a reduced geometry for the blackboard, not a real x86 mode (same flag bit positions 0-7 as x86)',
  'sdm3-4.6.2':
    'Intel SDM Vol. 3, §4.6.2 Protection keys: with CR4.PKE (bit 22) in 4-/5-level paging a user-mode address carries the key in bits 62:59 of the entry that maps it; PKRU bit 2k (AD) forbids data reads and writes, bit 2k+1 (WD) user writes and, with CR0.WP=1, supervisor writes; fetches are not checked; a violation sets #PF error-code bit 5 (PK); WRPKRU loads PKRU',
  'vmscope-op':
    'A VMScope convenience operation standing for what an OS does with ordinary memory writes',
} as const

export type PagingCitationId = keyof typeof PAGING_CITATIONS
