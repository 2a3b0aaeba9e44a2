// The numbers of virtio-net over the modern virtio-pci transport, each defined once with its
// source (hw-facts.md §6, hw-facts-2 §2.3-2.4; QEMU hw/virtio/virtio-pci.c for the BAR layout).

/** Device status bits (virtio 1.x §2.1; hw-facts-2 §2.3). */
export const STATUS = {
  ACKNOWLEDGE: 1,
  DRIVER: 2,
  DRIVER_OK: 4,
  FEATURES_OK: 8,
  DEVICE_NEEDS_RESET: 64,
  FAILED: 128,
} as const
export type StatusName = keyof typeof STATUS
/** The order the driver sets them in (virtio 1.x §3.1.1): each needs the ones before it. */
export const STATUS_ORDER = ['ACKNOWLEDGE', 'DRIVER', 'FEATURES_OK', 'DRIVER_OK'] as const
export type SettableStatus = (typeof STATUS_ORDER)[number]

/** Feature bit numbers (hw-facts.md §6; Linux include/uapi/linux/virtio_net.h, virtio_ring.h). */
export const FEATURE = {
  CSUM: 0,
  MAC: 5,
  MRG_RXBUF: 15,
  STATUS: 16,
  INDIRECT_DESC: 28,
  EVENT_IDX: 29,
  VERSION_1: 32,
} as const
export type FeatureName = keyof typeof FEATURE
export const FEATURE_NAMES = Object.keys(FEATURE) as FeatureName[]

/** Full names as the headers spell them (VIRTIO_NET_F_*, VIRTIO_RING_F_*, VIRTIO_F_*). */
export const FEATURE_MACRO: Record<FeatureName, string> = {
  CSUM: 'VIRTIO_NET_F_CSUM',
  MAC: 'VIRTIO_NET_F_MAC',
  MRG_RXBUF: 'VIRTIO_NET_F_MRG_RXBUF',
  STATUS: 'VIRTIO_NET_F_STATUS',
  INDIRECT_DESC: 'VIRTIO_RING_F_INDIRECT_DESC',
  EVENT_IDX: 'VIRTIO_RING_F_EVENT_IDX',
  VERSION_1: 'VIRTIO_F_VERSION_1',
}

/** What this virtio-net device offers (QEMU and vhost-net both offer these). */
export const OFFERED: readonly FeatureName[] = [
  'CSUM',
  'MAC',
  'MRG_RXBUF',
  'STATUS',
  'INDIRECT_DESC',
  'EVENT_IDX',
  'VERSION_1',
]

/** Descriptor flags (hw-facts.md §6). */
export const DESC_F = { NEXT: 1, WRITE: 2, INDIRECT: 4 } as const
/** Ring flags: avail VRING_AVAIL_F_NO_INTERRUPT, used VRING_USED_F_NO_NOTIFY (both 1). */
export const AVAIL_F_NO_INTERRUPT = 1
export const USED_F_NO_NOTIFY = 1

/** PCI identity of a modern virtio-net function: vendor 0x1AF4, device 0x1040 + type 1. */
export const PCI_VENDOR = 0x1af4
export const PCI_DEVICE_NET_MODERN = 0x1041
/** virtio-net's queues: 0 receiveq1, 1 transmitq1. */
export const RX_QUEUE = 0
export const TX_QUEUE = 1

/**
 * Linux virtio_net's receive buffer without MRG_RXBUF or big packets (add_recvbuf_small): one
 * device-writable descriptor of hdr_len + GOOD_PACKET_LEN (ETH_HLEN 14 + VLAN_HLEN 4 +
 * ETH_DATA_LEN 1500 = 1518) bytes. So a frame is at most 1514 bytes without its FCS here.
 */
export const GOOD_PACKET_LEN = 1518
export const MAX_RX_FRAME = 1514
/**
 * struct virtio_net_hdr (virtio 1.x §5.1.6): flags u8, gso_type u8, hdr_len le16, gso_size
 * le16, csum_start le16, csum_offset le16, then num_buffers le16 (present with VERSION_1 or
 * MRG_RXBUF). On receive without offloads the device writes flags 0, gso_type
 * VIRTIO_NET_HDR_GSO_NONE (0), and num_buffers 1 (one buffer per packet).
 */
export const NET_HDR = {
  flags: 0,
  gso_type: 1,
  hdr_len: 2,
  gso_size: 4,
  csum_start: 6,
  csum_offset: 8,
  num_buffers: 10,
} as const
export const VIRTIO_NET_HDR_GSO_NONE = 0

