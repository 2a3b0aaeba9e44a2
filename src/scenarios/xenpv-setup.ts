// The PV guest the Xen direct-paging scenarios start from: `mmu xen-pv` and eight machine
// frames, 0x120-0x127, given to the domain as its pseudo-physical frames 0-7 (the P2M).
export const XENPV_EIGHT_FRAMES = `mmu xen-pv
host map 0x0 0x120000 rw
host map 0x1000 0x121000 rw
host map 0x2000 0x122000 rw
host map 0x3000 0x123000 rw
host map 0x4000 0x124000 rw
host map 0x5000 0x125000 rw
host map 0x6000 0x126000 rw
host map 0x7000 0x127000 rw`
