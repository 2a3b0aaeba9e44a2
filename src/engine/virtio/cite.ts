// Where each virtio fact comes from (hw-facts.md §6, hw-facts-2 §2.3-2.4).
export const VIRTIO_CITATIONS = {
  'vio-pci':
    'virtio 1.x §4.1 / QEMU hw/virtio/virtio-pci.c: vendor 0x1AF4, modern net device 0x1041; BAR 4 holds common config 0x0, ISR 0x1000, device config 0x2000, notify 0x3000; notify_off_multiplier 4, queue_notify_off = queue index',
  'vio-status':
    'virtio 1.x §2.1, §3.1.1: status ACKNOWLEDGE 1, DRIVER 2, DRIVER_OK 4, FEATURES_OK 8, DEVICE_NEEDS_RESET 64, FAILED 128; reset (0), ACK, DRIVER, features, FEATURES_OK (re-read: the device clears it if it refuses the features), queues, DRIVER_OK (hw-facts-2 §2.3)',
  'vio-features':
    'Feature bits: VIRTIO_NET_F_CSUM 0, MAC 5, MRG_RXBUF 15, STATUS 16, VIRTIO_RING_F_INDIRECT_DESC 28, VIRTIO_RING_F_EVENT_IDX 29, VIRTIO_F_VERSION_1 32 (hw-facts.md §6; Linux uapi virtio_net.h, virtio_ring.h, virtio_config.h)',
  'vio-layout':
    'Split virtqueue: descriptor table 16 bytes per entry (addr le64, len le32, flags le16, next le16), align 16; avail ring flags, idx, ring[QS], used_event, align 2; used ring flags, idx, ring[QS] {id le32, len le32}, avail_event, align 4 (hw-facts.md §6)',
  'vio-publish':
    'Driver publication order: descriptors, then the head in avail->ring[idx mod QS], write barrier, then avail->idx += 1, full barrier, then the notification check (hw-facts.md §6; Linux virtqueue_add_split, virtqueue_kick_prepare_split)',
  'vio-chain':
    'Chains: NEXT 1 links to next, WRITE 2 marks device-writable, which must follow every device-readable descriptor; INDIRECT 4 points at a table of len/16 descriptors, only with VIRTIO_RING_F_INDIRECT_DESC, never with NEXT, never nested (hw-facts.md §6)',
  'vio-notify-flags':
    'Without EVENT_IDX: the driver kicks unless used->flags has VRING_USED_F_NO_NOTIFY (1); the device interrupts unless avail->flags has VRING_AVAIL_F_NO_INTERRUPT (1); both advisory (hw-facts.md §6)',
  'vio-event-idx':
    'With EVENT_IDX: vring_need_event(event_idx, new, old) = (u16)(new - event_idx - 1) < (u16)(new - old); the driver kicks on avail_event, the device interrupts on used_event (hw-facts.md §6, hw-facts-2 §2.3 wrap cases)',
  'vio-used':
    'The device writes used->ring[idx mod QS] = {id: head, len: bytes written}, then used->idx += 1 after a barrier; with EVENT_IDX it sets avail_event to the avail idx it has consumed (QEMU virtqueue_pop, vhost_enable_notify) (hw-facts.md §6)',
  'vio-interrupt':
    'Used-buffer notification: the first is always sent (signalled_used not yet valid), later ones by the flag or vring_need_event(used_event, used idx, signalled_used) (QEMU virtio_split_should_notify, Linux vhost_notify); MSI-X sends the queue vector, INTx sets ISR bit 0 and raises the line; ISR is read-to-clear (hw-facts-2 §2.3)',
  'vio-qemu-kick':
    'QEMU backend with ioeventfd=off: the doorbell store exits (EPT misconfiguration 49 on an MMIO page) and KVM_RUN returns KVM_EXIT_MMIO (6) to the vCPU thread, which runs virtio_queue_notify and re-enters; the TX bottom half sends from QEMU (QEMU enables ioeventfd by default; the model turns it off to show the user-space path) (hw-facts-2 §1.8, §2.4)',
  'vio-vhost':
    'vhost-net: VHOST_SET_VRING_KICK 0x20 and VHOST_SET_VRING_CALL 0x21 eventfds; KVM_IOEVENTFD (0xAE 0x79) completes the doorbell store in KVM (no exit to user space), the vhost worker wakes, walks the ring through the mem table, sendmsg to the tap; KVM_IRQFD (0xAE 0x76) injects the interrupt; QEMU off the data path (hw-facts-2 §2.4)',
  'vio-copy':
    'One copy per packet either way: QEMU writev()s the guest buffers to the tap, vhost sendmsg()s them; the kernel copies into an skb (vhost-net zero-copy TX, experimental_zcopytx, is off by default) (hw-facts-2 §2.4)',
  'vio-broken':
    'A malformed ring is detected, never followed for ever: vhost_get_vq_desc (Linux drivers/vhost/vhost.c) counts descriptors and stops at "Loop detected" when more than QS are found, and refuses "Desc index is N > QS" and a head >= QS; QEMU virtqueue_split_pop reports "Looped descriptor" / "Desc next is N" through virtio_error, which marks the device broken and sets DEVICE_NEEDS_RESET (VERSION_1); vhost stops serving the queue (hw-facts.md §6)',
  'vio-rx':
    'Receive: the driver keeps receiveq1 (queue 0) full of device-writable buffers (WRITE 2; Linux add_recvbuf_small: one descriptor of hdr_len + 1518 bytes); the device pops a chain, writes struct virtio_net_hdr (flags 0, gso_type GSO_NONE 0, num_buffers 1 with VERSION_1 or MRG_RXBUF: 12 bytes, else 10) and the frame, then used->ring = {id: head, len: bytes written}, used->idx + 1, and the interrupt check. QEMU reads the tap into its own buffer on its I/O thread and copies into the guest buffer (two copies); vhost-net recvmsg()s from the tap socket straight into the guest buffer (one copy) (virtio 1.x §5.1.6.3-4; QEMU virtio_net_receive; Linux drivers/vhost/net.c handle_rx)',
  'vio-rx-wait':
    'No receive buffer: QEMU virtio_net_has_buffers finds the queue empty, enables the queue notification and returns 0, so its net layer keeps the frame queued until the guest kicks receiveq1 (virtio_net_handle_rx flushes the queue); vhost-net handle_rx finds no descriptor, calls vhost_enable_notify and leaves the frame in the tap socket until the kick. Nothing is dropped by the backend (the tap device drops only when its own queue, txqueuelen, overflows: not modelled)',
  'vio-rx-kick':
    'An interrupt raised by a thread other than the vCPU (QEMU’s main-loop thread: the TX bottom half and receive; the vhost worker) while vCPU 0 runs in the guest: KVM sends the vCPU an IPI, which exits with reason 1 (external interrupt), and injects at the next VM entry. The same rule as the e1000 model’s receive path; posted interrupts (APICv) would avoid the exit: not modelled (hw-facts.md §4.6, hw-facts-2 §2.4-2.5)',
} as const

export type VirtioCitationId = keyof typeof VIRTIO_CITATIONS
