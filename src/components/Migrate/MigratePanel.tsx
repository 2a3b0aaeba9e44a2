import { useDeferredValue, useId, useMemo, useState } from 'react'
import { useTranslation } from 'react-i18next'
import {
  type Frame,
  type MigrateConfig,
  type MigrateRound,
  type MigrateTimeline,
  MIGRATE_MAX_WRITES,
  estimatedWrites,
  simulateMigration,
} from '../../engine/index.ts'
import type { UiKey } from '../../i18n/index.ts'
import { CodeText } from '../ui/CodeText.tsx'
import {
  type Chart,
  type CheckpointView,
  MIGRATE_VIEW,
  chartOf,
  layoutMigrate,
  whatIfConfig,
} from './layout.ts'
import './migrate.css'

type Over = {
  readonly dirtyRate?: number
  readonly wws?: number
  readonly bandwidthMiB?: number
  readonly downtimeMs?: number
}

const ms = (n: number): string =>
  n >= 10_000 ? `${(n / 1000).toFixed(1)} s` : `${n.toFixed(1)} ms`
const pages = (n: number): string => (Number.isInteger(n) ? String(n) : n.toFixed(1))

/** A power of ten as an axis label: 1, 10, 100, 1k, 10k, 100k, 1M. */
const tickText = (v: number): string =>
  v >= 1e6 ? `${v / 1e6}M` : v >= 1e3 ? `${v / 1e3}k` : String(v)

const DECISION_KEY: Record<MigrateRound['decision']['kind'], UiKey> = {
  continue: 'mig.decContinue',
  stop: 'mig.decStop',
  'last-live': 'mig.decLastLive',
  postcopy: 'mig.decPostcopy',
  'give-up': 'mig.decGiveUp',
  done: 'mig.decDone',
}
const KIND_KEY: Record<MigrateRound['kind'], UiKey> = {
  live: 'mig.kindLive',
  'stop-copy': 'mig.kindStopCopy',
  postcopy: 'mig.kindPostcopy',
}

/** The chart: bars per round on a log scale, the threshold line, the step's round marked. */
function TimelineChart({ chart, label }: { readonly chart: Chart; readonly label: string }) {
  const { t } = useTranslation()
  const p = chart.plot
  const every = Math.max(1, Math.ceil(chart.bars.length / 15))
  return (
    <svg
      className="mig-svg"
      viewBox={`0 0 ${MIGRATE_VIEW.width} ${MIGRATE_VIEW.height}`}
      role="img"
      aria-label={label}
      data-testid="mig-chart"
    >
      <defs>
        <pattern
          id="mig-hatch"
          width="8"
          height="8"
          patternUnits="userSpaceOnUse"
          patternTransform="rotate(45)"
        >
          <rect width="8" height="8" className="mig-hatch-bg" />
          <line x1="0" y1="0" x2="0" y2="8" className="mig-hatch-line" />
        </pattern>
      </defs>
      {chart.ticks.map((tk) => (
        <g key={tk.value}>
          <line x1={p.left} x2={p.right} y1={tk.y} y2={tk.y} className="mig-grid" />
          <text x={p.left - 8} y={tk.y + 8} textAnchor="end" className="mig-tick">
            {tickText(tk.value)}
          </text>
        </g>
      ))}
      <line x1={p.left} x2={p.left} y1={p.top} y2={p.bottom} className="mig-axis" />
      <line x1={p.left} x2={p.right} y1={p.bottom} y2={p.bottom} className="mig-axis" />
      {chart.bars.map((b, i) => (
        <g
          key={b.round}
          className={`mig-round mig-${b.kind}`}
          data-focus={b.focus ? 'true' : undefined}
          data-testid={`mig-bar-${b.round}`}
        >
          {b.focus && (
            <rect
              x={b.sent.x - 6}
              y={p.top - 4}
              width={b.sent.w * 2 + 12}
              height={p.bottom - p.top + 4}
              className="mig-focus-box"
            />
          )}
          <rect x={b.sent.x} y={b.sent.y} width={b.sent.w} height={b.sent.h} className="mig-sent" />
          <rect
            x={b.dirtied.x}
            y={b.dirtied.y}
            width={b.dirtied.w}
            height={b.dirtied.h}
            className="mig-dirtied"
            fill="url(#mig-hatch)"
          />
          {(i % every === 0 || b.focus) && (
            <text x={b.labelX} y={p.bottom + 30} textAnchor="middle" className="mig-tick">
              {b.kind === 'live' ? b.round : b.kind === 'stop-copy' ? `${b.round}■` : `${b.round}↺`}
            </text>
          )}
        </g>
      ))}
      <line
        x1={p.left}
        x2={p.right}
        y1={chart.thresholdY}
        y2={chart.thresholdY}
        className="mig-threshold"
        data-testid="mig-threshold"
      />
      <text
        x={p.right - 4}
        y={chart.thresholdY - 8}
        textAnchor="end"
        className="mig-threshold-label"
      >
        {t('mig.thresholdLine', { n: pages(chart.thresholdPages) })}
      </text>
    </svg>
  )
}

