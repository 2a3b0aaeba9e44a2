// Where each hardware fact comes from. Events carry a CitationId; the UI shows the source.
// Modules own their registries (xen/cite.ts, vmx/cite.ts, paging/cite.ts); this file merges them.
import { EPT_CITATIONS } from '../ept/cite.ts'
import { PAGING_CITATIONS } from '../paging/cite.ts'
import { SHADOW_CITATIONS } from '../shadow/cite.ts'
import { VIRT_CITATIONS } from '../virt/cite.ts'
import { VMX_CITATIONS } from '../vmx/cite.ts'
import { XEN_CITATIONS } from '../xen/cite.ts'
import { XENPV_CITATIONS } from '../xenpv/cite.ts'

const CORE_CITATIONS = {
  'sdm3-4.7':
    'Intel SDM Vol. 3, §4.7 Page-fault exceptions (error code bits P, W/R, U/S, RSVD, I/D)',
  'sdm3-4.6': 'Intel SDM Vol. 3, §4.6 Access rights (R/W, U/S, XD combined across levels; CR0.WP)',
  'sdm1-3.3.7.1':
    'Intel SDM Vol. 1, §3.3.7.1 Canonical addressing (#GP on a non-canonical address)',
  'sdm3-28.2.3': 'Intel SDM Vol. 3, §28.2.3 EPT violations (exit reason 48)',
  'sdm3-t27-7':
    'Intel SDM Vol. 3, Table 27-7 Exit qualification for EPT violations (bits 0-2 access, 3-5 permissions, 7-8 linear address)',
  'seed-memvirt':
    'Course notes, Memory Virtualization: guest OS 1 maps pages 7, 4, 3 to 10, 11, 12; guest OS 2 maps 4, 5, 6 to 10, 11, 12, backed by machine pages 20, 21, 22',
  'vmm-p2m':
    'The hypervisor keeps its own guest-physical to machine map per guest (P2M in Xen, EPT or the memslots behind shadow tables in KVM)',
} as const

/**
 * Compile-time guard: a key two registries share must carry the same text, otherwise the
 * spread below would silently keep only one of them. `Clash` names the offending keys.
 */
type Clash<A, B> = {
  [K in keyof A & keyof B]: A[K] extends B[K] ? (B[K] extends A[K] ? never : K) : K
}[keyof A & keyof B]
type NoClash<A, B> = [Clash<A, B>] extends [never] ? true : Clash<A, B>
export const CITATIONS_AGREE: readonly [
  NoClash<typeof CORE_CITATIONS, typeof XEN_CITATIONS>,
  NoClash<typeof CORE_CITATIONS, typeof VMX_CITATIONS>,
  NoClash<typeof XEN_CITATIONS, typeof VMX_CITATIONS>,
  NoClash<typeof CORE_CITATIONS, typeof PAGING_CITATIONS>,
  NoClash<typeof XEN_CITATIONS, typeof PAGING_CITATIONS>,
  NoClash<typeof VMX_CITATIONS, typeof PAGING_CITATIONS>,
  NoClash<typeof CORE_CITATIONS, typeof VIRT_CITATIONS>,
  NoClash<typeof PAGING_CITATIONS, typeof VIRT_CITATIONS>,
  NoClash<typeof CORE_CITATIONS, typeof EPT_CITATIONS>,
  NoClash<typeof PAGING_CITATIONS, typeof EPT_CITATIONS>,
  NoClash<typeof VIRT_CITATIONS, typeof EPT_CITATIONS>,
  NoClash<typeof VMX_CITATIONS, typeof EPT_CITATIONS>,
  NoClash<typeof PAGING_CITATIONS, typeof SHADOW_CITATIONS>,
  NoClash<typeof VIRT_CITATIONS, typeof SHADOW_CITATIONS>,
  NoClash<typeof CORE_CITATIONS, typeof SHADOW_CITATIONS>,
  NoClash<typeof XEN_CITATIONS, typeof XENPV_CITATIONS>,
  NoClash<typeof PAGING_CITATIONS, typeof XENPV_CITATIONS>,
  NoClash<typeof VIRT_CITATIONS, typeof XENPV_CITATIONS>,
  NoClash<typeof EPT_CITATIONS, typeof XENPV_CITATIONS>,
  NoClash<typeof SHADOW_CITATIONS, typeof XENPV_CITATIONS>,
] = [
  true,
  true,
  true,
  true,
  true,
  true,
  true,
  true,
  true,
  true,
  true,
  true,
  true,
  true,
  true,
  true,
  true,
  true,
  true,
  true,
]

export const CITATIONS = {
  ...CORE_CITATIONS,
  ...XEN_CITATIONS,
  ...VMX_CITATIONS,
  ...PAGING_CITATIONS,
  ...VIRT_CITATIONS,
  ...EPT_CITATIONS,
  ...SHADOW_CITATIONS,
  ...XENPV_CITATIONS,
} as const

export type CitationId = keyof typeof CITATIONS

export function citationText(id: CitationId): string {
  return CITATIONS[id]
}
