import { CodeText } from '../ui/CodeText.tsx'
import { useMemo } from 'react'
import { useTranslation } from 'react-i18next'
import { type Frame, hex, sizeLabel } from '../../engine/index.ts'
import type { UiKey } from '../../i18n/index.ts'
import { type EntryView, type ShadowLayout, focusVa, layoutShadow } from './layout.ts'
import { focusAttr, useOwnsStageFocus } from '../Player/focusContext.ts'
import { useLaterInCommand } from '../hooks/useLaterInCommand.ts'
import './shadowMmu.css'
import { WithTerms } from '../../glossary/WithTerms.tsx'

type T = (key: UiKey, params?: Record<string, string | number>) => string
/** The layout's focus when this panel holds the stage's (null otherwise). */
type Focus = ShadowLayout['focus']

function Counters({ l, t, f }: { readonly l: ShadowLayout; readonly t: T; readonly f: Focus }) {
  const c = l.counters
  const items: { key: string; label: string; value: number; sub: string }[] = [
    {
      key: 'exits',
      label: t('sm.exits'),
      value: l.totalExits,
      sub: t('sm.exitsDetail', {
        pf: c.exits.exception,
        cr: c.exits.crAccess,
        inv: c.exits.invlpg,
        msr: c.exits.wrmsr,
      }),
    },
    { key: 'hidden', label: t('sm.hidden'), value: c.hiddenFaults, sub: t('sm.hiddenSub') },
    {
      key: 'reflected',
      label: t('sm.reflected'),
      value: c.reflectedFaults,
      sub: t('sm.reflectedSub'),
    },
    { key: 'ptwrites', label: t('sm.ptWrites'), value: c.ptWrites, sub: t('sm.ptWritesSub') },
    {
      key: 'pages',
      label: t('sm.pages'),
      value: l.pages,
      sub: t('sm.pagesSub', { kib: l.pages * 4 }),
    },
  ]
  return (
    <ul className="sm-counters" aria-label={t('sm.counters')}>
      {items.map((i) => (
        <li
          key={i.key}
          className={`sm-counter ${i.key}`}
          data-testid={`sm-count-${i.key}`}
          data-focus={focusAttr(f?.kind === 'counter' && f.key === i.key)}
        >
          <span className="sm-count-value">{i.value}</span>
          <span className="sm-count-label">{i.label}</span>
          <span className="sm-count-sub">{i.sub}</span>
        </li>
      ))}
    </ul>
  )
}

function FaultKinds({ l, t, f }: { readonly l: ShadowLayout; readonly t: T; readonly f: Focus }) {
  const lane = (kind: 'guest' | 'hypervisor') => {
    const current = l.induced === kind
    return (
      <section
        className={`sm-lane ${kind}${current ? ' current' : ''}`}
        data-testid={`sm-lane-${kind}`}
        aria-current={current ? 'step' : undefined}
        data-focus={focusAttr(current && f?.kind === 'lane')}
      >
        <h3>
          {current ? <span aria-hidden="true">▶ </span> : null}
          {t(kind === 'guest' ? 'sm.guestLane' : 'sm.hvLane')}
          {current ? ` · ${t('sm.thisStep')}` : ''}
        </h3>
        <p>{t(kind === 'guest' ? 'sm.guestLaneText' : 'sm.hvLaneText')}</p>
        <p className="sm-lane-count">
          {t('sm.laneCount', {
            n: kind === 'guest' ? l.counters.reflectedFaults : l.counters.hiddenFaults,
          })}
        </p>
      </section>
    )
  }
  return (
    <div className="sm-lanes" role="group" aria-label={t('sm.faultKinds')}>
      {lane('guest')}
      {lane('hypervisor')}
      {l.induced === 'pending' ? (
        <p
          className="sm-pending"
          data-testid="sm-pending"
          data-focus={focusAttr(f?.kind === 'lane')}
        >
          {t('sm.pending')}
        </p>
      ) : null}
    </div>
  )
}

