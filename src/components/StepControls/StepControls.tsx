import { memo } from 'react'
import { useTranslation } from 'react-i18next'
import { pick } from '../../i18n/index.ts'
import { installChapterCommands } from '../../state/chapterCommands.ts'
import { chapterIndexAt, selectChapters } from '../../state/chapters.ts'
import { runAppCommand } from '../../state/commands.ts'
import { SPEEDS } from '../../state/playback.ts'
import { useShallow } from 'zustand/react/shallow'
import { selectControls, selectLang } from '../../state/selectors.ts'
import { useVmStore, vmStore } from '../../state/store.ts'

// The player's controls bring the chapter commands (] [ S T) with them.
installChapterCommands()

/** Drawn icons: font glyphs for media keys are missing on many lecture-hall machines. */
function Icon({ d }: { readonly d: string }) {
  return (
    <svg aria-hidden="true" viewBox="0 0 24 24" width="1.2em" height="1.2em" className="icon">
      <path d={d} />
    </svg>
  )
}

/**
 * The scrubber with the scenario's phases under it: one segment per chapter, as long as its
 * steps; the current one is taller and outlined (not only coloured), setup ones hatched, and
 * the current chapter's number and title stand above the track.
 */
function Timeline({ cursor, length }: { readonly cursor: number; readonly length: number }) {
  const { t } = useTranslation()
  const chapters = useVmStore(selectChapters)
  const lang = useVmStore(selectLang)
  const at = chapterIndexAt(chapters, cursor)
  const cur = chapters.length > 1 ? chapters[at] : undefined
  const title = cur ? pick(cur.title, lang) : ''
  const count = chapters.length
  return (
    <div className="timeline">
      {cur && (
        <p className="phase-now" data-testid="phase-now" title={title}>
          <span className="phase-no">
            <span aria-hidden="true">
              {at + 1}/{count}
            </span>
            <span className="visually-hidden">{t('chapters.current', { n: at + 1, count })}</span>
          </span>
          {cur.setup && <span className="chapter-tag">{t('chapters.setup')}</span>}
          <span className="phase-title">{title}</span>
        </p>
      )}
      <label className="timeline-range">
        <span className="visually-hidden">{t('controls.timeline')}</span>
        <input
          type="range"
          min={1}
          max={Math.max(1, length)}
          value={cursor + 1}
          aria-valuetext={
            cur
              ? t('controls.valuetext', {
                  step: cursor + 1,
                  total: length,
                  n: at + 1,
                  count,
                  title,
                })
              : t('controls.status', { step: cursor + 1, total: length })
          }
          onChange={(e) => vmStore.getState().seek(Number(e.target.value) - 1)}
        />
      </label>
      {cur && (
        <ol className="phase-track" aria-hidden="true" data-testid="phase-track">
          {chapters.map((c, i) => (
            <li
              key={c.id}
              className={c.setup ? 'phase-seg setup' : 'phase-seg'}
              data-current={i === at ? '' : undefined}
              style={{ flexGrow: c.last - c.first + 1 }}
            />
          ))}
        </ol>
      )}
    </div>
  )
}

// The buttons and the speed list keep their props over most steps: memo, so a step renders
// only what it changes (the timeline and "Step N of M").
const StepButtons = memo(function StepButtons({
  atStart,
  atEnd,
  playing,
}: {
  readonly atStart: boolean
  readonly atEnd: boolean
  readonly playing: boolean
}) {
  const { t } = useTranslation()
  return (
    <div className="step-buttons">
      <button
        type="button"
        onClick={() => runAppCommand(vmStore, 'first')}
        disabled={atStart}
        aria-label={t('controls.first')}
        title={`${t('controls.first')} (Home)`}
      >
        <Icon d="M5 4v16M19 4 8 12l11 8z" />
      </button>
      <button
        type="button"
        onClick={() => runAppCommand(vmStore, 'prev')}
        disabled={atStart}
        aria-label={t('controls.prev')}
        title={`${t('controls.prev')} (←)`}
      >
        <Icon d="M17 4 6 12l11 8z" />
      </button>
      <button
        type="button"
        className="play"
        onClick={() => runAppCommand(vmStore, playing ? 'pause' : 'play')}
        aria-label={playing ? t('controls.pause') : t('controls.play')}
        title={`${playing ? t('controls.pause') : t('controls.play')} (K)`}
      >
        <Icon d={playing ? 'M7 4v16M17 4v16' : 'M7 4l12 8-12 8z'} />
      </button>
      <button
        type="button"
        onClick={() => runAppCommand(vmStore, 'next')}
        disabled={atEnd}
        aria-label={t('controls.next')}
        title={`${t('controls.next')} (→)`}
      >
        <Icon d="M7 4l11 8-11 8z" />
      </button>
      <button
        type="button"
        onClick={() => runAppCommand(vmStore, 'last')}
        disabled={atEnd}
        aria-label={t('controls.last')}
        title={`${t('controls.last')} (End)`}
      >
        <Icon d="M19 4v16M5 4l11 8-11 8z" />
      </button>
    </div>
  )
})

const Speed = memo(function Speed({ speed }: { readonly speed: number }) {
  const { t } = useTranslation()
  return (
    <label className="speed">
      <span>{t('controls.speed')}</span>
      <select value={speed} onChange={(e) => vmStore.getState().setSpeed(Number(e.target.value))}>
        {SPEEDS.map((s) => (
          <option key={s} value={s}>
            {t('controls.speedValue', { speed: s })}
          </option>
        ))}
      </select>
    </label>
  )
})

/** First / previous / play-pause / next / last, the timeline, the speed, and "Step N of M". */
// Memo (no props): it reads the store itself, so the player's re-render need not repeat it.
export const StepControls = memo(function StepControls() {
  const { t } = useTranslation()
  const p = useVmStore(useShallow(selectControls))
  const atStart = p.cursor <= 0
  const atEnd = p.cursor >= p.length - 1
  const playing = p.status === 'playing'
  return (
    <nav className="step-controls" aria-label={t('controls.label')}>
      <StepButtons atStart={atStart} atEnd={atEnd} playing={playing} />
      <Timeline cursor={p.cursor} length={p.length} />
      <p role="status" className="step-status" data-testid="step-status">
        {t('controls.status', { step: p.cursor + 1, total: p.length })}
      </p>
      <Speed speed={p.speed} />
    </nav>
  )
})