function RoundTable({
  tl,
  rows,
  focus,
}: {
  readonly tl: MigrateTimeline
  readonly rows: readonly MigrateRound[]
  readonly focus: number | null
}) {
  const { t } = useTranslation()
  return (
    <div className="mig-table-wrap" tabIndex={0} role="region" aria-label={t('mig.tableLabel')}>
      <table className="mig-table" data-testid="mig-table">
        <caption className="visually-hidden">{t('mig.tableLabel')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('mig.colRound')}</th>
            <th scope="col">{t('mig.colKind')}</th>
            <th scope="col">{t('mig.colSent')}</th>
            <th scope="col">{t('mig.colDirtied')}</th>
            <th scope="col">{t('mig.colTime')}</th>
            <th scope="col">{t('mig.colThrottle')}</th>
            <th scope="col">{t('mig.colDecision')}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.index} aria-current={r.index === focus ? 'step' : undefined}>
              <td>
                {r.index === focus ? '▶ ' : ''}
                {r.index}
              </td>
              <td>{t(KIND_KEY[r.kind])}</td>
              <td>{r.sent}</td>
              <td>{r.kind === 'live' ? r.dirtied : '—'}</td>
              <td>{ms(r.durationMs)}</td>
              <td>
                {r.throttlePct === r.throttleAfterPct || r.kind !== 'live'
                  ? `${r.throttlePct}%`
                  : `${r.throttlePct}% → ${r.throttleAfterPct}%`}
              </td>
              <td>
                {t(DECISION_KEY[r.decision.kind])}
                {r.kind === 'postcopy'
                  ? t('punct.paren', { x: t('mig.faults', { n: r.faults }) })
                  : ''}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className="visually-hidden">{t('mig.thresholdLine', { n: pages(tl.thresholdPages) })}</p>
    </div>
  )
}

/** Checkpoint files and what changed since the newest (the stream to a file, §3.6). */
function Checkpoints({ c }: { readonly c: CheckpointView }) {
  const { t } = useTranslation()
  return (
    <section
      className={`mig-ckpt${c.focus ? ' mig-ckpt-focus' : ''}`}
      data-testid="mig-ckpt"
      data-focus={c.focus ? 'true' : undefined}
      aria-label={t('mig.ckptHeading')}
    >
      <h3>{t('mig.ckptHeading')}</h3>
      <p>{t('mig.ckptGuest', { stores: c.guestStores, ms: c.guestMs })}</p>
      {c.files.length === 0 ? (
        <p>{t('mig.ckptNone')}</p>
      ) : (
        <ul>
          {c.files.map((f) => (
            <li key={f.name}>
              {t('mig.ckptFile', {
                name: f.name,
                pages: f.pages,
                mib: Math.round(f.bytes / (1024 * 1024)),
                stores: f.stores,
                at: f.atMs,
                ms: ms(f.writeMs),
              })}
            </li>
          ))}
        </ul>
      )}
      {c.restore !== null ? (
        <p className="mig-ckpt-restore">
          <span aria-hidden="true">↺ </span>
          {t('mig.ckptRestored', {
            name: c.restore.name,
            pages: c.restore.reverted,
            undone: c.restore.undone,
          })}
        </p>
      ) : (
        c.sinceFile !== null &&
        c.sinceFile.stores > 0 && (
          <p>
            {t('mig.ckptSince', {
              name: c.sinceFile.name,
              pages: c.sinceFile.pages,
              stores: c.sinceFile.stores,
            })}
          </p>
        )
      )}
    </section>
  )
}

interface SliderDef {
  readonly key: keyof Over
  readonly label: UiKey
  readonly unit: string
  readonly min: number
  readonly max: number
  readonly step: number
}