function Now({ l, t, f }: { readonly l: ShadowLayout; readonly t: T; readonly f: Focus }) {
  if (!l.exit && !l.fault) return null
  return (
    <p
      className="sm-now"
      data-testid="sm-now"
      role="note"
      data-focus={focusAttr(f?.kind === 'now')}
    >
      {l.exit ? (
        <span className="sm-exit">
          {t('sm.exitNow', { reason: l.exit.reason, name: l.exit.name })}
        </span>
      ) : null}
      {l.exit && l.fault ? ' · ' : null}
      {l.fault ? (
        <span className="sm-fault">
          {t('sm.faultNow', { code: '0x' + l.fault.errorCode.toString(16), cr2: hex(l.fault.cr2) })}
        </span>
      ) : null}
    </p>
  )
}

function StepLine({ l, t, f }: { readonly l: ShadowLayout; readonly t: T; readonly f: Focus }) {
  const n = l.note
  if (!n) return null
  const text =
    n.kind === 'alloc'
      ? t('sm.n.alloc', { name: n.name, gpa: hex(n.gpa) })
      : n.kind === 'write'
        ? t('sm.n.write', { name: n.name, addr: hex(n.addr), raw: hex(n.raw) })
        : n.kind === 'map'
          ? t('sm.n.map', { va: hex(n.va), pa: hex(n.pa) })
          : n.kind === 'flush'
            ? t('sm.n.flush', { reason: n.reason, n: n.removed })
            : n.kind === 'miss'
              ? t('sm.n.miss', { va: hex(n.va) })
              : n.kind === 'shadow-alloc'
                ? t('sm.n.shadowAlloc', {
                    name: n.name,
                    gfn: hex(n.gfn),
                    hpa: hex(n.hpa),
                    pages: n.pages,
                  })
                : n.kind === 'root'
                  ? t(n.reused ? 'sm.n.rootReused' : 'sm.n.rootNew', {
                      gcr3: hex(n.gcr3),
                      hpa: hex(n.hpa),
                    })
                  : n.kind === 'done'
                    ? t(n.tlb === 'hit' ? 'sm.n.doneHit' : 'sm.n.done', {
                        va: hex(n.va),
                        pa: hex(n.pa),
                      })
                    : n.kind === 'control'
                      ? t(n.on ? 'sm.n.controlOn' : 'sm.n.controlOff', { bit: n.bit })
                      : n.kind === 'zap'
                        ? t('sm.n.zap', { why: n.why, pages: n.pages })
                        : t('sm.n.cost', { exits: n.exits, hidden: n.hiddenFaults })
  return (
    <p className="sm-step" data-testid="sm-step" data-focus={focusAttr(f?.kind === 'note')}>
      <strong>{t('sm.n.head')}</strong>
      {t('punct.colon')}
      {text}
    </p>
  )
}

function P2m({ l, t, f }: { readonly l: ShadowLayout; readonly t: T; readonly f: Focus }) {
  if (l.p2m.length === 0) return null
  return (
    <section className="sm-p2m" aria-label={t('sm.p2m')}>
      <h3>{t('sm.p2m')}</h3>
      <ul>
        {l.p2m.map((r) => (
          <li
            key={String(r.gpa)}
            className={r.newest ? 'sm-p2m-new' : undefined}
            data-focus={focusAttr(f?.kind === 'p2m' && r.newest)}
          >
            <code>
              {hex(r.gpa)}–{hex(r.gpa + r.bytes - 1n)}
            </code>{' '}
            → <code>{hex(r.hpa)}</code> {r.perms}
            {t('punct.paren', { x: sizeLabel(r.bytes) })}
            {r.newest ? <strong> {t('sm.p2mNew')}</strong> : null}
          </li>
        ))}
      </ul>
      {l.p2mMore > 0 ? <p className="sm-none">{t('sm.p2mMore', { n: l.p2mMore })}</p> : null}
    </section>
  )
}

