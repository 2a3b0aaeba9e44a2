import { type FormEvent, type Ref, useEffect, useMemo, useRef, useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { Frame } from '../../engine/index.ts'
import { pick } from '../../i18n/index.ts'
import { checkAnswer, parseWhole, questionAt } from '../../quiz/index.ts'
import type { Scenario } from '../../scenarios/index.ts'
import { recordAnswer, scoreOf } from '../../state/quizScore.ts'
import { useVmStore, vmStore } from '../../state/store.ts'
import type { Lang } from '../../state/url.ts'
import { CodeText } from '../ui/CodeText.tsx'
import { questionKey } from './quizRunner.ts'

interface Props {
  readonly scenario: Scenario
  readonly frames: readonly Frame[]
  readonly cursor: number
  readonly lang: Lang
}

const countQuestions = (s: Scenario): number =>
  s.phases.reduce((n, p) => n + (p.questions?.length ?? 0), 0)

/**
 * Predict, then reveal (issue 19). While a question is asked (the cursor still on the step
 * before it) the box shows the prompt and the options; on the question's step it shows the
 * answer and why. In self-study the student picks or types an answer first and is told right
 * or wrong; the score per scenario is kept in the browser (state/quizScore.ts).
 */
export function QuizBox({ scenario, frames, cursor, lang }: Props) {
  const { t } = useTranslation()
  const mode = useVmStore((s) => s.prefs.quiz)
  const quiz = useVmStore((s) => s.quiz)
  const asking = quiz.asked !== null && quiz.asked === cursor + 1
  const index = asking && quiz.asked !== null ? quiz.asked : cursor
  const g = useMemo(
    () => (mode === 'off' ? null : questionAt(scenario.phases, frames, index)),
    [mode, scenario, frames, index],
  )
  const given = quiz.given?.index === index ? quiz.given : null
  const study = mode === 'study'
  const answering = study && asking && given === null
  const reveal = g !== null && (!asking || (study && given !== null))
  // Bumped by each answer, so the score is read from storage again.
  const [saved, setSaved] = useState(0)
  const score = useMemo(() => (saved >= 0 ? scoreOf(scenario.id) : null), [scenario.id, saved])
  const first = useRef<HTMLButtonElement | HTMLInputElement | null>(null)
  const verdict = useRef<HTMLParagraphElement>(null)

  // Self-study: the keyboard lands on the first option when a question is asked, and on the
  // verdict once answered, so Space and the arrows go on from there.
  useEffect(() => {
    if (answering) first.current?.focus()
  }, [answering, index])
  useEffect(() => {
    if (study && given) verdict.current?.focus()
  }, [study, given])

  if (!g) return <div className="visually-hidden" aria-live="polite" />

  const answer = (value: string): void => {
    const right = checkAnswer(g, value)
    vmStore.getState().answerQuestion(index, value, right)
    const key = questionKey(frames, index)
    if (key) recordAnswer(scenario.id, key, right, countQuestions(scenario))
    setSaved((n) => n + 1)
  }
  const announce = reveal
    ? `${t('quiz.answer')}${t('punct.colon')}${pick(g.answerText, lang)}. ${pick(g.explanation, lang)}`
    : `${t('quiz.heading')}${t('punct.colon')}${pick(g.prompt, lang)}`

  return (
    <>
      <div className="visually-hidden" aria-live="polite" data-testid="quiz-live">
        {announce.replaceAll('`', '')}
      </div>
      <section
        className={`quiz ${asking ? 'quiz-asked' : 'quiz-revealed'}`}
        aria-labelledby="quiz-heading"
        data-testid="quiz"
        data-stage={asking ? 'asked' : 'revealed'}
      >
        <h2 id="quiz-heading">
          <span aria-hidden="true">? </span>
          {t('quiz.heading')}
        </h2>
        <p className="quiz-prompt" data-testid="quiz-prompt">
          <CodeText text={pick(g.prompt, lang)} />
        </p>
        {g.type === 'choice' && !reveal && (
          <ul className="quiz-choices" aria-label={t('quiz.choices')} data-testid="quiz-choices">
            {g.choices.map((c, i) => (
              <li key={c.id} data-choice={c.id}>
                {answering ? (
                  <button
                    type="button"
                    ref={
                      i === 0
                        ? (el) => {
                            first.current = el
                          }
                        : undefined
                    }
                    onClick={() => answer(c.id)}
                  >
                    <CodeText text={pick(c.label, lang)} />
                  </button>
                ) : (
                  <span>
                    <CodeText text={pick(c.label, lang)} />
                  </span>
                )}
              </li>
            ))}
          </ul>
        )}
        {g.type === 'number' && answering && (
          <NumberAnswer
            key={index}
            onAnswer={answer}
            inputRef={(el) => {
              first.current = el
            }}
          />
        )}
        {study && given && (
          <p
            ref={verdict}
            tabIndex={-1}
            className={`quiz-verdict ${given.right ? 'quiz-verdict-right' : 'quiz-verdict-wrong'}`}
            data-testid="quiz-verdict"
          >
            <strong>{given.right ? `✓ ${t('quiz.right')}` : `✗ ${t('quiz.wrong')}`}</strong>
            {!given.right && (
              <>
                {' '}
                {t('quiz.yourAnswer', {
                  value:
                    g.type === 'choice'
                      ? pick(
                          g.choices.find((c) => c.id === given.value)?.label ?? g.answerText,
                          lang,
                        ).replaceAll('`', '')
                      : given.value,
                })}
              </>
            )}
          </p>
        )}
        {reveal && (
          <div className="quiz-reveal" data-testid="quiz-reveal">
            <p className="quiz-answer" data-testid="quiz-answer">
              <strong>
                <span aria-hidden="true">✓ </span>
                {t('quiz.answer')}
                {t('punct.colon')}
              </strong>
              <CodeText text={pick(g.answerText, lang)} />
            </p>
            <p>
              <strong>
                {t('quiz.why')}
                {t('punct.colon')}
              </strong>
              <CodeText text={pick(g.explanation, lang)} />
            </p>
          </div>
        )}
        {asking && !study && <p className="quiz-hint">{t('quiz.predict')}</p>}
        {answering && (
          <p className="quiz-hint">
            {t('quiz.answerFirst')}{' '}
            <button type="button" onClick={() => vmStore.getState().run('next')}>
              {t('quiz.skip')}
            </button>
          </p>
        )}
        {asking && study && given && <p className="quiz-hint">{t('quiz.continue')}</p>}
        {study && score && (
          <p className="quiz-score" data-testid="quiz-score">
            {t('quiz.score', { right: score.right, total: score.total })}
          </p>
        )}
      </section>
    </>
  )
}

/** The typed answer of a number question: a whole number, decimal or 0x hex. */
function NumberAnswer({
  onAnswer,
  inputRef,
}: {
  readonly onAnswer: (value: string) => void
  readonly inputRef: Ref<HTMLInputElement>
}) {
  const { t } = useTranslation()
  const [typed, setTyped] = useState('')
  const [bad, setBad] = useState(false)
  const submit = (e: FormEvent): void => {
    e.preventDefault()
    if (parseWhole(typed) === null) setBad(true)
    else onAnswer(typed.trim())
  }
  return (
    <form className="quiz-number" onSubmit={submit}>
      <label>
        {t('quiz.number')}
        <input
          ref={inputRef}
          type="text"
          inputMode="numeric"
          autoComplete="off"
          value={typed}
          aria-invalid={bad}
          aria-describedby={bad ? 'quiz-number-error' : undefined}
          data-testid="quiz-number"
          onChange={(e) => {
            setTyped(e.target.value)
            setBad(false)
          }}
        />
      </label>
      <button type="submit">{t('quiz.check')}</button>
      {bad && (
        <p id="quiz-number-error" className="quiz-error" role="alert">
          {t('quiz.badNumber')}
        </p>
      )}
    </form>
  )
}
