import { CodeText } from '../ui/CodeText.tsx'
import { eptFlagText, hex, sizeLabel } from '../../engine/index.ts'
import type { UiKey } from '../../i18n/index.ts'
import { focusAttr } from '../Player/focusContext.ts'
import type { BuildEntry, BuildTable, BuildView } from './build.ts'
import { EPT_FLAGS, guestFlags } from './flags.ts'

type T = (key: UiKey, params?: Record<string, string | number>) => string

function Entry({
  e,
  t,
  focus,
}: {
  readonly e: BuildEntry
  readonly t: T
  readonly focus: boolean
}) {
  const flags = e.ept ? eptFlagText(e.ept, EPT_FLAGS) : e.guest ? guestFlags(e.guest) : ''
  return (
    <li
      className={e.newest ? 'w2d-b-new' : undefined}
      data-testid={`w2d-b-entry-${hex(e.addr)}`}
      data-focus={focusAttr(focus && e.newest)}
      aria-current={e.newest ? 'step' : undefined}
    >
      <strong>[{e.index}]</strong> <code>{hex(e.raw)}</code>{' '}
      <span className="w2d-b-flags">{flags}</span>{' '}
      <span className="w2d-b-to">
        → <code>{hex(e.target)}</code>
        {e.leaf ? t('w2d.b.page') : ''}
      </span>
      {e.newest ? <strong className="w2d-b-mark"> {t('w2d.b.new')}</strong> : null}
    </li>
  )
}

function Table({
  tb,
  t,
  focus,
}: {
  readonly tb: BuildTable
  readonly t: T
  readonly focus: BuildView['focus']
}) {
  const where =
    tb.dim === 'guest'
      ? tb.hpa === null
        ? t('w2d.b.atGpaUnbacked', { gpa: hex(tb.base) })
        : t('w2d.b.atGpa', { gpa: hex(tb.base), hpa: hex(tb.hpa) })
      : t('w2d.b.atHpa', { hpa: hex(tb.base) })
  return (
    <section
      className={`w2d-b-table ${tb.dim}${tb.newest ? ' w2d-b-new' : ''}`}
      data-testid={`w2d-b-table-${tb.dim}-${hex(tb.base)}`}
      data-focus={focusAttr(focus === 'table' && tb.newest)}
    >
      <h4>
        {tb.name} <span className="w2d-b-where">{where}</span>
        {tb.newest ? <span className="w2d-b-mark"> {t('w2d.b.newTable')}</span> : null}
      </h4>
      {tb.entries.length === 0 ? (
        <p className="w2d-note">{t('w2d.b.empty')}</p>
      ) : (
        <ul className="w2d-b-entries">
          {tb.entries.map((e) => (
            <Entry key={e.index} e={e} t={t} focus={focus === 'entry'} />
          ))}
        </ul>
      )}
      {tb.more > 0 ? <p className="w2d-note">{t('w2d.b.more', { n: tb.more })}</p> : null}
    </section>
  )
}

/** The guest's tables and the EPT tables as they are built, the step's write marked. */
export function Build({
  b,
  t,
  focus,
  walked,
}: {
  readonly b: BuildView
  readonly t: T
  readonly focus: boolean
  /** An access came before: the grid returns with the next one. */
  readonly walked: boolean
}) {
  const f = focus ? b.focus : null
  const note = b.note
  return (
    <div className="w2d-build" data-testid="w2d-build">
      <p className="w2d-note">{t(walked ? 'w2d.b.introAgain' : 'w2d.b.intro')}</p>
      <div className="w2d-b-cols">
        <section className="w2d-b-dim" aria-label={t('w2d.b.guest')}>
          <h3>{t('w2d.b.guest')}</h3>
          <p
            className={`w2d-b-reg${f === 'mode' || f === 'cr3' ? ' w2d-b-new' : ''}`}
            data-testid="w2d-b-cr3"
            data-focus={focusAttr(f === 'cr3' || f === 'mode')}
          >
            {t('w2d.b.mode', { mode: t(`w2d.b.mode.${b.mode}` as UiKey) })} ·{' '}
            {b.cr3 === null ? t('w2d.b.noCr3') : t('w2d.b.cr3', { cr3: hex(b.cr3) })}
            {f === 'cr3' || f === 'mode' ? (
              <span className="w2d-b-mark"> {t('w2d.b.new')}</span>
            ) : null}
          </p>
          {b.guest.length === 0 ? <p className="w2d-note">{t('w2d.b.noGuest')}</p> : null}
          {b.guest.map((tb) => (
            <Table key={tb.base.toString()} tb={tb} t={t} focus={f} />
          ))}
          {b.more.guest > 0 ? (
            <p className="w2d-note">{t('w2d.b.moreTables', { n: b.more.guest })}</p>
          ) : null}
        </section>
        <section className="w2d-b-dim" aria-label={t('w2d.b.ept')}>
          <h3>{t('w2d.b.ept')}</h3>
          <p
            className={`w2d-b-reg${f === 'eptp' ? ' w2d-b-new' : ''}`}
            data-testid="w2d-b-eptp"
            data-focus={focusAttr(f === 'eptp')}
          >
            {b.eptp === null ? (
              <CodeText text={t('w2d.b.noEptp')} />
            ) : (
              t('w2d.b.eptp', { eptp: hex(b.eptp) })
            )}
            {f === 'eptp' ? <span className="w2d-b-mark"> {t('w2d.b.new')}</span> : null}
          </p>
          {b.ept.map((tb) => (
            <Table key={tb.base.toString()} tb={tb} t={t} focus={f} />
          ))}
          {b.more.ept > 0 ? (
            <p className="w2d-note">{t('w2d.b.moreTables', { n: b.more.ept })}</p>
          ) : null}
        </section>
      </div>
      {note ? (
        <p className="w2d-b-done" data-testid="w2d-b-done">
          {note.kind === 'guest-map'
            ? t('w2d.b.guestMap', {
                va: hex(note.va),
                pa: hex(note.pa),
                size: sizeLabel(note.bytes),
              })
            : note.kind === 'ept-map'
              ? t('w2d.b.eptMap', { gpa: hex(note.gpa), hpa: hex(note.hpa), size: note.size })
              : t('w2d.b.modeSet', { mode: t(`w2d.b.mode.${note.mode}` as UiKey) })}
        </p>
      ) : null}
    </div>
  )
}