function sliderDefs(c: MigrateConfig): SliderDef[] {
  const span = (n: number): number => Math.max(1, Math.round(n / 200))
  const rateMax = Math.max(1000, c.vm.dirtyRate * 4)
  return [
    {
      key: 'dirtyRate',
      label: 'mig.sliderRate',
      unit: '/s',
      min: 0,
      max: rateMax,
      step: span(rateMax),
    },
    {
      key: 'wws',
      label: 'mig.sliderWws',
      unit: '',
      min: 1,
      max: c.vm.pages,
      step: span(c.vm.pages),
    },
    {
      key: 'bandwidthMiB',
      label: 'mig.sliderBw',
      unit: ' MiB/s',
      min: 1,
      max: Math.max(1024, c.link.bandwidthMiB),
      step: 1,
    },
    {
      key: 'downtimeMs',
      label: 'mig.sliderDowntime',
      unit: ' ms',
      min: 1,
      max: Math.max(2000, c.link.downtimeMs),
      step: 1,
    },
  ]
}

const current = (c: MigrateConfig, k: keyof Over): number =>
  k === 'dirtyRate'
    ? c.vm.dirtyRate
    : k === 'wws'
      ? c.vm.wws
      : k === 'bandwidthMiB'
        ? c.link.bandwidthMiB
        : c.link.downtimeMs

