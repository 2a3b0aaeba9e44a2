// Self-study scores (issue 19, `?quiz=1`): per scenario, whether the student's latest answer to
// each question was right, and how many questions the scenario asks. Kept in localStorage under
// a versioned key; anything unreadable is ignored (a missing or corrupt record is no score).
import { readStored, writeStored } from './safeStorage.ts'

export const QUIZ_SCORE_KEY = 'vmscope.quiz-score.v1'

/** One scenario's record: question key (`phase:step`) -> right, and the question count. */
export interface ScenarioScore {
  readonly right: Readonly<Record<string, boolean>>
  readonly total: number
}

export interface ScoreSummary {
  readonly right: number
  readonly answered: number
  readonly total: number
}

type Win = Pick<Window, 'localStorage'>
const MAX_SCENARIOS = 500
const MAX_QUESTIONS = 1000
const KEY_RE = /^[\w.-]{1,64}:\d{1,5}$/

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v)

function readScore(v: unknown): ScenarioScore | null {
  if (!isRecord(v) || !isRecord(v.right)) return null
  const total = v.total
  if (typeof total !== 'number' || !Number.isInteger(total) || total < 0 || total > MAX_QUESTIONS)
    return null
  const right: Record<string, boolean> = {}
  for (const [k, x] of Object.entries(v.right)) {
    if (!KEY_RE.test(k) || typeof x !== 'boolean') return null
    right[k] = x
  }
  return { right, total }
}

/** Every stored record that reads cleanly; a corrupt one is dropped, never fatal. */
export function loadScores(win?: Win): Record<string, ScenarioScore> {
  try {
    const raw = readStored(QUIZ_SCORE_KEY, win)
    if (!raw || raw.length > 200_000) return {}
    const data: unknown = JSON.parse(raw)
    if (!isRecord(data)) return {}
    const out: Record<string, ScenarioScore> = {}
    for (const [id, v] of Object.entries(data).slice(0, MAX_SCENARIOS)) {
      const s = readScore(v)
      if (s && /^[a-z0-9][a-z0-9-]{0,63}$/.test(id)) out[id] = s
    }
    return out
  } catch {
    return {}
  }
}

/** The scenario's score, or null when the student has answered none of its questions. */
export function scoreOf(id: string, win?: Win): ScoreSummary | null {
  const s = loadScores(win)[id]
  if (!s) return null
  const answers = Object.values(s.right)
  if (answers.length === 0) return null
  return { right: answers.filter(Boolean).length, answered: answers.length, total: s.total }
}

/** Records the latest answer to question `key` of scenario `id`; returns the new summary. */
export function recordAnswer(
  id: string,
  key: string,
  right: boolean,
  total: number,
  win?: Win,
): ScoreSummary {
  const all = loadScores(win)
  const prev = all[id]?.right ?? {}
  const next: ScenarioScore = { right: { ...prev, [key]: right }, total }
  writeStored(QUIZ_SCORE_KEY, JSON.stringify({ ...all, [id]: next }), win)
  const answers = Object.values(next.right)
  return { right: answers.filter(Boolean).length, answered: answers.length, total }
}
