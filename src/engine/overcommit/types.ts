// Host memory shared by several VMs (hw-facts-2 §3.1-3.3): a pool of machine frames, each VM's
// P2M onto it, and each guest's own view of its pages, so which page goes is the guest's
// decision (ballooning) or the host's (hypervisor swapping). Page contents are labels that
// stand for the 4 KiB of data ("img:k3" is kernel page 3 of image img, "0" the zero page):
// equal labels are equal pages, so sharing's full compare is a label comparison.
import type { P2mEntry } from '../virt/types.ts'

/** x86 base page and the virtio-balloon PFN unit (VIRTIO_BALLOON_PFN_SHIFT 12). */
export const OC_PAGE_BYTES = 4096
/** The model's sizes: small enough to draw every frame. */
export const OC_MAX_FRAMES = 512
export const OC_MAX_VM_PAGES = 256
export const OC_MAX_VMS = 4
/** virtio_balloon.c OOM_VBALLOON_DEFAULT_PAGES: the OOM notifier deflates this many at most. */
export const OOM_DEFLATE_PAGES = 256
/** Linux sends at most 256 PFNs per inflate or deflate request (VIRTIO_BALLOON_ARRAY_PFNS_MAX). */
export const BALLOON_ARRAY_PFNS_MAX = 256
/** ESX Mem.IdleTax default (ESX-man): 75 %. */
export const IDLE_TAX_DEFAULT_PCT = 75
/** ESX free-memory states (WAL02 §6.3): high 6 %, soft 4 %, hard 2 %, low 1 %. */
export const FREE_STATES = [
  { state: 'high', pct: 6 },
  { state: 'soft', pct: 4 },
  { state: 'hard', pct: 2 },
  { state: 'low', pct: 1 },
] as const
export type FreeState = (typeof FREE_STATES)[number]['state']

/** The zero page's contents label. */
export const ZERO = '0'

/** A machine frame of the host's pool. */
export type HostFrame =
  | { readonly kind: 'free' }
  /** Backs one guest page, writable. */
  | {
      readonly kind: 'private'
      readonly vm: number
      readonly gfn: number
      readonly content: string
    }
  /** Backs `refs` guest pages read-only (ESX page sharing or a KSM page). */
  | {
      readonly kind: 'shared'
      readonly content: string
      readonly refs: number
      readonly by: 'esx' | 'ksm'
    }

/** Where a guest page is in the host: the hypervisor's P2M entry for it. */
export type P2mSlot =
  /** Backed by a machine frame; `entry.write` is false while the frame is shared. */
  | { readonly kind: 'mapped'; readonly entry: P2mEntry }
  /** KSM use_zero_pages: mapped read-only to the kernel's zero page (outside the pool). */
  | { readonly kind: 'zero' }
  /** Hypervisor-swapped: its contents are in host swap slot `slot`. */
  | { readonly kind: 'swapped'; readonly slot: number }
  /** No backing: never touched, or given back through the balloon. */
  | { readonly kind: 'none' }

export type GuestUse = 'kernel' | 'free' | 'cache' | 'anon' | 'balloon'

/** The guest OS's view of one of its pages. */
export interface GuestPage {
  readonly use: GuestUse
  /** The workload touched it recently (the guest's LRU and ESX's sampling both see this). */
  readonly active: boolean
  /** What the guest last wrote there; null when it never wrote the page. */
  readonly content: string | null
}

/** The virtio-balloon device of one guest (VIO-bal). */
export interface Balloon {
  /** Config field written by the device: the target balloon size in 4 KiB pages (le32). */
  readonly numPages: number
  /** Config field written by the driver: the current balloon size. */
  readonly actual: number
  /** VIRTIO_BALLOON_F_MUST_TELL_HOST (bit 0) and VIRTIO_BALLOON_F_DEFLATE_ON_OOM (bit 2). */
  readonly mustTellHost: boolean
  readonly deflateOnOom: boolean
  /** The guest pages in the balloon, in the order they went in. */
  readonly pages: readonly number[]
}

export interface OcVm {
  readonly name: string
  /** The guest's RAM in 4 KiB pages (guest frame numbers 0 .. pages-1). */
  readonly pages: number
  /** ESX shares (proportional-share entitlement). */
  readonly shares: number
  readonly guest: readonly GuestPage[]
  readonly p2m: readonly P2mSlot[]
  readonly balloon: Balloon
  /** The guest's own swap on its virtual disk: contents it paged out. */
  readonly disk: readonly string[]
  /** I/O the guest itself did on its disk. */
  readonly guestWrites: number
  readonly guestReads: number
  /** KSM: the guest's anonymous memory is madvise(MADV_MERGEABLE). */
  readonly mergeable: boolean
}

/** One entry of ESX's global page-sharing hash table (WAL02 node10/11). */
export type ShareEntry =
  /** A hint frame: a page hashed once, not yet shared; its back-reference (VM, PPN). */
  | { readonly kind: 'hint'; readonly hash: string; readonly vm: number; readonly gfn: number }
  /** A shared frame: the hash and the MPN all copies map (its reference count is the frame's). */
  | { readonly kind: 'shared'; readonly hash: string; readonly mfn: number }

export type KsmStatus = 'volatile' | 'unstable' | 'stable' | 'zero'
/** KSM's rmap_item for one scanned mergeable page. */
export interface KsmItem {
  readonly vm: number
  readonly gfn: number
  readonly checksum: number
  readonly status: KsmStatus
}

export interface KsmState {
  readonly useZeroPages: boolean
  /** Every page KSM has scanned, in scan order. */
  readonly items: readonly KsmItem[]
  /** Unstable tree: candidates by content (vm, gfn), rebuilt after each full scan. */
  readonly unstable: readonly {
    readonly content: string
    readonly vm: number
    readonly gfn: number
  }[]
  /** Stable tree: KSM pages by content, with their frame. */
  readonly stable: readonly { readonly content: string; readonly mfn: number }[]
  /** Next mergeable page to scan (index into the scan order). */
  readonly cursor: number
  readonly fullScans: number
}

export interface KsmCounters {
  readonly pagesShared: number
  readonly pagesSharing: number
  readonly pagesUnshared: number
  readonly pagesVolatile: number
  readonly zeroPages: number
  readonly fullScans: number
}

export interface OcState {
  readonly frames: readonly HostFrame[]
  /** Host swap slots: a swapped guest page's contents, or null when free. */
  readonly swap: readonly ({
    readonly vm: number
    readonly gfn: number
    readonly content: string
  } | null)[]
  readonly swapOuts: number
  readonly swapIns: number
  readonly vms: readonly OcVm[]
  readonly shareTable: readonly ShareEntry[]
  readonly ksm: KsmState
  /** ESX idle memory tax rate in percent (τ). */
  readonly taxPct: number
  /** xorshift32 state: ESX's random scan order and random swap victims come from it. */
  readonly rng: number
  readonly seed: number
  /** Guest stores without a given content get a fresh label from this counter. */
  readonly writes: number
}

export const initialKsm: KsmState = {
  useZeroPages: false,
  items: [],
  unstable: [],
  stable: [],
  cursor: 0,
  fullScans: 0,
}

export const initialOcState: OcState = {
  frames: [],
  swap: [],
  swapOuts: 0,
  swapIns: 0,
  vms: [],
  shareTable: [],
  ksm: initialKsm,
  taxPct: IDLE_TAX_DEFAULT_PCT,
  rng: 1,
  seed: 1,
  writes: 0,
}
