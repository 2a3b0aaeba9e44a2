import { useMemo, useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { Frame, Priority } from '../../engine/index.ts'
import type { UiKey } from '../../i18n/index.ts'
import { CodeText } from '../ui/CodeText.tsx'
import { type SegView, type VcpuRow, layoutSched } from './layout.ts'
import './sched.css'

/** Microseconds as milliseconds for the labels: "30 ms", "30.05 ms". */
const ms = (us: number): string => `${Number((us / 1000).toFixed(2))} ms`
const PRI: Record<Priority, string> = { boost: 'BOOST', under: 'UNDER', over: 'OVER' }
const STATE_KEY: Record<VcpuRow['state'], UiKey> = {
  running: 'sch.stRunning',
  queued: 'sch.stQueued',
  halted: 'sch.stHalted',
  parked: 'sch.stParked',
}
const VMX_KEY = { off: 'sch.vmxOff', root: 'sch.vmxRoot', 'non-root': 'sch.vmxNonRoot' } as const

/** Two-level scheduling: which vCPU ran on which pCPU, queues, priorities and credits. */
export function SchedPanel({ frame }: { readonly frame: Frame }) {
  const { t } = useTranslation()
  const layout = useMemo(() => layoutSched(frame.machine, frame.event), [frame])
  // The slice the arrow keys have selected on the timeline (index into all segments).
  const [sel, setSel] = useState<number | null>(null)
  if (layout.kind === 'empty')
    return (
      <figure className="panel sched" data-testid="sched">
        <figcaption>
          <h2>{t('sch.heading')}</h2>
        </figcaption>
        <p className="panel-empty">
          <CodeText text={t('sch.empty')} />
        </p>
      </figure>
    )
  const xen = layout.sched === 'xen'
  const all: { seg: SegView; pcpu: number }[] = layout.rows.flatMap((r) =>
    r.segs.map((seg) => ({ seg, pcpu: r.pcpu })),
  )
  const pick = sel === null ? null : (all[Math.min(sel, all.length - 1)] ?? null)
  const segText = (s: SegView, pcpu: number): string =>
    s.vcpu === null
      ? t('sch.segmentIdle', { pcpu, from: ms(s.fromUs), to: ms(s.toUs) })
      : t('sch.segment', {
          pcpu,
          who:
            s.vcpu +
            t('punct.paren', { x: s.thread !== null ? `\`${s.thread}\`` : t('sch.haltPoll') }),
          from: ms(s.fromUs),
          to: ms(s.toUs),
        })
  const shares =
    layout.run === null
      ? null
      : layout.run.shares
          .map((x) => {
            const span = (layout.run?.toUs ?? 0) - (layout.run?.fromUs ?? 0)
            return `${x.vcpu} ${span > 0 ? Math.round((x.ranUs / span) * 1000) / 10 : 0}%`
          })
          .join(t('punct.list'))
  return (
    <figure className="panel sched" data-testid="sched">
      <figcaption>
        <h2>{t('sch.heading')}</h2>
        <span
          className="sch-host"
          data-testid="sch-host"
          data-focus={layout.headFocus ? 'true' : undefined}
        >
          {t(xen ? 'sch.hostXen' : 'sch.hostKvm', { n: layout.pcpus, t: ms(layout.nowUs) })}
        </span>
      </figcaption>
      <div
        className="sch-timeline"
        role="group"
        tabIndex={0}
        aria-label={t('sch.timeline', { from: ms(layout.fromUs), to: ms(layout.toUs) })}
        aria-describedby="sch-help"
        data-testid="sch-timeline"
        data-focus={layout.timelineFocus ? 'true' : undefined}
        onKeyDown={(ev) => {
          if (all.length === 0) return
          const cur = sel ?? all.length
          if (ev.key === 'ArrowLeft') setSel(Math.max(0, cur - 1))
          else if (ev.key === 'ArrowRight') setSel(Math.min(all.length - 1, cur + 1))
          else if (ev.key === 'Home') setSel(0)
          else if (ev.key === 'End') setSel(all.length - 1)
          else return
          ev.preventDefault()
        }}
      >
        <div className="sch-axis" aria-hidden="true">
          <span className="sch-label" />
          <div className="sch-track sch-ticks">
            {layout.ticks.map((k) => (
              <span
                key={k.atUs}
                className={`sch-tick${k.acct ? ' sch-tick-acct' : ''}`}
                // The labels at the ends stay inside the track.
                style={{
                  left: `${k.pct}%`,
                  transform: `translateX(${k.pct < 5 ? 0 : k.pct > 95 ? -100 : -50}%)`,
                }}
              >
                {k.atUs % 30_000 === 0 ? ms(k.atUs) : ''}
              </span>
            ))}
          </div>
        </div>
        {layout.rows.map((r) => (
          <div className="sch-row" key={r.pcpu}>
            <span
              className="sch-label"
              data-testid={`sch-pcpu-${r.pcpu}`}
              data-focus={r.focus ? 'true' : undefined}
            >
              <strong>{t('sch.pcpu', { n: r.pcpu })}</strong>
              <span className="sch-now">
                {r.running === null
                  ? t('sch.idle')
                  : xen
                    ? `▶ ${r.running.id} ${PRI[r.running.pri]}`
                    : `▶ ${r.running.id}`}
              </span>
              <span className="sch-queue">
                {r.queue.length === 0
                  ? t('sch.queueEmpty')
                  : t('sch.queue', {
                      list: r.queue
                        .map((q) => (xen ? `${q.id} ${PRI[q.pri]}` : q.id))
                        .join(t('punct.list')),
                    })}
              </span>
            </span>
            <div className="sch-track" aria-hidden="true">
              {layout.ticks.map((k) => (
                <span
                  key={k.atUs}
                  className={`sch-grid${k.acct ? ' sch-grid-acct' : ''}`}
                  style={{ left: `${k.pct}%` }}
                />
              ))}
              {r.segs.map((s) => {
                const i = all.findIndex((a) => a.seg === s)
                return (
                  <span
                    key={`${s.fromUs}-${s.vcpu ?? 'idle'}`}
                    className={`sch-seg ${s.vm === null ? 'sch-seg-idle' : `sch-vm${s.vm % 4}`}${s.thread === null && s.vcpu !== null ? ' sch-seg-poll' : ''}${pick?.seg === s ? ' sch-seg-picked' : ''}`}
                    style={{ left: `${s.left}%`, width: `${s.width}%` }}
                    title={segText(s, r.pcpu)}
                    onClick={() => setSel(i)}
                  >
                    {s.vcpu !== null && s.width > 7 ? s.vcpu : ''}
                  </span>
                )
              })}
            </div>
          </div>
        ))}
        <p id="sch-help" className="sch-readout" aria-live="polite">
          {pick === null ? t('sch.timelineHelp') : <CodeText text={segText(pick.seg, pick.pcpu)} />}
        </p>
      </div>
      {shares !== null && (
        <p className="sch-run" data-testid="sch-run">
          {t('sch.run', { span: ms((layout.run?.toUs ?? 0) - (layout.run?.fromUs ?? 0)), shares })}
        </p>
      )}
      <table className="sch-table" data-testid="sch-vcpus">
        <thead>
          <tr>
            <th scope="col">{t('sch.colVcpu')}</th>
            <th scope="col">{t('sch.colWeight')}</th>
            <th scope="col">{t('sch.colState')}</th>
            {xen && <th scope="col">{t('sch.colPri')}</th>}
            <th scope="col">{t(xen ? 'sch.colCredit' : 'sch.colVruntime')}</th>
            <th scope="col">{t('sch.colCpu')}</th>
            <th scope="col">{t('sch.colVmcs')}</th>
            <th scope="col">{t('sch.colThread')}</th>
          </tr>
        </thead>
        <tbody>
          {layout.vcpus.map((v) => (
            <tr
              key={v.id}
              className={v.focus ? 'sch-focus' : undefined}
              data-focus={v.focus ? 'true' : undefined}
            >
              <th scope="row">
                <span className={`sch-swatch sch-vm${v.vmIndex % 4}`} aria-hidden="true" />
                {v.focus ? '▶ ' : ''}
                {v.id}
              </th>
              <td>
                {v.weight}
                {t('punct.list')}
                {v.cap === 0 ? t('sch.capNone') : `${v.cap}%`}
              </td>
              <td>{t(STATE_KEY[v.state], { p: v.pcpu })}</td>
              {xen && <td className={`sch-pri sch-pri-${v.pri}`}>{PRI[v.pri]}</td>}
              <td>
                {xen ? v.credit : ms(v.vruntimeUs)}
                {xen && !v.active ? t('sch.inactive') : ''}
              </td>
              <td>{ms(v.ranUs)}</td>
              <td>
                {v.lastRanOn === null
                  ? '—'
                  : t('sch.vmcsMoves', { p: v.lastRanOn, n: v.vmcsMoves })}
              </td>
              <td>
                {v.thread !== null ? (
                  <code>{v.thread}</code>
                ) : v.threads.length === 0 ? (
                  '—'
                ) : (
                  t('sch.waiting')
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {xen && (
        <div
          className="sch-acct"
          data-testid="sch-acct"
          data-focus={layout.acctFocus ? 'true' : undefined}
        >
          {layout.acct === null ? (
            <p>{t('sch.acctNone')}</p>
          ) : (
            <>
              <p>
                <strong>
                  {t('sch.acct', {
                    t: ms(layout.acct.atUs),
                    total: layout.acct.creditTotal,
                    w: layout.acct.weightTotal,
                  })}
                </strong>
              </p>
              <ul>
                {layout.acct.domains.map((d) => (
                  <li key={d.vm}>
                    {t('sch.acctRow', { vm: d.vm, fair: d.fairShare, per: d.perVcpu })}
                    {d.capPerVcpu !== null ? t('sch.acctCap', { peak: d.peak }) : ''}
                  </li>
                ))}
                {layout.acct.vcpus.map((v) => (
                  <li key={v.vcpu}>
                    {v.vcpu +
                      t('punct.colon') +
                      `${v.before} + ${v.added} = ${v.after} → ${PRI[v.pri]}`}
                    {v.parkedNow ? t('sch.parkedNow') : ''}
                    {v.unparkedNow ? t('sch.unparkedNow') : ''}
                    {v.stoppedEarning ? t('sch.stopped') : ''}
                  </li>
                ))}
              </ul>
            </>
          )}
        </div>
      )}
      {layout.vmx !== null && (
        <div className="sch-vmx" data-testid="sch-vmx">
          <h3>{t('sch.vmxHeading')}</h3>
          <ul>
            {layout.vmx.map((r) => (
              <li
                key={r.pcpu}
                className={r.focus ? 'sch-focus' : undefined}
                data-focus={r.focus ? 'true' : undefined}
              >
                {r.vmcs === null
                  ? t('sch.vmxRowNone', { p: r.pcpu, mode: t(VMX_KEY[r.mode]) })
                  : t('sch.vmxRow', {
                      p: r.pcpu,
                      mode: t(VMX_KEY[r.mode]),
                      vmcs:
                        r.vmcs +
                        t('punct.paren', {
                          x: t(r.launch === 'launched' ? 'sch.launched' : 'sch.clear'),
                        }),
                    })}
                {r.selected ? ` ${t('sch.vmxSelected')}` : ''}
                {r.sharedWith !== null && (
                  <strong className="sch-warn"> {t('sch.vmxShared', { q: r.sharedWith })}</strong>
                )}
              </li>
            ))}
          </ul>
        </div>
      )}
      <ul className="sch-legend">
        <li>
          <span className="sch-swatch sch-seg-idle" aria-hidden="true" />
          {t('sch.legendIdle')}
        </li>
        {xen && <li>{t('sch.legendAcct')}</li>}
      </ul>
      <p className="sch-note">{t(xen ? 'sch.modelNoteXen' : 'sch.modelNoteKvm')}</p>
    </figure>
  )
}
