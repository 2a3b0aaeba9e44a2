import { useTranslation } from 'react-i18next'
import { Term } from '../../glossary/Term.tsx'
import { focusAttr } from '../Player/focusContext.ts'
import type { BitCell, EvtchnDomainView, PortRow } from './evtchnLayout.ts'

/** "changed at this step", for screen readers, inside the element the step changed. */
function Changed({ on }: { readonly on: boolean }) {
  const { t } = useTranslation()
  return on ? <span className="visually-hidden">{t('xd.ev.changed')}</span> : null
}

/** One bit as a cell: its value in figures (1/0), the step's bit outlined and marked. */
function Bit({ c, owns }: { readonly c: BitCell; readonly owns: boolean }) {
  const focus = owns && c.focus
  return (
    <td
      className={`ev-bit${c.set ? ' set' : ''}${c.focus ? ' changed' : ''}`}
      data-focus={focusAttr(focus)}
    >
      {c.set ? '1' : '0'}
      <Changed on={c.focus} />
    </td>
  )
}

function RemoteCell({ p }: { readonly p: PortRow }) {
  const { t } = useTranslation()
  if (p.state === 'unbound') return <>{t('xd.ev.offered', { dom: p.remote })}</>
  return <code>{p.remote}</code>
}

/**
 * One domain's event channels as Xen keeps them: its port table, shared_info's two bitmaps
 * (bit n is port n) and each vCPU's vcpu_info. `first`: the card whose terms take a tab stop.
 */
function DomainCard({
  d,
  owns,
  first,
}: {
  readonly d: EvtchnDomainView
  readonly owns: boolean
  readonly first: boolean
}) {
  const { t } = useTranslation()
  const name = d.domid === 0 ? 'Dom0' : `DomU ${d.domid}`
  return (
    <section
      className={`ev-domain${d.active ? ' active' : ''}`}
      aria-label={t('xd.ev.domain', { name })}
      data-testid={`ev-dom-${d.domid}`}
    >
      <h3>
        {d.active && <span aria-hidden="true">▸ </span>}
        {name}
      </h3>
      <table className="ev-ports">
        <caption>
          <Term term="port" tab={first}>
            {t('xd.ev.portsCaption')}
          </Term>
        </caption>
        <thead>
          <tr>
            <th scope="col">{t('xd.ev.port')}</th>
            <th scope="col">{t('xd.ev.state')}</th>
            <th scope="col">{t('xd.ev.remote')}</th>
          </tr>
        </thead>
        <tbody>
          {d.ports.map((p) => (
            <tr
              key={p.port}
              className={`ev-state-${p.state}${p.focus ? ' changed' : ''}`}
              data-testid={`ev-port-${d.domid}-${p.port}`}
              data-focus={focusAttr(owns && p.focus)}
            >
              <th scope="row" className="num">
                {p.focus && <span aria-hidden="true">▸ </span>}
                {p.port}
                <Changed on={p.focus} />
              </th>
              <td>{t(`xd.ev.st.${p.state}`)}</td>
              <td>
                <RemoteCell p={p} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <table className="ev-bits">
        <caption>{t('xd.ev.bitsCaption')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('xd.ev.bit')}</th>
            {d.pending.map((c) => (
              <th scope="col" key={c.bit} className="num">
                {c.bit}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          <tr data-testid={`ev-pending-${d.domid}`}>
            <th scope="row">
              <Term tab={first}>evtchn_pending</Term>
            </th>
            {d.pending.map((c) => (
              <Bit key={c.bit} c={c} owns={owns} />
            ))}
          </tr>
          <tr data-testid={`ev-mask-${d.domid}`}>
            <th scope="row">
              <Term tab={first}>evtchn_mask</Term>
            </th>
            {d.mask.map((c) => (
              <Bit key={c.bit} c={c} owns={owns} />
            ))}
          </tr>
        </tbody>
      </table>
      {d.vcpus.map((v) => (
        <dl className="ev-vcpu" key={v.vcpu} data-testid={`ev-vcpu-${d.domid}-${v.vcpu}`}>
          <div className="ev-vcpu-name">
            <dt>{t('xd.ev.vcpuInfo', { n: v.vcpu })}</dt>
          </div>
          <div>
            <dt>
              <Term tab={first && v.vcpu === 0}>evtchn_upcall_pending</Term>
            </dt>
            <dd
              className={`ev-bit${v.upcallPending ? ' set' : ''}${v.focusUpcall ? ' changed' : ''}`}
              data-focus={focusAttr(owns && v.focusUpcall)}
              data-testid={`ev-upcall-${d.domid}-${v.vcpu}`}
            >
              {v.upcallPending ? '1' : '0'}
              <Changed on={v.focusUpcall} />
            </dd>
          </div>
          <div>
            <dt>
              <Term tab={first && v.vcpu === 0}>evtchn_upcall_mask</Term>
            </dt>
            <dd className={`ev-bit${v.upcallMask ? ' set' : ''}`}>{v.upcallMask ? '1' : '0'}</dd>
          </div>
          <div>
            <dt>
              <Term tab={first && v.vcpu === 0}>evtchn_pending_sel</Term>
            </dt>
            {v.sel.map((c) => (
              <dd
                key={c.bit}
                className={`ev-bit${c.set ? ' set' : ''}${c.focus ? ' changed' : ''}`}
                data-focus={focusAttr(owns && c.focus)}
                data-testid={`ev-sel-${d.domid}-${v.vcpu}-${c.bit}`}
              >
                <span className="ev-sel-word">{t('xd.ev.word', { n: c.bit })}</span>
                {c.set ? '1' : '0'}
                <Changed on={c.focus} />
              </dd>
            ))}
          </div>
        </dl>
      ))}
    </section>
  )
}

/** Every domain's event channels, side by side; the step's port, bit or flag marked. */
export function EvtchnTables({
  domains,
  owns,
}: {
  readonly domains: readonly EvtchnDomainView[]
  readonly owns: boolean
}) {
  const { t } = useTranslation()
  return (
    <section className="ev-state" aria-label={t('xd.ev.heading')}>
      <h3 className="ev-heading">
        <Term term="event channel">{t('xd.ev.heading')}</Term>
      </h3>
      <div className="ev-domains">
        {domains.map((d, i) => (
          <DomainCard key={d.domid} d={d} owns={owns} first={i === 0} />
        ))}
      </div>
    </section>
  )
}
