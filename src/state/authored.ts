// The authored-scenario format: a scenario a lecturer wrote in the editor (#/edit), carried
// whole in a link (`#/authored/<step>/<payload>`) or in a file that "Load script" opens.
// docs/scenario-format.md documents it. A lazy chunk (lz-string, valibot): the script runner
// brings it (runtimeEntry.ts), and so does the editor.
//
// Untrusted input goes one way (STYLE.md habit 8): length cap, decompress (an empty result is
// corrupt), size cap, JSON.parse, version detection, the schema of that version, then the
// upgrade to the current version one step at a time. Nothing here runs a script: checkAuthored
// (./authoredCheck.ts) does, after the format is known to be sound.
import LZString from 'lz-string'
import * as v from 'valibot'
import type { Localized } from '../console/index.ts'
import { DEFAULT_FRAME_CAP, type Result, err, ok } from '../engine/index.ts'
import { parseQuestions } from '../quiz/questions.ts'
import type { Question } from '../scenarios/types.ts'

// Written out rather than imported from the first screen's modules (scenarios/custom.ts,
// url.ts): a lazy chunk importing them makes the bundler split them out of the first chunk.
// authored.test.ts checks they are the same.
/** The route id (scenarios/custom.ts AUTHORED_ID). */
export const AUTHORED_ID = 'authored'
/** url.ts MAX_EXTRA_LINES, MAX_LINE_LENGTH, MAX_HASH_LENGTH. */
const MAX_EXTRA_LINES = 500
const MAX_LINE_LENGTH = 400
const MAX_HASH_LENGTH = 16_384
/** What marks a JSON object as an authored scenario (v0, a custom-script payload, has none). */
export const FORMAT_TAG = 'vmscope-scenario'
/** The version this build writes; it reads this one and every one before it. */
export const FORMAT_VERSION = 1

// Limits. Phase titles are chapter titles: the same lengths the built-in ones keep
// (src/state/chapters.test.ts), so the chapter menu and the timeline lay out the same.
export const LIMITS = {
  phases: 40,
  scenarioTitle: 80,
  phaseTitle: { en: 34, zh: 24 },
  say: 2000,
  /** Console lines over all phases, and characters per line: what a custom-script link carries. */
  lines: MAX_EXTRA_LINES,
  lineLength: MAX_LINE_LENGTH,
  /** A file "Load script" reads. */
  fileBytes: 512 * 1024,
  /** The hash of a share link, as parseHash reads it. */
  hash: MAX_HASH_LENGTH,
} as const

export interface AuthoredText {
  readonly en: string
  readonly zh: string
}

export interface AuthoredPhase {
  readonly title: AuthoredText
  /** Console lines, one per line (the language of CONSOLE.md). */
  readonly script: string
  /** What the lecturer says over the phase. */
  readonly say: AuthoredText
  /**
   * Predict-then-reveal questions on the phase's steps (issue #19), as a built-in Phase has them.
   * An optional field of v1: a link without it is unchanged, and a build before it dropped it.
   * Read through parseQuestions; the step range is checked once the script has run
   * (authoredCheck.ts), since only the run knows how many steps a phase has.
   */
  readonly questions?: readonly Question[]
}

/** Version 1, the current one. */
export interface AuthoredScenario {
  readonly format: typeof FORMAT_TAG
  readonly v: 1
  /** A short name for the file and the draft (lower case, digits, dashes). */
  readonly id: string
  readonly title: AuthoredText
  readonly phases: readonly AuthoredPhase[]
}

export const ID_RE = /^[a-z0-9][a-z0-9-]{0,63}$/

const text = (max: number, what: string) =>
  v.pipe(v.string(`${what} must be text`), v.maxLength(max, `${what} is longer than ${max}`))

const localized = (en: number, zh: number, what: string) =>
  v.object({ en: text(en, `${what} (English)`), zh: text(zh, `${what} (Chinese)`) })

const Script = v.pipe(
  v.string('the script must be text'),
  v.maxLength(LIMITS.lines * (LIMITS.lineLength + 1), 'the script is too long'),
  v.check(
    (s) => s.split('\n').every((l) => l.length <= LIMITS.lineLength),
    `a script line is longer than ${LIMITS.lineLength} characters`,
  ),
)

const PhaseV1 = v.object({
  title: localized(LIMITS.phaseTitle.en, LIMITS.phaseTitle.zh, 'the phase title'),
  script: Script,
  say: localized(LIMITS.say, LIMITS.say, 'the narration'),
  // Checked by parseQuestions (the quiz's own rules for untrusted questions) after the schema.
  questions: v.optional(v.unknown()),
})

