import { useMemo } from 'react'
import { useTranslation } from 'react-i18next'
import { type Frame, hex } from '../../engine/index.ts'
import { Term } from '../../glossary/Term.tsx'
import { exitReasonTerm } from '../../glossary/terms.ts'
import type { UiKey } from '../../i18n/index.ts'
import { VM_INSTRUCTION_ERROR_ZH, exitReasonZh } from '../../narration/vmx-zh.ts'
import { type ExitInfoWords, layoutVmcs } from './layout.ts'
import { focusAttr, useOwnsStageFocus } from '../Player/focusContext.ts'
import { useLaterInCommand } from '../hooks/useLaterInCommand.ts'

const GROUP_KEY: Record<string, UiKey> = {
  'guest-state': 'vmcs.groupGuest',
  'host-state': 'vmcs.groupHost',
  'execution-controls': 'vmcs.groupExec',
  'exit-controls': 'vmcs.groupExitCtl',
  'entry-controls': 'vmcs.groupEntryCtl',
  'exit-information': 'vmcs.groupExitInfo',
}

type T = (key: UiKey, params?: Record<string, string | number>) => string

/**
 * The exit-reason line with the reason's name as a glossary term: the template ends with
 * {{name}} in both languages, so the text before a sentinel name is the prefix.
 */
function ExitReasonLine({
  e,
  t,
  zh,
}: {
  readonly e: ExitInfoWords
  readonly t: T
  readonly zh: boolean
}) {
  const key: UiKey = e.entryFailure ? 'vmcs.exitEntryFailure' : 'vmcs.exitReason'
  const name = zh ? exitReasonZh(e.reason) : e.description
  const term = e.entryFailure ? undefined : exitReasonTerm(e.reason)
  const [before, after] = t(key, { n: e.reason, name: '\u0000' }).split('\u0000')
  if (term === undefined || after === undefined) return <p>{t(key, { n: e.reason, name })}</p>
  return (
    <p>
      {before}
      <Term term={term}>{name}</Term>
      {after}
    </p>
  )
}

/** The exit-information group in words (hw-facts §4.6, §4.7). */
function exitWords(e: ExitInfoWords, t: T, zh: boolean): string[] {
  const lines = [
    t(e.entryFailure ? 'vmcs.exitEntryFailure' : 'vmcs.exitReason', {
      n: e.reason,
      name: zh ? exitReasonZh(e.reason) : e.description,
    }),
  ]
  const d = e.decoded
  if (d.kind === 'io') {
    lines.push(
      t('vmcs.qualIo', {
        q: hex(e.qualification),
        dir: d.direction === 'in' ? 'IN' : 'OUT',
        port: '0x' + d.port.toString(16).toUpperCase(),
        size: d.size ?? '?',
        operand: t(d.immediate ? 'vmcs.qualImm' : 'vmcs.qualDx'),
      }) +
        (d.string ? t('vmcs.qualString') : '') +
        (d.rep ? t('vmcs.qualRep') : ''),
    )
  } else if (d.kind === 'cr') {
    const access =
      d.access === 'mov-to'
        ? t('vmcs.qualMovTo', { cr: d.cr, gpr: d.gpr })
        : d.access === 'mov-from'
          ? t('vmcs.qualMovFrom', { cr: d.cr, gpr: d.gpr })
          : d.access.toUpperCase()
    lines.push(t('vmcs.qualCr', { q: hex(e.qualification), access }))
  } else {
    lines.push(t('vmcs.qualNone', { q: hex(e.qualification) }))
  }
  if (e.length > 0) lines.push(t('vmcs.exitLength', { n: e.length }))
  return lines
}

