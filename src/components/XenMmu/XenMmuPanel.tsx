import { useMemo } from 'react'
import { useTranslation } from 'react-i18next'
import { type Frame, PGT_NAME, type PageInfo, type XenPvCheck, hex } from '../../engine/index.ts'
import type { UiKey } from '../../i18n/index.ts'
import { refusalWords } from '../../narration/xenpv.ts'
import {
  type Focus,
  type PageRow,
  type TableView,
  type XenMmuLayout,
  type XenMmuSpot,
  layoutXenMmu,
} from './layout.ts'
import { focusAttr, useOwnsStageFocus } from '../Player/focusContext.ts'
import './XenMmu.css'
import { Term } from '../../glossary/Term.tsx'
import { WithTerms } from '../../glossary/WithTerms.tsx'

type T = (key: UiKey, params?: Record<string, string | number>) => string
type Lang = 'en' | 'zh'

const CHECK_MARK = { ok: '✔', bad: '✘' } as const

function Counters({ l, t }: { readonly l: XenMmuLayout; readonly t: T }) {
  const c = l.counters
  const items: readonly [UiKey, number, string][] = [
    ['xm.c.hypercalls', c.hypercalls, 'hypercalls'],
    ['xm.c.requests', c.requests, 'requests'],
    ['xm.c.updates', c.updates, 'updates'],
    ['xm.c.refused', c.refused, 'refused'],
    ['xm.c.traps', c.traps, 'traps'],
    ['xm.c.saved', c.saved, 'saved'],
  ]
  return (
    <ul className="xm-counters" aria-label={t('xm.counters')}>
      {items.map(([key, n, id]) => (
        <li key={id} className={`xm-counter ${id}`} data-testid={`xm-c-${id}`}>
          <span className="xm-counter-n">{n}</span>
          <span className="xm-counter-label">{t(key)}</span>
        </li>
      ))}
    </ul>
  )
}

function Checks({ checks, t }: { readonly checks: readonly XenPvCheck[]; readonly t: T }) {
  if (checks.length === 0) return null
  return (
    <ol className="xm-checks" aria-label={t('xm.checks')}>
      {checks.map((c) => (
        <li key={c.rule} className={c.ok ? 'ok' : 'bad'} data-testid={`xm-check-${c.rule}`}>
          <span aria-hidden="true">{c.ok ? CHECK_MARK.ok : CHECK_MARK.bad} </span>
          {t(`xm.rule.${c.rule}`)}
          {t('punct.colon')}
          {t(c.ok ? 'xm.pass' : 'xm.fail')}
        </li>
      ))}
    </ol>
  )
}