const ScenarioV1 = v.object({
  format: v.literal(FORMAT_TAG),
  v: v.literal(1),
  id: v.pipe(v.string(), v.regex(ID_RE, 'the id must be lower-case letters, digits and dashes')),
  title: localized(LIMITS.scenarioTitle, LIMITS.scenarioTitle, 'the title'),
  phases: v.pipe(
    v.array(PhaseV1, 'phases must be a list'),
    v.minLength(1, 'a scenario needs at least one phase'),
    v.maxLength(LIMITS.phases, `a scenario has at most ${LIMITS.phases} phases`),
    v.check(
      (ps) => ps.reduce((n, p) => n + p.script.split('\n').length, 0) <= LIMITS.lines,
      `a scenario has at most ${LIMITS.lines} script lines`,
    ),
  ),
})

/**
 * Version 0: the payload of a custom-script link (`#/custom/<step>/<payload>`, link.ts ExtraV1:
 * `{"v":1,"lines":[...]}`), console lines with no phases or narration. It has no `format` tag;
 * its own `v` is the version of that payload, not of this format.
 */
const ScenarioV0 = v.object({
  v: v.literal(1),
  lines: v.pipe(
    v.array(v.pipe(v.string(), v.maxLength(LIMITS.lineLength), v.regex(/^[^\n]*$/))),
    v.maxLength(LIMITS.lines),
  ),
})

/** Why a link or a file is not an authored scenario; `where` names the field (`phases[1].say.zh`). */
export type AuthoredError =
  | { readonly code: 'too-large'; readonly size: number; readonly max: number }
  | { readonly code: 'not-utf8' }
  | { readonly code: 'not-compressed' }
  | { readonly code: 'not-json' }
  | { readonly code: 'newer'; readonly version: number }
  | { readonly code: 'invalid'; readonly where: string; readonly message: string }
  /** A question refused by parseQuestions or by the run (its step, its kind's events). */
  | { readonly code: 'question'; readonly where: string; readonly text: Localized }

/** The English words for an error (tests, the CLI); the UI translates by code (authoredMessage). */
export function describeAuthoredError(e: AuthoredError): string {
  switch (e.code) {
    case 'too-large':
      return `it has ${e.size} characters, over the ${e.max} allowed`
    case 'not-utf8':
      return 'it is not UTF-8 text'
    case 'not-compressed':
      return 'it is not valid compressed text'
    case 'not-json':
      return 'it is not valid JSON'
    case 'newer':
      return `it is format v${e.version}, from a newer VMScope; this one reads up to v${FORMAT_VERSION}`
    case 'invalid':
      return `${e.where === '' ? 'the scenario' : e.where}: ${e.message}`
    case 'question':
      return e.text.en
  }
}

function issuePath(issue: v.BaseIssue<unknown>): string {
  let out = ''
  for (const item of issue.path ?? []) {
    const key = item.key
    out += typeof key === 'number' ? `[${key}]` : `${out === '' ? '' : '.'}${String(key)}`
  }
  return out
}

/** A one-phase v1 scenario from bare console lines (a v0 payload or a plain script file). */
export function fromLines(lines: readonly string[]): AuthoredScenario {
  return {
    format: FORMAT_TAG,
    v: 1,
    id: 'my-script',
    title: { en: 'Your script', zh: '你的脚本' },
    phases: [
      { title: { en: 'Script', zh: '脚本' }, script: lines.join('\n'), say: { en: '', zh: '' } },
    ],
  }
}

/**
 * Reads any version of the format from parsed JSON and returns the current version. Each
 * version's case turns it into the next one, so an old link goes through every upgrade.
 */
export function upgrade(data: unknown): Result<AuthoredScenario, AuthoredError> {
  const tagged = typeof data === 'object' && data !== null && 'format' in data
  let version: unknown = 0
  if (tagged) version = (data as { v?: unknown }).v
  if (typeof version === 'number' && Number.isInteger(version) && version > FORMAT_VERSION)
    return err({ code: 'newer', version })
  let current: unknown = data
  // One step per version, oldest first: an old link goes through every upgrade after it.
  if (version === 0) {
    const r = v.safeParse(ScenarioV0, current)
    if (!r.success) return invalid(r.issues[0], 'v0 (console lines)')
    current = fromLines(r.output.lines)
    version = 1
  }
  if (version === 1) {
    const r = v.safeParse(ScenarioV1, current)
    if (!r.success) return invalid(r.issues[0], 'v1')
    return withQuestions(r.output)
  }
  return err({ code: 'invalid', where: 'v', message: 'the version must be a whole number' })
}

