import { useMemo } from 'react'
import { useTranslation } from 'react-i18next'
import type { CounterName, Frame, IoWay, PathLayer, WayCounts } from '../../engine/index.ts'
import type { UiKey } from '../../i18n/index.ts'
import { focusAttr, useOwnsStageFocus } from '../Player/focusContext.ts'
import { CodeText } from '../ui/CodeText.tsx'
import { type IoWaysColumn, layoutIoWays } from './layout.ts'
import '../Compare/Compare.css'
import './ioways.css'

const HEAD: Record<IoWay, UiKey> = {
  e1000: 'iow.e1000',
  'virtio-qemu': 'iow.virtioQemu',
  'virtio-vhost': 'iow.virtioVhost',
  vfio: 'iow.vfio',
  'sriov-vf': 'iow.sriovVf',
}
const ROW: Record<CounterName, UiKey> = {
  exitsTotal: 'iow.rowExits',
  userspace: 'iow.rowUser',
  copies: 'iow.rowCopies',
  interrupts: 'iow.rowIrq',
  kicks: 'iow.rowKicks',
  dma: 'iow.rowDma',
}
const LAYER: Record<PathLayer, UiKey> = {
  guest: 'iow.lGuest',
  kvm: 'iow.lKvm',
  qemu: 'iow.lQemu',
  vhost: 'iow.lVhost',
  tap: 'iow.lTap',
  device: 'iow.lDevice',
  iommu: 'iow.lIommu',
}
const STATUS: Record<IoWaysColumn['status'], UiKey> = {
  waiting: 'iow.waiting',
  now: 'iow.now',
  done: 'cmp.done',
}

/** Exits by reason, largest reason number last: "16 × 49, 4 × 1". */
const byReason = (c: WayCounts): [string, number][] =>
  Object.entries(c.exits).sort((a, b) => Number(b[0]) - Number(a[0]))

/** A bar for one cell: its length is the value's share of the row's largest; the number is text. */
function Bar({ value, max }: { readonly value: number; readonly max: number }) {
  const w = max > 0 ? (100 * value) / max : 0
  return (
    <svg className="iow-bar" viewBox="0 0 100 8" preserveAspectRatio="none" aria-hidden="true">
      <rect x="0" y="0" width="100" height="8" className="iow-bar-track" />
      <rect x="0" y="0" width={w} height="8" className="iow-bar-fill" />
    </svg>
  )
}

/**
 * The same packet five ways: send k and receive k frames through e1000 emulation, virtio with
 * QEMU, virtio with vhost-net, an assigned NIC and an SR-IOV VF; each column is a real run of
 * that way's model, each number counted from its events.
 */
export function IoWaysPanel({ frame }: { readonly frame: Frame }) {
  const { t } = useTranslation()
  const owns = useOwnsStageFocus()
  const l = useMemo(() => layoutIoWays(frame.machine.ioways, frame.event), [frame])
  const path = (p: readonly PathLayer[]): string => p.map((x) => t(LAYER[x])).join(' → ')
  const now = l.columns.find((c) => c.status === 'now')
  if (l.k === null)
    return (
      <figure className="panel ioways" data-testid="ioways">
        <figcaption>
          <h2>{t('iow.heading')}</h2>
        </figcaption>
        <p className="panel-empty">
          <CodeText text={t('iow.empty')} />
        </p>
      </figure>
    )
  return (
    <figure className="panel ioways" data-testid="ioways" data-focus={focusAttr(owns && l.table)}>
      <figcaption>
        <h2>{t('iow.heading')}</h2>
        <p className="iow-sub">{t('iow.workload', { k: l.k })}</p>
      </figcaption>
      <table className="compare-table iow-table">
        <caption className="visually-hidden">{t('iow.caption', { k: l.k })}</caption>
        <thead>
          <tr>
            <td />
            {l.columns.map((c) => (
              <th
                key={c.way}
                scope="col"
                className={`compare-${c.status}`}
                data-testid={`iow-col-${c.way}`}
                data-focus={focusAttr(owns && c.status === 'now')}
              >
                <span className="compare-name">
                  <CodeText text={t(HEAD[c.way])} />
                </span>
                {c.status !== 'done' ? (
                  <span className="compare-status">
                    {c.status === 'now' ? '▶ ' : ''}
                    {t(STATUS[c.status])}
                  </span>
                ) : null}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {l.rows.map((r) => (
            <tr key={r.counter}>
              <th scope="row">{t(ROW[r.counter])}</th>
              {l.columns.map((c) => {
                const v = c.result?.counts[r.counter]
                return (
                  <td
                    key={c.way}
                    className={`compare-${c.status}`}
                    data-testid={`iow-${c.way}-${r.counter}`}
                  >
                    {v === undefined || !c.result ? (
                      '—'
                    ) : (
                      <>
                        <span className="iow-line">
                          <span className="iow-num">{v}</span>
                          <Bar value={v} max={r.max} />
                        </span>
                        {r.counter === 'exitsTotal' && v > 0 ? (
                          <span className="iow-by">
                            {t('punct.paren', {
                              x: byReason(c.result.counts)
                                .map(([reason, n]) => t('iow.byReason', { n, reason }))
                                .join(t('punct.comma')),
                            })}
                          </span>
                        ) : null}
                      </>
                    )}
                  </td>
                )
              })}
            </tr>
          ))}
        </tbody>
      </table>
      {now?.result ? (
        <p className="iow-path" data-testid="iow-path">
          <CodeText
            text={t('iow.path', {
              way: t(HEAD[now.way]),
              send: path(now.result.sendPath),
              recv: path(now.result.recvPath),
            })}
          />
        </p>
      ) : null}
      <p className={l.table ? 'iow-note iow-table-note' : 'iow-note'}>
        <CodeText text={t('iow.legend')} />
      </p>
      {l.table ? (
        <p className="iow-note iow-table-note">
          <CodeText text={t('iow.caveat')} />
        </p>
      ) : null}
    </figure>
  )
}
