import { useMemo } from 'react'
import { useTranslation } from 'react-i18next'
import type { Frame } from '../../engine/index.ts'
import { CodeText } from '../ui/CodeText.tsx'
import { guestTags, layoutSharing } from './layout.ts'
import './hostMemory.css'

/** ESX's page-sharing hash table and KSM's stable and unstable trees with its counters. */
export function SharingPanel({ frame }: { readonly frame: Frame }) {
  const { t } = useTranslation()
  const layout = useMemo(() => layoutSharing(frame.machine.overcommit, frame.event), [frame])
  if (layout.kind === 'empty')
    return (
      <figure className="panel hm-sharing" data-testid="sharing">
        <figcaption>
          <h2>{t('hm.sharingHeading')}</h2>
        </figcaption>
        <p className="panel-empty">
          <CodeText text={t('hm.empty')} />
        </p>
      </figure>
    )
  const n = layout.names
  const tags = guestTags(n)
  const page = (p: { vm: number; gfn: number }) => `${tags[p.vm] ?? '?'}${p.gfn}`
  const k = layout.ksm
  const focusRow = layout.esx.findIndex((e) => e.focus)
  const focusStable = k.stable.findIndex((s) => s.focus)
  const focusUnstable = focusStable < 0 ? k.unstable.findIndex((u) => u.focus) : -1
  // A share step with no row of its own (a page without a frame) points at the table.
  const focusTable = layout.outcome !== null && focusRow < 0
  // A KSM step without a tree row of its own points at the counters.
  const focusCounters = k.focus && focusStable < 0 && focusUnstable < 0
  const showKsm = k.mergeable.length > 0 || k.counters.fullScans > 0 || k.stable.length > 0
  return (
    <figure className="panel hm-sharing" data-testid="sharing">
      <figcaption>
        <h2>{t('hm.sharingHeading')}</h2>
      </figcaption>
      {(layout.esx.length > 0 || !showKsm) && (
        <div className="hm-table-wrap" role="region" tabIndex={0} aria-label={t('hm.esxTable')}>
          <table
            className="hm-esx"
            data-testid="hm-esx"
            data-focus={focusTable ? 'true' : undefined}
          >
            <caption>{t('hm.esxTable')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('hm.colHash')}</th>
                <th scope="col">{t('hm.colKind')}</th>
                <th scope="col">{t('hm.colFrame')}</th>
                <th scope="col">{t('hm.colRefs')}</th>
                <th scope="col">{t('hm.colPagesMapped')}</th>
              </tr>
            </thead>
            <tbody>
              {layout.esx.length === 0 && (
                <tr>
                  <td colSpan={5}>{t('hm.esxEmpty')}</td>
                </tr>
              )}
              {layout.esx.map((e, i) => (
                <tr
                  key={e.hash}
                  className={e.focus ? 'hm-focus' : undefined}
                  aria-current={e.focus ? 'true' : undefined}
                  data-focus={i === focusRow ? 'true' : undefined}
                >
                  <td>
                    {e.focus ? '▶ ' : ''}
                    <code>{e.hash}</code>
                  </td>
                  <td>{e.kind === 'hint' ? t('hm.hint') : t('hm.sharedFrame')}</td>
                  <td>{e.mfn ?? '—'}</td>
                  <td>{e.kind === 'hint' ? '—' : e.refs}</td>
                  <td>
                    {e.kind === 'hint' && e.ref !== null
                      ? t('hm.backRef', { page: page(e.ref) })
                      : e.sharers.map(page).join(' ')}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {showKsm && (
        <div className={`hm-ksm${k.focus ? ' hm-focus' : ''}`} data-testid="hm-ksm">
          <h3>{t('hm.ksmHeading')}</h3>
          <dl className="hm-counters" data-focus={focusCounters ? 'true' : undefined}>
            <div>
              <dt>pages_shared</dt>
              <dd>{k.counters.pagesShared}</dd>
            </div>
            <div>
              <dt>pages_sharing</dt>
              <dd>{k.counters.pagesSharing}</dd>
            </div>
            <div>
              <dt>pages_unshared</dt>
              <dd>{k.counters.pagesUnshared}</dd>
            </div>
            <div>
              <dt>pages_volatile</dt>
              <dd>{k.counters.pagesVolatile}</dd>
            </div>
            <div>
              <dt>ksm_zero_pages</dt>
              <dd>{k.counters.zeroPages}</dd>
            </div>
            <div>
              <dt>full_scans</dt>
              <dd>{k.counters.fullScans}</dd>
            </div>
            <div>
              <dt>use_zero_pages</dt>
              <dd>{k.useZeroPages ? 1 : 0}</dd>
            </div>
          </dl>
          <p>
            <CodeText
              text={t('hm.mergeable', { vms: k.mergeable.map((v) => n[v]).join(' ') || '—' })}
            />
          </p>
          <table className="hm-esx">
            <caption>{t('hm.stableTree')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('hm.colContent')}</th>
                <th scope="col">{t('hm.colFrame')}</th>
                <th scope="col">{t('hm.colRefs')}</th>
              </tr>
            </thead>
            <tbody>
              {k.stable.length === 0 && (
                <tr>
                  <td colSpan={3}>{t('hm.treeEmpty')}</td>
                </tr>
              )}
              {k.stable.map((s, i) => (
                <tr
                  key={s.mfn}
                  className={s.focus ? 'hm-focus' : undefined}
                  data-focus={i === focusStable ? 'true' : undefined}
                >
                  <td>
                    {s.focus ? '▶ ' : ''}
                    <code>{s.content}</code>
                  </td>
                  <td>{s.mfn}</td>
                  <td>{s.refs}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <table className="hm-esx">
            <caption>{t('hm.unstableTree')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('hm.colContent')}</th>
                <th scope="col">{t('hm.colPage')}</th>
              </tr>
            </thead>
            <tbody>
              {k.unstable.length === 0 && (
                <tr>
                  <td colSpan={2}>{t('hm.treeEmpty')}</td>
                </tr>
              )}
              {k.unstable.map((u, i) => (
                <tr
                  key={`${u.vm}:${u.gfn}`}
                  className={u.focus ? 'hm-focus' : undefined}
                  data-focus={i === focusUnstable ? 'true' : undefined}
                >
                  <td>
                    {u.focus ? '▶ ' : ''}
                    <code>{u.content}</code>
                  </td>
                  <td>{page(u)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </figure>
  )
}
