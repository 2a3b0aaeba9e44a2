import { useMemo } from 'react'
import { useTranslation } from 'react-i18next'
import { useD3View } from '../d3/useD3View.ts'
import { type Frame, hex } from '../../engine/index.ts'
import { createAddressSpacesView } from '../d3/addressSpacesView.ts'
import { layoutAddressSpaces } from './layout.ts'
import { focusAttr, useOwnsStageFocus } from '../Player/focusContext.ts'
import { WithTerms } from '../../glossary/WithTerms.tsx'

// A symbol as well as a colour, so the outcome reads in greyscale too.
const TONE_SYMBOL = { ok: '✓', fault: '✕', exit: '⇥' } as const

/** Guest virtual → guest physical → machine, per guest, drawn from the frame alone. */
export function AddressSpacesPanel({ frame }: { readonly frame: Frame }) {
  const { t } = useTranslation()
  const owns = useOwnsStageFocus()
  const layout = useMemo(() => {
    const l = layoutAddressSpaces(frame.machine.addr, frame.event, t)
    return owns ? l : { ...l, focus: null }
  }, [frame, t, owns])

  const svgRef = useD3View(createAddressSpacesView, layout)

  const machine = frame.machine.addr
  return (
    <figure className="panel address-spaces" data-testid="address-spaces">
      <figcaption>
        <h2>{t('as.heading')}</h2>
        <span className="legend">
          <span className="legend-guest">
            <svg aria-hidden="true" width="34" height="10">
              <line x1="0" y1="5" x2="34" y2="5" className="legend-line-guest" />
            </svg>
            {t('as.legendGuest')}
          </span>
          {machine.vms.length > 0 && (
            <span className="legend-host">
              <svg aria-hidden="true" width="34" height="10">
                <line x1="0" y1="5" x2="34" y2="5" className="legend-line-host" />
              </svg>
              <WithTerms text={t('as.legendHost')} terms={['P2M', 'EPT']} />
            </span>
          )}
        </span>
      </figcaption>
      {layout.empty && <p className="panel-empty">{t('as.empty')}</p>}
      {layout.outcome && (
        <p
          className={`outcome outcome-${layout.outcome.tone}`}
          data-testid="outcome"
          data-focus={focusAttr(layout.focus?.kind === 'outcome')}
        >
          <span aria-hidden="true">{TONE_SYMBOL[layout.outcome.tone]} </span>
          {layout.outcome.text}
        </p>
      )}
      <svg
        ref={svgRef}
        className="as-svg"
        role="presentation"
        aria-hidden="true"
        preserveAspectRatio="xMidYMin meet"
      />
      <table className="visually-hidden">
        <caption>{t('as.table')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('as.colFrom')}</th>
            <th scope="col">{t('as.colTo')}</th>
            <th scope="col">{t('as.colBy')}</th>
          </tr>
        </thead>
        <tbody>
          {machine.vms.length === 0 &&
            machine.nativeMap.map((m) => (
              <tr key={`n${m.va}`}>
                <td>{hex(m.va)}</td>
                <td>{hex(m.pa)}</td>
                <td>{t('as.byNative')}</td>
              </tr>
            ))}
          {machine.vms.flatMap((vm) => [
            ...vm.guestMap.map((m) => (
              <tr key={`g${vm.name}${m.va}`}>
                <td>{hex(m.va)}</td>
                <td>{hex(m.pa)}</td>
                <td>{t('as.byGuest', { vm: vm.name })}</td>
              </tr>
            )),
            ...vm.hostMap.map((m) => (
              <tr key={`h${vm.name}${m.gpa}`}>
                <td>{hex(m.gpa)}</td>
                <td>{hex(m.hpa)}</td>
                <td>{t('as.byHost', { vm: vm.name })}</td>
              </tr>
            )),
          ])}
        </tbody>
      </table>
    </figure>
  )
}