function FocusBox({
  f,
  t,
  lang,
  spot,
}: {
  readonly f: Focus
  readonly t: T
  readonly lang: Lang
  /** This box is the step's focus on the stage. */
  readonly spot: boolean
}) {
  const mark = focusAttr(spot)
  switch (f.kind) {
    case 'update':
    case 'm2p':
    case 'mmuext': {
      const title =
        f.kind === 'update'
          ? t('xm.updateTitle', {
              i: f.index,
              val: hex(f.val),
              ma: hex(f.entryMa),
            })
          : f.kind === 'm2p'
            ? t('xm.m2pTitle', { i: f.index, mfn: hex(f.mfn), val: hex(f.val) })
            : t('xm.mmuextTitle', {
                i: f.index,
                cmd: `MMUEXT_${f.cmd.toUpperCase()}${t('punct.paren', { x: f.number })}`,
                arg: f.arg === null ? '' : hex(f.arg),
              })
      const verdict =
        f.verdict === 'applied'
          ? t('xm.applied')
          : f.verdict === 'not-attempted'
            ? t('xm.notAttempted')
            : f.refusal
              ? t('xm.refused', {
                  rc: f.refusal.rc,
                  errno: f.refusal.errno,
                  why: refusalWords(f.refusal)[lang],
                })
              : ''
      return (
        <section
          className={`xm-focus ${f.verdict}`}
          data-testid="xm-focus"
          aria-live="polite"
          data-focus={mark}
        >
          <h3>
            {f.entry !== null ? `${t('xm.inMulticall', { n: f.entry })} · ` : ''}
            {title}
          </h3>
          {f.kind === 'update' ? (
            <p className="xm-page">
              {f.level === null
                ? t('xm.plainPage', { type: PGT_NAME[f.pageType] })
                : t('xm.tablePage', { level: f.level })}
            </p>
          ) : f.kind === 'm2p' ? (
            <p className="xm-page">{t('xm.m2pWas', { old: f.old === null ? '—' : hex(f.old) })}</p>
          ) : null}
          <Checks checks={f.checks} t={t} />
          <p className="xm-verdict" data-testid="xm-verdict">
            <strong>
              {f.verdict === 'applied'
                ? CHECK_MARK.ok
                : f.verdict === 'refused'
                  ? CHECK_MARK.bad
                  : '–'}{' '}
              {t(`xm.verdict.${f.verdict}`)}
            </strong>
            {t('punct.sentence')}
            {verdict}
          </p>
        </section>
      )
    }
    case 'hypercall':
      return (
        <section className="xm-focus call" data-testid="xm-focus" data-focus={mark}>
          <h3>{t('xm.hypercall', { call: f.call, n: f.number })}</h3>
          <p className="xm-verdict" data-testid="xm-verdict">
            {f.call === 'multicall'
              ? t('xm.multicallDone', { n: f.count })
              : t('xm.callDone', {
                  rc: f.rc === 0 ? '0' : `${f.rc}${t('punct.paren', { x: `-${f.errno ?? ''}` })}`,
                  done: f.done,
                  count: f.count,
                })}
          </p>
        </section>
      )
    case 'access':
      return (
        <section className="xm-focus call" data-testid="xm-focus" data-focus={mark}>
          <h3>{t('xm.access', { va: hex(f.va), n: f.refs })}</h3>
          <p className="xm-verdict" data-testid="xm-verdict">
            {f.ma !== null
              ? t('xm.accessOk', { ma: hex(f.ma) })
              : t('xm.accessFault', { code: '0x' + (f.errorCode ?? 0).toString(16) })}
          </p>
        </section>
      )
    case 'direct-write':
      return (
        <section
          className={`xm-focus ${f.ptwr === 'emulated' ? 'applied' : 'refused'}`}
          data-testid="xm-focus"
          role="note"
          data-focus={mark}
        >
          <h3>
            <span aria-hidden="true">⚠ </span>
            {t('xm.directWrite', { addr: hex(f.addr), mfn: hex(f.mfn) })}
          </h3>
          <p>{t('xm.directWriteWhy', { va: hex(f.va), code: '0x' + f.errorCode.toString(16) })}</p>
          <Checks checks={f.checks} t={t} />
          <p className="xm-verdict" data-testid="xm-verdict">
            <strong>
              {f.ptwr === 'emulated' ? CHECK_MARK.ok : CHECK_MARK.bad} {t(`xm.ptwr.${f.ptwr}`)}
            </strong>
            {f.ptwr === 'emulated'
              ? `${t('punct.sentence')}${t('xm.ptwrWrote', { val: hex(f.now), ma: hex(f.entryMa) })}`
              : f.refusal
                ? `${t('punct.sentence')}${t('xm.refused', {
                    rc: f.refusal.rc,
                    errno: f.refusal.errno,
                    why: refusalWords(f.refusal)[lang],
                  })}`
                : ''}
          </p>
        </section>
      )
    case 'queued':
      return (
        <section className="xm-focus call" data-testid="xm-focus" data-focus={mark}>
          <h3>{t('xm.queued', { n: f.entry, call: f.call.call })}</h3>
        </section>
      )
    case 'begin':
      return (
        <section className="xm-focus call" data-testid="xm-focus" data-focus={mark}>
          <h3>{t('xm.begin')}</h3>
        </section>
      )
  }
}

function Table({
  tv,
  t,
  spot,
}: {
  readonly tv: TableView
  readonly t: T
  readonly spot: XenMmuSpot | null
}) {
  return (
    <table className="xm-table" data-testid={`xm-table-${hex(tv.mfn)}`}>
      <caption>
        {t('xm.tableCaption', { level: tv.level, mfn: hex(tv.mfn) })}
        {tv.isBase ? ` · ${t('xm.base')}` : ''}
      </caption>
      <thead>
        <tr>
          <th scope="col">#</th>
          <th scope="col">{t('xm.entry')}</th>
          <th scope="col">{t('xm.points')}</th>
        </tr>
      </thead>
      <tbody>
        {tv.rows.map((r) => (
          <tr
            key={r.index}
            className={r.mark ?? undefined}
            data-testid={r.mark === 'update' ? 'xm-row-update' : undefined}
            data-focus={focusAttr(spot?.kind === 'row' && spot.ma === r.ma)}
          >
            <td>
              {r.mark === 'update' ? <span aria-label={t('xm.beingChecked')}>▶ </span> : null}
              {r.mark === 'walk' ? <span aria-label={t('xm.walked')}>→ </span> : null}
              {r.index}
            </td>
            <td>
              <code>{hex(r.raw)}</code>
              {r.asked !== null && r.asked !== r.raw ? (
                <span className="xm-asked"> {t('xm.asked', { val: hex(r.asked) })}</span>
              ) : null}
            </td>
            <td>
              {r.present
                ? `${hex(r.target)} ${r.rw ? 'RW' : 'RO'}${r.us ? ' U' : ''}`
                : t('xm.notPresent')}
            </td>
          </tr>
        ))}
        {tv.more > 0 ? (
          <tr>
            <td colSpan={3}>{t('xm.more', { n: tv.more })}</td>
          </tr>
        ) : null}
      </tbody>
    </table>
  )
}

