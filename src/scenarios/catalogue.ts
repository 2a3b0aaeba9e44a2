// The scenario catalogue: what the library and the router need before a body loads. Each
// scenario's phases (script and narration) live in its own file, src/scenarios/<id>.ts, which
// the app loads only when the scenario opens (one lazy chunk each).
//
// To add a scenario:
//   1. Create src/scenarios/<id>.ts with `export const phases: readonly Phase[] = [...]`
//      (import type { Phase } from './types.ts'). Nothing else is exported from it; the file's
//      name is the id (bodies.ts finds it by name, so the first screen carries no loader).
//   2. Add its entry below, in library order.
//   3. Set `steps` to its frame count: `npx vitest run test/scenarios.test.ts` fails with the
//      right number if it is wrong, and fails if the id has no body file.
//   4. Write its golden: `npm run test:golden -- -u`, and review test/golden/<id>.jsonl.
import type { Localized } from '../console/index.ts'
import type { ScenarioMeta, TopicId } from './types.ts'

/** The topics in library order; each scenario's `topic` is one of them. */
// x86 paging first: shadow paging, EPT and Xen direct paging build on it.
export const TOPICS: readonly TopicId[] = ['paging', 'memory', 'vmx', 'xen', 'io']

/** English, and Chinese when given here; else catalogue-zh.ts has it (loaded with Chinese). */
interface Text {
  readonly en: string
  readonly zh?: string
}

/**
 * An entry as written below: its English summary lives in catalogue-en.ts, its Chinese texts
 * in catalogue-zh.ts (both lazy: the first paint needs only the titles).
 */
type Entry = Omit<ScenarioMeta, 'title' | 'summary'> & {
  readonly title: Text
}

