import { memo, useId, useState, type FormEvent } from 'react'
import { useTranslation } from 'react-i18next'
import { vmStore } from '../../state/store.ts'
import type { PictureFormat } from './picture.ts'

interface Props {
  readonly scenarioId: string
  readonly scenarioTitle: string
}

interface Target {
  readonly id: string
  readonly name: string
}

const STAGE = 'stage'

/** The stage's panels as the page shows them, named by their own headings. */
function stageTargets(): Target[] {
  return [...document.querySelectorAll<HTMLElement>('.stage .stage-slot[data-panel]')].map(
    (slot) => ({
      id: slot.dataset.panel ?? '',
      name: slot.querySelector('h2')?.textContent?.trim() || (slot.dataset.panel ?? ''),
    }),
  )
}

const text = (selector: string): string =>
  document.querySelector(selector)?.textContent?.replace(/\s+/g, ' ').trim() ?? ''

/**
 * "Export picture": the stage or one panel as an SVG or a 2x PNG, optionally captioned with the
 * step's narration, in the current language and theme, for a lecturer's slides.
 */
// Memoized on its two strings: a step press does not re-render it.
export const ExportMenu = memo(function ExportMenu({ scenarioId, scenarioTitle }: Props) {
  const { t } = useTranslation()
  const [targets, setTargets] = useState<Target[]>([])
  const [target, setTarget] = useState(STAGE)
  const [format, setFormat] = useState<PictureFormat>('png')
  const [caption, setCaption] = useState(true)
  const [status, setStatus] = useState('')
  const [busy, setBusy] = useState(false)
  const ids = useId()

  const save = async (e: FormEvent): Promise<void> => {
    e.preventDefault()
    const node =
      target === STAGE
        ? document.querySelector<HTMLElement>('.stage')
        : document.querySelector<HTMLElement>(`.stage .stage-slot[data-panel="${target}"]`)
    if (!node) {
      setStatus(t('export.gone'))
      return
    }
    // The step is read when the picture is made: the menu need not re-render on every step.
    const { cursor: at, length: steps } = vmStore.getState().playback
    const step = at + 1
    setBusy(true)
    setStatus(t('export.working'))
    try {
      const { makePicture } = await import('./picture.ts')
      const body = getComputedStyle(document.body)
      const lines = caption
        ? [
            t('export.captionHead', { title: scenarioTitle, step, steps }),
            text('[data-testid="narration"]'),
            text('[data-testid="narration-event"]'),
          ].filter((l) => l !== '')
        : []
      const blob = await makePicture({
        node,
        format,
        caption: lines,
        background: body.backgroundColor,
        foreground: body.color,
      })
      const file = `vmscope-${scenarioId}-step${step}-${target}.${format}`
      const a = document.createElement('a')
      a.href = URL.createObjectURL(blob)
      a.download = file
      a.click()
      // The browser has the file once the click is handled.
      setTimeout(() => URL.revokeObjectURL(a.href), 10_000)
      setStatus(t('export.saved', { file }))
    } catch (err) {
      setStatus(t('export.failed', { message: err instanceof Error ? err.message : String(err) }))
    } finally {
      setBusy(false)
    }
  }

  return (
    <details
      className="export"
      onToggle={(e) => {
        if (e.currentTarget.open) setTargets(stageTargets())
      }}
    >
      <summary>{t('export.button')}</summary>
      <form className="export-form" onSubmit={(e) => void save(e)}>
        <label htmlFor={`${ids}-what`}>{t('export.what')}</label>
        <select
          id={`${ids}-what`}
          value={target}
          onChange={(e) => setTarget(e.target.value)}
          // A panel that was still loading when the form opened has its heading by now.
          onFocus={() => setTargets(stageTargets())}
        >
          <option value={STAGE}>{t('export.stage')}</option>
          {targets.map((p) => (
            <option key={p.id} value={p.id}>
              {p.name}
            </option>
          ))}
        </select>
        <fieldset>
          <legend>{t('export.format')}</legend>
          {(['png', 'svg'] as const).map((f) => (
            <label key={f}>
              <input
                type="radio"
                name={`${ids}-format`}
                value={f}
                checked={format === f}
                onChange={() => setFormat(f)}
              />
              {t(`export.${f}`)}
            </label>
          ))}
        </fieldset>
        <label>
          <input type="checkbox" checked={caption} onChange={(e) => setCaption(e.target.checked)} />
          {t('export.caption')}
        </label>
        <button type="submit" disabled={busy}>
          {t('export.download')}
        </button>
        <p aria-live="polite" className="export-status">
          {status}
        </p>
      </form>
    </details>
  )
})