/**
 * The phases with their questions read by parseQuestions: a list of `{ step, kind }`, a known
 * kind, one per step. No phase has more steps than the runner's frame cap, so that bounds the
 * step here; the phase's real step count is checked after the run (authoredCheck.ts).
 */
function withQuestions(
  s: v.InferOutput<typeof ScenarioV1>,
): Result<AuthoredScenario, AuthoredError> {
  const phases: AuthoredPhase[] = []
  for (const [i, p] of s.phases.entries()) {
    const { questions, ...rest } = p
    if (questions === undefined) {
      phases.push(rest)
      continue
    }
    const q = parseQuestions(questions, String(i + 1), DEFAULT_FRAME_CAP)
    if (!q.ok) return err({ code: 'question', where: `phases[${i}].questions`, text: q.error })
    phases.push(q.value.length > 0 ? { ...rest, questions: q.value } : rest)
  }
  return ok({ ...s, phases })
}

function invalid(
  issue: v.BaseIssue<unknown> | undefined,
  version: string,
): Result<never, AuthoredError> {
  const where = issue ? issuePath(issue) : ''
  const message = `${issue?.message ?? 'does not match'} (format ${version})`
  return err({ code: 'invalid', where, message })
}

// The most JSON a valid scenario can be: its text at the limits, every character escaped.
const MAX_JSON =
  6 *
    (LIMITS.lines * (LIMITS.lineLength + 1) +
      LIMITS.phases * (LIMITS.phaseTitle.en + LIMITS.phaseTitle.zh + 2 * LIMITS.say) +
      2 * LIMITS.scenarioTitle) +
  64 * LIMITS.phases +
  // Questions: at most 64 a phase (MAX_QUESTIONS_PER_PHASE), each a short object.
  LIMITS.phases * 64 * 64 +
  256

/** The JSON text of a file or a link: parsed, versions upgraded, checked. */
export function parseAuthoredJson(json: string): Result<AuthoredScenario, AuthoredError> {
  if (json.length > MAX_JSON) return err({ code: 'too-large', size: json.length, max: MAX_JSON })
  let data: unknown
  try {
    data = JSON.parse(json)
  } catch {
    return err({ code: 'not-json' })
  }
  return upgrade(data)
}

// ---- Links ----

export function encodeAuthored(s: AuthoredScenario): string {
  return LZString.compressToEncodedURIComponent(JSON.stringify(s))
}

/** A link's payload back to a scenario; the error names the stage and, for a field, where. */
export function decodeAuthored(payload: string): Result<AuthoredScenario, AuthoredError> {
  if (payload.length > LIMITS.hash)
    return err({ code: 'too-large', size: payload.length, max: LIMITS.hash })
  let json: string | null
  try {
    // lz-string returns '' or null for most corrupt input and throws for some.
    json = LZString.decompressFromEncodedURIComponent(payload)
  } catch {
    json = null
  }
  if (!json) return err({ code: 'not-compressed' })
  return parseAuthoredJson(json)
}

// parseHash reads a step of up to 7 digits: a link is measured at its longest.
const LONGEST_STEP = 9_999_999

export function authoredHash(payload: string, step: number): string {
  return `#/${AUTHORED_ID}/${step}/${payload}`
}

/** The share link's hash, or how long it would be when it is over the limit a link may have. */
export function shareHash(
  s: AuthoredScenario,
): Result<
  string,
  { readonly code: 'link-too-long'; readonly length: number; readonly max: number }
> {
  const payload = encodeAuthored(s)
  const longest = authoredHash(payload, LONGEST_STEP).length
  if (longest > LIMITS.hash)
    return err({ code: 'link-too-long', length: longest, max: LIMITS.hash })
  return ok(authoredHash(payload, 1))
}

// ---- Files ----

/** The file's text: readable JSON, so a person can look at it and diff it. */
export function authoredFileText(s: AuthoredScenario): string {
  return JSON.stringify(s, null, 2) + '\n'
}

export const fileName = (s: AuthoredScenario): string => `${s.id}.vmscope.json`

/** Whether a file's text is meant as an authored scenario (JSON) rather than console lines. */
export const looksAuthored = (text: string): boolean =>
  text
    .replace(/^\uFEFF/, '')
    .trimStart()
    .startsWith('{')

/** A file's bytes to a scenario: size, UTF-8, then as a link's JSON. */
export function readAuthoredFile(bytes: Uint8Array): Result<AuthoredScenario, AuthoredError> {
  if (bytes.length > LIMITS.fileBytes)
    return err({ code: 'too-large', size: bytes.length, max: LIMITS.fileBytes })
  let s: string
  try {
    s = new TextDecoder('utf-8', { fatal: true }).decode(bytes)
  } catch {
    return err({ code: 'not-utf8' })
  }
  return parseAuthoredJson(s.replace(/^\uFEFF/, ''))
}

