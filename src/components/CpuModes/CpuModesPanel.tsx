import { useEffect, useMemo, useRef } from 'react'
import { useTranslation } from 'react-i18next'
import { useReducedMotion } from '../hooks/useReducedMotion.ts'
import type { Frame } from '../../engine/index.ts'
import type { UiKey } from '../../i18n/index.ts'
import { type CpuModesView, type CpuViewLabels, createCpuModesView } from '../d3/cpuModesView.ts'
import { exitReasonZh } from '../../narration/vmx-zh.ts'
import { layoutCpuModes } from './layout.ts'
import { useOwnsStageFocus } from '../Player/focusContext.ts'
import { useLaterInCommand } from '../hooks/useLaterInCommand.ts'
import { Term } from '../../glossary/Term.tsx'
import { exitReasonTerm } from '../../glossary/terms.ts'

const OCCUPANT_KEY: Record<string, UiKey> = {
  VMM: 'cpu.occVmm',
  'host apps': 'cpu.occHostApps',
  'guest kernel': 'cpu.occGuestKernel',
  'guest apps': 'cpu.occGuestApps',
}
const OPERATION_KEY: Record<string, UiKey> = {
  root: 'cpu.root',
  'non-root': 'cpu.nonRoot',
  none: 'cpu.noVmx',
}
const MODE_KEY: Record<string, UiKey> = {
  off: 'cpu.modeOff',
  root: 'cpu.root',
  'non-root': 'cpu.nonRoot',
}

/** VMX root / non-root and rings 0-3, with the processor's position, from the frame alone. */
export function CpuModesPanel({ frame }: { readonly frame: Frame }) {
  const { t, i18n } = useTranslation()
  const reduced = useReducedMotion()
  const focus = useOwnsStageFocus()
  const svgRef = useRef<SVGSVGElement>(null)
  const viewRef = useRef<CpuModesView | null>(null)
  const later = useLaterInCommand(frame)
  const layout = useMemo(
    () => layoutCpuModes(frame.machine.vmx, frame.event, later),
    [frame, later],
  )
  const occ = (o: string): string => {
    const k = OCCUPANT_KEY[o]
    return k ? t(k) : o
  }
  const labels: CpuViewLabels = useMemo(
    () => ({
      column: (op) => {
        const k = OPERATION_KEY[op]
        return k ? t(k) : op
      },
      ring: (r) => t('cpu.ring', { n: r }),
      occupant: (o) => {
        const k = OCCUPANT_KEY[o]
        return k ? t(k) : o
      },
      entry: t('cpu.entry'),
      exit: t('cpu.exit'),
      trap: t('cpu.trap'),
      here: t('cpu.here'),
    }),
    [t],
  )

  useEffect(() => {
    if (!svgRef.current) return
    const view = createCpuModesView(svgRef.current)
    viewRef.current = view
    return () => {
      view.destroy()
      viewRef.current = null
    }
  }, [])
  useEffect(() => {
    viewRef.current?.update(layout, labels, { duration: reduced ? 0 : 600, focus })
  }, [layout, labels, reduced, focus])

  const opKey = OPERATION_KEY[layout.picture === 'pre-vt' ? 'none' : layout.vmxMode] ?? 'cpu.noVmx'
  const position =
    layout.picture === 'pre-vt' || layout.vmxMode === 'off'
      ? t('cpu.positionPre', { ring: layout.current.ring, who: occ(layout.token.occupant) })
      : t('cpu.position', {
          op: t(MODE_KEY[layout.vmxMode] ?? opKey),
          ring: layout.current.ring,
          who: occ(layout.token.occupant),
        })
  const transitionText =
    layout.transition === 'entry'
      ? t('cpu.didEntry')
      : layout.transition === 'exit'
        ? t('cpu.didExit')
        : layout.transition === 'trap'
          ? t('cpu.didTrap')
          : null

  return (
    <figure className="panel cpu-modes" data-testid="cpu-modes">
      <figcaption>
        <h2>{t('cpu.heading')}</h2>
        <span className="cpu-picture" data-testid="cpu-picture">
          {layout.picture === 'vt-x' ? t('cpu.pictureVtx') : t('cpu.picturePre')}
        </span>
      </figcaption>
      <p className="cpu-position" data-testid="cpu-position">
        <span aria-hidden="true">● </span>
        {position}
        {layout.currentVmcs && (
          <span className="cpu-current-vmcs">
            {' · '}
            {t('cpu.currentVmcs', { name: layout.currentVmcs })}
          </span>
        )}
      </p>
      {transitionText && (
        <p className="outcome outcome-exit cpu-transition" data-testid="cpu-transition">
          <span aria-hidden="true">⇄ </span>
          {transitionText}
        </p>
      )}
      <svg
        ref={svgRef}
        className="cpu-svg"
        role="presentation"
        aria-hidden="true"
        preserveAspectRatio="xMidYMin meet"
      />
      <ul className="visually-hidden">
        {layout.bands
          .filter((b) => b.occupant)
          .map((b) => (
            <li key={b.key}>
              {t(OPERATION_KEY[b.key.split(':')[0] ?? 'none'] ?? 'cpu.noVmx')}
              {t('punct.comma')}
              {t('cpu.ring', { n: b.ring })}
              {t('punct.colon')}
              {b.occupant ? occ(b.occupant) : ''}
              {b.here ? t('punct.paren', { x: t('cpu.here') }) : ''}
            </li>
          ))}
      </ul>
      <div className="cpu-lower">
        <section className="cpu-exit-log" aria-labelledby="cpu-exit-log-h">
          <h3 id="cpu-exit-log-h">
            {t('cpu.exitLog')}
            <span data-testid="cpu-exit-total">{t('punct.paren', { x: layout.totalExits })}</span>
          </h3>
          {layout.exitLog.length === 0 ? (
            <p className="panel-empty">{t('cpu.noExits')}</p>
          ) : (
            <table data-testid="cpu-exit-log">
              <thead>
                <tr>
                  <th scope="col">{t('cpu.colReason')}</th>
                  <th scope="col">{t('cpu.colName')}</th>
                  <th scope="col">{t('cpu.colCount')}</th>
                </tr>
              </thead>
              <tbody>
                {layout.exitLog.map((e) => (
                  <tr key={e.reason} data-testid={`cpu-exit-${e.reason}`}>
                    <td>{e.reason}</td>
                    <td>
                      <Term term={exitReasonTerm(e.reason) ?? e.name}>
                        {i18n.language === 'zh' ? exitReasonZh(e.reason) : e.name}
                      </Term>
                    </td>
                    <td>×{e.count}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </section>
        {layout.tlb.length > 0 && (
          <section className="cpu-tlb" aria-labelledby="cpu-tlb-h">
            <h3 id="cpu-tlb-h">{t('cpu.tlb')}</h3>
            <table data-testid="cpu-tlb">
              <thead>
                <tr>
                  <th scope="col">
                    <Term>VPID</Term>
                  </th>
                  <th scope="col">{t('cpu.colPage')}</th>
                  <th scope="col">{t('cpu.colOwner')}</th>
                </tr>
              </thead>
              <tbody>
                {layout.tlb.map((e) => (
                  <tr key={`${e.vpid}:${e.page}:${e.owner}`}>
                    <td>{e.vpid}</td>
                    <td>{e.page}</td>
                    <td>{e.owner}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </section>
        )}
      </div>
    </figure>
  )
}