/** Live migration: the run's rounds as a chart and a table, and sliders for what-if runs. */
export function MigratePanel({ frame }: { readonly frame: Frame }) {
  const { t } = useTranslation()
  const id = useId()
  const layout = useMemo(() => layoutMigrate(frame.machine.migrate, frame.event), [frame])
  const base = layout.kind === 'run' ? layout.timeline.config : null
  // Slider values belong to the run they were set on; a new run starts from its own numbers.
  const [over, setOver] = useState<{ readonly base: MigrateConfig | null; readonly v: Over }>({
    base: null,
    v: {},
  })
  const active: Over = over.base === base ? over.v : {}
  const deferred = useDeferredValue(active)
  const whatIf = useMemo(() => {
    if (base === null || Object.keys(deferred).length === 0) return null
    const c = whatIfConfig(base, deferred)
    if (estimatedWrites(c) > MIGRATE_MAX_WRITES) return 'too-big' as const
    return simulateMigration(c).timeline
  }, [base, deferred])

  if (layout.kind === 'empty')
    return (
      <figure className="panel migrate" data-testid="migrate">
        <figcaption>
          <h2>{t('mig.heading')}</h2>
        </figcaption>
        <p className="panel-empty">
          <CodeText text={t('mig.empty')} />
        </p>
      </figure>
    )

  const lines = (vm: MigrateConfig['vm'], link: MigrateConfig['link']) => ({
    vm: t('mig.vm', {
      pages: vm.pages,
      mib: Math.round((vm.pages * 4) / 1024),
      wws: vm.wws,
      rate: vm.dirtyRate,
    }),
    link: t('mig.link', { bw: link.bandwidthMiB, dt: link.downtimeMs }),
  })
  const { vm: vmLine, link: linkLine } = lines(layout.vm, layout.link)
  if (layout.kind === 'ready')
    return (
      <figure className="panel migrate" data-testid="migrate">
        <figcaption>
          <h2>{t('mig.heading')}</h2>
        </figcaption>
        <p data-testid="mig-config" data-focus={layout.ckpt?.focus ? undefined : 'true'}>
          {vmLine}
          {t('punct.sentence')}
          {linkLine}
        </p>
        {layout.ckpt !== null && <Checkpoints c={layout.ckpt} />}
        <p>{t('mig.qemuThreshold', { n: pages(layout.qemuThreshold) })}</p>
        <p className="panel-empty">
          <CodeText text={t('mig.notStarted')} />
        </p>
      </figure>
    )

  const tl = whatIf !== null && whatIf !== 'too-big' ? whatIf : layout.timeline
  const showing = tl === layout.timeline
  const chart = showing ? layout.chart : chartOf(tl, tl.rounds.length, null)
  const rows = showing ? layout.timeline.rounds.slice(0, layout.shown) : tl.rounds
  const done = showing ? layout.finished : true
  const pol = tl.config.policy
  const rule = t(
    pol.rule === 'qemu' ? 'mig.ruleQemu' : pol.rule === 'xen' ? 'mig.ruleXen' : 'mig.ruleXenLegacy',
  )
  const status = !done
    ? layout.shown === 0
      ? t('mig.started', { n: tl.rounds.length })
      : t('mig.progress', { k: layout.shown, n: tl.rounds.length })
    : tl.verdict === 'converged'
      ? t('mig.converged', { down: ms(tl.downtimeMs), total: ms(tl.totalMs), sent: tl.totalSent })
      : tl.verdict === 'postcopy'
        ? t('mig.postcopyDone', {
            total: ms(tl.totalMs),
            faults: tl.rounds.reduce((n, r) => n + r.faults, 0),
          })
        : t('mig.notConverged', { n: tl.rounds.length })
  const chartLabel = t('mig.chartLabel', { n: rows.length, rule })
  const defs = base === null ? [] : sliderDefs(base)

  return (
    <figure className="panel migrate" data-testid="migrate">
      <figcaption>
        <h2>{t('mig.heading')}</h2>
        <span className="mig-rule" data-testid="mig-rule">
          {rule}
          {pol.autoConverge ? t('punct.list') + t('mig.autoConverge') : ''}
          {pol.postcopyAfter !== null
            ? t('punct.list') + t('mig.postcopyAfter', { n: pol.postcopyAfter })
            : ''}
          {pol.log === 'pml' ? t('punct.list') + 'PML' : ''}
        </span>
      </figcaption>
      {/* A what-if run states its own numbers. */}
      <p className="mig-config" data-testid="mig-config">
        {lines(tl.config.vm, tl.config.link).vm}
        {t('punct.sentence')}
        {lines(tl.config.vm, tl.config.link).link}
      </p>
      <p
        className={`mig-status mig-${done ? tl.verdict : 'running'}`}
        data-testid="mig-status"
        // Start and verdict steps are about this line; a round step about its bar.
        data-focus={showing && layout.focus === null ? 'true' : undefined}
        aria-live="polite"
      >
        <span aria-hidden="true">
          {!done ? '◔ ' : tl.verdict === 'not-converged' ? '✗ ' : '✓ '}
        </span>
        {!showing && <strong className="mig-whatif">{t('mig.whatIf')} </strong>}
        {status}
        {done && tl.verdict === 'not-converged' && tl.rateAboveLink
          ? t('punct.sentence') + t('mig.rateAbove')
          : ''}
      </p>
      <TimelineChart chart={chart} label={chartLabel} />
      <ul className="mig-legend">
        <li>
          <span className="mig-key mig-key-sent" aria-hidden="true" />
          {t('mig.legendSent')}
        </li>
        <li>
          <span className="mig-key mig-key-dirtied" aria-hidden="true" />
          {t('mig.legendDirtied')}
        </li>
        <li>
          <span className="mig-key mig-key-threshold" aria-hidden="true" />
          {t(pol.rule === 'qemu' ? 'mig.legendThresholdQemu' : 'mig.legendThresholdXen')}
        </li>
        <li>{t('mig.legendLog')}</li>
      </ul>
      <RoundTable tl={tl} rows={rows} focus={showing ? layout.focus : null} />
      <fieldset className="mig-sliders" data-testid="mig-sliders">
        <legend>{t('mig.sliders')}</legend>
        {base !== null &&
          defs.map((d) => {
            const value = active[d.key] ?? current(base, d.key)
            return (
              <div key={d.key} className="mig-slider">
                <label htmlFor={`${id}-${d.key}`}>{t(d.label)}</label>
                {/* The value is read out through aria-valuetext; an <output> would be a live status. */}
                <input
                  id={`${id}-${d.key}`}
                  type="range"
                  min={d.min}
                  max={d.max}
                  step={d.step}
                  value={value}
                  aria-valuetext={`${value}${d.unit}`}
                  onChange={(e) => {
                    const v = Number(e.currentTarget.value)
                    setOver({ base, v: { ...active, [d.key]: v } })
                  }}
                />
                <span className="mig-value" aria-hidden="true">
                  {value}
                  {d.unit}
                </span>
              </div>
            )
          })}
        {whatIf === 'too-big' && <p className="mig-too-big">{t('mig.tooBig')}</p>}
        <button
          type="button"
          disabled={Object.keys(active).length === 0}
          onClick={() => setOver({ base, v: {} })}
        >
          {t('mig.reset')}
        </button>
      </fieldset>
      {layout.ckpt !== null && <Checkpoints c={layout.ckpt} />}
      <p className="mig-note">{t('mig.modelNote')}</p>
    </figure>
  )
}
