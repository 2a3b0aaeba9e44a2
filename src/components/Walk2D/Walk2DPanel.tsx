import { CodeText } from '../ui/CodeText.tsx'
import { useMemo } from 'react'
import { useTranslation } from 'react-i18next'
import { type Frame, EXIT_REASON, eptFlagText, hex, sizeLabel } from '../../engine/index.ts'
import type { UiKey } from '../../i18n/index.ts'
import { type GridCell, type GridRow, type Walk2DLayout, layoutWalk2D } from './layout.ts'
import { useLaterInCommand } from '../hooks/useLaterInCommand.ts'
import { TlbTable } from '../Tlb/TlbTable.tsx'
import { Build } from './Build.tsx'
import { EPT_FLAGS, guestFlags } from './flags.ts'
import { focusAttr, useOwnsStageFocus } from '../Player/focusContext.ts'
import './walk2d.css'

type T = (key: UiKey, params?: Record<string, string | number>) => string
/** The layout's focus when this panel holds the stage's (null otherwise). */
type Focus = Walk2DLayout['focus']

const MARK: Record<GridCell['state'], string> = {
  done: '✔',
  current: '▶',
  pending: '·',
  unused: '—',
  unreached: '—',
  cached: '⚡',
  psc: '⚡',
}

function Cell({ c, t, f }: { readonly c: GridCell; readonly t: T; readonly f: Focus }) {
  const word =
    c.n === null && c.dim === 'guest' && c.state === 'done'
      ? t('w2d.cell.register')
      : c.stop && c.state !== 'pending'
        ? t('w2d.cell.stop')
        : t(`w2d.cell.${c.state}`)
  return (
    <td
      className={`w2d-cell ${c.state} ${c.dim}${c.stop ? ' stop' : ''}`}
      data-testid={`w2d-cell-${c.dim}-${c.level}-${c.n ?? 'x'}`}
      aria-current={c.state === 'current' ? 'step' : undefined}
      data-focus={focusAttr(
        (f === 'cell' && c.state === 'current') ||
          (f === 'cached' && (c.state === 'cached' || c.state === 'psc')),
      )}
    >
      <span className="w2d-n">
        <span aria-hidden="true">{MARK[c.state]} </span>
        {c.n !== null ? `#${c.n}` : ''}
      </span>
      <span className="w2d-word">{word}</span>
      {c.addr !== null && c.state !== 'pending' ? (
        <code className="w2d-addr">{hex(c.addr)}</code>
      ) : null}
    </td>
  )
}

