import { useTranslation } from 'react-i18next'
import type { Frame } from '../../engine/index.ts'
import { useCommandEvents } from '../hooks/useLaterInCommand.ts'
import { focusAttr, useOwnsStageFocus } from '../Player/focusContext.ts'
import { CodeText } from '../ui/CodeText.tsx'
import { HypLayers } from './HypLayers.tsx'
import { layoutHypLayers } from './hypLayout.ts'
import { LayerStack } from './LayerStack.tsx'
import { layoutIoLayers } from './layout.ts'
import './ioLayers.css'

/** Hops drawn at once: a long start_xmit keeps its latest ones (the earlier ones are counted). */
const HOPS_SHOWN = 8

export function IoLayersPanel({ frame }: { readonly frame: Frame }) {
  const { t } = useTranslation()
  const command = useCommandEvents(frame)
  const owns = useOwnsStageFocus()
  const layout = layoutIoLayers(frame.event, command)
  if (layout === null) {
    const hyp = layoutHypLayers(frame.event, command)
    if (hyp !== null) return <HypLayers layout={hyp} owns={owns} />
  }
  if (layout === null)
    return (
      <figure className="panel io-layers" data-testid="io-layers">
        <figcaption>
          <h2>{t('io.heading')}</h2>
        </figcaption>
        <p className="panel-empty">
          <CodeText text={t('io.empty')} />
        </p>
      </figure>
    )
  const shown = layout.hops.slice(-HOPS_SHOWN)
  const earlier = layout.hops.length - shown.length
  const c = layout.counts
  return (
    <figure className="panel io-layers" data-testid="io-layers">
      <figcaption>
        <h2>{t('io.heading')}</h2>
        <span className="io-counts" data-testid="io-counts">
          {t('io.counts', {
            e30: c.exits[30] ?? 0,
            e48: c.exits[48] ?? 0,
            e49: c.exits[49] ?? 0,
            user: c.userExits,
            irqs: c.interrupts,
          })}
        </span>
      </figcaption>
      <div className="io-grid">
        <LayerStack layout={layout} />
        <div className="io-hops-box">
          <h3 className="io-sub">{t('io.hopsTitle')}</h3>
          <ol className="io-hops" aria-label={t('io.hopsTitle')} data-testid="io-hops">
            {earlier > 0 && <li className="io-more">{t('io.earlier', { n: earlier })}</li>}
            {shown.map((h) => (
              <li
                key={h.n}
                value={h.n}
                className={`io-hop${h.focus ? ' io-hop-now' : ''}`}
                aria-current={h.focus ? 'step' : undefined}
                data-focus={focusAttr(owns && h.focus)}
                data-testid={h.focus ? 'io-hop-now' : undefined}
              >
                <span className="io-hop-at">
                  {t(`io.at.${h.at}`)}
                  {h.thread === 'io' ? ` · ${t('io.ioThread')}` : ''}
                  {t('punct.colon')}
                </span>
                <CodeText text={t(h.key, h.params)} />
              </li>
            ))}
            {layout.more > 0 && <li className="io-more">{t('io.more', { n: layout.more })}</li>}
          </ol>
        </div>
      </div>
      <p className="io-foot">
        {layout.pending !== null && t('io.pending', { v: `0x${layout.pending.toString(16)}` })}
        {layout.held > 0 && t('io.held', { n: layout.held })}
      </p>
    </figure>
  )
}
