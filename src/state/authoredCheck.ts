// An authored scenario (./authored.ts) as the player and the editor see it: its script run,
// every bad line found with the parser's message, missing translations listed, and the
// Scenario the player opens. Runs scripts, so it lives in the runner's chunk (runtimeEntry.ts).
import { type ConsoleError, type Localized, parseLine, runScript } from '../console/index.ts'
import type { RunResult } from '../console/index.ts'
import type { Phase, Scenario } from '../scenarios/index.ts'
import { panelsFor } from '../scenarios/panels.ts'
import { type Result, err, ok } from '../engine/index.ts'
import { generateQuestion } from '../quiz/questions.ts'
import type { Generated } from '../quiz/types.ts'
import type { Question } from '../scenarios/types.ts'
import {
  AUTHORED_ID,
  type AuthoredError,
  type AuthoredScenario,
  type AuthoredText,
  decodeAuthored,
} from './authored.ts'
import { AUTHORED_GONE, authoredScriptText, badAuthoredText } from './authored.ts'

/** A line that does not parse or does not run, placed in its phase (both 1-based in the phase). */
export interface LineProblem {
  /** 0-based index of the phase. */
  readonly phase: number
  readonly line: number
  readonly column: number
  readonly message: string
  /** `parse`: the line is not a command; `run`: it is, but the machine refused it. */
  readonly kind: 'parse' | 'run'
}

/** A text written in one language and not the other; `phase` null = the scenario's title. */
export interface MissingText {
  readonly phase: number | null
  readonly field: 'title' | 'say'
  readonly lang: 'en' | 'zh'
}

/** A phase's question generated from the run: the prompt and answer, or why there is none. */
export interface QuestionCheck {
  /** 0-based phase and question within it. */
  readonly phase: number
  readonly index: number
  readonly question: Question
  readonly generated: Result<Generated, Localized>
}

export interface AuthoredCheck {
  readonly authored: AuthoredScenario
  readonly scenario: Scenario
  readonly run: RunResult
  readonly problems: readonly LineProblem[]
  readonly missing: readonly MissingText[]
  /** Phases whose script has no command that makes a step (nothing to show for them). */
  readonly empty: readonly number[]
  /** Every phase's questions, in order, each generated from the run. */
  readonly questions: readonly QuestionCheck[]
}

/** The number of steps each phase made, and the frame index of its first. */
export function phaseSteps(
  frames: readonly { readonly phaseId: string }[],
  phase: number,
): { first: number; count: number } {
  const id = phaseId(phase)
  const first = frames.findIndex((f) => f.phaseId === id)
  let count = 0
  for (let i = Math.max(first, 0); i < frames.length && frames[i]?.phaseId === id; i++) count++
  return { first, count }
}

/**
 * One question on the run: the step must be one its phase has, and the kind's generator must
 * find its events there (e.g. a #PF for `pf-error-code`); otherwise the generator's words.
 */
export function checkQuestion(
  frames: RunResult['trace']['frames'],
  phase: number,
  q: Question,
): Result<Generated, Localized> {
  const { first, count } = phaseSteps(frames, phase)
  if (first < 0 || q.step > count)
    return err({
      en: `phase ${phase + 1} has ${count} steps, so it has no step ${q.step}`,
      zh: `第${phase + 1}段只有${count}步，没有第${q.step}步`,
    })
  const g = generateQuestion(frames, first + q.step - 1, q.kind)
  return g.ok ? g : err(g.error.message)
}

export const phaseId = (i: number): string => `p${i + 1}`

const UNTITLED: Localized = { en: 'Untitled scenario', zh: '未命名场景' }

/** The phase and the line within it of a line of the joined script. */
function placeOf(starts: readonly number[], line: number): { phase: number; line: number } {
  let phase = 0
  for (let i = 0; i < starts.length; i++) if ((starts[i] ?? 0) < line) phase = i
  return { phase, line: line - (starts[phase] ?? 0) }
}

function missingOf(t: AuthoredText, phase: number | null, field: MissingText['field']) {
  const en = t.en.trim() !== ''
  const zh = t.zh.trim() !== ''
  if (en === zh) return []
  return [{ phase, field, lang: en ? 'zh' : 'en' } as const]
}

/** Fills a missing language from the other; `fallback` lists the languages filled in. */
function fill(t: AuthoredText, none: Localized): { text: Localized; fallback: ('en' | 'zh')[] } {
  const en = t.en.trim()
  const zh = t.zh.trim()
  if (en === '' && zh === '') return { text: none, fallback: [] }
  if (en === '') return { text: { en: zh, zh }, fallback: ['en'] }
  if (zh === '') return { text: { en, zh: en }, fallback: ['zh'] }
  return { text: { en, zh }, fallback: [] }
}

/**
 * Checks and runs an authored scenario. Every line is parsed on its own, so every line that is
 * not a command is reported at once; the run stops at the first line the machine refuses (the
 * lines after it depend on it), which is reported too. The stage shows the run up to there.
 */
