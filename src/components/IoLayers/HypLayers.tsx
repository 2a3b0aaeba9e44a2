import { useTranslation } from 'react-i18next'
import { focusAttr } from '../Player/focusContext.ts'
import { CodeText } from '../ui/CodeText.tsx'
import { LayerStack } from './LayerStack.tsx'
import type { HypLayout } from './hypLayout.ts'

/** Hops drawn at once; earlier ones are counted (the hosted path has ten). */
const HOPS_SHOWN = 7
const DESIGN_ORDER = ['esx', 'hosted', 'xen', 'kvm'] as const

/** The layer diagram for "where the hypervisor lives": a design's stack, or a table. */
export function HypLayers({
  layout,
  owns,
}: {
  readonly layout: HypLayout
  readonly owns: boolean
}) {
  const { t } = useTranslation()
  return (
    <figure className="panel io-layers" data-testid="io-layers">
      <figcaption>
        <h2>{t('hyp.heading')}</h2>
        {layout.kind === 'stack' && (
          <span className="io-counts" data-testid="io-counts">
            <CodeText text={t(`hyp.design.${layout.design}`)} />
            {layout.taxonomy !== null &&
              ` · ${t('hyp.tax.line', {
                tan: t(`hyp.tan.${layout.taxonomy.tanenbaum}`),
                ucr: t(`hyp.ucr.${layout.taxonomy.ucr}`),
              })}`}
            {layout.counts !== null &&
              ` · ${t('hyp.counts', {
                n: layout.counts.hops,
                of: layout.of,
                into: layout.counts.intoHypervisor,
                ws: layout.counts.worldSwitches,
              })}`}
          </span>
        )}
      </figcaption>
      {layout.kind === 'taxonomy' && (
        <>
          <table className="io-table" data-testid="hyp-taxonomy">
            <thead>
              <tr>
                <th scope="col">{t('hyp.col.design')}</th>
                <th scope="col">{t('hyp.col.tan')}</th>
                <th scope="col">{t('hyp.col.ucr')}</th>
              </tr>
            </thead>
            <tbody>
              {layout.rows.map((r) => (
                <tr key={r.design} data-testid={`hyp-tax-${r.design}`}>
                  <th scope="row">
                    <CodeText text={t(`hyp.design.${r.design}`)} />
                  </th>
                  <td>{t(`hyp.tan.${r.tanenbaum}`)}</td>
                  <td>
                    {r.ucrNamed
                      ? t(`hyp.ucr.${r.ucr}`)
                      : t('hyp.ucrByDefinition', { label: t(`hyp.ucr.${r.ucr}`) })}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <p className="io-foot io-note">
            <CodeText text={t('hyp.tax.rules')} />
          </p>
          <p className="io-foot io-note" data-testid="hyp-kvm-both">
            <CodeText text={t('hyp.tax.kvm')} />
          </p>
        </>
      )}
      {layout.kind === 'compare' && (
        <>
          <table className="io-table" data-testid="hyp-compare">
            <thead>
              <tr>
                <th scope="col">{t('hyp.col.design')}</th>
                <th scope="col">{t('hyp.col.hops')}</th>
                <th scope="col">{t('hyp.col.into')}</th>
                <th scope="col">{t('hyp.col.ws')}</th>
                <th scope="col">{t('hyp.col.priv')}</th>
                <th scope="col">{t('hyp.col.user')}</th>
                <th scope="col">{t('hyp.col.space')}</th>
              </tr>
            </thead>
            <tbody>
              {DESIGN_ORDER.map((d) => {
                const r = layout.rows.find((x) => x.design === d)
                if (r === undefined) return null
                const c = r.counts
                return (
                  <tr key={d} data-testid={`hyp-cmp-${d}`}>
                    <th scope="row">
                      <CodeText text={t(`hyp.design.${d}`)} />
                    </th>
                    <td data-testid={`hyp-cmp-${d}-hops`}>{c.hops}</td>
                    <td>{c.intoHypervisor}</td>
                    <td>{c.worldSwitches}</td>
                    <td>{c.privilegeChanges}</td>
                    <td>{c.userVisits}</td>
                    <td>{c.addressSpaceChanges}</td>
                  </tr>
                )
              })}
            </tbody>
          </table>
          <p className="io-foot io-note">
            <CodeText text={t('hyp.compareNote', { port: layout.port })} />
          </p>
        </>
      )}
      {layout.kind === 'stack' && (
        <>
          <div className="io-grid io-grid-hyp">
            <LayerStack
              layout={{
                stack: layout.stack,
                vcpuAt: layout.cpuAt,
                ioAt: null,
                cpuLabel: 'hyp.cpuHere',
                deviceAt: layout.deviceAt,
                worldOn: layout.worldOn,
              }}
            />
            <div className="io-hops-box">
              <h3 className="io-sub">{t('hyp.hopsTitle')}</h3>
              {layout.hops.length === 0 ? (
                <p className="io-foot">
                  <CodeText text={t('hyp.noHops')} />
                </p>
              ) : (
                <ol className="io-hops" aria-label={t('hyp.hopsTitle')} data-testid="io-hops">
                  {layout.hops.length > HOPS_SHOWN && (
                    <li className="io-more">
                      {t('io.earlier', { n: layout.hops.length - HOPS_SHOWN })}
                    </li>
                  )}
                  {layout.hops.slice(-HOPS_SHOWN).map((h) => (
                    <li
                      key={h.n}
                      value={h.n}
                      className={`io-hop${h.focus ? ' io-hop-now' : ''}`}
                      aria-current={h.focus ? 'step' : undefined}
                      data-focus={focusAttr(owns && h.focus)}
                      data-testid={h.focus ? 'io-hop-now' : undefined}
                    >
                      <span className="io-hop-at">
                        <CodeText text={t(`hyp.short.${h.at}`)} />
                        {t('punct.colon')}
                      </span>
                      <CodeText text={t(h.key, h.params)} />
                    </li>
                  ))}
                  {layout.more > 0 && (
                    <li className="io-more">{t('io.more', { n: layout.more })}</li>
                  )}
                </ol>
              )}
              {layout.switched !== null && (
                <p className="io-switch" data-testid="hyp-switched">
                  <CodeText
                    text={t(
                      layout.switched.kind === 'world'
                        ? 'hyp.switch.world'
                        : `hyp.switch.vmcs.${layout.switched.to}`,
                      { state: layout.switched.state.join(t('punct.list')) },
                    )}
                  />
                </p>
              )}
            </div>
          </div>
        </>
      )}
    </figure>
  )
}