/** The current VMCS: six groups as cards, fields this step touched marked. */
export function VmcsPanel({ frame }: { readonly frame: Frame }) {
  const { t, i18n } = useTranslation()
  const zh = i18n.language === 'zh'
  const later = useLaterInCommand(frame)
  const layout = useMemo(() => layoutVmcs(frame.machine.vmx, frame.event, later), [frame, later])
  const f = useOwnsStageFocus() ? layout.focus : null
  const shown = layout.shown
  const errorText = (n: number, en: string): string =>
    zh ? (VM_INSTRUCTION_ERROR_ZH[n] ?? en) : en
  return (
    <figure className="panel vmcs" data-testid="vmcs">
      <figcaption>
        <h2>{t('vmcs.heading')}</h2>
        <span className="vmcs-regions">
          {layout.regions.map((r) => (
            <span
              key={r.name}
              className={`vmcs-chip${r.current ? ' current' : ''}`}
              data-testid={`vmcs-chip-${r.name}`}
              data-focus={focusAttr(f?.kind === 'chip' && f.name === r.name)}
            >
              {r.current && <span aria-hidden="true">★ </span>}
              {r.name} @ {r.addr} · {t(r.launch === 'clear' ? 'vmcs.clear' : 'vmcs.launched')}
              {r.current ? ` · ${t('vmcs.current')}` : ''}
            </span>
          ))}
        </span>
      </figcaption>
      <p
        className="vmcs-status"
        data-testid="vmcs-current"
        data-focus={focusAttr(f?.kind === 'status')}
      >
        {layout.currentName
          ? t('vmcs.currentIs', { name: layout.currentName })
          : layout.vmxOn
            ? t('vmcs.noCurrent')
            : t('vmcs.vmxOff')}
        {shown && !shown.current && t('vmcs.showing', { name: shown.name })}
        {shown && (
          <span data-testid="vmcs-launch">
            {' · '}
            {t('vmcs.launchState')}
            {t('punct.colon')}
            <strong>{t(shown.launch === 'clear' ? 'vmcs.clear' : 'vmcs.launched')}</strong>
          </span>
        )}
      </p>
      {layout.failInvalid && (
        <p
          className="outcome outcome-fault"
          data-testid="vmcs-fail-invalid"
          data-focus={focusAttr(f?.kind === 'fail-invalid')}
        >
          <span aria-hidden="true">✕ </span>
          {layout.failedInstr ? (
            <>
              <code>{layout.failedInstr.toUpperCase()}</code>
              {t('punct.colon')}
            </>
          ) : null}
          {t('vmcs.failInvalid')}
        </p>
      )}
      {layout.instructionError &&
        (layout.instructionError.fresh ? (
          <p
            className="outcome outcome-fault"
            data-testid="vmcs-instr-error"
            data-focus={focusAttr(f?.kind === 'error')}
          >
            <span aria-hidden="true">✕ </span>
            {t('vmcs.instrError', {
              n: layout.instructionError.number,
              text: errorText(layout.instructionError.number, layout.instructionError.text),
            })}
          </p>
        ) : (
          <p className="vmcs-old-error" data-testid="vmcs-instr-error">
            {t('vmcs.instrErrorOld', {
              n: layout.instructionError.number,
              text: errorText(layout.instructionError.number, layout.instructionError.text),
            })}
          </p>
        ))}
      {layout.exitInfo && (
        <div
          className={`vmcs-exit-words${layout.exitInfo.fresh ? ' fresh' : ''}`}
          data-testid="vmcs-exit-words"
          data-focus={focusAttr(f?.kind === 'exit')}
        >
          <ExitReasonLine e={layout.exitInfo} t={t} zh={zh} />
          {exitWords(layout.exitInfo, t, zh)
            .slice(1)
            .map((line) => (
              <p key={line}>{line}</p>
            ))}
        </div>
      )}
      {!shown ? (
        <p className="panel-empty">{t('vmcs.empty')}</p>
      ) : (
        <div className="vmcs-cards">
          {layout.cards.map((card) => (
            <section
              key={card.group}
              className={`vmcs-card vmcs-card-${card.group}`}
              aria-labelledby={`vmcs-h-${card.group}`}
              data-testid={`vmcs-card-${card.group}`}
            >
              <h3 id={`vmcs-h-${card.group}`}>{t(GROUP_KEY[card.group] ?? 'vmcs.heading')}</h3>
              {card.rows.length > 0 && (
                <table>
                  <thead className="visually-hidden">
                    <tr>
                      <th scope="col">{t('vmcs.colField')}</th>
                      <th scope="col">{t('vmcs.colEncoding')}</th>
                      <th scope="col">{t('vmcs.colValue')}</th>
                      <th scope="col">{t('vmcs.colStep')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {card.rows.map((r) => (
                      <tr
                        key={r.encoding}
                        className={r.touch ? `touched touched-${r.touch}` : undefined}
                        data-testid={`vmcs-field-${r.name}`}
                        data-focus={focusAttr(f?.kind === 'field' && f.encoding === r.encoding)}
                      >
                        <td className="vmcs-name">{r.name}</td>
                        <td className="vmcs-enc">{r.encodingText}</td>
                        <td className="vmcs-value" data-testid={`vmcs-value-${r.name}`}>
                          {r.valueText}
                        </td>
                        <td className="vmcs-touch">
                          {r.touch === 'read' && `◀ ${t('vmcs.read')}`}
                          {r.touch === 'write' && `✎ ${t('vmcs.written')}`}
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              )}
              <p className="vmcs-hidden">{t('vmcs.hidden', { n: card.hidden })}</p>
            </section>
          ))}
        </div>
      )}
    </figure>
  )
}
