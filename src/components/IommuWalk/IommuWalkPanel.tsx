import { useTranslation } from 'react-i18next'
import type { Frame } from '../../engine/index.ts'
import type { UiKey } from '../../i18n/index.ts'
import { useLaterInCommand } from '../hooks/useLaterInCommand.ts'
import { CodeText } from '../ui/CodeText.tsx'
import { type EndView, type StepRow, layoutIommuWalk } from './layout.ts'
import './iommu-walk.css'

const focusAttr = (f: boolean): string | undefined => (f ? 'true' : undefined)

/** The title of one step of the request: which cache or which table, and its index. */
function stepTitle(
  t: (k: UiKey, p?: Record<string, string | number>) => string,
  s: StepRow,
): string {
  if (s.kind === 'cache')
    return t(s.cache === 'context' ? 'iw.ctxCacheLookup' : 'iw.iotlbLookup', {
      r: t(s.hit ? 'iw.hit' : 'iw.miss'),
    })
  if (s.kind === 'root') return t('iw.rootEntry', { i: s.index })
  if (s.kind === 'context') return t('iw.contextEntry', { i: s.index })
  if (s.kind === 'irte') return t('iw.irteEntry', { i: s.index })
  return t('iw.slEntry', { l: s.level, i: s.index })
}

function End({ end, focus }: { readonly end: EndView; readonly focus: boolean }) {
  const { t } = useTranslation()
  if (end.kind === 'fault')
    return (
      <div className="iw-end iw-fault" data-focus={focusAttr(focus)} data-testid="iw-end">
        <strong>
          <span aria-hidden="true">✗ </span>
          {t('iw.fault', { fr: end.frHex, name: t(`iw.fr.${end.fr}` as UiKey) })}
        </strong>
        <span>
          {end.record === null ? (
            <CodeText text={t('iw.recordLost')} />
          ) : (
            t('iw.record', { i: end.record, hi: end.hi, lo: end.lo })
          )}
        </span>
      </div>
    )
  if (end.kind === 'interrupt')
    return (
      <div className="iw-end iw-ok" data-focus={focusAttr(focus)} data-testid="iw-end">
        <strong>
          <span aria-hidden="true">✓ </span>
          {t('iw.delivered', { v: end.vector, cpu: end.cpu })}
        </strong>
      </div>
    )
  return (
    <div className="iw-end iw-ok" data-focus={focusAttr(focus)} data-testid="iw-end">
      <strong>
        <span aria-hidden="true">{end.via === 'off' ? '⚠ ' : '✓ '}</span>
        {t(end.via === 'off' ? 'iw.reachedOff' : 'iw.reached', { hpa: end.hpa })}
      </strong>
      <span>
        {t(
          end.via === 'off'
            ? 'iw.viaOff'
            : end.via === 'iotlb'
              ? 'iw.viaIotlb'
              : end.via === 'pass-through'
                ? 'iw.viaPass'
                : 'iw.viaWalk',
        )}
        {end.owner !== null && (
          <CodeText text={t('punct.comma') + t('iw.owner', { vm: end.owner })} />
        )}
      </span>
    </div>
  )
}

