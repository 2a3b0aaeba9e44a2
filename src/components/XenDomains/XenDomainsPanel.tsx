import { useMemo } from 'react'
import { useTranslation } from 'react-i18next'
import { useD3View } from '../d3/useD3View.ts'
import type { Frame } from '../../engine/index.ts'
import { createXenDomainsView } from '../d3/xenDomainsView.ts'
import { layoutXenDomains } from './layout.ts'
import { useOwnsStageFocus } from '../Player/focusContext.ts'
import { EvtchnTables } from './EvtchnTables.tsx'
import { useLaterInCommand } from '../hooks/useLaterInCommand.ts'

/** Xen, Dom0 with the backends, the guests with the frontends, granted pages, event channels. */
export function XenDomainsPanel({ frame }: { readonly frame: Frame }) {
  const { t } = useTranslation()
  const owns = useOwnsStageFocus()
  const later = useLaterInCommand(frame)
  const layout = useMemo(() => {
    const l = layoutXenDomains(frame.machine.xen, frame.event, t, later)
    return owns ? l : { ...l, focus: null }
  }, [frame, t, owns, later])

  const svgRef = useD3View(createXenDomainsView, layout)

  const lit = layout.wires.find((w) => w.lit)
  const e = frame.event
  return (
    <figure className="panel xen-domains" data-testid="xen-domains">
      <figcaption>
        <h2>{t('xd.heading')}</h2>
        {lit && e.kind === 'evtchn.send' && (
          <span className="xd-sending" data-testid="xd-sending">
            <span aria-hidden="true">⚡ </span>
            {t('xd.sending', { dom: e.dom, port: e.port })}
          </span>
        )}
      </figcaption>
      <svg
        ref={svgRef}
        className="xd-svg"
        role="presentation"
        aria-hidden="true"
        preserveAspectRatio="xMidYMin meet"
      />
      <EvtchnTables domains={layout.evtchn} owns={owns} />
      <table className="visually-hidden">
        <caption>{t('xd.table')}</caption>
        <tbody>
          {layout.rows.map(([what, state], i) => (
            <tr key={i}>
              <th scope="row">{what}</th>
              <td>{state}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </figure>
  )
}