function Grid({ l, t, f }: { readonly l: Walk2DLayout; readonly t: T; readonly f: Focus }) {
  return (
    <div className="w2d-grid-wrap">
      <table className="w2d-grid" aria-label={t('w2d.grid')} data-testid="w2d-grid">
        <thead>
          <tr>
            <td />
            {l.columns.map((c) => (
              <th key={c} scope="col">
                {t('w2d.colEpt', { level: c })}
              </th>
            ))}
            <th scope="col" className="guest">
              {t('w2d.colGuest')}
            </th>
          </tr>
        </thead>
        <tbody>
          {l.rows.map((r: GridRow) => (
            <tr key={r.row} data-testid={`w2d-row-${r.row}`}>
              <th scope="row">
                {r.row === 0 ? t('w2d.rowData') : t('w2d.rowGuest', { level: r.row })}
                {r.gpa !== null ? (
                  <span className="w2d-gpa">{t('w2d.gpaOf', { gpa: hex(r.gpa) })}</span>
                ) : null}
              </th>
              {r.nested.map((c) => (
                <Cell key={c.level} c={c} t={t} f={f} />
              ))}
              {r.guest ? <Cell c={r.guest} t={t} f={f} /> : <td className="w2d-cell data">→</td>}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  )
}

function Current({ l, t, f }: { readonly l: Walk2DLayout; readonly t: T; readonly f: Focus }) {
  const c = l.current
  if (!c) {
    if (!l.live || !l.record) return null
    return <p className="w2d-note">{l.done === 0 ? t('w2d.waiting') : t('w2d.finished')}</p>
  }
  const r = c.ref
  const dim = t(r.kind === 'ept.nested-ref' ? 'w2d.dim.nested' : 'w2d.dim.guest')
  return (
    <section
      className={`w2d-current ${r.kind === 'ept.nested-ref' ? 'nested' : 'guest'}`}
      data-testid="w2d-current"
    >
      <h3>
        {t('w2d.current')}
        {t('punct.colon')}
        {r.kind === 'ept.nested-ref'
          ? t('w2d.curNested', { n: r.n, dim, name: r.name, index: r.index, gpa: hex(r.gpa) })
          : t('w2d.curGuest', { n: r.n, dim, name: r.name, index: r.index, gpa: hex(r.gpa) })}
      </h3>
      <dl>
        <dt>{t('w2d.tablePage')}</dt>
        <dd>{hex(c.tablePage)}</dd>
        <dt>{t('w2d.entryHpa')}</dt>
        <dd data-testid="w2d-current-hpa">{r.addr === null ? '—' : hex(r.addr)}</dd>
        <dt>{t('w2d.raw')}</dt>
        <dd>{hex(r.raw)}</dd>
        <dt>{t('w2d.flags')}</dt>
        <dd>
          {r.kind === 'ept.nested-ref' ? eptFlagText(r.flags, EPT_FLAGS) : guestFlags(r.flags)}
        </dd>
      </dl>
      {l.ad ? (
        <p className="w2d-ad" data-testid="w2d-ad" data-focus={focusAttr(f === 'ad')}>
          <span aria-hidden="true">✎ </span>
          {t(l.ad.dim === 'guest' ? 'w2d.adGuest' : 'w2d.adEpt', {
            set: l.ad.set,
            name: l.ad.name,
            addr: hex(l.ad.addr),
            old: hex(l.ad.old),
            raw: hex(l.ad.raw),
          })}
        </p>
      ) : null}
    </section>
  )
}

function Outcome({
  l,
  t,
  focus,
}: {
  readonly l: Walk2DLayout
  readonly t: T
  readonly focus: boolean
}) {
  const rec = l.record
  if (!rec || !l.outcomeShown) return null
  const o = rec.access.outcome
  if (o.result === 'ok')
    return (
      <p className="w2d-result" data-testid="w2d-result" data-focus={focusAttr(focus)}>
        {t('w2d.result', { hpa: hex(o.hpa), gpa: hex(o.gpa), size: sizeLabel(o.pageBytes) })}
      </p>
    )
  if (o.result === 'fault')
    return (
      <section
        className="w2d-box fault"
        role="note"
        data-testid="w2d-fault"
        data-focus={focusAttr(focus)}
      >
        <h3>
          <span aria-hidden="true">⚠ </span>
          {o.fault.vector === 14
            ? t('w2d.pf', { code: '0x' + o.fault.errorCode.toString(16) })
            : t('w2d.gp')}
        </h3>
      </section>
    )
  const s = rec.stop
  return (
    <section
      className="w2d-box exit"
      role="note"
      data-testid="w2d-exit"
      data-focus={focusAttr(focus)}
    >
      <h3>
        <span aria-hidden="true">⏏ </span>
        {t(o.exit.reason === EXIT_REASON.EPT_VIOLATION ? 'w2d.exit48' : 'w2d.exit49')}
      </h3>
      <p>{t('w2d.exitGpa', { gpa: hex(o.exit.gpa) })}</p>
      {o.exit.gla !== null ? <p>{t('w2d.exitGla', { gla: hex(o.exit.gla) })}</p> : null}
      {s?.kind === 'ept.misconfig' ? (
        <p>
          {t('w2d.misWhy', {
            name: s.name,
            addr: hex(s.addr),
            raw: hex(s.raw),
            why: t(`w2d.why.${s.why}`),
          })}
        </p>
      ) : null}
      {l.qualBits.length > 0 ? (
        <>
          <p className="w2d-qual-head">{t('w2d.qual', { q: hex(o.exit.qualification) })}</p>
          <ol className="w2d-qual" aria-label={t('w2d.qual', { q: hex(o.exit.qualification) })}>
            {l.qualBits.map((b) => (
              <li key={b.bit} className={b.set ? 'set' : undefined} data-testid={`w2d-q-${b.bit}`}>
                <span className="w2d-qbit">
                  {t('w2d.bit', { n: b.bit })} = {b.set ? 1 : 0}
                </span>
                <span>{t(`w2d.q${b.bit}.${b.set ? 1 : 0}` as UiKey)}</span>
              </li>
            ))}
          </ol>
        </>
      ) : null}
    </section>
  )
}

function Compare({ l, t }: { readonly l: Walk2DLayout; readonly t: T }) {
  if (!l.record) return null
  const full = l.n === 0 ? l.m : (l.n + 1) * (l.m + 1) - 1
  const items: [string, string][] = [
    [t('w2d.cmpNative'), String(l.n)],
    // Shadow tables have the guest's geometry: one reference per guest level once filled
    // (hw-facts §8), paid for with exits on every guest page-table write.
    [t('w2d.cmpShadow'), String(l.n)],
    [t('w2d.cmpNested'), String(full)],
    [t('w2d.cmpThis'), String(l.total)],
    [t('w2d.cmpHit'), '0'],
  ]
  return (
    <section className="w2d-compare" aria-label={t('w2d.compare')}>
      <h3>{t('w2d.compare')}</h3>
      <ul>
        {items.map(([k, v]) => (
          <li key={k}>
            <span>{k}</span> <strong>{v}</strong>
          </li>
        ))}
      </ul>
    </section>
  )
}

function Tlb({ l, t, f }: { readonly l: Walk2DLayout; readonly t: T; readonly f: Focus }) {
  return (
    <TlbTable
      focus={f === 'tlb' ? 'heading' : f === 'tlb-rows' ? 'rows' : null}
      className="w2d-tlb"
      label={t('w2d.tlb')}
      heading={
        <>
          {t('w2d.tlb')}
          {t('punct.paren', { x: `${l.tlb.length}/${l.tlbCapacity}` })} ·{' '}
          {l.vpid === 0 ? t('w2d.vpidOff') : t('w2d.vpid', { vpid: l.vpid })}
        </>
      }
      notice={
        l.flush ? (
          <p className="w2d-note" data-testid="w2d-flush" data-focus={focusAttr(f === 'flush')}>
            {t('w2d.flush', {
              n: l.flush.removed.length,
              reason: l.flush.reason,
              kept: l.flush.kept,
            })}
          </p>
        ) : null
      }
      empty={{ text: t('w2d.tlbEmpty'), className: 'w2d-note' }}
      rows={l.tlb}
      rowKey={(r) => `${r.entry.vpid}-${r.entry.pcid}-${r.entry.eptp}-${r.entry.va}`}
      columns={[
        { head: 'VPID', cell: (r) => r.entry.vpid },
        {
          head: t('w2d.tlbPcid'),
          cell: (r) => (r.entry.global ? t('w2d.tlbGlobal') : r.entry.pcid),
        },
        { head: t('w2d.tlbVa'), cell: (r) => hex(r.entry.va) },
        { head: t('w2d.tlbGpa'), cell: (r) => hex(r.entry.gpa) },
        { head: t('w2d.tlbHpa'), cell: (r) => hex(r.entry.hpa) },
        { head: t('w2d.tlbSize'), cell: (r) => sizeLabel(r.entry.pageBytes) },
      ]}
      note={{
        head: t('w2d.tlbNote'),
        hit: t('w2d.tlbHit'),
        filled: t('w2d.tlbNew'),
        pending: t('w2d.tlbPending'),
      }}
      markPending
    />
  )
}

/** The nested (2-D) walk of `mmu ept`: grid, this step's reference, exits, TLB with VPIDs. */
export function Walk2DPanel({ frame }: { readonly frame: Frame }) {
  const { t } = useTranslation()
  const later = useLaterInCommand(frame)
  const l = useMemo(() => layoutWalk2D(frame.machine, frame.event, later), [frame, later])
  const f = useOwnsStageFocus() ? l.focus : null
  const rec = l.record
  return (
    <figure className="panel walk2d" data-testid="walk2d">
      <figcaption>
        <h2>{t('w2d.heading')}</h2>
        {rec ? (
          <span className="w2d-access">
            {t('w2d.access', {
              va: hex(rec.access.va),
              intent: t(`w2d.intent.${rec.access.intent}`),
              mode: t(`w2d.mode.${rec.access.mode}`),
            })}
          </span>
        ) : null}
      </figcaption>
      {l.mmu !== 'ept' ? (
        <p className="w2d-note">
          <CodeText text={t('w2d.notEpt', { mmu: l.mmu })} />
        </p>
      ) : l.build ? (
        <>
          {!l.walked ? (
            <p className="w2d-note">
              <CodeText text={t('w2d.noWalk')} />
            </p>
          ) : null}
          <Build b={l.build} t={t} focus={f === 'build'} walked={l.walked} />
        </>
      ) : !rec ? (
        <p className="w2d-note">
          <CodeText text={t('w2d.noWalk')} />
        </p>
      ) : (
        <>
          <p className="w2d-count" data-testid="w2d-count" aria-live="polite">
            {rec.access.tlb === 'hit'
              ? t('w2d.countHit')
              : t('w2d.count', { done: l.done, total: l.total })}
          </p>
          <p className="w2d-formula">
            {l.n === 0
              ? t('w2d.formulaOff', { m: l.m })
              : t('w2d.formula', { n: l.n, m: l.m, full: (l.n + 1) * (l.m + 1) - 1 })}
          </p>
          {rec.access.tlb === 'hit' ? null : <Grid l={l} t={t} f={f} />}
          <Current l={l} t={t} f={f} />
          <Outcome l={l} t={t} focus={f === 'outcome'} />
          <Compare l={l} t={t} />
        </>
      )}
      <Tlb l={l} t={t} f={f} />
    </figure>
  )
}
