import { useTranslation } from 'react-i18next'
import { E1000_REG, type Frame } from '../../engine/index.ts'
import { focusAttr, useOwnsStageFocus } from '../Player/focusContext.ts'
import { CodeText } from '../ui/CodeText.tsx'
import { type RingLayout, layoutE1000 } from './layout.ts'
import './e1000.css'

const hx = (n: number, w = 0): string => `0x${n.toString(16).padStart(w, '0')}`

function Ring({
  ring,
  label,
  head,
  tail,
  owns,
}: {
  readonly ring: RingLayout
  readonly owns: boolean
  readonly label: string
  readonly head: string
  readonly tail: string
}) {
  const { t } = useTranslation()
  return (
    <section className="e1k-ring" aria-label={label}>
      <h3 className="e1k-sub">
        {label}
        <span className="e1k-ring-meta">
          {t('e1k.ringMeta', {
            base: hx(ring.base),
            n: ring.count,
            head: ring.head,
            tail: ring.tail,
            h: head,
            t: tail,
          })}
        </span>
      </h3>
      {ring.count === 0 ? (
        <p className="panel-empty">{t('e1k.noRing')}</p>
      ) : (
        <ol className="e1k-slots">
          {ring.cells.map((c) => (
            <li
              key={c.slot}
              className={`e1k-slot${c.hw ? ' e1k-hw' : ''}${c.focus ? ' e1k-focus' : ''}`}
              data-focus={focusAttr(owns && c.focus)}
              data-testid={`e1k-${label === t('e1k.tx') ? 'tx' : 'rx'}-${c.slot}`}
            >
              <span className="e1k-slot-n">#{c.slot}</span>
              <span className="e1k-owner">{c.hw ? t('e1k.hw') : t('e1k.sw')}</span>
              <span className="e1k-flags">{c.flags.length ? c.flags.join(' ') : '—'}</span>
              <span className="e1k-len">{c.length ? `${c.length} B` : ''}</span>
              <span className="e1k-ptrs">
                {c.head ? head : ''}
                {c.head && c.tail ? ' ' : ''}
                {c.tail ? tail : ''}
              </span>
            </li>
          ))}
        </ol>
      )}
      {ring.hidden > 0 && <p className="e1k-note">{t('e1k.hidden', { n: ring.hidden })}</p>}
    </section>
  )
}

export function E1000Panel({ frame }: { readonly frame: Frame }) {
  const { t } = useTranslation()
  const layout = layoutE1000(frame.event, frame.machine.kvm)
  const owns = useOwnsStageFocus()
  if (layout === null)
    return (
      <figure className="panel e1k" data-testid="e1000">
        <figcaption>
          <h2>{t('e1k.heading')}</h2>
        </figcaption>
        <p className="panel-empty">
          <CodeText text={t('e1k.empty')} />
        </p>
      </figure>
    )
  const anyRegFocus = layout.regs.some((r) => r.focus)
  const anySlotFocus = [...layout.tx.cells, ...layout.rx.cells].some((c) => c.focus)
  return (
    <figure className="panel e1k" data-testid="e1000">
      <figcaption>
        <h2>{t('e1k.heading')}</h2>
        <span
          className="e1k-line"
          data-testid="e1k-line"
          data-focus={focusAttr(owns && !anyRegFocus && !anySlotFocus)}
        >
          {layout.line ? t('e1k.lineHigh') : t('e1k.lineLow')}
          {layout.held > 0 ? ` · ${t('e1k.held', { n: layout.held })}` : ''}
        </span>
      </figcaption>
      <table className="e1k-regs" data-testid="e1k-regs">
        <caption className="e1k-sub">{t('e1k.regs')}</caption>
        <tbody>
          {chunk(layout.regs, 4).map((row, i) => (
            <tr key={i}>
              {row.map((r) => (
                <td
                  key={r.name}
                  className={r.focus ? 'e1k-reg e1k-focus' : 'e1k-reg'}
                  data-focus={focusAttr(owns && r.focus && !anySlotFocus)}
                  data-testid={`e1k-reg-${r.name}`}
                >
                  <span className="e1k-reg-name">
                    {r.focus ? <span aria-hidden="true">★ </span> : null}
                    {r.name}
                  </span>{' '}
                  <span className="e1k-reg-off">{hx(E1000_REG[r.name], 4)}</span>
                  <span className="e1k-reg-val">{hx(r.value, 8)}</span>
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
      <Ring ring={layout.tx} label={t('e1k.tx')} head="TDH" tail="TDT" owns={owns} />
      <Ring ring={layout.rx} label={t('e1k.rx')} head="RDH" tail="RDT" owns={owns} />
      <p className="e1k-note">{t('e1k.legend')}</p>
    </figure>
  )
}

function chunk<T>(xs: readonly T[], n: number): T[][] {
  const out: T[][] = []
  for (let i = 0; i < xs.length; i += n) out.push(xs.slice(i, i + n))
  return out
}