function SyncCard({ l, t, f }: { readonly l: ShadowLayout; readonly t: T; readonly f: Focus }) {
  const s = l.sync
  if (!s) return null
  return (
    <section
      className={`sm-sync ${s.action}`}
      data-testid="sm-sync"
      aria-label={t('sm.syncAria')}
      data-focus={focusAttr(f?.kind === 'sync')}
    >
      <h3>
        <span aria-hidden="true">⟳ </span>
        {t('sm.syncHeading', { action: t(`sm.action.${s.action}`), name: s.name })} ·{' '}
        {t(`sm.cause.${s.cause}` as UiKey)}
      </h3>
      <ol className="sm-sync-parts">
        <li className="sm-part guest">
          <span className="sm-part-head">{t('sm.syncGuest')}</span>
          <code>{hex(s.guestGpa)}</code> = <code>{hex(s.guestRaw)}</code>
        </li>
        <li className="sm-part p2m">
          <span className="sm-part-head">
            <WithTerms text={t('sm.syncP2m')} terms={['P2M']} />
          </span>
          {s.p2m ? (
            <>
              <code>{hex(s.p2m.gpa)}</code> → <code>{hex(s.p2m.hpa)}</code>
              {t('punct.paren', { x: s.p2m.perms })}
            </>
          ) : (
            t('sm.syncNoP2m')
          )}
        </li>
        <li className="sm-part shadow">
          <span className="sm-part-head">{t('sm.syncShadow')}</span>
          <code>{hex(s.shadowAddr)}</code>
          {t('punct.colon')}
          <code>{hex(s.old)}</code> → <code data-testid="sm-sync-raw">{hex(s.raw)}</code>
          {s.writable === null
            ? ''
            : t('punct.paren', { x: t(s.writable ? 'sm.writable' : 'sm.readOnly') })}
        </li>
      </ol>
    </section>
  )
}

function Entry({ e, t }: { readonly e: EntryView | null; readonly t: T }) {
  if (!e) return <span className="sm-none">—</span>
  return (
    <>
      <code className="sm-addr">{hex(e.addr)}</code>
      <code className="sm-raw">{hex(e.raw)}</code>
      {e.present ? (
        <span className="sm-flags">
          {e.flags
            .filter((f) => f.on)
            .map((f) => f.name)
            .join(' ')}
        </span>
      ) : (
        <span className="sm-np">{t('sm.notPresent')}</span>
      )}
    </>
  )
}