/** An empty scenario to start from: one phase, nothing written. */
export function blankAuthored(): AuthoredScenario {
  return {
    format: FORMAT_TAG,
    v: 1,
    id: 'my-scenario',
    title: { en: '', zh: '' },
    phases: [{ title: { en: '', zh: '' }, script: '', say: { en: '', zh: '' } }],
  }
}

/**
 * A built-in scenario as a starting point for the editor: its titles, lines and narration.
 * What the format does not carry (setup marks, pauses, end-state notes) is left behind; the
 * result goes through the schema like any input, so a scenario beyond the limits is refused.
 */
export function fromScenario(s: {
  readonly id: string
  readonly title: AuthoredText
  readonly phases: readonly {
    readonly title: AuthoredText
    readonly script: string
    readonly say: AuthoredText
    readonly questions?: readonly Question[]
  }[]
}): Result<AuthoredScenario, AuthoredError> {
  return upgrade({
    format: FORMAT_TAG,
    v: 1,
    id: s.id,
    title: { en: s.title.en, zh: s.title.zh },
    phases: s.phases.map((p) => ({
      title: { en: p.title.en, zh: p.title.zh },
      script: p.script
        .trim()
        .split('\n')
        .map((l) => l.trim())
        .join('\n'),
      say: { en: p.say.en, zh: p.say.zh },
      // The lines are the built-in's, so its steps and the questions on them stay the same.
      ...(p.questions?.length ? { questions: p.questions.map((q) => ({ ...q })) } : {}),
    })),
  })
}

// ---- What the app says about a refused scenario, in both languages. Here, with the format,
// rather than in the UI tables: only the runner and the editor need these words, and the
// first screen's strings stay small. ----

/** Why a link or a file is not a readable scenario. */
export function authoredErrorText(e: AuthoredError): Localized {
  switch (e.code) {
    case 'too-large':
      return {
        en: `it has ${e.size} characters, over the ${e.max} allowed`,
        zh: `它有 ${e.size} 个字符，超过允许的 ${e.max} 个`,
      }
    case 'not-utf8':
      return { en: 'it is not UTF-8 text', zh: '它不是 UTF-8 文本' }
    case 'not-compressed':
      return {
        en: 'it is not valid compressed text (the link may be cut short)',
        zh: '它不是有效的压缩文本（链接可能被截断）',
      }
    case 'not-json':
      return { en: 'it is not valid JSON', zh: '它不是有效的 JSON' }
    case 'newer':
      return {
        en: `it is format v${e.version}, made by a newer VMScope; this one reads up to v${FORMAT_VERSION}`,
        zh: `它是格式 v${e.version}，由较新的 VMScope 生成；此版本最多读取 v${FORMAT_VERSION}`,
      }
    case 'question':
      return e.text
    case 'invalid': {
      // The schema's message is English (valibot); the field path is the same in both.
      const where = e.where === '' ? '/' : e.where
      return { en: `at ${where}: ${e.message}`, zh: `位于 \`${where}\`：${e.message}` }
    }
  }
}

export const badAuthoredText = (e: AuthoredError): Localized => {
  const r = authoredErrorText(e)
  return {
    en: `The scenario in this link cannot be read: ${r.en}. Nothing was run.`,
    zh: `无法读取此链接中的场景：${r.zh}。没有运行任何内容。`,
  }
}

export const authoredScriptText = (p: {
  readonly phase: number
  readonly line: number
  readonly column: number
  readonly message: string
}): Localized => ({
  en: `This scenario has a bad line (phase ${p.phase}, line ${p.line}, column ${p.column}): ${p.message}. Nothing was run.`,
  zh: `此场景有一行错误（第 ${p.phase} 段，第 ${p.line} 行，第 ${p.column} 列）：${p.message}。没有运行任何内容。`,
})

export const AUTHORED_GONE: Localized = {
  en: 'This scenario came from a file and is not open in this page any more: open the file again with “Load script…”.',
  zh: '此场景来自文件，已不在本页中打开：请用“载入脚本…”再次打开该文件。',
}

export const badFileText = (e: AuthoredError): Localized => {
  const r = authoredErrorText(e)
  return {
    en: `this scenario file cannot be read: ${r.en}. Nothing was loaded.`,
    zh: `无法读取此场景文件：${r.zh}。没有载入任何内容。`,
  }
}