/** Every built-in scenario, in library order. Ids are unique (tested). */
const ENTRIES: readonly Entry[] = [
  {
    id: 'paging-walk-4level',
    topic: 'paging',
    title: { en: 'A 4-level page walk' },
    panels: ['pageWalk'],
    steps: 24,
  },
  {
    id: 'paging-large-pages',
    topic: 'paging',
    title: { en: 'Large pages: 2 MiB and 1 GiB' },
    panels: ['pageWalk'],
    steps: 26,
  },
  {
    id: 'paging-faults',
    topic: 'paging',
    title: { en: 'Page faults and their error codes' },
    panels: ['pageWalk'],
    steps: 103,
  },
  {
    id: 'paging-tlb',
    topic: 'paging',
    title: { en: 'The TLB: hits, misses, invalidation' },
    panels: ['pageWalk'],
    steps: 67,
  },
  {
    id: 'paging-5level',
    topic: 'paging',
    title: { en: '5-level paging (LA57)' },
    panels: ['pageWalk'],
    steps: 27,
  },
  {
    id: 'paging-x86-32',
    topic: 'paging',
    title: { en: '32-bit paging' },
    panels: ['pageWalk'],
    steps: 23,
  },
  {
    id: 'three-address-spaces',
    topic: 'memory',
    title: { en: 'Three address spaces' },
    panels: ['addressSpaces'],
    steps: 32,
  },
  {
    id: 'shadow-lazy-fill',
    topic: 'memory',
    title: { en: 'Shadow page tables: lazy fill' },
    panels: ['shadowMmu'],
    steps: 89,
  },
  {
    id: 'shadow-pt-write-trap',
    topic: 'memory',
    title: { en: 'Shadow page tables: write-protected guest tables' },
    panels: ['shadowMmu'],
    steps: 98,
  },
  {
    id: 'shadow-context-switch',
    topic: 'memory',
    title: { en: 'Shadow page tables: context switch' },
    panels: ['shadowMmu'],
    steps: 109,
  },
  {
    id: 'shadow-guest-fault',
    topic: 'memory',
    title: { en: 'Shadow page tables: whose page fault?' },
    panels: ['shadowMmu'],
    steps: 152,
  },
  {
    id: 'xen-direct-paging',
    topic: 'memory',
    title: { en: 'Xen direct paging' },
    panels: ['xenMmu'],
    steps: 81,
  },
  {
    id: 'xen-mmu-update-batching',
    topic: 'memory',
    title: { en: 'Batching page-table updates' },
    panels: ['xenMmu'],
    steps: 48,
  },
  {
    id: 'xen-invalid-update',
    topic: 'memory',
    title: { en: 'Updates Xen refuses' },
    panels: ['xenMmu'],
    steps: 41,
  },
  {
    id: 'ept-2d-walk',
    topic: 'memory',
    title: { en: 'The two-dimensional page walk' },
    panels: ['walk2d'],
    steps: 112,
  },
  {
    id: 'ept-large-pages',
    topic: 'memory',
    title: { en: 'Large pages shorten the 2-D walk' },
    panels: ['walk2d'],
    steps: 58,
  },
  {
    id: 'ept-5level',
    topic: 'memory',
    title: { en: '5-level guest on 5-level EPT' },
    panels: ['walk2d'],
    steps: 81,
  },
  {
    id: 'ept-violation',
    topic: 'memory',
    title: { en: 'EPT violation: first touch' },
    panels: ['walk2d'],
    steps: 89,
  },
  {
    id: 'ept-vpid-tlb',
    topic: 'memory',
    title: { en: 'VPID keeps the TLB across exits' },
    panels: ['walk2d'],
    steps: 181,
  },
  {
    id: 'ept-vs-shadow',
    topic: 'memory',
    title: { en: 'Native, shadow and EPT side by side' },
    // The comparison on top; the shadow phase has its own panel, as a loaded copy of the
    // script gets (panelsFor).
    panels: ['compare', 'walk2d', 'shadowMmu', 'pageWalk'],
    steps: 194,
  },
  {
    id: 'vmx-lifecycle',
    topic: 'vmx',
    title: { en: 'VT-x life cycle: VMXON to VMRESUME' },
    panels: ['cpuModes', 'vmcs'],
    steps: 26,
  },
  {
    id: 'vmx-instruction-errors',
    topic: 'vmx',
    title: { en: 'VMX instructions that fail' },
    panels: ['vmcs', 'cpuModes'],
    steps: 32,
  },
  {
    id: 'vmx-exit-reasons',
    topic: 'vmx',
    title: { en: 'Why a guest exits: VM-exit reasons' },
    panels: ['vmcs', 'cpuModes'],
    steps: 48,
  },
  {
    id: 'vmx-controls',
    topic: 'vmx',
    title: { en: 'Execution controls decide what exits' },
    panels: ['vmcs', 'cpuModes'],
    steps: 43,
  },
  {
    id: 'vmx-two-vcpus',
    topic: 'vmx',
    title: { en: 'Two vCPUs, one CPU: VMPTRLD and VPID' },
    panels: ['cpuModes', 'vmcs'],
    steps: 51,
  },
  {
    id: 'xen-ring-basics',
    topic: 'xen',
    title: { en: 'The Xen shared ring' },
    panels: ['ring'],
    steps: 9,
  },
  {
    id: 'xen-ring-batching',
    topic: 'xen',
    title: { en: 'Many requests, one notification' },
    panels: ['ring'],
    steps: 14,
  },
  {
    id: 'xen-ring-wraparound',
    topic: 'xen',
    title: { en: 'Ring indices past 2^32' },
    panels: ['ring'],
    steps: 12,
  },
  {
    id: 'xen-ring-full',
    topic: 'xen',
    title: { en: 'A full ring' },
    panels: ['ring'],
    steps: 9,
  },
  {
    id: 'xen-blkfront-read',
    topic: 'xen',
    title: { en: 'blkfront reads a disk block' },
    panels: ['xenDomains', 'ring'],
    steps: 37,
  },
  {
    id: 'xen-netfront-tx',
    topic: 'xen',
    title: { en: 'netfront sends packets' },
    panels: ['xenDomains', 'ring'],
    steps: 46,
  },
  {
    id: 'xen-netback-rx',
    topic: 'xen',
    title: { en: 'netback delivers received packets' },
    panels: ['xenDomains', 'ring'],
    steps: 73,
  },
  {
    id: 'xen-event-channels',
    topic: 'xen',
    title: { en: 'Event channels' },
    panels: ['xenDomains'],
    steps: 35,
  },
  {
    id: 'cpu-popf-hole',
    topic: 'vmx',
    title: { en: 'The POPF hole' },
    panels: ['guestCpu'],
    steps: 44,
  },
  {
    id: 'cpu-trap-and-emulate',
    topic: 'vmx',
    title: { en: 'Trap-and-emulate a kernel routine' },
    panels: ['guestCpu'],
    steps: 21,
  },
  {
    id: 'cpu-binary-translation',
    topic: 'vmx',
    title: { en: 'Binary translation of do_atomic_operation' },
    panels: ['guestCpu'],
    steps: 49,
  },
  {
    id: 'cpu-paravirt-hypercalls',
    topic: 'vmx',
    title: { en: 'Paravirtual hypercalls through the hypercall page' },
    panels: ['guestCpu'],
    steps: 20,
  },
  {
    id: 'cpu-vtx-routine',
    topic: 'vmx',
    title: { en: 'VT-x runs the same routine' },
    panels: ['guestCpu', 'vmcs'],
    steps: 32,
  },
  {
    id: 'migrate-precopy-converges',
    topic: 'memory',
    title: { en: 'Pre-copy that converges' },
    panels: ['migrate'],
    steps: 17,
  },
  {
    id: 'migrate-precopy-stuck',
    topic: 'memory',
    title: { en: 'Pre-copy that does not converge' },
    panels: ['migrate'],
    steps: 30,
  },
  {
    id: 'cpu-rings-cpl',
    topic: 'vmx',
    title: { en: 'Rings and CPL' },
    panels: ['guestCpu'],
    steps: 78,
  },
  {
    id: 'cpu-all-ways',
    topic: 'vmx',
    title: { en: 'All ways compared on one program' },
    panels: ['guestCpu'],
    steps: 32,
  },
  {
    id: 'cpu-popek-goldberg',
    topic: 'vmx',
    title: { en: 'Popek–Goldberg classification' },
    panels: ['pgTable', 'guestCpu'],
    steps: 44,
  },
  {
    id: 'cpu-where-hypervisor-lives',
    topic: 'vmx',
    title: { en: 'Where the hypervisor lives' },
    panels: ['ioLayers'],
    steps: 39,
  },
  {
    id: 'mem-balloon',
    topic: 'memory',
    title: { en: 'Ballooning: inflate and deflate' },
    panels: ['hostMemory'],
    steps: 15,
  },
  {
    id: 'mem-esx-sharing',
    topic: 'memory',
    title: { en: 'ESX page sharing and a COW break' },
    panels: ['hostMemory', 'sharing'],
    steps: 12,
  },
  {
    id: 'mem-ksm',
    topic: 'memory',
    title: { en: 'KSM on identical VMs' },
    panels: ['hostMemory', 'sharing'],
    steps: 24,
  },
  {
    id: 'mem-double-paging',
    topic: 'memory',
    title: { en: 'Double paging' },
    panels: ['hostMemory'],
    steps: 8,
  },
  {
    id: 'mem-overcommit',
    topic: 'memory',
    title: { en: 'Overcommit: balloon or swap, and who pays' },
    panels: ['hostMemory'],
    steps: 23,
  },
  {
    id: 'kvm-run-loop',
    topic: 'io',
    title: { en: 'The KVM run loop: a port and an MMIO access' },
    panels: ['ioLayers', 'e1000'],
    steps: 29,
  },
  {
    id: 'e1000-transmit',
    topic: 'io',
    title: { en: 'e1000 transmit under QEMU' },
    panels: ['ioLayers', 'e1000'],
    steps: 45,
  },
  {
    id: 'e1000-receive',
    topic: 'io',
    title: { en: 'e1000 receive under QEMU' },
    panels: ['ioLayers', 'e1000'],
    steps: 53,
  },
  {
    id: 'virtio-net-tx',
    topic: 'io',
    title: { en: 'virtio-net transmit' },
    panels: ['virtqueue'],
    steps: 73,
  },
  {
    id: 'virtio-event-idx-wrap',
    topic: 'io',
    title: { en: 'EVENT_IDX across the 16-bit wrap' },
    panels: ['virtqueue'],
    steps: 91,
  },
  {
    id: 'virtio-vhost-net',
    topic: 'io',
    title: { en: 'vhost-net: QEMU off the data path' },
    panels: ['virtqueue'],
    steps: 80,
  },
  {
    id: 'virtio-net-rx',
    topic: 'io',
    title: { en: 'virtio-net receive' },
    panels: ['virtqueue'],
    steps: 70,
  },
  {
    id: 'iommu-dma-walk',
    topic: 'io',
    title: { en: 'DMA through the IOMMU' },
    panels: ['iommuWalk'],
    steps: 44,
  },
  {
    id: 'iommu-vfio-assign',
    topic: 'io',
    title: { en: 'Device assignment with VFIO' },
    panels: ['iommuWalk', 'sriov'],
    steps: 29,
  },
  {
    id: 'iommu-sriov-two-guests',
    topic: 'io',
    title: { en: 'SR-IOV: one VF per guest' },
    panels: ['iommuWalk', 'sriov'],
    steps: 43,
  },
  {
    id: 'io-five-ways',
    topic: 'io',
    title: { en: 'The same packet five ways' },
    panels: ['ioWays'],
    steps: 6,
  },
  {
    id: 'vtx-ept-exits',
    topic: 'memory',
    title: { en: 'EPT exits in the VMCS' },
    panels: ['walk2d', 'vmcs'],
    steps: 143,
  },
  {
    id: 'sched-credit',
    topic: 'xen',
    title: { en: 'Two VMs and the credit scheduler' },
    panels: ['sched'],
    steps: 21,
  },
  {
    id: 'sched-vmcs-follows',
    topic: 'vmx',
    title: { en: 'The VMCS follows its vCPU' },
    panels: ['vmcs', 'sched'],
    steps: 35,
  },
  {
    id: 'migrate-checkpoint',
    topic: 'memory',
    title: { en: 'A checkpoint and restore' },
    panels: ['migrate'],
    steps: 5,
  },
]

