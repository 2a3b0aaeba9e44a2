import { useMemo, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { type Frame, type TryResult, tryInstruction } from '../../engine/index.ts'
import type { UiKey } from '../../i18n/index.ts'
import { focusAttr, useOwnsStageFocus } from '../Player/focusContext.ts'
import { CodeText } from '../ui/CodeText.tsx'
import { type PgSort, layoutPgTable, sortRows } from './layout.ts'
import './pgTable.css'

type T = (key: UiKey, params?: Record<string, string | number>) => string

// Each class and rule has a mark as well as a colour, so the table reads without colour.
const PG_MARK = {
  privileged: '■',
  'control-sensitive': '▲',
  'behaviour-sensitive': '◆',
  innocuous: '○',
} as const
const RULE_MARK = { gp: '⤓', silent: '≠', runs: '=' } as const

const SORTS: readonly { readonly by: PgSort; readonly key: UiKey }[] = [
  { by: 'mnemonic', key: 'pg.col.instr' },
  { by: 'class', key: 'pg.col.class' },
  { by: 'rule', key: 'pg.col.rule' },
]

function resultText(r: TryResult, t: T): string {
  if (!r.ok) return t('pg.failed', { why: r.why })
  const e = r.event
  const parts = [t(`gc.outcome.${e.outcome}`)]
  if (e.fault)
    parts.push(
      t('gc.fault', {
        v: e.fault.vector,
        code: e.fault.code === null ? '—' : `0x${e.fault.code.toString(16)}`,
      }),
    )
  if (e.exit) parts.push(t('gc.exit', { reason: e.exit.reason, name: e.exit.name }))
  if (e.hypercall) parts.push(`${e.hypercall.nr} ${e.hypercall.name}`)
  if (e.diverged.length > 0) parts.push(t('pg.diverged', { n: e.diverged.length }))
  return parts.join(' · ')
}

export function PgTablePanel({ frame }: { readonly frame: Frame }) {
  const { t, i18n } = useTranslation()
  const l = useMemo(() => layoutPgTable(frame.machine, frame.event), [frame])
  const f = useOwnsStageFocus() ? l.focus : null
  const [sort, setSort] = useState<PgSort>('class')
  const [cpl, setCpl] = useState<0 | 3>(0)
  // Tries are kept per way, width, UMIP, controls and CPL: another machine shows none of them.
  const [tries, setTries] = useState<Readonly<Record<string, TryResult>>>({})
  const rows = useMemo(() => sortRows(l.rows, sort), [l.rows, sort])
  const way = t(`gc.way.${l.way}`)
  const keyOf = (text: string): string => `${l.tryKey}|${cpl}|${text}`
  return (
    <figure className="panel pgtable" data-testid="pgtable">
      <figcaption>
        <h2>{t('pg.heading')}</h2>
        <span className="pg-muted">{t('gc.wayNow', { way, bits: l.bits })}</span>
      </figcaption>
      <p className="pg-theorem">{t('pg.theorem')}</p>
      <div className="pg-controls">
        <fieldset>
          <legend>{t('pg.testAs')}</legend>
          {([0, 3] as const).map((c) => (
            <label key={c}>
              <input
                type="radio"
                name="pg-cpl"
                value={c}
                checked={cpl === c}
                onChange={() => setCpl(c)}
              />{' '}
              {t(c === 0 ? 'pg.cpl0' : 'pg.cpl3')}
            </label>
          ))}
        </fieldset>
        <p className="pg-muted">{t('pg.tryNote', { way, bits: l.bits })}</p>
      </div>
      <table className="pg-table" aria-label={t('pg.table')}>
        <thead>
          <tr>
            {SORTS.map((s) => (
              <th key={s.by} scope="col" aria-sort={sort === s.by ? 'ascending' : 'none'}>
                <button
                  type="button"
                  className="pg-sort"
                  aria-pressed={sort === s.by}
                  aria-label={t('pg.sortBy', { what: t(s.key) })}
                  onClick={() => setSort(s.by)}
                >
                  {t(s.key)}
                  <span aria-hidden="true">{sort === s.by ? ' ▼' : ' ⇅'}</span>
                </button>
              </th>
            ))}
            <th scope="col">{t('pg.col.step')}</th>
            <th scope="col">{t('pg.col.test')}</th>
            <th scope="col">{t('pg.col.result')}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => {
            const tried = tries[keyOf(r.text)]
            return (
              <tr
                key={r.text}
                className={r.current ? 'current' : undefined}
                aria-current={r.current ? 'step' : undefined}
                data-testid={`pg-row-${r.text}`}
                data-focus={focusAttr(f?.text === r.text)}
              >
                <th scope="row">
                  {r.current ? <span aria-hidden="true">▶ </span> : null}
                  <code>{r.text}</code>
                </th>
                <td className={`pg-class ${r.pg}`}>
                  <span aria-hidden="true">{PG_MARK[r.pg]} </span>
                  {t(`gc.pg.${r.pg}`)}
                  {r.hole ? (
                    <strong className="pg-hole">
                      {' '}
                      <span aria-hidden="true">⚠ </span>
                      {t('pg.hole')}
                    </strong>
                  ) : null}
                </td>
                <td
                  className={`pg-rule ${r.rule}`}
                  // The SDM rule in the engine's words is English only: no English tooltip in
                  // a Chinese table (the column's own words are translated).
                  title={i18n.language === 'en' ? r.why : undefined}
                >
                  <span aria-hidden="true">{RULE_MARK[r.rule]} </span>
                  {t(`pg.rule.${r.rule}`)}
                </td>
                <td>{r.outcome === null ? '' : t(`gc.outcome.${r.outcome}`)}</td>
                <td>
                  <button
                    type="button"
                    className="pg-try"
                    aria-label={t('pg.testLabel', { instr: r.text, way, cpl })}
                    onClick={() =>
                      setTries((m) => ({
                        ...m,
                        [keyOf(r.text)]: tryInstruction(frame.machine, r.text, cpl),
                      }))
                    }
                  >
                    {t('pg.test')}
                  </button>
                </td>
                <td className="pg-result" aria-live="polite">
                  {tried === undefined ? (
                    <span className="pg-muted">{t('pg.untried')}</span>
                  ) : (
                    <CodeText text={resultText(tried, t)} />
                  )}
                </td>
              </tr>
            )
          })}
        </tbody>
      </table>
    </figure>
  )
}
