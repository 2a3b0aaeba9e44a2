import { memo } from 'react'
import { useTranslation } from 'react-i18next'
import { CodeText } from '../ui/CodeText.tsx'
import type { Frame } from '../../engine/index.ts'
import { pick } from '../../i18n/index.ts'
import { describeCitation } from '../../narration/cite.ts'
import { describeEvent } from '../../narration/index.ts'
import type { Pause, Scenario } from '../../scenarios/index.ts'
import type { Lang } from '../../state/url.ts'

interface Props {
  readonly scenario: Scenario
  readonly frame: Frame
  readonly lang: Lang
  /** The frame is the last of its phase: the phase's `now` text (its end state) is true. */
  readonly phaseDone?: boolean
  /** This step is a deliberate pause: nothing on the stage changes, and this says why. */
  readonly pause?: Pause | null
}

/** The lecturer's words for this phase, then what the hardware did at this exact step. */
// Memo: the player re-renders for things the narration does not show (presenter mode).
export const Narration = memo(function Narration({
  scenario,
  frame,
  lang,
  phaseDone = false,
  pause = null,
}: Props) {
  const { t } = useTranslation()
  const phase = scenario.phases.find((p) => p.id === frame.phaseId)
  // An authored phase with no narration in this language shows the other one, marked.
  const fallback = phase?.fallback?.includes(lang) === true
  return (
    <section className="narration" aria-labelledby="narration-heading" aria-live="polite">
      <h2 id="narration-heading">{t('narration.heading')}</h2>
      {phase && fallback && (
        // Colour is not the signal: the words say it, before the text they are about.
        <p className="narration-fallback" role="note" data-testid="narration-fallback">
          {t('narration.fallback')}
        </p>
      )}
      {phase && (
        <p
          className="narration-phase"
          data-testid="narration"
          lang={fallback ? (lang === 'en' ? 'zh-CN' : 'en') : undefined}
        >
          <CodeText text={pick(phase.say, lang)} />
        </p>
      )}
      {phase?.now && phaseDone && (
        <p className="narration-now" data-testid="narration-now">
          <strong>
            {t('narration.now')}
            {t('punct.colon')}
          </strong>
          <CodeText text={pick(phase.now, lang)} />
        </p>
      )}
      {pause && (
        <p className="narration-pause" role="note" data-testid="narration-pause">
          <strong>
            <span aria-hidden="true">‖ </span>
            {t('narration.pause')}
          </strong>
          {t('punct.colon')}
          {pick(pause.why, lang)}
        </p>
      )}
      <h3>{t('narration.hardware')}</h3>
      <p className="narration-event" data-testid="narration-event">
        <CodeText text={pick(describeEvent(frame.event), lang)} />
      </p>
      <p className="narration-cite">
        <span>
          {t('narration.source')}
          {t('punct.colon')}
        </span>
        <cite>
          {/* The Chinese notes put console words and formulas in backticks, as the narration does. */}
          <CodeText text={pick(describeCitation(frame.event.cite), lang)} />
        </cite>
      </p>
    </section>
  )
})