/** VT-d: the last request's walk (root -> context -> second level, or the IRTE), caches, faults. */
export function IommuWalkPanel({ frame }: { readonly frame: Frame }) {
  const { t } = useTranslation()
  const later = useLaterInCommand(frame)
  const l = layoutIommuWalk(frame.machine.iommu, frame.event, later)
  const r = l.request
  return (
    <figure className="panel iommu-walk" data-testid="iommuWalk">
      <figcaption>
        <h2>{t('iw.heading')}</h2>
      </figcaption>
      <p className="iw-regs" data-focus={focusAttr(l.headerFocus)} data-testid="iw-regs">
        {l.enabled ? t('iw.on', { rt: l.rtaddr ?? '', irta: l.irta ?? '' }) : t('iw.off')}
      </p>
      {r === null ? (
        <p className="panel-empty">
          <CodeText text={t('iw.noRequest')} />
        </p>
      ) : (
        <section className="iw-request" aria-label={t('iw.requestLabel')}>
          <p className="iw-req-line" data-testid="iw-request">
            {t(r.access === 'msi' ? 'iw.requestMsi' : 'iw.request', {
              dev: r.device,
              access: t(r.access === 'write' ? 'iw.write' : 'iw.read'),
              iova: r.iova,
            })}
          </p>
          <ol className="iw-chain" data-testid="iw-chain">
            {r.steps.map((s) => (
              <li
                key={s.key}
                className={`iw-step iw-${s.kind}${s.passed ? '' : ' iw-stop'}${s.focus ? ' iw-current' : ''}`}
                data-focus={focusAttr(s.focus)}
                aria-current={s.focus ? 'step' : undefined}
              >
                <span className="iw-step-title">
                  {s.focus && <span aria-hidden="true">▶ </span>}
                  {stepTitle(t, s)}
                  {!s.passed && <span> ✗</span>}
                </span>
                {s.kind !== 'cache' && (
                  <>
                    <code className="iw-addr">@{s.addr}</code>
                    <code className="iw-value">{s.value}</code>
                    <span className="iw-fields">
                      {s.fields.map((f) => (
                        <span key={f.name} className="iw-field">
                          {f.name}={f.value}
                        </span>
                      ))}
                    </span>
                  </>
                )}
              </li>
            ))}
          </ol>
          {r.end && <End end={r.end} focus={r.endFocus} />}
        </section>
      )}
      <div className="iw-grid">
        <section aria-label={t('iw.domains')}>
          <h3>{t('iw.domains')}</h3>
          {l.domains.length === 0 ? (
            <p className="iw-none">{t('iw.none')}</p>
          ) : (
            <ul className="iw-list" data-testid="iw-domains">
              {l.domains.map((d) => (
                <li key={d.did} data-focus={focusAttr(d.focus)}>
                  {d.focus && <span aria-hidden="true">▶ </span>}
                  {t('iw.domain', {
                    did: d.did,
                    w: d.width,
                    n: d.levels,
                    root: d.root,
                    pages: d.mapped,
                  })}
                  {d.vm !== null && (
                    <CodeText text={t('punct.paren', { x: t('iw.guest', { vm: d.vm }) })} />
                  )}
                </li>
              ))}
            </ul>
          )}
          <h3>{t('iw.contexts')}</h3>
          {l.contexts.length === 0 ? (
            <p className="iw-none">{t('iw.none')}</p>
          ) : (
            <ul className="iw-list" data-testid="iw-contexts">
              {l.contexts.map((c) => (
                <li key={c.device} data-focus={focusAttr(c.focus)}>
                  {c.focus && <span aria-hidden="true">▶ </span>}
                  {t('iw.context', { dev: c.device, did: c.did, tt: c.tt, addr: c.addr })}
                </li>
              ))}
            </ul>
          )}
          {l.irtes.length > 0 && (
            <>
              <h3>{t('iw.irtes')}</h3>
              <ul className="iw-list" data-testid="iw-irtes">
                {l.irtes.map((e) => (
                  <li key={e.handle} data-focus={focusAttr(e.focus)}>
                    {e.focus && <span aria-hidden="true">▶ </span>}
                    {t('iw.irte', { h: e.handle, dev: e.device, v: e.vector, cpu: e.cpu })}
                  </li>
                ))}
              </ul>
            </>
          )}
        </section>
        <section
          aria-label={t('iw.caches')}
          data-focus={focusAttr(l.cachesFocus)}
          data-testid="iw-caches"
        >
          <h3>{t('iw.ctxCache')}</h3>
          <p className="iw-small">
            {l.contextCache.length === 0
              ? t('iw.empty')
              : l.contextCache
                  .map((c) => t('iw.ctxCacheEntry', { dev: c.device, did: c.did }))
                  .join(t('punct.list'))}
          </p>
          <h3>{t('iw.iotlb')}</h3>
          <p className="iw-small" data-testid="iw-iotlb">
            {l.iotlb.length === 0
              ? t('iw.empty')
              : l.iotlb
                  .map((e) =>
                    t('iw.iotlbEntry', { did: e.did, page: e.page, frame: e.frame, perm: e.perm }),
                  )
                  .join(t('punct.list'))}
          </p>
          <h3>{t('iw.faults')}</h3>
          {l.faults.length === 0 ? (
            <p className="iw-small">{t('iw.noFaults')}</p>
          ) : (
            <ul className="iw-list" data-testid="iw-faults">
              {l.faults.map((f) => (
                <li key={f.index}>
                  {t(f.msi ? 'iw.faultRowMsi' : 'iw.faultRow', {
                    i: f.index,
                    fr: f.frHex,
                    dev: f.device,
                    fi: f.fi,
                    t: f.read ? 1 : 0,
                  })}
                </li>
              ))}
            </ul>
          )}
          {l.pfo && (
            <p className="iw-small iw-pfo">
              <CodeText text={t('iw.pfo')} />
            </p>
          )}
        </section>
      </div>
    </figure>
  )
}
