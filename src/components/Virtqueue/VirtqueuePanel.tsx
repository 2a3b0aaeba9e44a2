import { useMemo } from 'react'
import { useTranslation } from 'react-i18next'
import { type BrokenWhy, type Frame, hex } from '../../engine/index.ts'
import type { UiKey } from '../../i18n/index.ts'
import { CodeText } from '../ui/CodeText.tsx'
import { type DescRow, type Hop, type Mark, type QueueView, layoutVirtqueue } from './layout.ts'
import './virtqueue.css'

const FLAG_NAMES: readonly [number, string][] = [
  [1, 'NEXT'],
  [2, 'WRITE'],
  [4, 'INDIRECT'],
]
const flagText = (f: number): string =>
  FLAG_NAMES.filter(([b]) => f & b)
    .map(([, n]) => n)
    .join(' ') || '—'

const STATUS_BITS: readonly [number, string][] = [
  [1, 'ACKNOWLEDGE'],
  [2, 'DRIVER'],
  [8, 'FEATURES_OK'],
  [4, 'DRIVER_OK'],
]

const HOPS: readonly Hop[] = ['driver', 'exit', 'kvm', 'qemu', 'vhost', 'tap', 'irq']
const HOP_KEY: Record<Hop, UiKey> = {
  driver: 'vq.hopDriver',
  exit: 'vq.hopExit',
  kvm: 'vq.hopKvm',
  qemu: 'vq.hopQemu',
  vhost: 'vq.hopVhost',
  tap: 'vq.hopTap',
  irq: 'vq.hopIrq',
}

const WHY_KEY: Record<BrokenWhy, UiKey> = {
  loop: 'vq.whyLoop',
  'next-range': 'vq.whyNextRange',
  'head-range': 'vq.whyHeadRange',
  'avail-jump': 'vq.whyAvailJump',
  'write-order': 'vq.whyWriteOrder',
  'indirect-next': 'vq.whyIndirectNext',
  'indirect-nested': 'vq.whyIndirectNested',
  'indirect-len': 'vq.whyIndirectLen',
  'indirect-feature': 'vq.whyIndirectFeature',
}

const same = (
  m: Mark | null,
  k: Mark['kind'],
  i?: number,
  table?: 'ring' | 'indirect',
): boolean => {
  if (m === null || m.kind !== k) return false
  if (m.kind === 'desc') return m.index === i && m.table === table
  if (m.kind === 'avail-slot' || m.kind === 'used-slot') return m.slot === i
  return true
}

/** Props for an element the step acts on: data-focus, a marker class, aria-current. */
const focusProps = (on: boolean) =>
  on ? { 'data-focus': 'true', 'aria-current': 'step' as const } : {}

function DescTable({
  rows,
  mark,
  table,
  walked,
  caption,
}: {
  readonly rows: readonly DescRow[]
  readonly mark: Mark | null
  readonly table: 'ring' | 'indirect'
  readonly walked: readonly { readonly table: 'ring' | 'indirect'; readonly index: number }[]
  readonly caption: string
}) {
  const { t } = useTranslation()
  return (
    <table className="vq-table">
      <caption>{caption}</caption>
      <thead>
        <tr>
          <th scope="col">{t('vq.colIdx')}</th>
          <th scope="col">
            <code>addr</code>
          </th>
          <th scope="col">
            <code>len</code>
          </th>
          <th scope="col">
            <code>flags</code>
          </th>
          <th scope="col">
            <code>next</code>
          </th>
          <th scope="col">{t('vq.colChain')}</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => {
          const on = same(mark, 'desc', r.index, table)
          const step = walked.findIndex((w) => w.table === table && w.index === r.index)
          return (
            <tr key={r.index} {...focusProps(on)} data-chain={r.chain ?? undefined}>
              <th scope="row">
                {on ? '▶ ' : ''}
                {r.index}
              </th>
              <td>{r.addr === 0n && r.len === 0 ? '—' : hex(r.addr)}</td>
              <td>{r.len}</td>
              <td>{flagText(r.flags)}</td>
              <td>{r.flags & 1 ? `→ ${r.next}` : r.next}</td>
              <td>
                {step >= 0 ? t('vq.walked', { n: step + 1 }) : ''}
                {step < 0 && r.chain !== null ? t('vq.ofChain', { h: r.chain }) : ''}
                {step < 0 && r.chain === null && table === 'ring' ? t('vq.free') : ''}
              </td>
            </tr>
          )
        })}
      </tbody>
    </table>
  )
}