type ZhTable = (typeof import('./catalogue-zh.ts'))['CATALOGUE_ZH']
let zhTable: ZhTable | null = null
let zhLoading: Promise<void> | null = null

/** Fetches the Chinese titles and summaries once (i18n loads them with the Chinese UI). */
export function loadCatalogueZh(): Promise<void> {
  zhLoading ??= import('./catalogue-zh.ts').then(
    (m) => {
      zhTable = m.CATALOGUE_ZH
    },
    (e: unknown) => {
      zhLoading = null
      throw e
    },
  )
  return zhLoading
}

let summariesEn: Readonly<Record<string, string>> | null = null
let summariesLoading: Promise<void> | null = null
const summaryListeners = new Set<() => void>()

/**
 * Fetches the English summaries once (the app starts it at once, the library shows them when
 * they arrive; the CLI and tests await it).
 */
export function loadCatalogueSummaries(): Promise<void> {
  summariesLoading ??= import('./catalogue-en.ts').then(
    (m) => {
      summariesEn = m.SUMMARIES_EN
      summaryListeners.forEach((f) => f())
    },
    (e: unknown) => {
      summariesLoading = null
      throw e
    },
  )
  return summariesLoading
}

/** For useSyncExternalStore: whether the summaries are here, and a call when they arrive. */
export const catalogueSummaries = {
  subscribe(f: () => void): () => void {
    summaryListeners.add(f)
    return () => summaryListeners.delete(f)
  },
  loaded: (): boolean => summariesEn !== null,
}

/** A text whose Chinese is read when shown: English until catalogue-zh.ts has arrived. */
function localized(id: string, field: 'title' | 'summary', en: () => string): Localized {
  return {
    get en() {
      return en()
    },
    get zh() {
      return zhTable?.[id]?.[field] ?? en()
    },
  }
}

export const CATALOGUE: readonly ScenarioMeta[] = ENTRIES.map((e) => ({
  ...e,
  title: e.title.zh
    ? { en: e.title.en, zh: e.title.zh }
    : localized(e.id, 'title', () => e.title.en),
  // Empty until catalogue-en.ts has arrived (a moment after the first paint).
  summary: localized(e.id, 'summary', () => summariesEn?.[e.id] ?? ''),
}))
