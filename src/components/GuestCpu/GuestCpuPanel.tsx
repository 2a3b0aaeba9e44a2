import { useMemo } from 'react'
import { useTranslation } from 'react-i18next'
import type { Frame } from '../../engine/index.ts'
import type { UiKey } from '../../i18n/index.ts'
import { focusAttr, useOwnsStageFocus } from '../Player/focusContext.ts'
import { CodeText } from '../ui/CodeText.tsx'
import {
  type GuestCpuLayout,
  type GuestFocus,
  type VtxSetupItem,
  layoutGuestCpu,
} from './layout.ts'
import { useCommandEvents } from '../hooks/useLaterInCommand.ts'
import './guestCpu.css'

type T = (key: UiKey, params?: Record<string, string | number>) => string

// Each class has a shape as well as a colour, so it reads without colour.
const PG_MARK = {
  privileged: '■',
  'control-sensitive': '▲',
  'behaviour-sensitive': '◆',
  innocuous: '○',
} as const

function Program({
  l,
  t,
  f,
}: {
  readonly l: GuestCpuLayout
  readonly t: T
  readonly f: GuestFocus
}) {
  return (
    <table className="gc-program" aria-label={t('gc.program')}>
      <thead>
        <tr>
          <th scope="col">{t('gc.col.line')}</th>
          <th scope="col">{t('gc.col.address')}</th>
          <th scope="col">{t('gc.col.instr')}</th>
          <th scope="col">{t('gc.col.class')}</th>
          <th scope="col">{t('gc.col.step')}</th>
        </tr>
      </thead>
      <tbody>
        {l.lines.map((x) => (
          <tr
            key={x.index}
            className={`${x.current ? 'current' : ''}${x.next ? ' next' : ''}`}
            aria-current={x.current ? 'step' : undefined}
            data-testid={`gc-line-${x.line}`}
            data-focus={focusAttr(f?.kind === 'line' && f.index === x.index)}
          >
            <td className="gc-num">
              {x.current ? (
                <span aria-hidden="true">▶ </span>
              ) : x.next ? (
                <span aria-hidden="true">▷ </span>
              ) : null}
              {x.line}
            </td>
            <td className="gc-addr">
              <code>{x.address ?? ''}</code>
            </td>
            <td>
              {x.label === null ? null : <code className="gc-label">{x.label}:</code>}{' '}
              {x.text === null ? null : <code>{x.text}</code>}
            </td>
            <td className={x.pg === null ? '' : `gc-pg ${x.pg}`}>
              {x.pg === null ? null : (
                <>
                  <span aria-hidden="true">{PG_MARK[x.pg]} </span>
                  {t(`gc.pg.${x.pg}`)}
                </>
              )}
            </td>
            <td className={x.outcome === null ? '' : `gc-outcome ${x.outcome}`}>
              {x.outcome === null ? (x.next ? t('gc.nextMark') : '') : t(`gc.outcome.${x.outcome}`)}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  )
}

function Cpus({ l, t, f }: { readonly l: GuestCpuLayout; readonly t: T; readonly f: GuestFocus }) {
  return (
    <table className="gc-cpu" aria-label={t('gc.cpu')} data-focus={focusAttr(f?.kind === 'cpu')}>
      <caption>{l.oneCpu ? t('gc.oneCpu') : t('gc.twoCpus')}</caption>
      <thead>
        <tr>
          <th scope="col">{t('gc.col.reg')}</th>
          <th scope="col">{t('gc.real')}</th>
          <th scope="col">{t('gc.virtual')}</th>
          <th scope="col">{t('gc.col.same')}</th>
        </tr>
      </thead>
      <tbody>
        {l.cpu.map((r) => (
          <tr key={r.key} className={r.differs ? 'differs' : ''} data-testid={`gc-cpu-${r.key}`}>
            <th scope="row">{t(`gc.reg.${r.key}`)}</th>
            <td>
              <code>{r.real}</code>
            </td>
            <td>
              <code>{r.virt}</code>
            </td>
            <td>{r.differs ? <strong>≠ {t('gc.differs')}</strong> : '='}</td>
          </tr>
        ))}
      </tbody>
    </table>
  )
}

const SETUP_KEY: Record<VtxSetupItem['key'], UiKey> = {
  'vmxon-region': 'gc.setup.vmxonRegion',
  vmxon: 'gc.setup.vmxon',
  'vmcs-region': 'gc.setup.vmcsRegion',
  vmclear: 'gc.setup.vmclear',
  vmptrld: 'gc.setup.vmptrld',
  controls: 'gc.setup.controls',
}

/** `way vt-x` prepares VMX step by step: what is done, what this step does, what is left. */
function Setup({ l, t, f }: { readonly l: GuestCpuLayout; readonly t: T; readonly f: GuestFocus }) {
  if (l.setup === null) return null
  return (
    <section
      className="gc-setup"
      data-testid="gc-setup"
      data-focus={focusAttr(f?.kind === 'setup')}
    >
      <h3>
        <CodeText text={t('gc.setup.heading')} />
      </h3>
      <ol>
        {l.setup.map((s) => (
          <li
            key={s.key}
            className={s.now ? 'now' : s.done ? 'done' : 'todo'}
            data-testid={`gc-setup-${s.key}`}
          >
            <span aria-hidden="true">{s.now ? '▶ ' : s.done ? '✓ ' : '○ '}</span>
            <CodeText text={t(SETUP_KEY[s.key])} />
            {s.of > 1 ? ` (${s.count}/${s.of})` : ''}
            {t('punct.colon')}
            {t(s.now ? 'gc.setup.now' : s.done ? 'gc.setup.done' : 'gc.setup.todo')}
          </li>
        ))}
      </ol>
    </section>
  )
}

function Now({ l, t, f }: { readonly l: GuestCpuLayout; readonly t: T; readonly f: GuestFocus }) {
  const n = l.now
  if (n === null) return null
  return (
    <div
      className="gc-now"
      role="note"
      data-testid="gc-now"
      data-focus={focusAttr(f?.kind === 'now')}
    >
      {n.text !== null && n.outcome !== null ? (
        <p>
          <code>{n.text}</code> → <strong>{t(`gc.outcome.${n.outcome}`)}</strong>
          {n.fault
            ? ` · ${t('gc.fault', { v: n.fault.vector, code: n.fault.code === null ? '—' : `0x${n.fault.code.toString(16)}` })}`
            : ''}
          {n.exit ? ` · ${t('gc.exit', { reason: n.exit.reason, name: n.exit.name })}` : ''}
        </p>
      ) : null}
      {n.hypercall ? (
        <p>
          <CodeText
            text={t('gc.hypercall', {
              nr: n.hypercall.nr,
              name: n.hypercall.name,
              stub: n.hypercall.stub,
              bytes: n.hypercall.bytes,
            })}
          />
        </p>
      ) : null}
      {n.diverged.length > 0 ? (
        <ul className="gc-diverged" aria-label={t('gc.divergedList')}>
          {n.diverged.map((d) => (
            <li key={`${d.kind}${d.what}`}>
              <span aria-hidden="true">⚠ </span>
              {d.kind === 'value' ? <code>{d.what}</code> : null}
              <CodeText text={t(`gc.div.${d.kind}`, { bare: d.bare, here: d.here })} />
            </li>
          ))}
        </ul>
      ) : null}
      {n.interrupt ? (
        <p>
          {t('gc.interrupt', {
            v: n.interrupt.vector,
            action: t(`gc.irq.${n.interrupt.action}` as UiKey),
          })}
          {n.exit ? ` · ${t('gc.exit', { reason: n.exit.reason, name: n.exit.name })}` : ''}
        </p>
      ) : null}
      {n.stopped !== null ? <p>{t('gc.stopped', { why: n.stopped })}</p> : null}
    </div>
  )
}

function Cache({ l, t, f }: { readonly l: GuestCpuLayout; readonly t: T; readonly f: GuestFocus }) {
  if (l.way !== 'bt') return null
  return (
    <section className="gc-tc" aria-label={t('gc.tc')}>
      <h3>{t('gc.tc')}</h3>
      {l.tc.length === 0 ? <p className="gc-muted">{t('gc.tcEmpty')}</p> : null}
      <ol className="gc-ccfs">
        {l.tc.map((c) => (
          <li
            key={c.start}
            className={c.fresh ? 'fresh' : ''}
            data-testid={`gc-ccf-${c.start}`}
            data-focus={focusAttr(f?.kind === 'ccf' && f.start === c.start)}
          >
            <p className="gc-ccf-head">
              {c.fresh ? <span aria-hidden="true">★ </span> : null}
              {t('gc.ccf', { line: c.start, addr: c.tcAddr, n: c.instrs.length })}
              {c.fresh ? ` · ${t('gc.fresh')}` : ''}
            </p>
            <table className="gc-ccf">
              <tbody>
                {c.instrs.map((i) => (
                  <tr key={i.line} className={`gc-tkind ${i.kind}`}>
                    <td>
                      <code>{i.guest}</code>
                    </td>
                    <td>{t(`gc.tkind.${i.kind}`)}</td>
                    <td>
                      <code>{i.out.join(' ; ')}</code>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </li>
        ))}
      </ol>
      {l.chained.length > 0 ? (
        <p className="gc-chains">
          {t('gc.chained')}
          {t('punct.colon')}
          {l.chained.map((c) => `${c.from} → ${c.to}`).join(t('punct.list'))}
        </p>
      ) : null}
    </section>
  )
}

function CountsStrip({
  l,
  t,
  f,
}: {
  readonly l: GuestCpuLayout
  readonly t: T
  readonly f: GuestFocus
}) {
  const c = l.counts
  const items: [UiKey, number][] = [
    ['gc.n.instructions', c.instructions],
    ['gc.n.traps', c.traps],
    ['gc.n.divergences', c.divergences],
    ['gc.n.exits', c.exits],
    ['gc.n.translations', c.translations],
    ['gc.n.callouts', c.callouts],
    ['gc.n.hypercalls', c.hypercalls],
    ['gc.n.cycles', c.cycles],
  ]
  return (
    <ul
      className="gc-counts"
      aria-label={t('gc.counts')}
      data-focus={focusAttr(f?.kind === 'counts')}
    >
      {items.map(([k, v]) => (
        <li key={k}>
          <span className="gc-count-value">{v}</span> <span className="gc-count-label">{t(k)}</span>
        </li>
      ))}
    </ul>
  )
}

function Compare({
  l,
  t,
  f,
}: {
  readonly l: GuestCpuLayout
  readonly t: T
  readonly f: GuestFocus
}) {
  if (l.compare === null) return null
  return (
    <table
      className="gc-compare"
      aria-label={t('gc.compare')}
      data-focus={focusAttr(f?.kind === 'compare')}
      data-testid="gc-compare"
    >
      <caption>{t('gc.compareNote')}</caption>
      <thead>
        <tr>
          <th scope="col">{t('gc.col.way')}</th>
          <th scope="col">{t('gc.n.traps')}</th>
          <th scope="col">{t('gc.n.exits')}</th>
          <th scope="col">{t('gc.n.translations')}</th>
          <th scope="col">{t('gc.n.callouts')}</th>
          <th scope="col">{t('gc.n.hypercalls')}</th>
          <th scope="col">{t('gc.n.divergences')}</th>
          <th scope="col">{t('gc.n.cycles')}</th>
          <th scope="col">{t('gc.n.uncited')}</th>
        </tr>
      </thead>
      <tbody>
        {l.compare.map((r) => (
          <tr key={r.way}>
            <th scope="row">{t(`gc.way.${r.way}`)}</th>
            <td>{r.counts.traps}</td>
            <td>{r.counts.exits}</td>
            <td>{r.counts.translations}</td>
            <td>{r.counts.callouts}</td>
            <td>{r.counts.hypercalls}</td>
            <td>{r.counts.divergences}</td>
            <td>≈{r.counts.cycles}</td>
            <td>{r.counts.uncited}</td>
          </tr>
        ))}
      </tbody>
    </table>
  )
}

export function GuestCpuPanel({ frame }: { readonly frame: Frame }) {
  const { t } = useTranslation()
  const command = useCommandEvents(frame)
  const l = useMemo(
    () => layoutGuestCpu(frame.machine.guest, frame.event, command),
    [frame, command],
  )
  const f = useOwnsStageFocus() ? l.focus : null
  return (
    <figure className="panel guestcpu" data-testid="guestcpu">
      <figcaption>
        <h2>{t('gc.heading')}</h2>
        <span className="gc-way">
          {t('gc.wayNow', { way: t(`gc.way.${l.way}`), bits: l.bits })}
          {l.halted ? ` · ${t('gc.halted')}` : ''}
          {l.pending.length > 0 ? ` · ${t('gc.pending', { list: l.pending.join(', ') })}` : ''}
        </span>
      </figcaption>
      {l.empty ? (
        <p className="gc-muted">
          <CodeText text={t('gc.empty')} />
        </p>
      ) : (
        <>
          <Setup l={l} t={t} f={f} />
          <Now l={l} t={t} f={f} />
          <div className="gc-grid">
            <Program l={l} t={t} f={f} />
            <Cpus l={l} t={t} f={f} />
          </div>
          <p className="gc-idt" data-testid="gc-idt">
            <CodeText
              text={
                l.gates.length === 0
                  ? t('gc.idtNone')
                  : `${t('gc.idt')}${t('punct.colon')}${l.gates
                      .map((g) => t('gc.idtGate', { v: g.vector, line: g.line, dpl: g.dpl }))
                      .join(t('punct.list'))}`
              }
            />
          </p>
          <Cache l={l} t={t} f={f} />
          <CountsStrip l={l} t={t} f={f} />
          <Compare l={l} t={t} f={f} />
        </>
      )}
    </figure>
  )
}
