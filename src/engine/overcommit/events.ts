import type { KindSet } from '../core/module.ts'
import type { FreeState, KsmCounters, OcState } from './types.ts'

/** A host frame the hypervisor swapped out and where to (one per page). */
export interface SwapOut {
  readonly vm: number
  readonly gfn: number
  readonly mfn: number
  readonly slot: number
}

/** What the host did so a guest page could be used (a write, a fresh page, a read). */
export interface HostFault {
  readonly gfn: number
  readonly kind: 'fresh' | 'cow' | 'cow-zero' | 'unshare-last' | 'swap-in'
  /** The frame the page uses afterwards. */
  readonly mfn: number
  /** COW: the shared frame it left, and its reference count afterwards. */
  readonly from: number | null
  readonly refsLeft: number | null
  /** Swap-in: the host swap slot read. */
  readonly slot: number | null
}

export type ShareOutcome =
  | 'hint'
  | 'stale-hint'
  | 'merged'
  | 'joined'
  | 'collision'
  | 'already-shared'
  | 'already-hinted'
  | 'not-backed'

export type KsmOutcome =
  | 'volatile'
  | 'stable-merge'
  | 'unstable-merge'
  | 'unstable-insert'
  | 'zero'
  | 'already'
  | 'skipped'

export interface KsmScanned {
  readonly vm: number
  readonly gfn: number
  readonly outcome: KsmOutcome
  readonly mfn: number | null
}

export interface Rho {
  readonly vm: number
  readonly shares: number
  /** Pages the VM holds in host memory. */
  readonly pages: number
  readonly active: number
  readonly rho: number
}

/** Every event carries the model as it is right after it (`after`): one command makes several. */
type E<K extends string, C extends string, B> = {
  readonly kind: K
  readonly cite: C
  readonly after: OcState
} & B

export type OcEvent =
  | E<'mem.host', 'oc-swap', { readonly frames: number; readonly seed: number }>
  | E<
      'mem.vm',
      'oc-guest-choice',
      {
        readonly vm: number
        readonly name: string
        readonly pages: number
        readonly backed: number
        readonly image: string
      }
    >
  | E<
      'mem.write',
      'oc-esx-share',
      {
        readonly vm: number
        readonly gfns: readonly number[]
        readonly content: string
        readonly faults: readonly HostFault[]
      }
    >
  | E<
      'mem.touch',
      'oc-guest-choice' | 'oc-balloon-oom',
      {
        readonly vm: number
        readonly allocated: readonly number[]
        readonly dropped: readonly number[]
        readonly pagedOut: readonly number[]
        /** Of pagedOut, those the host had swapped: read back first (double paging). */
        readonly doublePaged: readonly number[]
        /** Pages the OOM notifier took back from the balloon. */
        readonly oomDeflated: readonly number[]
        /** Pages the workload wanted and did not get (the guest is out of memory). */
        readonly short: number
        readonly faults: readonly HostFault[]
      }
    >
  | E<
      'mem.balloon',
      'oc-balloon',
      { readonly vm: number; readonly numPages: number; readonly actual: number }
    >
  | E<
      'mem.inflate',
      'oc-guest-choice' | 'oc-balloon-oom',
      {
        readonly vm: number
        readonly pfns: readonly number[]
        readonly fromFree: readonly number[]
        readonly dropped: readonly number[]
        readonly pagedOut: readonly number[]
        readonly doublePaged: readonly number[]
        /** Pages the driver could not get ("Out of puff!"). */
        readonly short: number
      }
    >
  | E<
      'mem.inflate-ack',
      'oc-balloon',
      {
        readonly vm: number
        readonly pfns: readonly number[]
        /** Frames the host freed (a shared frame only when its last reference went). */
        readonly freed: readonly number[]
        readonly swapSlotsFreed: number
        readonly actual: number
        readonly numPages: number
      }
    >
  | E<
      'mem.deflate',
      'oc-balloon-deflate',
      {
        readonly vm: number
        readonly pfns: readonly number[]
        readonly mustTellHost: boolean
        readonly actual: number
        readonly numPages: number
      }
    >
  | E<
      'mem.share',
      'oc-esx-share',
      {
        readonly vm: number
        readonly gfn: number
        readonly hash: string
        readonly outcome: ShareOutcome
        /** The frame the page maps afterwards. */
        readonly mfn: number | null
        /** The page's own frame, freed by the merge. */
        readonly freed: number | null
        /** merged: the other page (the hint's back-reference). */
        readonly other: { readonly vm: number; readonly gfn: number } | null
        readonly refs: number
      }
    >
  | E<'mem.ksm-config', 'oc-ksm', { readonly madvise: number | null; readonly zero: boolean }>
  | E<
      'mem.ksm-scan',
      'oc-ksm' | 'oc-ksm-counters',
      {
        readonly scanned: readonly KsmScanned[]
        readonly counters: KsmCounters
        /** Full scans completed by this command (the unstable tree was rebuilt after each). */
        readonly completed: number
      }
    >
  | E<'mem.swap-out', 'oc-swap', SwapOut & { readonly why: 'command' | 'no-frame' | 'reclaim' }>
  | E<
      'mem.swap-in',
      'oc-swap',
      {
        readonly vm: number
        readonly gfn: number
        readonly slot: number
        readonly mfn: number
        /** Who read the page: the guest paging it out itself is double paging. */
        readonly forPageout: boolean
      }
    >
  | E<
      'mem.pageout',
      'oc-swap',
      {
        readonly vm: number
        readonly gfn: number
        readonly diskSlot: number
        /** The host had to read it from its swap first. */
        readonly doublePaged: boolean
        /** Disk I/O this page cost in all: host swap-out, host swap-in, guest write. */
        readonly ios: number
      }
    >
  | E<'mem.tax', 'oc-idle-tax', { readonly pct: number; readonly k: number }>
  | E<
      'mem.reclaim',
      'oc-free-states' | 'oc-idle-tax',
      {
        readonly free: number
        readonly total: number
        readonly state: FreeState
        /** Frames to reclaim to get back to the high state (6 %). */
        readonly needed: number
        readonly rho: readonly Rho[]
        readonly victim: number | null
        readonly method: 'none' | 'balloon' | 'swap'
      }
    >

export const OC_EVENT_KINDS = {
  'mem.host': true,
  'mem.vm': true,
  'mem.write': true,
  'mem.touch': true,
  'mem.balloon': true,
  'mem.inflate': true,
  'mem.inflate-ack': true,
  'mem.deflate': true,
  'mem.share': true,
  'mem.ksm-config': true,
  'mem.ksm-scan': true,
  'mem.swap-out': true,
  'mem.swap-in': true,
  'mem.pageout': true,
  'mem.tax': true,
  'mem.reclaim': true,
} as const satisfies KindSet<OcEvent['kind']>