/**
 * QEMU's modern BAR (BAR 4): common config at 0x0, ISR at 0x1000, device config at 0x2000,
 * notify at 0x3000 (virtio-pci.c). notify_off_multiplier is 4 without page-per-vq, and QEMU
 * sets queue_notify_off to the queue index, so queue N's doorbell is at 0x3000 + 4N.
 */
export const BAR4 = 0xfe000000n
export const BAR_LAYOUT = { common: 0x0n, isr: 0x1000n, device: 0x2000n, notify: 0x3000n } as const
export const NOTIFY_OFF_MULTIPLIER = 4n
export const notifyAddress = (queue: number): bigint =>
  BAR4 + BAR_LAYOUT.notify + BigInt(queue) * NOTIFY_OFF_MULTIPLIER

/** Offsets in struct virtio_pci_common_cfg (Linux include/uapi/linux/virtio_pci.h). */
export const COMMON_CFG = {
  device_feature_select: 0x00,
  device_feature: 0x04,
  driver_feature_select: 0x08,
  driver_feature: 0x0c,
  msix_config: 0x10,
  num_queues: 0x12,
  device_status: 0x14,
  config_generation: 0x15,
  queue_select: 0x16,
  queue_size: 0x18,
  queue_msix_vector: 0x1a,
  queue_enable: 0x1c,
  queue_notify_off: 0x1e,
  queue_desc: 0x20,
  queue_driver: 0x28,
  queue_device: 0x30,
} as const

/** QEMU virtio-net's default tx_queue_size: the largest queue the driver may choose here. */
export const MAX_QUEUE_SIZE = 256

/** Alignment of each split-ring part in a modern device (hw-facts.md §6). */
export const ALIGN = { desc: 16n, avail: 2n, used: 4n } as const

/** Byte sizes of the three parts for queue size qs, with the EVENT_IDX fields. */
export const partBytes = (qs: number) => ({
  desc: 16 * qs,
  avail: 6 + 2 * qs,
  used: 6 + 8 * qs,
})

/**
 * The legacy contiguous layout (vring_init with align 4096, hw-facts.md §6): the table, the
 * avail ring right after it, the used ring at the next 4096-byte boundary.
 */
export function contiguousLayout(base: bigint, qs: number) {
  const b = partBytes(qs)
  const avail = base + BigInt(b.desc)
  const end = avail + BigInt(b.avail)
  const used = (end + 4095n) & ~4095n
  return { desc: base, avail, used }
}

/** Field offsets inside the rings (hw-facts.md §6: used_event at avail->ring[QS], etc.). */
export const availFlagsAt = (avail: bigint) => avail
export const availIdxAt = (avail: bigint) => avail + 2n
export const availRingAt = (avail: bigint, slot: number) => avail + 4n + 2n * BigInt(slot)
export const usedEventAt = (avail: bigint, qs: number) => avail + 4n + 2n * BigInt(qs)
export const usedFlagsAt = (used: bigint) => used
export const usedIdxAt = (used: bigint) => used + 2n
export const usedRingAt = (used: bigint, slot: number) => used + 4n + 8n * BigInt(slot)
export const availEventAt = (used: bigint, qs: number) => used + 4n + 8n * BigInt(qs)

/**
 * vring_need_event (Linux include/uapi/linux/virtio_ring.h): notify iff event_idx is in
 * [old, new) modulo 2^16, i.e. the entry the other side asked about was just published.
 */
export function needEvent(eventIdx: number, newIdx: number, oldIdx: number): boolean {
  return ((newIdx - eventIdx - 1) & 0xffff) < ((newIdx - oldIdx) & 0xffff)
}

export const u16 = (n: number): number => n & 0xffff

/** The virtio-net header before each packet: 12 bytes with VERSION_1 or MRG_RXBUF, else 10. */
export const netHdrBytes = (features: bigint): number =>
  (features >> BigInt(FEATURE.VERSION_1)) & 1n || (features >> BigInt(FEATURE.MRG_RXBUF)) & 1n
    ? 12
    : 10

export const has = (features: bigint, f: FeatureName): boolean =>
  ((features >> BigInt(FEATURE[f])) & 1n) === 1n

export const featureMask = (names: readonly FeatureName[]): bigint =>
  names.reduce((m, n) => m | (1n << BigInt(FEATURE[n])), 0n)

/** VM exit reasons the doorbell can cause (hw-facts.md §4.6): MMIO after KVM marked the page. */
export const EXIT_EPT_MISCONFIG = 49
/** KVM_EXIT_MMIO (Linux include/uapi/linux/kvm.h; hw-facts-2 §1.8). */
export const KVM_EXIT_MMIO = 6
