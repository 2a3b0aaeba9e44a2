import { useMemo } from 'react'
import { useTranslation } from 'react-i18next'
import type { Frame } from '../../engine/index.ts'
import type { UiKey } from '../../i18n/index.ts'
import { CodeText } from '../ui/CodeText.tsx'
import {
  type GuestCell,
  type GuestRow,
  type HostCell,
  guestTags,
  layoutHostMemory,
} from './layout.ts'
import './hostMemory.css'

const USE_LETTER: Record<GuestCell['use'], string> = {
  kernel: 'K',
  anon: 'A',
  cache: 'C',
  free: '·',
  balloon: 'B',
}

/** A guest page's letter: idle anon and cache pages in lower case (so case, not colour, says it). */
const letter = (c: GuestCell): string =>
  (c.use === 'anon' || c.use === 'cache') && !c.active
    ? USE_LETTER[c.use].toLowerCase()
    : USE_LETTER[c.use]

/** Where the host keeps it, under the letter. */
function backingText(c: GuestCell, swapSlot: number | null): string {
  switch (c.backing) {
    case 'frame':
      return String(c.mfn)
    case 'shared':
      return `S${c.mfn}`
    case 'zero':
      return '0'
    case 'swapped':
      return swapSlot === null ? '↓' : `↓${swapSlot}`
    case 'none':
      return '–'
  }
}

const STATE_KEY: Record<string, UiKey> = {
  high: 'hm.stateHigh',
  soft: 'hm.stateSoft',
  hard: 'hm.stateHard',
  low: 'hm.stateLow',
}

function hostLabel(c: HostCell, names: readonly string[]): string {
  if (c.kind === 'free') return '·'
  if (c.kind === 'private') return `${names[c.vm] ?? '?'}${c.gfn}`
  return `S×${c.refs}`
}

