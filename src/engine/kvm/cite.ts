// Where the KVM/QEMU I/O model's facts come from (hw-facts-2 §1.8, §2.1-2.2, §2.4; hw-facts §4.7).
export const KVM_CITATIONS = {
  'kvm-api':
    'Linux Documentation/virt/kvm/api.rst and uapi linux/kvm.h: /dev/kvm, KVM_CREATE_VM, KVM_SET_USER_MEMORY_REGION, KVM_CREATE_VCPU, the mmap-ed struct kvm_run, KVM_RUN (_IO 0xAE,0x80); exit reasons KVM_EXIT_IO 2, KVM_EXIT_MMIO 6 — hw-facts-2 §1.8',
  'kvm-run-io':
    'linux/kvm.h struct kvm_run io {direction (IN 0, OUT 1), size, port, count, data_offset}; x86 puts the data at data_offset = KVM_PIO_PAGE_OFFSET (1) x 4096; KVM completes an IN into RAX on the next KVM_RUN — hw-facts-2 §1.8',
  'kvm-run-mmio':
    'linux/kvm.h struct kvm_run mmio {phys_addr, data[8], len, is_write}; a read completes into the guest register on the next KVM_RUN — hw-facts-2 §1.8',
  'qemu-kvm-loop':
    'QEMU accel/kvm/kvm-all.c kvm_cpu_exec: one thread per vCPU loops ioctl(KVM_RUN); KVM_EXIT_IO => kvm_handle_io, KVM_EXIT_MMIO => address_space_rw, then KVM_RUN again — hw-facts-2 §1.8',
  'vmx-io-exit':
    'Intel SDM Vol. 3 Table 28-5: I/O instruction exit (reason 30) qualification: bits 2:0 size - 1, bit 3 direction (1 = IN), bit 4 string, bit 5 REP, bit 6 immediate operand, bits 31:16 port — hw-facts §4.7',
  'kvm-mmio-spte':
    'KVM mmu.c: a guest-physical page with no memslot takes an EPT violation (exit 48) on first touch; KVM installs an MMIO SPTE (a misconfigured EPT entry) and emulates the access; later touches take an EPT misconfiguration (exit 49) straight to the MMIO path — hw-facts-2 §2.2 step 2, hw-facts §2.3',
  'kvm-in-kernel':
    'KVM_CREATE_IRQCHIP / KVM_CREATE_PIT2: the 8259 PICs (ports 0x20-0x21, 0xA0-0xA1), the IOAPIC, the local APIC and the 8254 PIT (0x40-0x43) are emulated inside KVM, so their accesses never reach user space — hw-facts-2 §1.8',
  'kvm-ioeventfd':
    'KVM_IOEVENTFD (_IOW 0xAE,0x79) {datamatch, addr, len, fd, flags DATAMATCH 0, PIO 1, DEASSIGN 2}: a matching guest write signals the eventfd inside KVM and the guest resumes with no user-space exit — hw-facts-2 §2.4',
  'kvm-irq':
    'KVM_IRQ_LINE / irqfd: QEMU pci_set_irq sets the GSI level; the in-kernel IOAPIC delivers the vector, KVM kicks the vCPU (an IPI: exit 1, external interrupt) and injects the vector on the next VM entry (VM-entry interruption-information field) — hw-facts-2 §2.2 steps 3-4, hw-facts §4.8',
  'pci-config':
    'PCI Local Bus 3.0 §6.1-6.2: vendor ID 0x00, device ID 0x02, command 0x04 (I/O space 0, memory space 1, bus master 2), status 0x06 (capability list bit 4), class 0x09-0x0B, BARs 0x10-0x24 (bit 0 = I/O, size by writing all ones), capability pointer 0x34, interrupt line 0x3C, pin 0x3D; configuration mechanism #1 at ports 0xCF8/0xCFC; MSI capability ID 0x05',
  'e1000-pci':
    'QEMU hw/net/e1000.c pci_e1000_realize and e1000_class_init: 8086:100E (82540EM), revision 3, class 0x020000, cache line 0x10, interrupt pin A, BAR0 memory 128 KiB (PNPMMIO_SIZE 0x20000), BAR1 I/O 0x40 bytes; no capability list — hw-facts-2 §2.2',
  'e1000-regs':
    'QEMU hw/net/e1000.c macreg_readops/macreg_writeops, register index (addr & 0x1FFFF) >> 2: CTRL 0x0, STATUS 0x8, ICR 0xC0 read-to-clear, ICS 0xC8, IMS 0xD0 (|=), IMC 0xD8 (&= ~), RCTL 0x100, TCTL 0x400, RDBAL 0x2800 (low 4 bits ignored), RDLEN 0x2808 (& 0xFFF80), RDH/RDT 0x2810/0x2818 (16 bits), TDBAL 0x3800, TDLEN 0x3808, TDH/TDT 0x3810/0x3818, RA 0x5400; the irq line is (IMS & ICR) != 0 — hw-facts-2 §2.2',
  'e1000-tx':
    'QEMU hw/net/e1000.c start_xmit: needs TCTL.EN; from TDH to TDT read each 16-byte legacy descriptor at TDBA + 16·TDH, DMA its buffer, send at EOP, write back STA.DD if CMD.RS (cause TXDW), TDH++ wrapping at TDLEN/16, stop if TDH returns to where it started; then ICR |= TXQE | causes — hw-facts-2 §2.2',
  'e1000-rx':
    'QEMU hw/net/e1000.c e1000_receive_iov: RDH == RDT means no buffers, e1000_can_receive is false and the net layer holds the frame until RDT is written (no drop); a frame needing more buffers than are free is an overrun (RNBC, MPC, ICR.RXO, dropped); else per descriptor DMA up to the buffer size, length, STA EOP|DD, RDH++; cause RXT0, plus RXDMT0 when free descriptors x 16 <= RDLEN >> (1 + RCTL.RDMTS) — hw-facts-2 §2.2',
  'e1000-desc':
    'Intel 8254x SDM §3.2.3, §3.3.3: legacy descriptors are 16 bytes little-endian; TX: buffer address 0-7, length 8-9, CSO 10, CMD 11 (EOP 0, IFCS 1, IC 2, RS 3, RPS 4, DEXT 5, VLE 6, IDE 7), STA 12 (DD 0, EC 1, LC 2, TU 3), CSS 13, special 14-15; RX: address 0-7, length 8-9, checksum 10-11, status 12 (DD 0, EOP 1), errors 13, special 14-15 — hw-facts-2 §2.2',
  'e1000-driver':
    'Course notes (seeds 002-003) and Linux drivers/net/ethernet/intel/e1000: the driver fills descriptors in guest RAM, writes TDT (one MMIO exit), takes the interrupt, reads ICR (another exit, read-to-clear) and reclaims the descriptors whose DD is set; receive hands buffers to the device by writing RDT — hw-facts-2 §2.1-2.2',
} as const

export type KvmCitationId = keyof typeof KVM_CITATIONS
