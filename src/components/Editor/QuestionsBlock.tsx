import { useId, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { pick } from '../../i18n/index.ts'
import { KIND_DESCRIPTIONS } from '../../quiz/kindNames.ts'
import { QUESTION_KINDS } from '../../quiz/questions.ts'
import type { Generated } from '../../quiz/types.ts'
import type { Localized } from '../../console/index.ts'
import type { Result } from '../../engine/index.ts'
import type { QuestionKind } from '../../scenarios/types.ts'
import type { AuthoredPhase } from '../../state/authored.ts'
import { type AuthoredCheck, checkQuestion, phaseSteps } from '../../state/authoredCheck.ts'
import type { Lang } from '../../state/url.ts'

/** The generated question in words: prompt and answer, or the generator's reason, marked. */
function Generation({
  g,
  lang,
  testId,
}: {
  readonly g: Result<Generated, Localized>
  readonly lang: Lang
  readonly testId: string
}) {
  const { t } = useTranslation()
  if (!g.ok)
    return (
      <p className="editor-problem" data-testid={testId}>
        <span aria-hidden="true">✗ </span>
        {t('editor.q.cannot', { message: pick(g.error, lang) })}
      </p>
    )
  return (
    <p className="editor-q-text" data-testid={testId}>
      <span className="editor-q-prompt">{pick(g.value.prompt, lang)}</span>{' '}
      <span className="editor-q-answer">
        {t('editor.q.answer', { answer: pick(g.value.answerText, lang) })}
      </span>
    </p>
  )
}

/**
 * A phase's questions (issue #19): each with its generated prompt and answer, or why it cannot
 * be asked; and "Add a question", where the step and the kind are picked and the question the
 * run would ask shows before it is added.
 */
export function QuestionsBlock({
  index,
  phase,
  check,
  lang,
  onChange,
}: {
  readonly index: number
  readonly phase: AuthoredPhase
  readonly check: AuthoredCheck
  readonly lang: Lang
  readonly onChange: (p: AuthoredPhase) => void
}) {
  const { t } = useTranslation()
  const n = index + 1
  const stepId = useId()
  const kindId = useId()
  const headId = useId()
  const frames = check.run.trace.frames
  const { count } = phaseSteps(frames, index)
  const questions = phase.questions ?? []
  const placed = check.questions.filter((q) => q.phase === index)
  const free = Array.from({ length: count }, (_, i) => i + 1).filter(
    (s) => !questions.some((q) => q.step === s),
  )
  const [wantStep, setStep] = useState<number | null>(null)
  const [wantKind, setKind] = useState<QuestionKind | null>(null)
  // An edit can take the picked step away: the nearest free one is shown instead.
  const step = wantStep !== null && free.includes(wantStep) ? wantStep : (free[0] ?? null)
  const fits = (k: QuestionKind) =>
    step !== null && checkQuestion(frames, index, { step, kind: k }).ok
  const fitting = QUESTION_KINDS.filter(fits)
  const kind = wantKind ?? fitting[0] ?? QUESTION_KINDS[0] ?? null
  const preview =
    step !== null && kind !== null ? checkQuestion(frames, index, { step, kind }) : null
  const label = (k: QuestionKind) => `${k} — ${pick(KIND_DESCRIPTIONS[k], lang)}`

  return (
    <div
      className="editor-questions"
      role="group"
      aria-labelledby={headId}
      data-testid={`phase-${n}-questions`}
    >
      <p id={headId} className="editor-label">
        {t('editor.questions')}
      </p>
      {questions.length > 0 && (
        <ol className="editor-q-list">
          {questions.map((q, i) => {
            const g = placed.find((p) => p.index === i)?.generated
            return (
              <li key={`${q.step}:${q.kind}`} data-testid={`phase-${n}-question-${i + 1}`}>
                <span className="editor-q-head">
                  {t('editor.q.item', { step: q.step, kind: q.kind })}
                </span>
                <button
                  type="button"
                  aria-label={t('editor.q.remove', { q: i + 1, n })}
                  onClick={() => {
                    const rest = questions.filter((_, j) => j !== i)
                    const bare = { title: phase.title, script: phase.script, say: phase.say }
                    onChange(rest.length > 0 ? { ...bare, questions: rest } : bare)
                  }}
                >
                  {t('editor.removeShort')}
                </button>
                {g && <Generation g={g} lang={lang} testId={`phase-${n}-question-${i + 1}-text`} />}
              </li>
            )
          })}
        </ol>
      )}
      {count === 0 ? (
        <p className="editor-hint">{t('editor.q.noSteps')}</p>
      ) : step === null ? (
        <p className="editor-hint">{t('editor.q.full')}</p>
      ) : (
        <div className="editor-q-add">
          <label htmlFor={stepId}>{t('editor.q.step')}</label>
          <select
            id={stepId}
            value={step}
            data-testid={`phase-${n}-q-step`}
            onChange={(e) => setStep(Number(e.target.value))}
          >
            {free.map((s) => (
              <option key={s} value={s}>
                {s}
              </option>
            ))}
          </select>
          <label htmlFor={kindId}>{t('editor.q.kind')}</label>
          <select
            id={kindId}
            value={kind ?? ''}
            data-testid={`phase-${n}-q-kind`}
            onChange={(e) => setKind(e.target.value as QuestionKind)}
          >
            {fitting.length > 0 && (
              <optgroup label={t('editor.q.fits')}>
                {fitting.map((k) => (
                  <option key={k} value={k}>
                    {label(k)}
                  </option>
                ))}
              </optgroup>
            )}
            <optgroup label={t('editor.q.other')}>
              {QUESTION_KINDS.filter((k) => !fitting.includes(k)).map((k) => (
                <option key={k} value={k}>
                  {label(k)}
                </option>
              ))}
            </optgroup>
          </select>
          <div aria-live="polite">
            {preview && <Generation g={preview} lang={lang} testId={`phase-${n}-q-preview`} />}
          </div>
          <button
            type="button"
            disabled={!preview?.ok}
            onClick={() => {
              if (kind === null || !preview?.ok) return
              const next = [...questions, { step, kind }].sort((a, b) => a.step - b.step)
              onChange({ ...phase, questions: next })
              setStep(null)
              setKind(null)
            }}
          >
            {t('editor.q.add')}
          </button>
        </div>
      )}
    </div>
  )
}
