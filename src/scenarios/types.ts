import type { Localized } from '../console/index.ts'

export type TopicId = 'memory' | 'paging' | 'vmx' | 'xen' | 'io'
export type PanelId =
  | 'addressSpaces'
  | 'vmcs'
  | 'cpuModes'
  | 'ring'
  | 'xenDomains'
  | 'pageWalk'
  | 'walk2d'
  | 'xenMmu'
  | 'shadowMmu'
  | 'guestCpu'
  | 'compare'
  | 'migrate'
  | 'sched'
  | 'virtqueue'
  | 'ioWays'
  | 'pgTable'
  | 'hostMemory'
  | 'sharing'
  | 'ioLayers'
  | 'e1000'
  | 'iommuWalk'
  | 'sriov'

/**
 * A step that leaves every panel as it was on purpose (the point is that nothing moves, e.g.
 * an instruction that runs without a VM exit), with the reason the narration shows, so the
 * press is not silent. test/every-press.test.ts fails on an unchanged step that is not marked
 * and on a marked step that does change.
 */
export interface Pause {
  /** The step within its phase, 1-based (the phase's first step is 1). */
  readonly step: number
  readonly why: Localized
}

/**
 * What a question asks: the name of a generator in src/quiz/generators.ts, which computes the
 * prompt, the right answer, the wrong options and the explanation from the trace's events (an
 * author never types an answer). docs/questions.md lists every kind and where it looks.
 */
export type QuestionKind =
  /** Which #PF error code the access raises (paging/ept/shadow/xen-pv/addrspace faults). */
  | 'pf-error-code'
  /** How many paging-structure entries the access reads (its `refs`), a number. */
  | 'walk-refs'
  /** Which basic exit reason (number and Linux name) the step's VM exit records. */
  | 'exit-reason'
  /** Which table entry (level name and index) the walk reads at this very step. */
  | 'next-entry'
  /** Does this push / publish notify the other end (ring.h, virtio kick or interrupt)? */
  | 'notify'
  /** What the access ends in: a translation, #PF, #GP, or a VM exit to the hypervisor. */
  | 'access-outcome'
  /** Does the access hit the TLB? */
  | 'tlb-hit'
  /** Does the VMX instruction succeed, VMfailInvalid, or VMfailValid with which error? */
  | 'vmx-outcome'
  // Xen, I/O, CPU, overcommit, migration and scheduling: src/quiz/generators-io.ts.
  /** The producer index (`req_prod`/`rsp_prod`) after a ring push, a number (u32 wrap). */
  | 'ring-prod'
  /** Which ring slots queued entries go into (index & (size − 1)). */
  | 'ring-slots'
  /** How many unconsumed entries a consumer finds (prod − cons), a number. */
  | 'ring-pending'
  /** What an event-channel send does at the receiver (pending, masked, upcall, failure). */
  | 'evtchn-deliver'
  /** How many grant entries, maps, copies or transfers an operation makes, a number. */
  | 'grant-count'
  /** What happens to a received frame (e1000: received/held/overrun; netback: drop/copy/flip). */
  | 'rx-outcome'
  /** Where KVM completes an access: no exit, in the kernel, KVM_EXIT_IO or KVM_EXIT_MMIO. */
  | 'kvm-exit'
  /** The e1000's ICR cause bits raised or read. */
  | 'e1000-icr'
  /** virtio `used->idx` after the device's work, a number (u16 wrap). */
  | 'used-idx'
  /** How many hops a guest OUT takes through one hypervisor design (hw-facts-2 §4). */
  | 'hyp-hops'
  /** How many VM exits one I/O way costs over its workload (the five-ways table). */
  | 'ioways-exits'
  /** A DMA or MSI request through VT-d: untranslated, IOTLB, walk, remapped, or fault reason. */
  | 'dma-outcome'
  /** The routing ID (bus:dev.fn) of an SR-IOV virtual function. */
  | 'vf-rid'
  /** What a guest-kernel instruction does under a way (ran, trapped, diverged, exit...). */
  | 'instr-outcome'
  /** How many times a whole program run enters the VMM (traps, exits, hypercalls, call-outs). */
  | 'vmm-entries'
  /** What ESX content-based sharing does with a page (hint, merged, joined...). */
  | 'share-outcome'
  /** What the host must do on a guest write (nothing, COW, unshare, swap-in, fresh frame). */
  | 'write-fault'
  /** KSM's `pages_sharing` after a scan, a number. */
  | 'pages-sharing'
  /** Where the guest finds pages for its balloon (free, dropped cache, paged out). */
  | 'balloon-source'
  /** The balloon's `actual` after an inflate or deflate, a number. */
  | 'balloon-actual'
  /** Disk I/Os of a guest page-out (3 when double paging), a number. */
  | 'pageout-ios'
  /** Whom the host reclaims memory from, and how (balloon or swap). */
  | 'reclaim-victim'
  /** Pages a pre-copy round sends, a number. */
  | 'round-sent'
  /** The migration stop rule's decision after a round. */
  | 'migrate-decision'
  /** Pages a checkpoint file holds, or a restore reverts, a number. */
  | 'checkpoint-pages'
  /** Stores the guest makes in a run, a number. */
  | 'guest-stores'
  /** Which vCPU a pCPU runs next. */
  | 'sched-next'
  /** The share of CPU time a vCPU gets over a run. */
  | 'cpu-share'
  /** A Xen hypercall's return value (0 or −errno). */
  | 'hypercall-rc'
  /** How many requests of a batched hypercall complete (`done`), a number. */
  | 'hypercall-done'
  /** What Xen does with a guest store into its own page table (writable page tables). */
  | 'ptwr-outcome'