function PathTable({ l, t, f }: { readonly l: ShadowLayout; readonly t: T; readonly f: Focus }) {
  if (l.va === null)
    return (
      <p className="sm-none">
        <CodeText text={t('sm.noVa')} />
      </p>
    )
  if (l.guestCr3 === null) return <p className="sm-none">{t('sm.noCr3')}</p>
  return (
    <table className="sm-path" aria-label={t('sm.pathAria', { va: hex(l.va) })}>
      <thead>
        <tr>
          <th scope="col">{t('sm.colLevel')}</th>
          <th scope="col" className="guest">
            {t('sm.colGuest')}
          </th>
          <th scope="col" className="p2m">
            <WithTerms text={t('sm.colP2m')} terms={['P2M', 'GPA']} />
          </th>
          <th scope="col" className="shadow">
            {t('sm.colShadow')}
          </th>
        </tr>
      </thead>
      <tbody>
        {l.rows.map((r) => (
          <tr
            key={r.level}
            className={`sm-row ${r.state}${r.current ? ' current' : ''}`}
            data-testid={`sm-row-${r.level}`}
            aria-current={r.current ? 'step' : undefined}
            data-focus={focusAttr(f?.kind === 'row' && f.level === r.level)}
          >
            <th scope="row">
              {r.current ? <span aria-hidden="true">▶ </span> : null}
              {r.name}
              {r.current ? <span className="sm-tag"> {t('sm.syncing')}</span> : null}
            </th>
            <td className="guest">
              <Entry e={r.guest} t={t} />
            </td>
            <td className="p2m">
              {r.p2m ? (
                <>
                  <code>{hex(r.p2m.gpa)}</code> →{' '}
                  {r.p2m.hpa === null ? (
                    <span className="sm-np">{t('sm.unbacked')}</span>
                  ) : (
                    <code>{hex(r.p2m.hpa)}</code>
                  )}{' '}
                  <span className="sm-perms">{r.p2m.perms}</span>
                </>
              ) : (
                <span className="sm-none">—</span>
              )}
            </td>
            <td className="shadow">
              <Entry e={r.shadow} t={t} />
              <span className="sm-state" data-testid={`sm-state-${r.level}`}>
                {r.state === 'in-sync' ? '✓ ' : r.state === 'nothing' ? '' : '✗ '}
                {t(`sm.state.${r.state}`)}
                {r.readOnlyWhy ? (
                  <span className="sm-ro"> · {t(`sm.ro.${r.readOnlyWhy}`)}</span>
                ) : null}
              </span>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  )
}

function Roots({ l, t, f }: { readonly l: ShadowLayout; readonly t: T; readonly f: Focus }) {
  const active = l.roots.some((r) => r.active)
  return (
    <section
      className="sm-roots"
      aria-label={t('sm.roots')}
      data-focus={focusAttr(f?.kind === 'roots' && !active)}
    >
      <h3>{t('sm.roots')}</h3>
      {l.roots.length === 0 ? (
        <p className="sm-none">{t('sm.rootsNone')}</p>
      ) : (
        <ul>
          {l.roots.map((r) => (
            <li
              key={String(r.hpa)}
              className={r.active ? 'active' : undefined}
              data-testid={`sm-root-${hex(r.gcr3)}`}
              data-focus={focusAttr(f?.kind === 'roots' && r.active)}
            >
              {t('sm.rootRow', { gcr3: hex(r.gcr3), hpa: hex(r.hpa) })}
              {r.active ? <strong> · {t('sm.rootActive')}</strong> : null}
            </li>
          ))}
        </ul>
      )}
    </section>
  )
}

/** Shadow paging: guest table, P2M and shadow table side by side, with what it costs. */
export function ShadowMmuPanel({ frame }: { readonly frame: Frame }) {
  const { t } = useTranslation()
  // The step's own address, else the last one the guest accessed (kept in the machine, so a
  // step opened cold by URL shows the same table as one reached by stepping).
  const va = focusVa(frame.event) ?? frame.machine.virt.shadow.lastVa
  const later = useLaterInCommand(frame)
  const l = useMemo(() => layoutShadow(frame.machine, frame.event, va, later), [frame, va, later])
  const f = useOwnsStageFocus() ? l.focus : null
  return (
    <figure className="panel shadowmmu" data-testid="shadowmmu">
      <figcaption>
        <h2>{t('sm.heading')}</h2>
        {l.active ? (
          <span className="sm-cr3" data-focus={focusAttr(f?.kind === 'cr3')}>
            {l.va === null ? '' : `${t('sm.va', { va: hex(l.va) })} · `}
            {t('sm.cr3', {
              g: l.guestCr3 === null ? '—' : hex(l.guestCr3),
              s: l.shadowRoot === null ? '—' : hex(l.shadowRoot),
            })}
          </span>
        ) : null}
      </figcaption>
      {!l.active ? (
        <p className="sm-none">
          <CodeText text={t('sm.notShadow', { mmu: l.mmu })} />
        </p>
      ) : (
        <>
          <Counters l={l} t={t} f={f} />
          <FaultKinds l={l} t={t} f={f} />
          <Now l={l} t={t} f={f} />
          <StepLine l={l} t={t} f={f} />
          <SyncCard l={l} t={t} f={f} />
          <PathTable l={l} t={t} f={f} />
          <Roots l={l} t={t} f={f} />
          <P2m l={l} t={t} f={f} />
        </>
      )}
    </figure>
  )
}
