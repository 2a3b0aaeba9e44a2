// Where each host-memory fact comes from (hw-facts-2 §3.1-3.3).
export const OC_CITATIONS = {
  'oc-balloon':
    'virtio spec, device-types/balloon: config num_pages (device: target size in 4 KiB pages) and actual (driver: current size); the driver allocates pages, puts their PFNs (address / 4096) on inflateq (queue 0) and updates actual once the device used them; deflateq (queue 1) the other way (hw-facts-2 §3.1)',
  'oc-balloon-deflate':
    'virtio spec, balloon: with VIRTIO_BALLOON_F_MUST_TELL_HOST (bit 0) the driver reuses deflated pages only after the device acknowledged the deflateq buffer; without it, at once (hw-facts-2 §3.1)',
  'oc-balloon-oom':
    'Linux drivers/virtio/virtio_balloon.c: with VIRTIO_BALLOON_F_DEFLATE_ON_OOM (bit 2) an OOM notifier deflates up to oom_pages (default 256) pages before the OOM killer runs; balloon allocations never OOM (GFP __GFP_NORETRY): "Out of puff!" (hw-facts-2 §3.1)',
  'oc-guest-choice':
    'Waldspurger, "Memory Resource Management in VMware ESX Server", OSDI 2002 §3.2: the guest OS decides which pages the balloon takes: its free list first, else it pages out to its own virtual disk (hw-facts-2 §3.2)',
  'oc-esx-share':
    'Waldspurger 2002 §4: content-based page sharing: a 64-bit hash of the page keys a global table; a hint frame records (VM, PPN); on a hash match a full comparison, then both PPNs map one MPN read-only with a reference count; a write faults and gets a private copy (hw-facts-2 §3.2)',
  'oc-ksm':
    'Linux Documentation/admin-guide/mm/ksm.rst and mm/ksm.c: per scanned page, search the stable tree; else if the checksum changed since the last scan, skip (volatile); else search the unstable tree: a match merges both into a KSM page in the stable tree, no match inserts; the unstable tree is rebuilt after every full scan (hw-facts-2 §3.3)',
  'oc-ksm-counters':
    'Linux ksm.rst: pages_shared = KSM pages in use, pages_sharing = further sites sharing them, pages_unshared = pages in the unstable tree, pages_volatile = pages changing too fast; use_zero_pages maps zero pages to the kernel zero page, counted in ksm_zero_pages (hw-facts-2 §3.3)',
  'oc-swap':
    'Waldspurger 2002 §3.3-3.4: the hypervisor pages guest memory to its own swap, choosing pages at random since it cannot know what the guest values; the guest may later page out the same page itself (double paging): the host must first read it back (hw-facts-2 §3.2)',
  'oc-idle-tax':
    'Waldspurger 2002 §5.3: shares-per-page ratio rho = S / (P (f + k (1 - f))), k = 1 / (1 - tau), idle memory tax tau default 75 % (Mem.IdleTax) so k = 4; min-funding revocation reclaims from the VM with the lowest rho (hw-facts-2 §3.2)',
  'oc-free-states':
    'Waldspurger 2002 §6.3: free-memory states high 6 %, soft 4 %, hard 2 %, low 1 %: high no reclamation, soft ballooning (swap only where ballooning is not possible), hard swapping, low swapping and blocking VMs above target; this model takes each threshold as the least free memory of its state (hw-facts-2 §3.2, (R))',
} as const

export type OcCitationId = keyof typeof OC_CITATIONS