/**
 * A predict-then-reveal question (issue 19). It sits on a step like a `Pause`: `step` is the
 * step within its phase (1-based) whose events answer it; the generator reads that frame's
 * event and the events the same console line makes after it ("the step's events"), plus the
 * frame before. In class mode the press before `step` shows the question over the unchanged
 * stage and the press that moves to `step` reveals the answer; in self-study (`?quiz=1`) the
 * student answers before stepping to it. test/questions.test.ts generates every built-in
 * scenario's questions from its trace and fails on one that finds no matching event.
 */
export interface Question {
  /** The step within its phase, 1-based, whose events answer the question. */
  readonly step: number
  readonly kind: QuestionKind
}

/** A block of script lines with the narration a lecturer would say over them. */
export interface Phase {
  readonly id: string
  readonly script: string
  readonly say: Localized
  /** A short chapter title for the table of contents and the timeline. */
  readonly title: Localized
  /**
   * Builds state before the scenario's point (tables, a VMCS, a connection). Setup phases come
   * first; "Skip setup" jumps to the first step after them.
   */
  readonly setup?: boolean
  readonly pauses?: readonly Pause[]
  /** Predict-then-reveal questions on this phase's steps (see `Question`). */
  readonly questions?: readonly Question[]
  /**
   * What is true once the phase has run (counters, sizes): shown from the phase's last step,
   * so numbers that hold only at the end never sit beside a picture that is not there yet.
   */
  readonly now?: Localized
  /**
   * Languages whose `say` was not written and shows the other language's text instead (an
   * authored scenario with a missing translation, state/authoredCheck.ts): the narration marks it.
   */
  readonly fallback?: readonly (keyof Localized)[]
}

/** What the library and the router know about a scenario without loading its body. */
export interface ScenarioInfo {
  readonly id: string
  readonly topic: TopicId
  readonly title: Localized
  /** One line for the library card. */
  readonly summary: Localized
  readonly panels: readonly PanelId[]
}

/** A body file `src/scenarios/<id>.ts`: its phases, loaded on demand (bodies.ts). */
export interface ScenarioBody {
  readonly phases: readonly Phase[]
}

/** A catalogue entry (catalogue.ts). */
export interface ScenarioMeta extends ScenarioInfo {
  /** Frames its script produces, for the library card; test/scenarios.test.ts checks it. */
  readonly steps: number
}

export interface Scenario extends ScenarioInfo {
  readonly phases: readonly Phase[]
}

export interface ScenarioScript {
  readonly source: string
  readonly phaseOf: (line: number) => string
}

/** Joins the phases into one script and remembers which line belongs to which phase. */
export function scenarioScript(s: Scenario): ScenarioScript {
  const lines: string[] = []
  const phaseByLine: string[] = []
  for (const p of s.phases) {
    for (const l of p.script.trim().split('\n')) {
      lines.push(l.trim())
      phaseByLine.push(p.id)
    }
  }
  return {
    source: lines.join('\n'),
    phaseOf: (line) => phaseByLine[line - 1] ?? s.phases[0]?.id ?? '',
  }
}

/** The deliberate pause at frame `index` of a scenario's trace, if its phase marks one. */
export function pauseAt(
  s: Pick<Scenario, 'phases'>,
  frames: readonly { readonly phaseId: string }[],
  index: number,
): Pause | null {
  const id = frames[index]?.phaseId
  const phase = s.phases.find((p) => p.id === id)
  if (!phase?.pauses) return null
  const first = frames.findIndex((f) => f.phaseId === id)
  return phase.pauses.find((p) => p.step === index - first + 1) ?? null
}
