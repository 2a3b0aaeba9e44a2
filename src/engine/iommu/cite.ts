// Where each VT-d, VFIO and SR-IOV fact comes from (hw-facts-2 §2.5-2.7).
export const IOMMU_CITATIONS = {
  'vtd-gcmd':
    'QEMU hw/i386/intel_iommu_internal.h: RTADDR 0x20, GCMD 0x18 / GSTS 0x1C with TE bit 31, SRTP 30, IRE 25, SIRTP 24; IRTA 0xB8 = table base 63:12 | S 3:0 (2^(S+1) entries) (hw-facts-2 §2.5)',
  'vtd-root':
    'Intel VT-d (legacy mode): the root table is 4 KiB of 256 16-byte entries indexed by the requester bus; root entry P bit 0, bits 11:1 reserved, context-table pointer 63:12, high qword reserved (QEMU intel_iommu_internal.h; hw-facts-2 §2.5)',
  'vtd-context':
    'Intel VT-d: the context table is 256 16-byte entries indexed by devfn (dev << 3 | fn); low: P 0, FPD 1, TT 3:2 (00 translate, 01 + device TLB, 10 pass-through, 11 reserved), SLPTPTR 63:12; high: AW 2:0 (1 = 39-bit/3-level, 2 = 48-bit/4-level), DID 23:8 (hw-facts-2 §2.5)',
  'vtd-slpte':
    'Intel VT-d second-level tables: levels = AW + 2, input width 30 + 9 x AW (Linux drivers/iommu/intel/iommu.h agaw_to_level/width); index (IOVA >> (12 + 9(L-1))) & 0x1FF, entry = table + 8 x index; PTE R 0, W 1, PS 7, address 51:12; a clear R (read) or W (write) bit at any level, not-present included, faults as FR 6 / FR 5 (QEMU vtd_iova_to_slpte) (hw-facts-2 §2.5)',
  'vtd-fault':
    'QEMU intel_iommu_internal.h VTDFaultReason: 1 root not present, 2 context not present, 3 context entry invalid (reserved TT, unsupported AW), 4 address beyond the domain width, 5 write denied, 6 read denied, 0xA root reserved bits, 0xB context reserved bits, 0xC paging-entry reserved bits; 0x21 IRTE index beyond the table, 0x22 IRTE not present, 0x26 invalid source-ID (hw-facts-2 §2.5, §5 item 6)',
  'vtd-record':
    'Intel VT-d fault recording register (128 bits): low qword 63:12 = faulting page (FI; for an interrupt-remapping fault, FI bits 63:48 = interrupt index per the VT-d spec), high: SID 15:0, FR 39:32, T 62 (1 = read, QEMU vtd_record_frcd; not verified), F 63 = fault logged; a record still holding F = 1 when the next fault comes sets FSTS.PFO and the fault is lost (hw-facts-2 §2.5)',
  'vtd-iotlb':
    'Intel VT-d caches: the context cache by source-ID and the IOTLB by (domain, IOVA page); software invalidates them through CCMD (ICC 63, CIRG 62:61: 1 global, 2 domain, 3 device) and the IOTLB register (IVT 63, IIRG 61:60: 1 global, 2 domain, 3 page, DID 47:32; IVA holds the page); until then a changed entry may still be used from the cache (hw-facts-2 §2.5)',
  'vtd-ir':
    'Intel VT-d interrupt remapping: remappable MSI address 0xFEE in 31:20, bit 4 = 1, handle[14:0] in 19:5, handle[15] in bit 2; IRTE (Linux include/linux/dmar.h struct irte) P 0, vector 23:16, destination 63:32, SID 79:64, SQ 81:80, SVT 83:82 (01 = verify the whole SID) (hw-facts-2 §2.5)',
  'vfio-map':
    'Linux include/uapi/linux/vfio.h: a group (/dev/vfio/N, the IOMMU group) joins a container set to VFIO_TYPE1v2_IOMMU; VFIO_IOMMU_MAP_DMA {vaddr, iova, size, READ|WRITE} programs IOVA (= guest-physical) -> HPA in the group domain second-level tables (hw-facts-2 §2.6)',
  'vfio-regions':
    'Linux vfio.h: vfio-pci regions BAR0-5 = 0-5, ROM 6, CONFIG 7; QEMU mmaps a BAR region and maps it into the guest (EPT), so data-path MMIO runs with no exit, while config space is emulated and filtered by QEMU through region 7 (hw-facts-2 §2.6)',
  'kvm-exit-io':
    'Intel SDM exit reason 30 (I/O instruction); Linux include/uapi/linux/kvm.h KVM_EXIT_IO = 2 returns the port access to QEMU (hw-facts-2 §1.8); PCI configuration mechanism #1: address to port 0xCF8, data at 0xCFC',
  'sriov-cap':
    'Linux include/uapi/linux/pci_regs.h: SR-IOV extended capability 0x0010; CTRL 0x08 (VFE bit 0, VF MSE bit 3), TOTAL_VF 0x0E, NUM_VF 0x10, VF_OFFSET 0x14, VF_STRIDE 0x16, VF BAR0 0x24; VF_k BARn = VF BARn base + k x size (hw-facts-2 §2.7)',
  'sriov-rid':
    'Linux drivers/pci/iov.c pci_iov_virtfn_bus/devfn: RID(VF_k) = PF RID + First VF Offset + k x VF Stride for k = 0 .. NumVFs-1; bus = PF bus + ((PF devfn + offset + k x stride) >> 8), devfn = (...) & 0xFF (hw-facts-2 §2.7, §5 item 1)',
  'sriov-enable':
    'Linux drivers/pci/iov.c sriov_enable: write NumVFs, read First VF Offset and VF Stride, set CTRL VFE | MSE, wait 100 ms, then add each VF (pci_iov_add_virtfn) (hw-facts-2 §2.7)',
  'sriov-erange':
    'Linux drivers/pci/iov.c sriov_numvfs_store: a sriov_numvfs write above pci_sriov_get_totalvfs() fails with -ERANGE and no VF is created (hw-facts-2 §2.7)',
} as const

export type IommuCitationId = keyof typeof IOMMU_CITATIONS
