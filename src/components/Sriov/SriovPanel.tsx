import { useTranslation } from 'react-i18next'
import type { Frame } from '../../engine/index.ts'
import { useLaterInCommand } from '../hooks/useLaterInCommand.ts'
import { CodeText } from '../ui/CodeText.tsx'
import { layoutSriov } from './layout.ts'
import './sriov.css'

const focusAttr = (f: boolean): string | undefined => (f ? 'true' : undefined)

/** SR-IOV and assignment: PFs with their capability, functions by RID with owners, guests. */
export function SriovPanel({ frame }: { readonly frame: Frame }) {
  const { t } = useTranslation()
  const later = useLaterInCommand(frame)
  const l = layoutSriov(frame.machine.iommu, frame.event, later)
  const empty = l.pfs.length === 0 && l.functions.length === 0 && l.guests.length === 0
  return (
    <figure className="panel sriov" data-testid="sriov">
      <figcaption>
        <h2>{t('sr.heading')}</h2>
      </figcaption>
      {empty && (
        <p className="panel-empty">
          <CodeText text={t('sr.empty')} />
        </p>
      )}
      {l.pfs.map((p) => (
        <section
          key={p.device}
          className="sr-pf"
          data-focus={focusAttr(p.focus)}
          aria-label={t('sr.pfLabel', { dev: p.device })}
          data-testid={`sr-pf-${p.device}`}
        >
          <p className="sr-pf-title">
            {p.focus && <span aria-hidden="true">▶ </span>}
            {t('sr.pf', { dev: p.device, rid: p.rid })}
          </p>
          <p className="sr-cap">
            <CodeText
              text={t('sr.cap', {
                total: p.total,
                num: p.numVfs,
                off: p.offset,
                stride: p.stride,
                bar: p.vfBar0,
                size: p.vfSize,
              })}
            />
          </p>
          <p className="sr-formula">
            <CodeText
              text={t(p.enabled ? 'sr.formula' : 'sr.disabled', {
                rid: p.rid,
                off: p.offset,
                stride: p.stride,
              })}
            />
          </p>
        </section>
      ))}
      {l.functions.length > 0 && (
        <div className="sr-table-wrap" tabIndex={0} role="region" aria-label={t('sr.fnLabel')}>
          <table className="sr-table" data-testid="sr-functions">
            <caption className="sr-caption">{t('sr.fnLabel')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('sr.colFn')}</th>
                <th scope="col">{t('sr.colRid')}</th>
                <th scope="col">{t('sr.colBar')}</th>
                <th scope="col">{t('sr.colOwner')}</th>
              </tr>
            </thead>
            <tbody>
              {l.functions.map((f) => (
                <tr
                  key={f.device}
                  data-focus={focusAttr(f.focus)}
                  aria-current={f.focus ? 'step' : undefined}
                  className={f.focus ? 'sr-current' : undefined}
                >
                  <th scope="row">
                    {f.focus && <span aria-hidden="true">▶ </span>}
                    {f.kind === 'vf'
                      ? t('sr.vf', { k: f.k ?? 0, dev: f.device })
                      : t('sr.endpoint', { dev: f.device })}
                  </th>
                  <td>
                    <code>{f.rid}</code>
                  </td>
                  <td>
                    <code>{f.bar0}</code> ({f.size})
                  </td>
                  <td>
                    {f.vm === null ? (
                      t('sr.host')
                    ) : (
                      <CodeText text={t('sr.owner', { vm: f.vm, g: f.group ?? 0 })} />
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {l.guests.length > 0 && (
        <ul className="sr-guests" data-testid="sr-guests">
          {l.guests.map((g) => (
            <li key={g.name} data-focus={focusAttr(g.focus)}>
              {g.focus && <span aria-hidden="true">▶ </span>}
              <strong>
                <CodeText text={t('sr.guest', { vm: g.name })} />
              </strong>
              {t('punct.sentence')}
              {t('sr.ram', { pages: g.pages, base: g.base, end: g.end })}
              {g.did !== null ? t('punct.comma') + t('sr.domain', { did: g.did }) : ''}
              {g.bars.map((b) => (
                <span key={b.device} className="sr-bar">
                  {t('sr.barMap', { dev: b.device, gpa: b.gpa, hpa: b.hpa })}
                </span>
              ))}
            </li>
          ))}
        </ul>
      )}
      {l.touch && (
        <p
          className={`sr-touch ${l.touch.exits.length === 0 ? 'sr-direct' : 'sr-trapped'}`}
          data-focus="true"
          data-testid="sr-touch"
        >
          <span aria-hidden="true">▶ </span>
          {l.touch.what === 'bar'
            ? t('sr.touchBar', {
                vm: l.touch.vm,
                off: l.touch.offset,
                gpa: l.touch.gpa ?? '',
                hpa: l.touch.hpa ?? '',
              })
            : t('sr.touchConfig', {
                vm: l.touch.vm,
                off: l.touch.offset,
                exits: l.touch.exits.join(t('punct.list')),
              })}
        </p>
      )}
    </figure>
  )
}