function Rings({ q, mark }: { readonly q: QueueView; readonly mark: Mark | null }) {
  const { t } = useTranslation()
  const pending = (slot: number): boolean => {
    const n = (q.availIdx - q.lastAvail) & 0xffff
    for (let k = 0; k < n && k < q.size; k++) if ((q.lastAvail + k) % q.size === slot) return true
    return false
  }
  const unread = (slot: number): boolean => {
    const n = (q.usedIdx - q.lastUsed) & 0xffff
    for (let k = 0; k < n && k < q.size; k++) if ((q.lastUsed + k) % q.size === slot) return true
    return false
  }
  const field = (k: Mark['kind'], name: string, value: number, span = 1) => (
    <tr {...focusProps(same(mark, k))}>
      <th scope="row">
        {same(mark, k) ? '▶ ' : ''}
        <code>{name}</code>
      </th>
      <td colSpan={span}>{value}</td>
    </tr>
  )
  return (
    <>
      <table className="vq-table">
        <caption>{t('vq.avail', { gpa: hex(q.avail) })}</caption>
        <tbody>
          {field('avail-flags', 'flags', q.availFlags)}
          {field('avail-idx', 'idx', q.availIdx)}
          {q.availRing.map((h, s) => {
            const on = same(mark, 'avail-slot', s)
            return (
              <tr key={s} {...focusProps(on)}>
                <th scope="row">
                  {on ? '▶ ' : ''}
                  <code>ring[{s}]</code>
                </th>
                <td>
                  {h}
                  {pending(s) ? ' ●' : ''}
                </td>
              </tr>
            )
          })}
          {field('used-event', 'used_event', q.usedEvent)}
        </tbody>
      </table>
      <table className="vq-table">
        <caption>{t('vq.used', { gpa: hex(q.used) })}</caption>
        <thead>
          <tr>
            <td />
            <th scope="col">id</th>
            <th scope="col">
              <code>len</code>
            </th>
          </tr>
        </thead>
        <tbody>
          {field('used-flags', 'flags', q.usedFlags, 2)}
          {field('used-idx', 'idx', q.usedIdx, 2)}
          {q.usedRing.map((u, s) => {
            const on = same(mark, 'used-slot', s)
            return (
              <tr key={s} {...focusProps(on)}>
                <th scope="row">
                  {on ? '▶ ' : ''}
                  <code>ring[{s}]</code>
                </th>
                <td>{u.id}</td>
                <td>
                  {u.len}
                  {unread(s) ? ' ○' : ''}
                </td>
              </tr>
            )
          })}
          {field('avail-event', 'avail_event', q.availEvent, 2)}
        </tbody>
      </table>
    </>
  )
}

