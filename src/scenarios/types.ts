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
