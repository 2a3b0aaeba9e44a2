// Where each Xen fact comes from (hw-facts.md §5). The lead merges this into core/cite.ts.
export const XEN_CITATIONS = {
  'xen-ring-layout':
    'Xen public/io/ring.h: shared page req_prod, req_event, rsp_prod, rsp_event, ring array at byte 64; RING_SIZE rounded down to a power of two (hw-facts §5.1)',
  'xen-ring-idx':
    'Xen public/io/ring.h: RING_IDX is unsigned 32-bit, free-running, masked on use: slot = idx & (RING_SIZE - 1) (hw-facts §5.1)',
  'xen-ring-free':
    'Xen public/io/ring.h: RING_FREE_REQUESTS = RING_SIZE - (req_prod_pvt - rsp_cons); RING_FULL when it is 0 (hw-facts §5.1)',
  'xen-ring-unconsumed':
    'Xen public/io/ring.h: RING_HAS_UNCONSUMED_REQUESTS = min(req_prod - req_cons, RING_SIZE - (req_cons - rsp_prod_pvt)); responses: rsp_prod - rsp_cons (hw-facts §5.1)',
  'xen-ring-push':
    'Xen public/io/ring.h: RING_PUSH_*_AND_CHECK_NOTIFY: old = prod; prod = prod_pvt; notify = (u32)(new - event) < (u32)(new - old) (hw-facts §5.1)',
  'xen-ring-final':
    'Xen public/io/ring.h: RING_FINAL_CHECK_FOR_*: if no work, event = cons + 1, mb, check again (hw-facts §5.1)',
  'xen-ring-overflow':
    'Xen public/io/ring.h: RING_REQUEST_PROD_OVERFLOW (prod - rsp_prod_pvt > RING_SIZE), RING_RESPONSE_PROD_OVERFLOW (prod - rsp_cons > RING_SIZE) (hw-facts §5.1)',
  'xen-blkif':
    'Xen public/io/blkif.h: request 112 bytes (operation, nr_segments, handle, id, sector_number, seg[11] {gref, first_sect, last_sect}); response 16 bytes; 32 slots per page (hw-facts §5.3)',
  'xen-netif':
    'Xen public/io/netif.h: TX request 12 bytes {gref, offset, flags, id, size}, RX request 8 bytes {id, gref}; 256 slots per page each (hw-facts §5.2)',
  'xen-gnt-entry':
    'Xen public/grant_table.h: v1 entry {flags u16, domid u16, frame u32}; GTF_permit_access 1, GTF_accept_transfer 2, GTF_readonly bit 2, GTF_reading bit 3, GTF_writing bit 4 (hw-facts §5.4)',
  'xen-gnt-map':
    'Xen GNTTABOP_map_grant_ref (0): checks type permit_access and domid, sets GTF_reading (and GTF_writing unless GNTMAP_readonly), returns a handle (hw-facts §5.4; xen/common/grant_table.c _set_status_v1)',
  'xen-gnt-unmap':
    'Xen GNTTABOP_unmap_grant_ref (1): the handle from map releases the pin (hw-facts §5.4)',
  'xen-gnt-copy':
    'Xen GNTTABOP_copy (5): the hypervisor copies len bytes between {ref or gmfn, domid, offset}; must not cross a page (GNTST_bad_copy_arg) (hw-facts §5.4)',
  'xen-gnt-transfer':
    'Xen GNTTABOP_transfer (4): a page is given to a domain that offered GTF_accept_transfer; Xen writes the frame and sets GTF_transfer_committed / _completed (hw-facts §5.4)',
  'xen-gnt-end':
    'Revoking a permit_access grant: read flags, confirm GTF_reading and GTF_writing are clear, cmpxchg flags to 0 (hw-facts §5.4)',
  'xen-evtchn-ops':
    'Xen public/event_channel.h: EVTCHNOP_bind_interdomain 0, bind_virq 1, bind_pirq 2, close 3, send 4, alloc_unbound 6, bind_ipi 7, unmask 9 (hw-facts §5.5); event_channel.c: bind_interdomain to a port that is not unbound for the caller, or close of a port that is not open, returns -EINVAL',
  'xen-evtchn-2l':
    'Xen event_2l.c set-pending: test-and-set pending; if it was clear, the port is unmasked and the selector bit newly set, set evtchn_upcall_pending (hw-facts §5.5)',
  'xen-evtchn-unmask':
    'Xen event_2l.c unmask: clear mask; if it was masked, the port is pending and the selector bit is newly set, mark the vCPU pending (hw-facts §5.5)',
  'xen-evtchn-send':
    'Xen event_channel.c evtchn_send: interdomain sets the remote port pending, IPI the local port; an unbound port drops the notification silently; an invalid, free, reserved, VIRQ or PIRQ port returns -EINVAL (hw-facts §5.5)',
  'xen-evtchn-kinds':
    'Event channels carry four kinds of events: interdomain, VIRQ (Xen to a domain), IPI (vCPU to vCPU), PIRQ (physical IRQ) (course notes; hw-facts §5.5)',
  'xen-split-driver':
    'Split device driver model: the frontend in DomU forwards requests over a shared ring to the backend in Dom0, which owns the real driver (course notes)',
  'xen-net-rx-flip':
    'Xen paper / course notes: on receive the guest exchanges an unused page frame for each packet; if no receive buffer is posted the packet is dropped',
  'xen-vif':
    'Backend network interfaces in Dom0 are named vifN.M (N the domain id, M the device index) and bridged on xenbr0; Xen tools pick MACs in 00:16:3e:xx:xx:xx (course notes)',
} as const

export type XenCitationId = keyof typeof XEN_CITATIONS
