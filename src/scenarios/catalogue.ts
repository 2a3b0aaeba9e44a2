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

/** An entry as written below: its Chinese texts live in catalogue-zh.ts. */
type Entry = Omit<ScenarioMeta, 'title' | 'summary'> & {
  readonly title: Text
  readonly summary: Text
}

/** Every built-in scenario, in library order. Ids are unique (tested). */
const ENTRIES: readonly Entry[] = [
  {
    id: 'paging-walk-4level',
    topic: 'paging',
    title: { en: 'A 4-level page walk' },
    summary: { en: 'One translation read step by step: PML4E, PDPTE, PDE, PTE, then a TLB hit.' },
    panels: ['pageWalk'],
    steps: 24,
  },
  {
    id: 'paging-large-pages',
    topic: 'paging',
    title: { en: 'Large pages: 2 MiB and 1 GiB' },
    summary: {
      en: 'PS=1 ends the walk early: three references for a 2 MiB page, two for a 1 GiB page.',
    },
    panels: ['pageWalk'],
    steps: 26,
  },
  {
    id: 'paging-faults',
    topic: 'paging',
    title: { en: 'Page faults and their error codes' },
    summary: {
      en: 'Not present, write to read-only, user to kernel page, NX fetch, reserved bit, SMEP, SMAP: each #PF with its error code.',
    },
    panels: ['pageWalk'],
    steps: 77,
  },
  {
    id: 'paging-tlb',
    topic: 'paging',
    title: { en: 'The TLB: hits, misses, invalidation' },
    summary: {
      en: 'Misses fill the TLB, hits skip the walk; INVLPG and CR3 loads invalidate; global pages and PCIDs survive.',
    },
    panels: ['pageWalk'],
    steps: 67,
  },
  {
    id: 'paging-5level',
    topic: 'paging',
    title: { en: '5-level paging (LA57)' },
    summary: {
      en: 'A fifth level, PML5, widens linear addresses to 57 bits: five references per walk.',
    },
    panels: ['pageWalk'],
    steps: 27,
  },
  {
    id: 'paging-x86-32',
    topic: 'paging',
    title: { en: '32-bit paging' },
    summary: {
      en: 'The classic two-level walk with 4-byte entries, and a 4 MiB page with CR4.PSE.',
    },
    panels: ['pageWalk'],
    steps: 23,
  },
  {
    id: 'three-address-spaces',
    topic: 'memory',
    title: { en: 'Three address spaces' },
    summary: {
      en: 'Two guests both use guest-physical pages 10-12; the hypervisor backs them with different machine pages.',
    },
    panels: ['addressSpaces'],
    steps: 32,
  },
  {
    id: 'shadow-lazy-fill',
    topic: 'memory',
    title: { en: 'Shadow page tables: lazy fill' },
    summary: {
      en: 'The hardware walks the VMM’s shadow table; each first access is a hidden page fault: a VM exit, a software walk of the guest tables, shadow entries built from guest entry + P2M, and a retry.',
    },
    panels: ['shadowMmu'],
    steps: 89,
  },
  {
    id: 'shadow-pt-write-trap',
    topic: 'memory',
    title: { en: 'Shadow page tables: write-protected guest tables' },
    summary: {
      en: 'Every store the guest OS makes to a shadowed page table traps; the VMM emulates it and updates or drops the shadow entry.',
    },
    panels: ['shadowMmu'],
    steps: 98,
  },
  {
    id: 'shadow-context-switch',
    topic: 'memory',
    title: { en: 'Shadow page tables: context switch' },
    summary: {
      en: 'MOV to CR3 exits; the VMM switches the real CR3 to the new process’s shadow root, built on first use and reused from its cache afterwards.',
    },
    panels: ['shadowMmu'],
    steps: 109,
  },
  {
    id: 'shadow-guest-fault',
    topic: 'memory',
    title: { en: 'Shadow page tables: whose page fault?' },
    summary: {
      en: 'Every #PF exits; the VMM reflects the guest-induced ones with the guest’s own error code and fixes the hypervisor-induced ones silently.',
    },
    panels: ['shadowMmu'],
    steps: 103,
  },
  {
    id: 'xen-direct-paging',
    topic: 'memory',
    title: { en: 'Xen direct paging' },
    summary: {
      en: 'A PV guest’s tables hold machine frames and the MMU walks them; the guest reads them, and every change is checked by Xen: mmu_update, or a trapped store Xen emulates.',
    },
    panels: ['xenMmu'],
    steps: 81,
  },
  {
    id: 'xen-mmu-update-batching',
    topic: 'memory',
    title: { en: 'Batching page-table updates' },
    summary: {
      en: 'One hypercall per update, then many updates per mmu_update and several hypercalls per multicall: fewer transitions into Xen; done tells how far a failed batch got.',
    },
    panels: ['xenMmu'],
    steps: 48,
  },
  {
    id: 'xen-invalid-update',
    topic: 'memory',
    title: { en: 'Updates Xen refuses' },
    summary: {
      en: 'Another domain’s frame, a writable page table, the wrong level, a superpage bit, a bad new root, a second pin: each refused with its errno.',
    },
    panels: ['xenMmu'],
    steps: 41,
  },
  {
    id: 'ept-2d-walk',
    topic: 'memory',
    title: { en: 'The two-dimensional page walk' },
    summary: {
      en: 'A 4-level guest on 4-level EPT: one TLB miss makes 24 memory references, every guest table address walked through EPT first.',
    },
    panels: ['walk2d'],
    steps: 112,
  },
  {
    id: 'ept-large-pages',
    topic: 'memory',
    title: { en: 'Large pages shorten the 2-D walk' },
    summary: {
      en: '1 GiB EPT pages cut 24 references to 14; a guest 2 MiB page on top cuts them to 11.',
    },
    panels: ['walk2d'],
    steps: 58,
  },
  {
    id: 'ept-5level',
    topic: 'memory',
    title: { en: '5-level guest on 5-level EPT' },
    summary: {
      en: 'With LA57 and a 5-level EPT one TLB miss costs (5+1)×(5+1)−1 = 35 references.',
    },
    panels: ['walk2d'],
    steps: 81,
  },
  {
    id: 'ept-violation',
    topic: 'memory',
    title: { en: 'EPT violation: first touch' },
    summary: {
      en: 'The guest writes a page the hypervisor has not backed: VM exit 48 with its qualification, the VMM maps it, the write retries.',
    },
    panels: ['walk2d'],
    steps: 89,
  },
  {
    id: 'ept-vpid-tlb',
    topic: 'memory',
    title: { en: 'VPID keeps the TLB across exits' },
    summary: {
      en: 'Without VPID every VM exit flushes the guest’s translations; with VPID they survive, tagged, until INVVPID.',
    },
    panels: ['walk2d'],
    steps: 181,
  },
  {
    id: 'ept-vs-shadow',
    topic: 'memory',
    title: { en: 'Native, shadow and EPT side by side' },
    summary: {
      en: 'The same load: 4 references native, 4 with shadow tables but exits on every page-table change, 24 with EPT and no exits.',
    },
    // The comparison on top; the shadow phase has its own panel, as a loaded copy of the
    // script gets (panelsFor).
    panels: ['compare', 'walk2d', 'shadowMmu', 'pageWalk'],
    steps: 194,
  },
  {
    id: 'vmx-lifecycle',
    topic: 'vmx',
    title: { en: 'VT-x life cycle: VMXON to VMRESUME' },
    summary: {
      en: 'Before VT-x the guest kernel was pushed to ring 1; with VT-x the VMM fills a VMCS, enters the guest with VMLAUNCH, handles a CPUID exit and goes back in with VMRESUME.',
    },
    panels: ['cpuModes', 'vmcs'],
    steps: 24,
  },
  {
    id: 'vmx-instruction-errors',
    topic: 'vmx',
    title: { en: 'VMX instructions that fail' },
    summary: {
      en: 'VMLAUNCH twice (error 4), VMRESUME on a clear VMCS (5), VMWRITE to a read-only field (13), VMPTRLD of a bad address (9) or of the VMXON region (10), and VMfailInvalid with no current VMCS.',
    },
    panels: ['vmcs', 'cpuModes'],
    steps: 30,
  },
  {
    id: 'vmx-exit-reasons',
    topic: 'vmx',
    title: { en: 'Why a guest exits: VM-exit reasons' },
    summary: {
      en: 'CPUID (10), HLT (12), OUT and IN (30), MOV to CR3 (28) and VMCALL (18): each exit leaves its reason, qualification and instruction length in the VMCS.',
    },
    panels: ['vmcs', 'cpuModes'],
    steps: 46,
  },
  {
    id: 'vmx-controls',
    topic: 'vmx',
    title: { en: 'Execution controls decide what exits' },
    summary: {
      en: 'MOV CR3, OUT and HLT run in the guest with no exit; with HLT and CR3-load exiting on they exit; with an I/O bitmap only the marked port 0x3F8 exits.',
    },
    panels: ['vmcs', 'cpuModes'],
    steps: 41,
  },
  {
    id: 'vmx-two-vcpus',
    topic: 'vmx',
    title: { en: 'Two vCPUs, one CPU: VMPTRLD and VPID' },
    summary: {
      en: 'Two VMCSs with VPIDs 1 and 2 take turns on one physical CPU; VMPTRLD switches between them, and their TLB entries coexist instead of being flushed.',
    },
    panels: ['cpuModes', 'vmcs'],
    steps: 47,
  },
  {
    id: 'xen-ring-basics',
    topic: 'xen',
    title: { en: 'The Xen shared ring' },
    summary: {
      en: 'One request and one response through a blkif ring: queue, push with notify, consume, respond, final check.',
    },
    panels: ['ring'],
    steps: 9,
  },
  {
    id: 'xen-ring-batching',
    topic: 'xen',
    title: { en: 'Many requests, one notification' },
    summary: {
      en: 'Twelve requests in three pushes, but only the first push notifies: the busy backend has not re-armed req_event.',
    },
    panels: ['ring'],
    steps: 14,
  },
  {
    id: 'xen-ring-wraparound',
    topic: 'xen',
    title: { en: 'Ring indices past 2^32' },
    summary: {
      en: 'An 8-slot ring whose indices start at 4294967293: the producer index wraps to 0 and the notify rule still works.',
    },
    panels: ['ring'],
    steps: 12,
  },
  {
    id: 'xen-ring-full',
    topic: 'xen',
    title: { en: 'A full ring' },
    summary: {
      en: 'A 4-slot ring fills up; slots come back only when the frontend consumes responses.',
    },
    panels: ['ring'],
    steps: 9,
  },
  {
    id: 'xen-blkfront-read',
    topic: 'xen',
    title: { en: 'blkfront reads a disk block' },
    summary: {
      en: 'DomU grants two pages, sends one read request with their grant refs, Dom0 maps them, fills them and answers.',
    },
    panels: ['xenDomains', 'ring'],
    steps: 37,
  },
  {
    id: 'xen-netfront-tx',
    topic: 'xen',
    title: { en: 'netfront sends packets' },
    summary: {
      en: 'DomU sends two packets through its TX ring; netback copies them out and forwards them on xenbr0.',
    },
    panels: ['xenDomains', 'ring'],
    steps: 46,
  },
  {
    id: 'xen-netback-rx',
    topic: 'xen',
    title: { en: 'netback delivers received packets' },
    summary: {
      en: 'A packet with no posted RX buffer is dropped; with buffers posted it is copied in, or the page is flipped.',
    },
    panels: ['xenDomains', 'ring'],
    steps: 73,
  },
  {
    id: 'xen-event-channels',
    topic: 'xen',
    title: { en: 'Event channels' },
    summary: {
      en: 'Bind an interdomain channel, send, mask and unmask, then a VIRQ, an IPI and a PIRQ.',
    },
    panels: ['xenDomains'],
    steps: 35,
  },
  {
    id: 'cpu-popf-hole',
    topic: 'vmx',
    title: { en: 'The POPF hole' },
    summary: {
      en: 'A deprivileged kernel pops IF = 0: nothing traps, interrupts stay on. Native, trap-and-emulate, BT and VT-x side by side.',
    },
    panels: ['guestCpu'],
    steps: 44,
  },
  {
    id: 'cpu-trap-and-emulate',
    topic: 'vmx',
    title: { en: 'Trap-and-emulate a kernel routine' },
    summary: {
      en: 'CLI, MOV CR3, INVLPG, OUT, STI and HLT each #GP into the VMM, which runs them on the virtual CPU and holds an interrupt until the virtual IF is 1.',
    },
    panels: ['guestCpu'],
    steps: 21,
  },
  {
    id: 'cpu-binary-translation',
    topic: 'vmx',
    title: { en: 'Binary translation of do_atomic_operation' },
    summary: {
      en: 'Translation units, IDENT and in-cache code for CLI/STI, continuations and chaining; the second call runs from the translation cache.',
    },
    panels: ['guestCpu'],
    steps: 49,
  },
  {
    id: 'cpu-paravirt-hypercalls',
    topic: 'vmx',
    title: { en: 'Paravirtual hypercalls through the hypercall page' },
    summary: {
      en: 'The same routine on Xen PV: CLI/STI are upcall-mask stores, CR3 and INVLPG are mmuext_op, HLT is sched_op, each through a 32-byte stub.',
    },
    panels: ['guestCpu'],
    steps: 20,
  },
  {
    id: 'cpu-vtx-routine',
    topic: 'vmx',
    title: { en: 'VT-x runs the same routine' },
    summary: {
      en: 'The kernel keeps ring 0 in non-root operation; only OUT, HLT and interrupts exit until the VMM turns on CR3-load exiting.',
    },
    panels: ['guestCpu', 'vmcs'],
    steps: 32,
  },
  {
    id: 'migrate-precopy-converges',
    topic: 'memory',
    title: { en: 'Pre-copy that converges' },
    summary: {
      en: 'A 1 GiB VM moves in rounds that shrink until QEMU’s threshold is met; then the same VM under Xen’s rule.',
    },
    panels: ['migrate'],
    steps: 17,
  },
  {
    id: 'migrate-precopy-stuck',
    topic: 'memory',
    title: { en: 'Pre-copy that does not converge' },
    summary: {
      en: 'A guest dirties pages faster than the link sends them; auto-converge throttling or post-copy finishes the job.',
    },
    panels: ['migrate'],
    steps: 30,
  },
  {
    id: 'virtio-net-tx',
    topic: 'io',
    title: { en: 'virtio-net transmit' },
    summary: {
      en: 'A packet as a descriptor chain, the doorbell’s exit to QEMU, the used ring, the interrupt; then three packets, one kick.',
    },
    panels: ['virtqueue'],
    steps: 69,
  },
  {
    id: 'virtio-event-idx-wrap',
    topic: 'io',
    title: { en: 'EVENT_IDX across the 16-bit wrap' },
    summary: {
      en: 'After 65534 packets the indices wrap; vring_need_event still decides each kick and interrupt.',
    },
    panels: ['virtqueue'],
    steps: 89,
  },
  {
    id: 'virtio-vhost-net',
    topic: 'io',
    title: { en: 'vhost-net: QEMU off the data path' },
    summary: {
      en: 'The same transmit through ioeventfd, a kernel worker and irqfd; counts compared; a looping chain caught.',
    },
    panels: ['virtqueue'],
    steps: 76,
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

/** A text whose Chinese is read when shown: English until catalogue-zh.ts has arrived. */
function localized(id: string, field: 'title' | 'summary', text: Text): Localized {
  return {
    en: text.en,
    get zh() {
      return text.zh ?? zhTable?.[id]?.[field] ?? text.en
    },
  }
}

export const CATALOGUE: readonly ScenarioMeta[] = ENTRIES.map((e) => ({
  ...e,
  title: localized(e.id, 'title', e.title),
  summary: localized(e.id, 'summary', e.summary),
}))