const infoText = (i: PageInfo, t: T): string =>
  `${i.count}${i.pinned ? ` · ${t('xm.pinned')}` : ''}${
    i.count > 0 && i.type !== 'writable' && i.type !== 'none' && i.validated
      ? ` · ${t('xm.validated')}`
      : ''
  }${
    (i.linear ?? 0) > 0
      ? ` · ${t('xm.linearHolds', { n: i.linear ?? 0 })}`
      : (i.linear ?? 0) < 0
        ? ` · ${t('xm.linearUsed', { n: -(i.linear ?? 0) })}`
        : ''
  }`

function Pages({
  rows,
  t,
  spot,
}: {
  readonly rows: readonly PageRow[]
  readonly t: T
  readonly spot: XenMmuSpot | null
}) {
  return (
    <table className="xm-pages" data-testid="xm-pages">
      <caption>{t('xm.pageInfo')}</caption>
      <thead>
        <tr>
          <th scope="col">
            <Term>MFN</Term>
          </th>
          <th scope="col">
            <WithTerms text={t('xm.gfnCol')} terms={['GFN', 'P2M']} />
          </th>
          <th scope="col">{t('xm.owner')}</th>
          <th scope="col">{t('xm.type')}</th>
          <th scope="col">{t('xm.typeCount')}</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr
            key={String(r.mfn)}
            className={r.mark ? 'touched' : undefined}
            data-testid={`xm-page-${hex(r.mfn)}`}
            data-focus={focusAttr(spot?.kind === 'page' && spot.mfn === r.mfn)}
          >
            <td>
              {r.mark ? <span aria-label={t('xm.touched')}>▶ </span> : null}
              {hex(r.mfn)}
            </td>
            <td>{r.gfn === null ? '—' : hex(r.gfn)}</td>
            <td>{r.owned ? 'dom1' : t('xm.notOwned')}</td>
            <td>
              <code>{r.typeName}</code>
              {r.before && r.before.type !== r.info.type ? (
                <span className="xm-was">{t('xm.was', { v: PGT_NAME[r.before.type] })}</span>
              ) : null}
            </td>
            <td>
              {infoText(r.info, t)}
              {r.before && r.before.count !== r.info.count ? (
                <span className="xm-was">{t('xm.was', { v: r.before.count })}</span>
              ) : null}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  )
}

/**
 * Xen direct paging: guest tables (machine frames), and per machine frame its P2M guest frame
 * and Xen's page_info; the check at hand and the counters above them.
 */
export function XenMmuPanel({ frame }: { readonly frame: Frame }) {
  const { t, i18n } = useTranslation()
  const lang: Lang = i18n.language === 'zh' ? 'zh' : 'en'
  const l = useMemo(() => layoutXenMmu(frame), [frame])
  const spot = useOwnsStageFocus() && l.active ? l.spot : null
  return (
    <figure className="panel xenmmu" data-testid="xenmmu">
      <figcaption>
        <h2>{t('xm.heading')}</h2>
        <span className="xm-base" data-focus={focusAttr(spot?.kind === 'base')}>
          {l.baseMfn === null ? t('xm.noBase') : t('xm.baseIs', { mfn: hex(l.baseMfn) })}
        </span>
      </figcaption>
      {!l.active ? (
        <p className="xm-none">{t('xm.inactive')}</p>
      ) : (
        <>
          <Counters l={l} t={t} />
          {l.focus ? <FocusBox f={l.focus} t={t} lang={lang} spot={spot?.kind === 'box'} /> : null}
          {l.multicall !== null ? (
            <p className="xm-multicall" data-testid="xm-multicall">
              {t('xm.multicallOpen', { n: l.multicall.length })}
            </p>
          ) : null}
          <div className="xm-columns">
            <section
              // Focusable: a wide table scrolls sideways, by keyboard too.
              tabIndex={0}
              aria-label={t('xm.guestTables')}
            >
              <h3>{t('xm.guestTables')}</h3>
              {l.tables.length === 0 ? (
                <p className="xm-none">{t('xm.noTables')}</p>
              ) : (
                l.tables.map((tv) => <Table key={String(tv.mfn)} tv={tv} t={t} spot={spot} />)
              )}
            </section>
            <section
              // Focusable: a wide table scrolls sideways, by keyboard too.
              tabIndex={0}
              aria-label={t('xm.pageInfo')}
            >
              <h3>{t('xm.xenView')}</h3>
              {l.pages.length === 0 ? (
                <p className="xm-none">{t('xm.noP2m')}</p>
              ) : (
                <Pages rows={l.pages} t={t} spot={spot} />
              )}
            </section>
          </div>
        </>
      )}
    </figure>
  )
}
