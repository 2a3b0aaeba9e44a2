import { useMemo } from 'react'
import { useTranslation } from 'react-i18next'
import { useD3View } from '../d3/useD3View.ts'
import type { Frame } from '../../engine/index.ts'
import { createRingView } from '../d3/ringView.ts'
import { type Decision, type Translate, layoutRing } from './layout.ts'
import { focusAttr, useOwnsStageFocus } from '../Player/focusContext.ts'
import { Term } from '../../glossary/Term.tsx'

/** The notify decision of this step as words, a symbol and the ring.h comparison. */
function DecisionBanner({
  d,
  t,
  focus,
}: {
  readonly d: Decision
  readonly t: Translate
  readonly focus: boolean
}) {
  if (d.kind === 'push') {
    const ev = d.side === 'front' ? 'req_event' : 'rsp_event'
    return (
      <p
        className={`ring-decision ${d.notify ? 'notify' : 'suppressed'}`}
        data-testid="ring-notify"
        data-notify={d.notify ? 'sent' : 'suppressed'}
        data-focus={focusAttr(focus)}
      >
        <strong>
          <span aria-hidden="true">{d.notify ? '⚡ ' : '⊘ '}</span>
          {d.notify
            ? t(d.side === 'front' ? 'ring.notifyBack' : 'ring.notifyFront')
            : t('ring.suppressed')}
        </strong>
        <code>
          (new − {ev}) = {d.lhs} {d.notify ? '<' : '≥'} (new − old) = {d.rhs}
        </code>
        <span>
          {t('ring.window', { ev, value: d.event, old: d.old, new: d.new })}
          {t('punct.sentence')}
          {d.notify ? t('ring.inside') : t('ring.outside')}
        </span>
      </p>
    )
  }
  const ev = d.side === 'front' ? 'rsp_event' : 'req_event'
  return (
    <p className="ring-decision final" data-testid="ring-final" data-focus={focusAttr(focus)}>
      <strong>
        <span aria-hidden="true">{d.more ? '↻ ' : '☾ '}</span>
        {d.more ? t('ring.finalMore') : t('ring.finalIdle')}
      </strong>
      {d.armed && <span>{t('ring.armed', { ev, value: d.event })}</span>}
    </p>
  )
}

/** The shared ring of the current frame: slots, index pointers, the notify decision, counters. */
export function RingPanel({ frame }: { readonly frame: Frame }) {
  const { t } = useTranslation()
  const owns = useOwnsStageFocus()
  const layout = useMemo(() => {
    const l = layoutRing(frame.machine.xen, frame.event, t)
    return owns ? l : { ...l, focus: false }
  }, [frame, t, owns])

  const svgRef = useD3View(createRingView, layout)

  const { ring, stats } = layout
  // The step's focus: the index rows it moved (with their pointers and slots in the picture),
  // else its notify decision.
  const moved = layout.pointers.some((p) => p.active)
  return (
    <figure className="panel ring-panel" data-testid="ring-panel">
      <figcaption>
        <h2>{t('ring.heading')}</h2>
        {ring && <span className="ring-title">{layout.title}</span>}
      </figcaption>
      {!ring && <p className="panel-empty">{t('ring.empty')}</p>}
      <div className="ring-body">
        <svg
          ref={svgRef}
          className="ring-svg"
          role="presentation"
          aria-hidden="true"
          preserveAspectRatio="xMidYMin meet"
        />
        {ring && stats && (
          <div className="ring-side">
            {layout.decision && <DecisionBanner d={layout.decision} t={t} focus={owns && !moved} />}
            <table className="ring-indices">
              <caption>{t('ring.indices')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('ring.colIndex')}</th>
                  <th scope="col">{t('ring.colKeeper')}</th>
                  <th scope="col">{t('ring.colValue')}</th>
                  <th scope="col">{t('ring.colSlot', { mask: ring.size - 1 })}</th>
                </tr>
              </thead>
              <tbody>
                {layout.pointers.map((p) => (
                  <tr
                    key={p.name}
                    className={`keeper-${p.keeper}${p.active ? ' active' : ''}`}
                    data-testid={`ring-idx-${p.name}`}
                    data-focus={focusAttr(owns && p.active)}
                  >
                    <th scope="row">
                      <code>
                        <Term>{p.name}</Term>
                      </code>
                    </th>
                    <td>{t(`ring.keeper.${p.keeper}`)}</td>
                    <td className="num" data-testid={`ring-val-${p.name}`}>
                      {p.value}
                    </td>
                    <td className="num" data-testid={`ring-slot-of-${p.name}`}>
                      {p.slot}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
            <dl className="ring-stats">
              <div>
                <dt>{t('ring.requests')}</dt>
                <dd data-testid="ring-stat-requests">{stats.requests}</dd>
              </div>
              <div>
                <dt>{t('ring.responses')}</dt>
                <dd data-testid="ring-stat-responses">{stats.responses}</dd>
              </div>
              <div>
                <dt>{t('ring.sent')}</dt>
                <dd data-testid="ring-stat-sent">{stats.notifySent}</dd>
              </div>
              <div>
                <dt>{t('ring.suppressedCount')}</dt>
                <dd data-testid="ring-stat-suppressed">{stats.notifySuppressed}</dd>
              </div>
              <div>
                <dt>{t('ring.batch')}</dt>
                <dd data-testid="ring-stat-batch">{stats.lastBatch}</dd>
              </div>
            </dl>
            <ul className="ring-legend">
              <li>
                <span aria-hidden="true" className="lg lg-req" /> {t('ring.legendReq')}
              </li>
              <li>
                <span aria-hidden="true" className="lg lg-req-private" />{' '}
                {t('ring.legendReqPrivate')}
              </li>
              <li>
                <span aria-hidden="true" className="lg lg-req-taken" /> {t('ring.legendReqTaken')}
              </li>
              <li>
                <span aria-hidden="true" className="lg lg-rsp" /> {t('ring.legendRsp')}
              </li>
              <li>
                <span aria-hidden="true" className="lg lg-rsp-private" />{' '}
                {t('ring.legendRspPrivate')}
              </li>
            </ul>
          </div>
        )}
      </div>
      {ring && (
        <ul className="visually-hidden" aria-label={t('ring.slotsList')}>
          {layout.cells
            .filter((c) => c.kind !== 'free')
            .map((c) => (
              <li key={c.key}>
                {t('ring.slotItem', {
                  slot: c.slot,
                  id: c.id ?? '—',
                  kind: t(`ring.kind.${c.kind}`),
                })}
              </li>
            ))}
        </ul>
      )}
    </figure>
  )
}