/** Host frames, each guest's pages beside them, the host's swap and its reclamation numbers. */
export function HostMemoryPanel({ frame }: { readonly frame: Frame }) {
  const { t } = useTranslation()
  const layout = useMemo(() => layoutHostMemory(frame.machine.overcommit, frame.event), [frame])
  if (layout.kind === 'empty')
    return (
      <figure className="panel hostmem" data-testid="hostmem">
        <figcaption>
          <h2>{t('hm.heading')}</h2>
        </figcaption>
        <p className="panel-empty">
          <CodeText text={t('hm.empty')} />
        </p>
      </figure>
    )
  const names = layout.guests.map((g) => g.name)
  const tags = guestTags(names)
  // One element carries data-focus: the first guest page the step is about, else a frame, else
  // the guest, the reclaim box, the swap slot, or the counts; none when the sharing panel has it.
  const here = layout.focusHere
  const focusGuest = layout.guests.flatMap((g) =>
    g.cells.filter((c) => c.focus).map((c) => `${g.vm}:${c.gfn}`),
  )[0]
  const focusFrame = focusGuest === undefined ? layout.cells.find((c) => c.focus)?.mfn : undefined
  const focusVm =
    focusGuest === undefined && focusFrame === undefined
      ? layout.guests.find((g) => g.focus)?.vm
      : undefined
  const anyElse = focusGuest !== undefined || focusFrame !== undefined || focusVm !== undefined
  const focusReclaim = !anyElse && layout.reclaim.focus
  const focusSwap = !anyElse && !focusReclaim && layout.swapFocus !== null
  const focusCounts = !anyElse && !focusReclaim && !focusSwap
  const swapSlotOf = new Map<string, number>()
  layout.swap.forEach((s, i) => {
    if (s !== null) swapSlotOf.set(`${s.vm}:${s.gfn}`, i)
  })
  const r = layout.reclaim
  return (
    <figure className="panel hostmem" data-testid="hostmem">
      <figcaption>
        <h2>{t('hm.heading')}</h2>
      </figcaption>
      <p
        className="hm-counts"
        data-testid="hm-counts"
        data-focus={here && focusCounts ? 'true' : undefined}
      >
        {t('hm.counts', {
          total: layout.cells.length,
          free: layout.counts.free,
          priv: layout.counts.private,
          shared: layout.counts.shared,
          refs: layout.counts.refs,
          swapped: layout.swap.filter((s) => s !== null).length,
        })}
      </p>
      <div className="hm-grid" role="list" aria-label={t('hm.hostGrid')} data-testid="hm-host">
        {layout.cells.map((c) => (
          <div
            key={c.mfn}
            role="listitem"
            className={`hm-frame hm-${c.kind}${c.kind === 'private' ? ` hm-vm${c.vm}` : ''}${c.kind === 'shared' ? ` hm-by-${c.by}` : ''}${c.focus ? ' hm-focus' : ''}`}
            data-focus={here && focusFrame === c.mfn ? 'true' : undefined}
            aria-label={
              c.kind === 'free'
                ? t('hm.frameFree', { mfn: c.mfn })
                : c.kind === 'private'
                  ? t('hm.framePrivate', { mfn: c.mfn, vm: names[c.vm] ?? '?', gfn: c.gfn })
                  : t('hm.frameShared', {
                      mfn: c.mfn,
                      refs: c.refs,
                      by: c.by === 'ksm' ? 'KSM' : 'ESX',
                    })
            }
          >
            <span className="hm-mfn" aria-hidden="true">
              {c.mfn}
            </span>
            <span className="hm-owner" aria-hidden="true">
              {hostLabel(c, tags)}
            </span>
          </div>
        ))}
      </div>
      {layout.swap.length > 0 && (
        <p
          className="hm-swap"
          data-testid="hm-swap"
          data-focus={here && focusSwap ? 'true' : undefined}
        >
          {t('hm.swap', { outs: layout.swapOuts, ins: layout.swapIns })}{' '}
          {layout.swap.map((s, i) => (
            <span key={i} className={`hm-slot${layout.swapFocus === i ? ' hm-focus' : ''}`}>
              <code>{s === null ? `${i}: –` : `${i}: ${tags[s.vm] ?? '?'}${s.gfn}`}</code>
            </span>
          ))}
        </p>
      )}
      {layout.guests.map((g) => (
        <GuestView
          key={g.vm}
          g={g}
          tag={tags[g.vm] ?? g.name}
          focusGfn={
            here && focusGuest?.startsWith(`${g.vm}:`) ? Number(focusGuest.split(':')[1]) : null
          }
          rowFocus={here && focusVm === g.vm}
          swapSlotOf={swapSlotOf}
        />
      ))}
      <div
        className={`hm-reclaim${r.focus ? ' hm-focus' : ''}`}
        data-testid="hm-reclaim"
        data-focus={here && focusReclaim ? 'true' : undefined}
      >
        <p>
          {t('hm.state', {
            free: r.free,
            total: r.total,
            pct: Math.round((r.free * 1000) / Math.max(1, r.total)) / 10,
          })}{' '}
          <strong>
            <CodeText text={t(STATE_KEY[r.state] ?? 'hm.stateHigh')} />
          </strong>
          {t('punct.sentence')}
          {t('hm.tax', { pct: r.taxPct, k: Number(r.k.toPrecision(3)) })}
        </p>
        {layout.guests.length > 0 && (
          <table className="hm-rho">
            <caption className="visually-hidden">{t('hm.rhoCaption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('hm.colVm')}</th>
                <th scope="col">{t('hm.colShares')}</th>
                <th scope="col">{t('hm.colPages')}</th>
                <th scope="col">{t('hm.colActive')}</th>
                <th scope="col">ρ</th>
              </tr>
            </thead>
            <tbody>
              {r.rho.map((x) => (
                <tr key={x.vm} aria-current={r.decision?.victim === x.vm ? 'true' : undefined}>
                  <td>
                    {r.decision?.victim === x.vm ? '▶ ' : ''}
                    <code>{names[x.vm]}</code>
                  </td>
                  <td>{x.shares}</td>
                  <td>{x.pages}</td>
                  <td>{x.active}</td>
                  <td>{Number.isFinite(x.rho) ? x.rho.toPrecision(3) : '∞'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        {r.decision !== null && (
          <p className="hm-decision">
            {r.decision.method === 'none'
              ? t('hm.noReclaim')
              : t(r.decision.method === 'balloon' ? 'hm.reclaimBalloon' : 'hm.reclaimSwap', {
                  n: r.decision.needed,
                  vm: r.decision.victim === null ? '' : (names[r.decision.victim] ?? ''),
                })}
          </p>
        )}
      </div>
      <ul className="hm-legend">
        <li>
          <span className="hm-key hm-private hm-vm0" aria-hidden="true">
            a3
          </span>
          <CodeText text={t('hm.legendPrivate')} />
        </li>
        <li>
          <span className="hm-key hm-shared" aria-hidden="true">
            S×2
          </span>
          <CodeText text={t('hm.legendShared')} />
        </li>
        <li>
          <span className="hm-key hm-free" aria-hidden="true">
            ·
          </span>
          <CodeText text={t('hm.legendFree')} />
        </li>
        <li>
          <CodeText text={t('hm.legendGuest')} />
        </li>
        <li>
          <CodeText text={t('hm.legendBacking')} />
        </li>
      </ul>
    </figure>
  )
}

function GuestView({
  g,
  tag,
  focusGfn,
  rowFocus,
  swapSlotOf,
}: {
  readonly g: GuestRow
  readonly tag: string
  readonly focusGfn: number | null
  readonly rowFocus: boolean
  readonly swapSlotOf: ReadonlyMap<string, number>
}) {
  const { t } = useTranslation()
  const c = g.counts
  const features = [
    ...(g.features.mustTellHost ? ['MUST_TELL_HOST'] : []),
    ...(g.features.deflateOnOom ? ['DEFLATE_ON_OOM'] : []),
  ]
  return (
    <section
      className={`hm-guest hm-vm${g.vm}-row`}
      aria-label={t('hm.guestLabel', { vm: g.name })}
      data-testid={`hm-guest-${g.name}`}
    >
      <h3 data-focus={rowFocus ? 'true' : undefined} className={rowFocus ? 'hm-focus' : undefined}>
        <span className={`hm-swatch hm-vm${g.vm}`} aria-hidden="true" />
        <CodeText
          text={t('hm.guestTitle', { vm: g.name, tag, pages: g.cells.length, shares: g.shares })}
        />
      </h3>
      <p className="hm-guest-counts">
        {t('hm.guestCounts', {
          kernel: c.kernel,
          anon: c.anon,
          cache: c.cache,
          active: c.active,
          free: c.free,
          balloon: c.balloon,
        })}
        {t('punct.sentence')}
        {t('hm.hostCounts', {
          frame: g.host.frame,
          shared: g.host.shared,
          zero: g.host.zero,
          swapped: g.host.swapped,
          none: g.host.none,
        })}
      </p>
      <p className="hm-guest-counts">
        <CodeText
          text={
            t('hm.balloon', {
              num: g.numPages,
              actual: g.actual,
              features:
                features.length === 0
                  ? ''
                  : t('punct.paren', { x: features.join(t('punct.list')) }),
            }) +
            t('punct.sentence') +
            t('hm.disk', { n: g.diskPages, writes: g.guestWrites }) +
            (g.mergeable ? t('punct.sentence') + t('hm.mergeableVm') : '')
          }
        />
      </p>
      <div className="hm-grid hm-pages" role="list" aria-label={t('hm.pagesLabel', { vm: g.name })}>
        {g.cells.map((cell) => (
          <div
            key={cell.gfn}
            role="listitem"
            className={`hm-page hm-use-${cell.use} hm-back-${cell.backing}${cell.active ? '' : ' hm-idle'}${cell.focus ? ' hm-focus' : ''}`}
            data-focus={focusGfn === cell.gfn ? 'true' : undefined}
            aria-label={t('hm.pageLabel', {
              gfn: cell.gfn,
              use: t(`hm.use.${cell.use}` as UiKey),
              where: t(`hm.back.${cell.backing}` as UiKey, { mfn: cell.mfn ?? '' }),
            })}
          >
            <span className="hm-mfn" aria-hidden="true">
              {cell.gfn}
            </span>
            <span className="hm-owner" aria-hidden="true">
              {letter(cell)}
            </span>
            <span className="hm-where" aria-hidden="true">
              {backingText(cell, swapSlotOf.get(`${g.vm}:${cell.gfn}`) ?? null)}
            </span>
          </div>
        ))}
      </div>
    </section>
  )
}
