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
  /**
   * What is true once the phase has run (counters, sizes): shown from the phase's last step,
   * so numbers that hold only at the end never sit beside a picture that is not there yet.
   */
  readonly now?: Localized
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
