// Sources of every EPT fact this module uses (../shared/reference/hw-facts.md sections 2, 3, 7).
// Keys are this module's own; core/cite.ts merges the registry.
export const EPT_CITATIONS = {
  'ept-eptp':
    'Intel SDM Vol. 3, Fig. 28-1 / hw-facts §2.1 EPTP (VMCS 0x201A): bits 2:0 memory type (0 UC, 6 WB), 5:3 page-walk length minus 1 (3 = 4-level, 4 = 5-level), bit 6 enables EPT A/D flags, 11:7 reserved, (N-1):12 root table (Linux VMX_EPTP_*)',
  'ept-entry':
    'Intel SDM Vol. 3, §28.2.2 / hw-facts §2.2 EPT entry: R 0, W 1, X 2, memory type 5:3, ignore PAT 6, large page 7 (PDPTE 1 GiB, PDE 2 MiB), A 8, D 9 (with EPTP bit 6), address (N-1):12; not present iff bits 2:0 = 000',
  'ept-misconfig':
    'Intel SDM Vol. 3, §28.2.3.1 / hw-facts §2.3 EPT misconfiguration (exit reason 49): write-only or write+execute entry, execute-only without the capability, a reserved bit set, leaf memory type 2, 3 or 7',
  'ept-violation':
    'Intel SDM Vol. 3, §28.2.3.2 / hw-facts §2.3-2.4 EPT violation (exit reason 48): an entry not present, or the access not allowed by the AND of R/W/X over the entries used; exit qualification bits 0-2 access, 3-5 permissions, 7 linear address valid, 8 final translation (1) or guest paging-structure access (0); GPA in VMCS 0x2400',
  'ept-2d-walk':
    'hw-facts §3.1-3.2 (Bhargava et al., ASPLOS 2008, Fig. 1(b)): every guest paging-structure reference is a guest-physical address translated by a full EPT walk first; then the data GPA is translated once more: (n+1)(m+1)-1 references, 24 for 4/4, 35 for 5/5',
  'ept-fault-order':
    'hw-facts §3.2 (SDM3 §28.2.3.3): each guest entry GPA is translated by EPT before the guest entry is examined; a guest P=0 or reserved bit, or a guest permission failure, is a #PF delivered to the guest with no VM exit; only then is the data GPA translated (violation with qualification bit 8 = 1)',
  'ept-guest-ad':
    'hw-facts §2.3: the processor’s writes of guest A/D bits are data writes for EPT; with EPTP bit 6 = 1 every access to a guest paging-structure entry is treated as a write (SDM3 §28.2.4)',
  'ept-ad':
    'Intel SDM Vol. 3, §28.2.4 / hw-facts §2.2: with EPTP bit 6 = 1 the processor sets A in every EPT entry it uses and D in the leaf EPT entry of a written guest-physical address',
  'ept-cap':
    'hw-facts §2.5 IA32_VMX_EPT_VPID_CAP: bit 0 execute-only EPT entries allowed, 6 4-level walk, 7 5-level walk, 16 2 MiB pages, 17 1 GiB pages, 21 EPT A/D',
  'ept-tlb':
    'Intel SDM Vol. 3, §28.3 / hw-facts §7: with EPT the TLB caches combined mappings (linear to host-physical) tagged by VPID, PCID and EPTP; a hit needs no walk',
  'ept-vpid':
    'Intel SDM Vol. 3, §28.1 / hw-facts §7: VPID 0000H is the host’s; without VPID every VM entry and VM exit invalidates the VPID-0000H linear and combined mappings; with a VPID they survive the transition',
  'ept-violation-invalidate':
    'Intel SDM Vol. 3, §28.3.3.1 / hw-facts §7: an EPT violation invalidates the combined mapping of the faulting linear address for the current VPID and EPTP',
  'ept-invept':
    'Intel SDM Vol. 2 INVEPT / hw-facts §7: type 1 single context (one EPTP: guest-physical and combined mappings), type 2 global (all EPTPs)',
  'ept-invvpid':
    'Intel SDM Vol. 2 INVVPID / hw-facts §7: type 0 individual address, 1 single context, 2 all contexts except VPID 0000H, 3 single context retaining globals; ignores EPTP and PCID',
  'ept-guest-cr3':
    'hw-facts §7: MOV to CR3, INVLPG and CR4 changes in the guest act on the current VPID’s mappings only',
  'ept-paging-off':
    'hw-facts §3.2: with CR0.PG = 0 the linear address is the guest-physical address, translated by one EPT walk',
  'ept-pwc':
    'Intel SDM Vol. 3, §4.10.3.1 paging-structure caches (PML4, PDPTE, PDE caches indexed by linear-address bits, holding the next table and the combined rights) and §28.3.1 guest-physical mappings (GPA to HPA, tagged by EPTP); Bhargava et al. 2D_PWC and nested TLB — hw-facts §3.3',
  'ept-host-map':
    'VMScope `host map` under `mmu ept`: the hypervisor writes EPT entries with ordinary stores to its own memory, allocating table pages as KVM’s TDP MMU does',
} as const

export type EptCitationId = keyof typeof EPT_CITATIONS
