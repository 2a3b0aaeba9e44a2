import { useTranslation } from 'react-i18next'
import { runAppCommand } from '../../state/commands.ts'
import { SPEEDS } from '../../state/playback.ts'
import { useShallow } from 'zustand/react/shallow'
import { selectControls } from '../../state/selectors.ts'
import { useVmStore, vmStore } from '../../state/store.ts'

/** Drawn icons: font glyphs for media keys are missing on many lecture-hall machines. */
function Icon({ d }: { readonly d: string }) {
  return (
    <svg aria-hidden="true" viewBox="0 0 24 24" width="1.2em" height="1.2em" className="icon">
      <path d={d} />
    </svg>
  )
}

/** First / previous / play-pause / next / last, the speed, and "Step N of M". */
export function StepControls() {
  const { t } = useTranslation()
  const p = useVmStore(useShallow(selectControls))
  const atStart = p.cursor <= 0
  const atEnd = p.cursor >= p.length - 1
  const playing = p.status === 'playing'
  return (
    <nav className="step-controls" aria-label={t('controls.label')}>
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
      <label className="timeline">
        <span className="visually-hidden">{t('controls.timeline')}</span>
        <input
          type="range"
          min={1}
          max={Math.max(1, p.length)}
          value={p.cursor + 1}
          onChange={(e) => vmStore.getState().seek(Number(e.target.value) - 1)}
        />
      </label>
      <p role="status" className="step-status" data-testid="step-status">
        {t('controls.status', { step: p.cursor + 1, total: p.length })}
      </p>
      <label className="speed">
        <span>{t('controls.speed')}</span>
        <select
          value={p.speed}
          onChange={(e) => vmStore.getState().setSpeed(Number(e.target.value))}
        >
          {SPEEDS.map((s) => (
            <option key={s} value={s}>
              {t('controls.speedValue', { speed: s })}
            </option>
          ))}
        </select>
      </label>
    </nav>
  )
}
