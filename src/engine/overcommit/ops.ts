import type { KindSet } from '../core/module.ts'

/** Every operation of the host-memory model (CONSOLE.md `mem ...`). */
export type OcOp =
  | { readonly kind: 'mem.host'; readonly frames: number; readonly seed: number }
  | {
      readonly kind: 'mem.vm'
      readonly name: string
      readonly pages: number
      readonly kernel: number
      readonly cache: number
      readonly anon: number
      /** How many of the used pages the workload keeps active (anon first, then cache). */
      readonly active: number
      /** How many of the anon pages are zero-filled. */
      readonly zero: number
      /** Identical VMs share an image: same kernel and page-cache contents. */
      readonly image: string
      readonly shares: number
      readonly mustTellHost: boolean
      readonly deflateOnOom: boolean
    }
  | {
      readonly kind: 'mem.write'
      readonly vm: string
      readonly from: number
      readonly to: number
      /** The contents written (a label), or null for new, unique data. */
      readonly content: string | null
    }
  | { readonly kind: 'mem.touch'; readonly vm: string; readonly count: number }
  | { readonly kind: 'mem.balloon'; readonly vm: string; readonly numPages: number }
  | { readonly kind: 'mem.share'; readonly vm: string; readonly gfn: number }
  | { readonly kind: 'mem.share-scan'; readonly count: number }
  | { readonly kind: 'mem.ksm-madvise'; readonly vm: string }
  | { readonly kind: 'mem.ksm-zero'; readonly on: boolean }
  /** Scan `count` pages, or to the end of the current full scan (null). */
  | { readonly kind: 'mem.ksm-scan'; readonly count: number | null }
  | { readonly kind: 'mem.swap'; readonly vm: string; readonly gfn: number }
  | { readonly kind: 'mem.pageout'; readonly vm: string; readonly gfn: number }
  | { readonly kind: 'mem.tax'; readonly pct: number }
  | { readonly kind: 'mem.reclaim' }

export const OC_OP_KINDS = {
  'mem.host': true,
  'mem.vm': true,
  'mem.write': true,
  'mem.touch': true,
  'mem.balloon': true,
  'mem.share': true,
  'mem.share-scan': true,
  'mem.ksm-madvise': true,
  'mem.ksm-zero': true,
  'mem.ksm-scan': true,
  'mem.swap': true,
  'mem.pageout': true,
  'mem.tax': true,
  'mem.reclaim': true,
} as const satisfies KindSet<OcOp['kind']>
