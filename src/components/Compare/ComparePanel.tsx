import { useMemo } from 'react'
import { useTranslation } from 'react-i18next'
import { type Frame, hex } from '../../engine/index.ts'
import type { UiKey } from '../../i18n/index.ts'
import { useTraceFrames } from '../hooks/useTraceFrames.ts'
import { focusAttr, useOwnsStageFocus } from '../Player/focusContext.ts'
import { type CompareColumn, type CompareMetric, type CompareMmu, layoutCompare } from './layout.ts'
import './Compare.css'

const HEAD: Record<CompareMmu, UiKey> = {
  native: 'cmp.native',
  shadow: 'cmp.shadow',
  ept: 'cmp.ept',
}
const HOW: Record<CompareMmu, UiKey> = {
  native: 'cmp.howNative',
  shadow: 'cmp.howShadow',
  ept: 'cmp.howEpt',
}
const STATUS: Record<CompareColumn['status'], UiKey> = {
  waiting: 'cmp.waiting',
  now: 'cmp.now',
  done: 'cmp.done',
}
const ROWS: readonly { readonly metric: CompareMetric; readonly key: UiKey }[] = [
  { metric: 'access', key: 'cmp.rowAccess' },
  { metric: 'exits', key: 'cmp.rowExits' },
  { metric: 'guestTables', key: 'cmp.rowGuestTables' },
  { metric: 'vmmTables', key: 'cmp.rowVmmTables' },
  { metric: 'tableWrites', key: 'cmp.rowTableWrites' },
]

const noFrames: readonly Frame[] = []

/**
 * Native, shadow and EPT side by side: one column each, with the last access's references,
 * the VM exits, the tables each design keeps and what a page-table store costs, as they stand
 * at this step (ept-vs-shadow runs the three one after another).
 */
export function ComparePanel({ frame }: { readonly frame: Frame }) {
  const { t } = useTranslation()
  const owns = useOwnsStageFocus()
  const frames = useTraceFrames()
  // A panel drawn outside a player (a test) compares the frame's own history only.
  const history = frames[frame.index] === frame ? frames : noFrames
  const layout = useMemo(
    () =>
      layoutCompare(history.length > 0 ? history : [frame], history.length > 0 ? frame.index : 0),
    [history, frame],
  )
  const cell = (c: CompareColumn, metric: CompareMetric): string => {
    switch (metric) {
      case 'access': {
        const a = c.access
        if (!a) return t('cmp.none')
        const refs =
          a.vmmRefs > 0
            ? t('cmp.refsVmm', { n: a.refs, vmm: a.vmmRefs })
            : t('cmp.refs', { n: a.refs })
        const end =
          a.result === 'ok'
            ? t('cmp.reached', { pa: hex(a.pa ?? 0n) })
            : t(a.result === 'exit' ? 'cmp.exited' : 'cmp.faulted')
        const gap = t('punct.sentence')
        const tlb = a.tlb === 'hit' ? `${gap}${t('cmp.tlbHit')}` : ''
        return `${t('cmp.va', { va: hex(a.va) })}${gap}${refs}${tlb}${t('punct.comma')}${end}`
      }
      case 'exits':
        return String(c.exits)
      case 'guestTables':
        return t('cmp.pages', { n: c.guestTables })
      case 'vmmTables':
        return c.vmmTables === null
          ? t('cmp.noVmm')
          : t(c.mmu === 'shadow' ? 'cmp.shadowPages' : 'cmp.eptTables', { n: c.vmmTables })
      case 'tableWrites':
        return t('cmp.writes', { n: c.tableWrites, exits: c.trappedWrites })
    }
  }
  return (
    <figure className="panel compare" data-testid="compare">
      <figcaption>
        <h2>{t('cmp.heading')}</h2>
      </figcaption>
      <table className="compare-table">
        <caption className="visually-hidden">{t('cmp.caption')}</caption>
        <thead>
          <tr>
            <td />
            {layout.columns.map((c) => (
              <th
                key={c.mmu}
                scope="col"
                className={`compare-${c.status}`}
                data-testid={`compare-col-${c.mmu}`}
              >
                <span className="compare-name">{t(HEAD[c.mmu])}</span>
                <span className="compare-status">
                  {c.status === 'now' ? '▶ ' : ''}
                  {t(STATUS[c.status])}
                </span>
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {ROWS.map((r) => (
            <tr key={r.metric}>
              <th scope="row">{t(r.key)}</th>
              {layout.columns.map((c) => {
                const mark = layout.changed?.mmu === c.mmu && layout.changed.metric === r.metric
                return (
                  <td
                    key={c.mmu}
                    className={`compare-${c.status}${mark ? ' compare-changed' : ''}`}
                    data-testid={`compare-${c.mmu}-${r.metric}`}
                    data-focus={focusAttr(owns && mark)}
                  >
                    {c.status === 'waiting' ? t('cmp.none') : cell(c, r.metric)}
                  </td>
                )
              })}
            </tr>
          ))}
          <tr className="compare-how">
            <th scope="row">{t('cmp.rowHow')}</th>
            {layout.columns.map((c) => (
              <td key={c.mmu} className={`compare-${c.status}`}>
                {t(HOW[c.mmu])}
              </td>
            ))}
          </tr>
        </tbody>
      </table>
    </figure>
  )
}
