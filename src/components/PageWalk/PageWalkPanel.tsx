import { useMemo, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { type Frame, hex, sizeLabel } from '../../engine/index.ts'
import type { UiKey } from '../../i18n/index.ts'
import {
  type ErrorBitKey,
  type FaultView,
  type Neighbour,
  type PageWalkLayout,
  type RightsView,
  type WalkCard,
  focusVa,
  layoutPageWalk,
} from './layout.ts'
import { type TryChoice, TryIt } from './TryIt.tsx'
import { lastVaAt } from './lastVa.ts'
import { runLine } from './runLine.ts'
import { TlbTable } from '../Tlb/TlbTable.tsx'
import { useTraceFrames } from '../hooks/useTraceFrames.ts'
import { focusAttr, useOwnsStageFocus } from '../Player/focusContext.ts'
import { useLaterInCommand } from '../hooks/useLaterInCommand.ts'
import { Term } from '../../glossary/Term.tsx'

type T = (key: UiKey, params?: Record<string, string | number>) => string

const BIT_KEYS: Record<ErrorBitKey, readonly [UiKey, UiKey]> = {
  p: ['pw.bit.p0', 'pw.bit.p1'],
  wr: ['pw.bit.wr0', 'pw.bit.wr1'],
  us: ['pw.bit.us0', 'pw.bit.us1'],
  rsvd: ['pw.bit.rsvd0', 'pw.bit.rsvd1'],
  id: ['pw.bit.id0', 'pw.bit.id1'],
  pk: ['pw.bit.pk0', 'pw.bit.pk1'],
}

/** The layout's focus when this panel holds the stage's (null otherwise). */
type Focus = PageWalkLayout['focus']

function AddressBar({ l, t, f }: { readonly l: PageWalkLayout; readonly t: T; readonly f: Focus }) {
  if (l.va === null) return <p className="pw-none">{t('pw.noAddress')}</p>
  return (
    <div className="pw-addr">
      <p className="pw-va" data-testid="pw-va">
        {l.preview ? `${t('pw.preview')} · ` : ''}
        {t('pw.va')} <code>{hex(l.va)}</code>
        {l.intent && l.accessMode
          ? ` · ${t(`pw.intent.${l.intent}`)} · ${t(`pw.mode.${l.accessMode}`)}`
          : ''}
      </p>
      <ol
        className="pw-fields"
        aria-label={t('pw.fields')}
        data-focus={focusAttr(f?.kind === 'fields')}
      >
        {l.fields.map((f) => (
          <li
            key={f.name}
            className={`pw-field${f.offset ? ' offset' : ''}`}
            data-testid={`pw-field-${f.name}`}
            // Focusable so the binary (shown on hover) is reachable by keyboard too.
            tabIndex={0}
          >
            <span className="pw-field-name">
              {f.offset ? t('pw.offset') : f.name} {f.hi}:{f.lo}
            </span>
            <span className="pw-field-val">
              {hex(f.value)} <span className="pw-dec">= {f.value.toString()}</span>
            </span>
            <span className="pw-field-bin">
              {t('pw.binary')} {f.value.toString(2).padStart(f.hi - f.lo + 1, '0')}
            </span>
          </li>
        ))}
      </ol>
    </div>
  )
}

function Cards({ l, t, f }: { readonly l: PageWalkLayout; readonly t: T; readonly f: Focus }) {
  if (l.tlbStatus === 'hit' && l.cards.length === 0)
    return <p className="pw-none">{t('pw.noWalkHit')}</p>
  if (l.cards.length === 0) return l.ad ? null : <p className="pw-none">{t('pw.noWalk')}</p>
  return (
    <ol className="pw-cards" aria-label={t('pw.walk')}>
      {l.cards.map((c) => (
        <li
          key={c.level}
          className={`pw-card${c.current ? ' current' : ''}${c.faulted ? ' faulted' : ''}`}
          data-testid={`pw-card-${c.level}`}
          data-focus={focusAttr(f?.kind === 'card' && f.level === c.level)}
        >
          <h3>
            {c.current && <span aria-hidden="true">▶ </span>}
            {c.name}
            {t('punct.paren', { x: t('pw.level', { n: c.level }) })}
            {c.current ? ` · ${t('pw.thisStep')}` : ''}
            {c.faulted ? ` · ${t('pw.faultHere')}` : ''}
          </h3>
          <dl>
            <dt>{t('pw.tableBase')}</dt>
            <dd>{hex(c.tableBase)}</dd>
            <dt>{t('pw.index')}</dt>
            <dd>
              {c.index} (0x{c.index.toString(16)})
            </dd>
            <dt>{t('pw.entryAddr')}</dt>
            <dd data-testid={`pw-entry-addr-${c.level}`}>
              {hex(c.addr)}{' '}
              <span className="pw-dec">
                = {hex(c.tableBase)} + {c.index} × {l.entryBytes}
              </span>
            </dd>
            <dt>{t('pw.raw')}</dt>
            <dd data-testid={`pw-raw-${c.level}`}>{hex(c.raw)}</dd>
          </dl>
          <Badges c={c} entryBytes={l.entryBytes} t={t} />
          <Neighbours c={c} t={t} />
          <p className="pw-next">
            {!c.present
              ? t('pw.notPresent')
              : c.leaf
                ? t('pw.pageFrame', { addr: hex(c.next) })
                : t('pw.nextTable', { addr: hex(c.next) })}
          </p>
        </li>
      ))}
    </ol>
  )
}

/**
 * The entry's flags. In memory they are buttons: a click appends `poke ADDR NEWRAW`, a plain
 * store that flips one bit (the TLB is not told, as on real hardware).
 */
function Badges({
  c,
  entryBytes,
  t,
}: {
  readonly c: WalkCard
  readonly entryBytes: number
  readonly t: T
}) {
  const [error, setError] = useState<string | null>(null)
  return (
    <>
      <ul className="pw-badges" aria-label={t('pw.flags')}>
        {c.badges.map((b) => (
          <li key={b.name} className={`pw-badge${b.on ? ' on' : ''}`}>
            {c.inMemory ? (
              <button
                type="button"
                aria-pressed={b.on}
                title={t('pw.flipTitle', { flag: b.name, bit: Number(b.bit) })}
                aria-label={t('pw.flip', { flag: b.name, name: c.name, addr: hex(c.addr) })}
                data-testid={`pw-flip-${c.level}-${b.name}`}
                onClick={() =>
                  setError(
                    runLine(`poke ${hex(c.addr)} ${hex(c.raw ^ (1n << b.bit))} size=${entryBytes}`),
                  )
                }
              >
                {b.name}={b.on ? 1 : 0}
              </button>
            ) : (
              <>
                {b.name}={b.on ? 1 : 0}
              </>
            )}
          </li>
        ))}
      </ul>
      {error ? (
        <p className="pw-try-error" role="alert">
          {error}
        </p>
      ) : null}
    </>
  )
}

function Neighbours({ c, t }: { readonly c: WalkCard; readonly t: T }) {
  const rows = [c.before, c.after].filter((n): n is Neighbour => n !== null)
  if (rows.length === 0) return null
  return (
    <p className="pw-neighbours">
      {t('pw.neighbours')}
      {t('punct.colon')}
      {rows.map((n) => (
        <span key={n.index}>
          [{n.index}] <code>{hex(n.raw)}</code>
          {n.raw === 0n ? t('punct.paren', { x: t('pw.empty') }) : ''}{' '}
        </span>
      ))}
    </p>
  )
}

function Memory({ l, t, f }: { readonly l: PageWalkLayout; readonly t: T; readonly f: Focus }) {
  if (l.memory.length === 0) return null
  return (
    <section className="pw-mem" aria-label={t('pw.memory')}>
      <h3>{t('pw.memory')}</h3>
      <ol className="pw-mem-strip">
        {l.memory.map((m) => (
          <li
            key={String(m.base)}
            className={`pw-frame${m.role === 'data' ? ' data' : m.role ? ' table' : ''}${m.touched ? ' touched' : ''}${m.step ? ' step' : ''}`}
            data-testid={`pw-frame-${hex(m.base)}`}
            data-focus={focusAttr(f?.kind === 'frame' && f.base === m.base)}
          >
            <code>{hex(m.base)}</code>
            <span>
              {m.role === null
                ? t('pw.frameOther')
                : m.role === 'data'
                  ? t('pw.frameData')
                  : m.role}
              {m.touched ? ` · ${t('pw.frameTouched')}` : ''}
              {m.step ? <strong>{` · ${t(`pw.frameStep.${m.step}`)}`}</strong> : null}
            </span>
          </li>
        ))}
      </ol>
      {l.memoryMore > 0 ? (
        <p className="pw-none">{t('pw.memoryMore', { n: l.memoryMore })}</p>
      ) : null}
    </section>
  )
}

function Tlb({ l, t, f }: { readonly l: PageWalkLayout; readonly t: T; readonly f: Focus }) {
  return (
    <TlbTable
      focus={f?.kind === 'tlb' ? 'heading' : f?.kind === 'tlb-row' ? 'rows' : null}
      className="pw-tlb"
      label={t('pw.tlb')}
      heading={
        <>
          {t('pw.tlb')}
          {t('punct.paren', {
            x: `${l.tlb.length}/${l.tlbCapacity}${t('punct.comma')}${l.tlbPolicy.toUpperCase()}`,
          })}
          {l.tlbStatus ? (
            <span className={`pw-tlb-status ${l.tlbStatus}`} data-testid="pw-tlb-status">
              {' · '}
              {t(l.tlbStatus === 'hit' ? 'pw.tlbHit' : 'pw.tlbMiss')}
            </span>
          ) : null}
        </>
      }
      notice={
        l.flush ? (
          <p className="pw-none" data-testid="pw-flush">
            <strong>
              {t('pw.flush', { n: l.flush.removed, reason: l.flush.reason, kept: l.flush.kept })}
            </strong>
          </p>
        ) : null
      }
      empty={{ text: t('pw.tlbEmpty'), className: 'pw-none' }}
      rows={l.tlb}
      rowKey={(r) => `${r.pcid}-${r.va}`}
      rowTestId={(r) => `pw-tlb-${hex(r.va)}`}
      columns={[
        { head: <Term>PCID</Term>, cell: (r) => (r.global ? t('pw.tlbGlobal') : r.pcid) },
        { head: t('pw.tlbVa'), cell: (r) => hex(r.va) },
        { head: t('pw.tlbPa'), cell: (r) => hex(r.pa) },
        { head: t('pw.tlbSize'), cell: (r) => sizeLabel(r.pageBytes) },
        {
          head: t('pw.flags'),
          cell: (r) =>
            [r.rw ? 'R/W' : 'R', r.us ? 'U' : 'S', r.xd ? 'XD' : '', r.dirty ? 'D' : '']
              .filter(Boolean)
              .join(' '),
        },
      ]}
      note={{
        head: t('pw.tlbNote'),
        hit: t('pw.tlbHit'),
        filled: t('pw.tlbNew'),
        pending: t('pw.tlbPending'),
      }}
    />
  )
}

function Fault({ f, t, focus }: { readonly f: FaultView; readonly t: T; readonly focus: boolean }) {
  if (f.vector === 13)
    return (
      <section
        className="pw-fault"
        role="note"
        data-testid="pw-fault"
        data-focus={focusAttr(focus)}
      >
        <h3>{t('pw.gp', { reason: t(`pw.why.${f.reason}`) })}</h3>
      </section>
    )
  return (
    <section className="pw-fault" role="note" data-testid="pw-fault" data-focus={focusAttr(focus)}>
      <h3>
        <span aria-hidden="true">⚠ </span>
        {t('pw.pf', { code: '0x' + f.errorCode.toString(16), cr2: hex(f.cr2) })}
      </h3>
      <p>{t('pw.reason', { reason: t(`pw.why.${f.reason}`), level: f.level })}</p>
      <ol className="pw-ecbits" aria-label={t('pw.errorCode')}>
        {f.bits.map((b) => (
          <li
            key={b.bit}
            className={`pw-ecbit${b.set ? ' set' : ''}`}
            data-testid={`pw-ec-${b.bit}`}
          >
            <span className="pw-ecbit-head">
              {t('pw.bit', { n: b.bit })} {b.name} = {b.set ? 1 : 0}
            </span>
            <span className="pw-ecbit-words">{t(BIT_KEYS[b.key][b.set ? 1 : 0])}</span>
          </li>
        ))}
      </ol>
    </section>
  )
}

/** The controls of the rights checks: bits as =1/=0 (not colour alone), PKRU and the leaf's key. */
function Rights({
  r,
  t,
  focus,
}: {
  readonly r: RightsView
  readonly t: T
  readonly focus: boolean
}) {
  return (
    <p className="pw-rights" data-testid="pw-rights" data-focus={focusAttr(focus)}>
      <strong>{t('pw.rights')}</strong>
      {t('punct.colon')}
      {r.bits.map((b) => (
        <span key={b.name} className={`pw-right${b.on ? ' on' : ''}`}>
          {b.name}={b.on ? 1 : 0}
        </span>
      ))}
      <span className="pw-right">PKRU={'0x' + r.pkru.toString(16).padStart(8, '0')}</span>
      {r.key ? (
        <span className="pw-right" data-testid="pw-pkey">
          {t('pw.pkey', { k: r.key.pkey, ad: r.key.ad ? 1 : 0, wd: r.key.wd ? 1 : 0 })}
        </span>
      ) : null}
    </p>
  )
}

/** The linear address of the nearest step at or before the cursor that has one. */

/** Native x86 paging: address split, the walk's entries, the TLB and the #PF error code. */
export function PageWalkPanel({ frame }: { readonly frame: Frame }) {
  const { t } = useTranslation()
  const [choice, setChoice] = useState<TryChoice>({ intent: 'read', mode: 'kernel' })
  // Steps without an address of their own (a poke, a CR3 load) preview the last address an
  // earlier step was about, found in the trace, so a link opened cold shows the same.
  const frames = useTraceFrames()
  const prevVa = useMemo(
    () => (frames[frame.index] === frame ? lastVaAt(frames, frame.index) : null),
    [frames, frame],
  )
  const later = useLaterInCommand(frame)
  const l = useMemo(
    () => layoutPageWalk(frame.machine.paging, frame.event, focusVa(frame.event) ?? prevVa, later),
    [frame, prevVa, later],
  )
  const f = useOwnsStageFocus() ? l.focus : null
  return (
    <figure className="panel pagewalk" data-testid="pagewalk">
      <figcaption>
        <h2>{t('pw.heading')}</h2>
        <span className="pw-mode" data-focus={focusAttr(f?.kind === 'mode')}>
          {t('pw.modeLabel', { mode: l.mode })}
          {l.result
            ? ` · ${t('pw.result', { pa: hex(l.result.pa), size: sizeLabel(l.result.pageBytes) })}`
            : ''}
        </span>
      </figcaption>
      {frame.machine.virt.mmu !== 'native' ? (
        <p className="pw-guest-view" role="note" data-testid="pw-guest-view">
          {t(`pw.guestView.${frame.machine.virt.mmu}`)}
        </p>
      ) : null}
      {l.ad ? (
        <p className="pw-ad" data-testid="pw-ad" data-focus={focusAttr(f?.kind === 'ad')}>
          {t('pw.adSet', {
            set: l.ad.set === 'AD' ? 'A + D' : l.ad.set,
            name: l.ad.name,
            addr: hex(l.ad.addr),
            old: hex(l.ad.old),
            raw: hex(l.ad.raw),
          })}
        </p>
      ) : (
        <AddressBar l={l} t={t} f={f} />
      )}
      {l.rights ? <Rights r={l.rights} t={t} focus={f?.kind === 'rights'} /> : null}
      <Cards l={l} t={t} f={f} />
      {l.fault ? <Fault f={l.fault} t={t} focus={f?.kind === 'fault'} /> : null}
      <Tlb l={l} t={t} f={f} />
      <Memory l={l} t={t} f={f} />
      <TryIt
        key={l.va === null ? 'none' : String(l.va)}
        initialVa={l.va}
        choice={choice}
        onChoice={setChoice}
      />
    </figure>
  )
}
