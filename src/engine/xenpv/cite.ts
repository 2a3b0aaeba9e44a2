// Sources of the Xen PV MMU facts (hw-facts §5.6; source tags XEN-pub, XEN-mmh, XEN-mmc).
export const XENPV_CITATIONS = {
  'xen-pub-mmu-update':
    'Xen public/xen.h: HYPERVISOR_mmu_update (hypercall 1) takes {u64 ptr, u64 val} requests; ptr is the machine address of the entry with the command in its low bits (MMU_NORMAL_PT_UPDATE 0, MMU_MACHPHYS_UPDATE 1, MMU_PT_UPDATE_PRESERVE_AD 2); done reports how many were applied (hw-facts §5.6)',
  'xen-mmc-do-mmu-update':
    'Xen arch/x86/mm.c do_mmu_update: cmd = ptr & (sizeof(l1_pgentry_t) - 1); the page holding ptr must be the domain’s (else -EINVAL); its type picks mod_l1/l2/l3/l4_entry, a page of no page-table type gets a plain write; the first failure stops the batch and done counts the requests applied (hw-facts §5.6)',
  'xen-mmc-page-types':
    'Xen arch/x86/mm.c header and _get_page_type, asm/mm.h: each frame has a type (PGT_none 0, PGT_l1..l4_page_table 1..4, PGT_writable_page 7 in type_info bits 63:61) and a type count; the type changes only at count 0 and a new page-table type is validated entry by entry; a reference of another type while the count is above 0 fails (hw-facts §5.6)',
  'xen-mmc-l1e':
    'Xen arch/x86/mm.c get_page_from_l1e / mod_l1_entry: an L1 entry with disallowed flags is refused with -EINVAL; a frame of another domain or a writable mapping of a frame that cannot take the PGT_writable_page type is refused with -EBUSY (hw-facts §5.6)',
  'xen-mmc-lne':
    'Xen arch/x86/mm.c get_page_from_l2e/l3e/l4e: disallowed flags (PS, G, PWT, PCD) give -EINVAL; the frame must be the domain’s and take the next lower page-table type (L2 entry -> L1 table, L3 -> L2, L4 -> L3), else -EINVAL (hw-facts §5.6)',
  'xen-mmc-machphys':
    'Xen arch/x86/mm.c do_mmu_update, case MMU_MACHPHYS_UPDATE: mfn = ptr >> PAGE_SHIFT, gpfn = val; get_page_from_mfn(mfn, pg_owner) must succeed (the frame is the domain\u2019s), else -EINVAL ("Could not get page for mach->phys update"); then set_gpfn_from_mfn(mfn, gpfn) writes the machine-to-phys table (hw-facts §5.6)',
  'xen-mmc-no-translate':
    'Xen arch/x86/mm.c do_mmu_update takes MMU_PT_UPDATE_NO_TRANSLATE (3) on the same path as MMU_NORMAL_PT_UPDATE; mod_l1_entry translates the new entry\u2019s frame through the P2M only when "cmd != MMU_PT_UPDATE_NO_TRANSLATE && paging_mode_translate(pg_dom)": for a PV guest, which is not translated, the two commands do the same',
  'xen-mmc-l4-slot':
    'Xen arch/x86/mm.c mod_l4_entry: an update of a slot for which is_guest_l4_slot() is false fails with -EINVAL ("L4 update in Xen-private area") before any other check; x86-64 PV Xen reserves L4 slots 256-271 (ROOT_PAGETABLE_FIRST_XEN_SLOT/LAST_XEN_SLOT, asm-x86/config.h: "Hypervisor reserves PML4 slots 256 to 271 inclusive")',
  'xen-mmc-flags':
    'Xen arch/x86/mm.c arch_init_memory: allowed entry flags are P, R/W, U/S, A, D, bits 11:9, bits 62:52 and NX; L1 entries may also set G; PWT/PCD/PAT in L1 are refused for a domain without I/O memory (hw-facts §5.6)',
  'xen-mmc-put-type':
    'Xen arch/x86/mm.c _put_page_type: when the type count of a page-table page drops to 0 it is devalidated and drops the references its entries held (hw-facts §5.6)',
  'xen-pub-mmuext':
    'Xen public/xen.h HYPERVISOR_mmuext_op (hypercall 26): MMUEXT_PIN_L1_TABLE 0 .. PIN_L4_TABLE 3, UNPIN_TABLE 4, NEW_BASEPTR 5, TLB_FLUSH_LOCAL 6, INVLPG_LOCAL 7; pinning validates and holds one type reference and does not nest; NEW_BASEPTR needs the frame typed PGT_l4_page_table on x86-64 (hw-facts §5.6)',
  'xen-pub-multicall':
    'Xen public/xen.h HYPERVISOR_multicall (hypercall 13): entries {op, result, args[6]} are executed in order and each result stored; one guest-to-Xen transition for the whole list (hw-facts §5.6)',
  'xen-pv-direct':
    'Xen PV direct paging: the guest’s page tables hold machine frame numbers and the MMU walks them directly; the guest maps them read-only and changes them through Xen (hw-facts §5.6; course notes “Xen Direct Paging”)',
  'xen-mmc-wp':
    'Xen arch/x86/mm.c header: Xen always sets CR0.WP and does not let PV guests clear it, so read-only mappings hold in the guest kernel too',
  'xen-ptwr':
    'Xen arch/x86/pv/ro-page-fault.c (writable page tables): a write fault on a read-only mapping of an L1 page table is emulated: a naturally aligned store is merged into the 8-byte entry, checked as get_page_from_l1e checks an L1 entry, and written; if the check fails the fault goes to the guest (hw-facts §5.6)',
  'xen-pv-trap':
    'Xen PV: every exception of a PV guest, #PF included, enters Xen first, which bounces it to the guest kernel’s handler (one guest-to-Xen transition)',
  'vmscope-xenpv-map':
    'VMScope `map` under `mmu xen-pv`: stands for what a PV guest kernel does: take free frames of its own, clear them, and ask Xen to link them with one mmu_update hypercall',
} as const

export type XenPvCitationId = keyof typeof XENPV_CITATIONS