export function checkAuthored(a: AuthoredScenario): AuthoredCheck {
  const lines: string[] = []
  const starts: number[] = []
  const phaseByLine: string[] = []
  a.phases.forEach((p, i) => {
    starts.push(lines.length)
    for (const l of p.script.split('\n')) {
      lines.push(l)
      phaseByLine.push(phaseId(i))
    }
  })
  const problems: LineProblem[] = []
  lines.forEach((text, i) => {
    const r = parseLine(text, i + 1)
    if (!r.ok) problems.push(toProblem(starts, r.error, 'parse'))
  })
  // A line that does not parse would stop the run there: run only what comes before the first.
  const firstBad = problems[0]
    ? (starts[problems[0].phase] ?? 0) + problems[0].line - 1
    : lines.length
  const run = runScript(lines.slice(0, firstBad).join('\n'), {
    phaseOf: (line) => phaseByLine[line - 1] ?? phaseId(0),
  })
  if (run.error) problems.push(toProblem(starts, run.error, 'run'))
  problems.sort((x, y) => x.phase - y.phase || x.line - y.line)

  const missing: MissingText[] = [...missingOf(a.title, null, 'title')]
  a.phases.forEach((p, i) =>
    missing.push(...missingOf(p.title, i, 'title'), ...missingOf(p.say, i, 'say')),
  )

  const withFrames = new Set(run.trace.frames.map((f) => f.phaseId))
  const empty = a.phases.flatMap((_, i) => (withFrames.has(phaseId(i)) ? [] : [i]))

  const questions: QuestionCheck[] = a.phases.flatMap((p, i) =>
    (p.questions ?? []).map((question, index) => ({
      phase: i,
      index,
      question,
      generated: checkQuestion(run.trace.frames, i, question),
    })),
  )

  const phases: Phase[] = a.phases.map((p, i) => {
    const title = fill(p.title, { en: `Phase ${i + 1}`, zh: `第${i + 1}段` })
    const say = fill(p.say, { en: '', zh: '' })
    return {
      id: phaseId(i),
      script: p.script,
      title: title.text,
      say: say.text,
      ...(say.fallback.length > 0 ? { fallback: say.fallback } : {}),
      ...(p.questions?.length ? { questions: p.questions } : {}),
    }
  })
  const scenario: Scenario = {
    id: AUTHORED_ID,
    topic: 'memory',
    title: fill(a.title, UNTITLED).text,
    summary: { en: 'A scenario written in the editor', zh: '在编辑器中编写的场景' },
    panels: panelsFor(run),
    phases,
  }
  return { authored: a, scenario, run, problems, missing, empty, questions }
}

function toProblem(
  starts: readonly number[],
  e: ConsoleError,
  kind: LineProblem['kind'],
): LineProblem {
  const at = placeOf(starts, e.line)
  return { phase: at.phase, line: at.line, column: e.column, message: e.message, kind }
}

/** Why an authored scenario does not open, with the words the page shows. */
export type AuthoredRefusal =
  | { readonly code: 'bad-authored'; readonly error: AuthoredError; readonly text: Localized }
  | {
      readonly code: 'authored-script'
      /** 1-based phase and line within it. */
      readonly phase: number
      readonly line: number
      readonly column: number
      readonly text: Localized
      /** The scenario as written, so the page can hand it to the editor to be fixed. */
      readonly scenario: AuthoredScenario
    }
  /** `#/authored/<step>` without a payload: a scenario from a file, and this page has none. */
  | { readonly code: 'authored-gone'; readonly text: Localized }

/**
 * An authored scenario's route: the scenario from its payload, else the one the page holds
 * (a file too large for a link), checked and run. A bad line refuses it whole.
 */
export function openAuthoredScenario(
  payload: string | undefined,
  held: AuthoredScenario | null,
): Result<AuthoredCheck, AuthoredRefusal> {
  let authored = held
  if (payload !== undefined) {
    const r = decodeAuthored(payload)
    if (!r.ok) return err({ code: 'bad-authored', error: r.error, text: badAuthoredText(r.error) })
    authored = r.value
  }
  if (!authored) return err({ code: 'authored-gone', text: AUTHORED_GONE })
  const check = checkAuthored(authored)
  const bad = check.problems[0]
  if (bad) {
    const at = { phase: bad.phase + 1, line: bad.line, column: bad.column }
    return err({
      code: 'authored-script',
      ...at,
      text: authoredScriptText({ ...at, message: bad.message }),
      scenario: authored,
    })
  }
  // A question its step cannot answer (a forged step, a kind with no event there) is refused
  // like a bad line: the page says which phase and question, and nothing is asked.
  const q = check.questions.find((x) => !x.generated.ok)
  if (q && !q.generated.ok) {
    const error: AuthoredError = {
      code: 'question',
      where: `phases[${q.phase}].questions[${q.index}]`,
      text: {
        en: `phase ${q.phase + 1}, question ${q.index + 1} (step ${q.question.step}, ${q.question.kind}): ${q.generated.error.en}`,
        zh: `第${q.phase + 1}段第${q.index + 1}个问题（第${q.question.step}步，\`${q.question.kind}\`）：${q.generated.error.zh}`,
      },
    }
    return err({ code: 'bad-authored', error, text: badAuthoredText(error) })
  }
  return ok(check)
}