/** The virtqueue: descriptor table, avail and used rings in guest memory, chains, the path. */
export function VirtqueuePanel({ frame }: { readonly frame: Frame }) {
  const { t } = useTranslation()
  const l = useMemo(() => layoutVirtqueue(frame.machine.virtio, frame.event), [frame])
  if (l.kind === 'empty')
    return (
      <figure className="panel virtqueue" data-testid="virtqueue">
        <figcaption>
          <h2>{t('vq.heading')}</h2>
        </figcaption>
        <p className="panel-empty">
          <CodeText text={t('vq.empty')} />
        </p>
      </figure>
    )
  const m = l.mark
  const q = l.queue
  const hop = m?.kind === 'hop' ? m.hop : null
  const hops = HOPS.filter((h) => (l.backend === 'qemu' ? h !== 'vhost' : h !== 'qemu'))
  const c = l.counts
  const check = l.check
  return (
    <figure className="panel virtqueue" data-testid="virtqueue">
      <figcaption>
        <h2>{t(l.kind === 'device' && l.queueName === 'rx' ? 'vq.headingRx' : 'vq.heading')}</h2>
      </figcaption>
      <p className="vq-device">
        {t('vq.device', {
          backend: t(l.backend === 'qemu' ? 'vq.backendQemu' : 'vq.backendVhost'),
          irq: t(l.irq === 'msix' ? 'vq.irqMsix' : 'vq.irqIntx'),
        })}
      </p>
      <ul
        className="vq-chips"
        aria-label={t('vq.statusLabel', { n: l.status })}
        {...focusProps(same(m, 'status'))}
      >
        {STATUS_BITS.map(([b, n]) => (
          <li key={n} className={l.status & b ? 'vq-on' : 'vq-off'}>
            {l.status & b ? '✓' : '✗'} {n}
          </li>
        ))}
        {l.status & 64 ? <li className="vq-bad">⚠ DEVICE_NEEDS_RESET</li> : null}
        {l.irq === 'intx' ? <li {...focusProps(same(m, 'isr'))}>ISR {l.isr}</li> : null}
      </ul>
      <ul className="vq-chips" aria-label={t('vq.features')} {...focusProps(same(m, 'features'))}>
        {l.features.map((f) => (
          <li key={f.name} className={f.on ? 'vq-on' : 'vq-off'}>
            {f.on ? '✓' : '✗'} {f.name} ({f.bit})
          </li>
        ))}
      </ul>
      <ol className="vq-path" aria-label={t('vq.path')}>
        {hops.map((h) => (
          <li key={h} {...(hop === h ? focusProps(true) : {})}>
            {hop === h ? '▶ ' : ''}
            <CodeText text={t(HOP_KEY[h])} />
          </li>
        ))}
      </ol>
      {check !== null && (
        <p className="vq-check" data-testid="vq-check">
          <CodeText
            text={
              check.event === null
                ? t(check.what === 'kick' ? 'vq.checkKickFlag' : 'vq.checkIrqFlag', {
                    flag: check.flag ? t('vq.set') : t('vq.clear'),
                    res: t(check.need ? 'vq.yes' : 'vq.no'),
                  })
                : check.first
                  ? t('vq.checkFirst', { res: t('vq.yes') })
                  : t(check.what === 'kick' ? 'vq.checkKickEv' : 'vq.checkIrqEv', {
                      ev: check.event,
                      new: check.new,
                      old: check.old,
                      res: t(check.need ? 'vq.yes' : 'vq.no'),
                    })
            }
          />
        </p>
      )}
      {l.broken !== null && (
        <p className="vq-broken" {...focusProps(same(m, 'broken'))}>
          ⚠ <CodeText text={t('vq.broken', { why: t(WHY_KEY[l.broken]) })} />
        </p>
      )}
      {q === null ? (
        <p className="panel-empty">
          <CodeText text={t('vq.noQueue')} />
        </p>
      ) : (
        <>
          <div className="vq-grid" {...focusProps(same(m, 'queue'))}>
            <DescTable
              rows={q.descs}
              mark={m}
              table="ring"
              walked={l.walked}
              caption={t('vq.descTable', { gpa: hex(q.desc), n: q.size })}
            />
            <Rings q={q} mark={m} />
          </div>
          <p className="vq-legend">{t('vq.legend')}</p>
          <section
            className="vq-chains"
            aria-label={t('vq.chains')}
            {...focusProps(same(m, 'chains'))}
          >
            <h3>{t('vq.chains')}</h3>
            {q.chains.length === 0 ? (
              <p>{t('vq.noChains')}</p>
            ) : (
              <ul>
                {q.chains.map((ch) => (
                  <li key={ch.head}>
                    <span className="vq-head">{t('vq.head', { h: ch.head })}</span>
                    {ch.slots.map((s, i) => (
                      <span key={s}>
                        <span className="vq-slot">[{s}]</span>
                        {i < ch.slots.length - 1 ? <span aria-hidden="true"> → </span> : null}
                      </span>
                    ))}
                    {ch.indirect !== null && (
                      <>
                        <span aria-hidden="true"> ⇒ </span>
                        <span>{t('vq.indirect')}</span>{' '}
                        {ch.indirect.map((d, i) => (
                          <span key={i}>
                            <span className="vq-slot">
                              i{d.index} {d.len}B
                            </span>
                            {i < (ch.indirect?.length ?? 0) - 1 ? (
                              <span aria-hidden="true"> → </span>
                            ) : null}
                          </span>
                        ))}
                      </>
                    )}
                  </li>
                ))}
              </ul>
            )}
            {m?.kind === 'desc' && m.table === 'indirect' && (
              <p data-focus="true">▶ {t('vq.indirectEntry', { i: m.index })}</p>
            )}
            <p className="vq-private">
              <CodeText text={t('vq.private', { lu: q.lastUsed, free: q.free, la: q.lastAvail })} />
            </p>
          </section>
        </>
      )}
      <dl className="vq-counts" aria-label={t('vq.counts')} {...focusProps(same(m, 'counters'))}>
        <div>
          <dt>{t('vq.cExits')}</dt>
          <dd>{c.exits}</dd>
        </div>
        <div>
          <dt>{t('vq.cUser')}</dt>
          <dd>{c.userspace}</dd>
        </div>
        <div>
          <dt>{t('vq.cCopies')}</dt>
          <dd>{c.copies}</dd>
        </div>
        <div>
          <dt>{t('vq.cIrq')}</dt>
          <dd>
            {c.interrupts}
            {t('punct.paren', { x: t('vq.suppressed', { n: c.interruptsSuppressed }) })}
          </dd>
        </div>
        <div>
          <dt>{t('vq.cKicks')}</dt>
          <dd>
            {c.kicks}
            {t('punct.paren', { x: t('vq.suppressed', { n: c.kicksSuppressed }) })}
          </dd>
        </div>
        <div>
          <dt>{t('vq.cWake')}</dt>
          <dd>{c.wakeups}</dd>
        </div>
        <div>
          <dt>{t('vq.cPackets')}</dt>
          <dd>{c.packets}</dd>
        </div>
        {l.queueName === 'rx' || c.received > 0 ? (
          <div>
            <dt>{t('vq.cReceived')}</dt>
            <dd data-testid="vq-received">{c.received}</dd>
          </div>
        ) : null}
        {l.waiting > 0 ? (
          <div className="vq-bad">
            <dt>{t('vq.cWaiting')}</dt>
            <dd data-testid="vq-waiting">{l.waiting}</dd>
          </div>
        ) : null}
      </dl>
    </figure>
  )
}
