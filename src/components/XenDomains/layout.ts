import {
  type EngineEvent,
  type GrantEntry,
  GTF_accept_transfer,
  GTF_readonly,
  GTF_reading,
  GTF_type_mask,
  GTF_writing,
  GNTTAB_NR_RESERVED_ENTRIES,
  type XenState,
  hex,
} from '../../engine/index.ts'
import type { UiKey } from '../../i18n/index.ts'
import { type Point, polylinePath } from '../d3/geometry.ts'
import { type EvtchnDomainView, layoutEvtchn } from './evtchnLayout.ts'

// The split-driver picture of the course notes (seeds/000: backend and real driver in Dom0,
// frontend in DomU, vifN.M on xenbr0; hw-facts §5.4 grants, §5.5 event channels), drawn from
// machine.xen alone. Geometry in viewBox units.
export const XD_WIDTH = 1000
export const XD_HEIGHT = 470
const DOM0 = { x: 16, y: 16, w: 296, h: 340 } as const
const PAGES = { x: 326, y: 16, w: 268 } as const
const DOMU = { x: 624, y: 16, w: 360, h: 340 } as const
const XEN = { x: 16, y: 380, w: 968, h: 80 } as const
/** Page cards stop at the bottom of the domain boxes; the rest are counted. */
const PAGES_BOTTOM = DOM0.y + DOM0.h

export type Translate = (key: UiKey, params?: Record<string, string | number>) => string

export type BoxKind = 'domain' | 'xen' | 'backend' | 'frontend' | 'driver' | 'bridge' | 'page'

export interface Box {
  readonly key: string
  readonly kind: BoxKind
  readonly x: number
  readonly y: number
  readonly w: number
  readonly h: number
  /** First line bold; the rest plain. */
  readonly lines: readonly string[]
  readonly active: boolean
  /** Pages: a ring page is drawn with a different outline (and says so in text). */
  readonly variant: string
}

export interface Wire {
  readonly key: string
  readonly d: string
  /** The corners of the wire, so the pulse can follow it without measuring the DOM. */
  readonly points: readonly Point[]
  readonly label: string
  readonly lx: number
  readonly ly: number
  readonly lit: boolean
  /** Which end sends at this step: the pulse runs from it. */
  readonly from: 'dom0' | 'domU' | null
}

export interface XenDomainsLayout {
  readonly width: number
  readonly height: number
  readonly boxes: readonly Box[]
  readonly wires: readonly Wire[]
  /** Text rows for the hidden table: [what, state]. */
  readonly rows: readonly (readonly [string, string])[]
  /** Each domain's event channels, with the step's port, bit or flag marked. */
  readonly evtchn: readonly EvtchnDomainView[]
  /**
   * The key of the box the step is about (the stage scrolls to it; see useStageFocus): of
   * the lit boxes, a granted page before a driver end before a domain before Xen's
   * event-channel state.
   */
  readonly focus: string | null
}

/** Which lit box is the step's focus: the most specific one first. */
const FOCUS_ORDER: readonly BoxKind[] = [
  'page',
  'frontend',
  'backend',
  'domain',
  'driver',
  'bridge',
  'xen',
]

const h = (n: number): string => hex(BigInt(n))

/** Which devices the event touches, to light them. */
function touched(event: EngineEvent): { devs: Set<string> } {
  const devs = new Set<string>()
  const e = event as unknown as Record<string, unknown>
  for (const k of ['dev', 'vif', 'ring']) {
    const v = e[k]
    if (typeof v === 'string') devs.add(v)
  }
  return { devs }
}

/**
 * Grant entries as they stood at this step: a frame holds the machine after its whole command,
 * so the grant events later in the same command (`later`, see laterInCommand) are taken back
 * out, newest first. Keyed `dom:ref`; null = not written yet.
 */
export function grantEntriesAtStep(
  xen: XenState,
  later: readonly EngineEvent[],
): Map<string, GrantEntry | null> {
  const at = new Map<string, GrantEntry | null>()
  const entry = (dom: number, ref: number): GrantEntry | null => {
    const k = `${dom}:${ref}`
    if (at.has(k)) return at.get(k) ?? null
    return xen.grants.find((g) => g.domid === dom)?.entries[ref] ?? null
  }
  for (let i = later.length - 1; i >= 0; i--) {
    const e = later[i]
    if (!e) continue
    switch (e.kind) {
      case 'grant.access':
        at.set(`${e.dom}:${e.ref}`, null)
        break
      case 'grant.end':
        if (e.ended) at.set(`${e.dom}:${e.ref}`, e.before)
        break
      case 'grant.map': {
        const g = entry(e.grantDom, e.ref)
        if (g)
          at.set(`${e.grantDom}:${e.ref}`, { ...g, flags: g.flags & ~(GTF_reading | GTF_writing) })
        break
      }
      case 'grant.unmap': {
        if (e.grantDom === null || e.ref === null) break
        const g = entry(e.grantDom, e.ref)
        const busy = GTF_reading | (g && g.flags & GTF_readonly ? 0 : GTF_writing)
        if (g) at.set(`${e.grantDom}:${e.ref}`, { ...g, flags: g.flags | busy })
        break
      }
      default:
        break
    }
  }
  return at
}

export function layoutXenDomains(
  xen: XenState,
  event: EngineEvent,
  t: Translate,
  later: readonly EngineEvent[] = [],
): XenDomainsLayout {
  const atStep = grantEntriesAtStep(xen, later)
  const boxes: Box[] = []
  const rows: [string, string][] = []
  const hit = touched(event)
  const devActive = (dev: string, ring?: string) =>
    hit.devs.has(dev) || (ring !== undefined && [...hit.devs].some((d) => d.startsWith(ring)))

  // Dom0 column: backends, the real drivers, the bridge with its ports.
  boxes.push({
    key: 'dom0',
    kind: 'domain',
    ...DOM0,
    lines: [t('xd.dom0')],
    active: false,
    variant: '',
  })
  const backends: { key: string; lines: string[]; active: boolean }[] = [
    ...xen.vbds.map((b) => ({
      key: `bb:${b.dev}`,
      lines: [`blkback ${b.dev}`, `d${b.frontDom} · ${t('xd.port', { n: b.backPort })}`],
      active: devActive(b.dev, b.ring),
    })),
    ...xen.vifs.map((v) => ({
      key: `nb:${v.name}`,
      lines: [
        `netback ${v.name}`,
        `${t(v.rx === 'copy' ? 'xd.rxCopy' : 'xd.rxFlip')} · ${t('xd.port', { n: v.backPort })}${v.rxDropped > 0 ? ` · ${t('xd.dropped', { n: v.rxDropped })}` : ''}`,
      ],
      active: devActive(v.name),
    })),
  ]
  const inner = { x: DOM0.x + 14, w: DOM0.w - 28 }
  let y = DOM0.y + 40
  const bh = 48
  const backendPos = new Map<string, { x: number; y: number }>()
  for (const b of backends.slice(0, 3)) {
    boxes.push({
      key: b.key,
      kind: 'backend',
      x: inner.x,
      y,
      w: inner.w,
      h: bh,
      lines: b.lines,
      active: b.active,
      variant: '',
    })
    backendPos.set(b.key, { x: inner.x + inner.w / 2, y: y + bh })
    rows.push([b.lines[0] ?? '', b.lines.slice(1).join(' ')])
    y += bh + 8
  }
  boxes.push({
    key: 'drivers',
    kind: 'driver',
    x: inner.x,
    y: DOM0.y + DOM0.h - 132,
    w: inner.w,
    h: 44,
    lines: [t('xd.drivers')],
    active: event.kind === 'blk.io',
    variant: '',
  })
  boxes.push({
    key: 'bridge',
    kind: 'bridge',
    x: inner.x,
    y: DOM0.y + DOM0.h - 80,
    w: inner.w,
    h: 66,
    lines: [t('xd.bridge', { name: xen.bridge.name }), xen.bridge.ports.join(' · ')],
    active: event.kind === 'net.bridge',
    variant: '',
  })
  rows.push([t('xd.bridge', { name: xen.bridge.name }), xen.bridge.ports.join(t('punct.list'))])

  // DomU column: one box per guest, its frontends inside.
  const guests = xen.domains.filter((d) => d.domid !== 0)
  const gh = guests.length === 0 ? DOMU.h : (DOMU.h - 12 * (guests.length - 1)) / guests.length
  const frontPos = new Map<number, { x: number; y: number }>()
  if (guests.length === 0) {
    boxes.push({
      key: 'domU:none',
      kind: 'domain',
      ...DOMU,
      lines: [t('xd.noGuest')],
      active: false,
      variant: 'empty',
    })
  }
  guests.forEach((g, i) => {
    const gy = DOMU.y + i * (gh + 12)
    boxes.push({
      key: `domU:${g.domid}`,
      kind: 'domain',
      x: DOMU.x,
      y: gy,
      w: DOMU.w,
      h: gh,
      lines: [t('xd.domU', { id: g.domid })],
      active: event.kind === 'xen.domain' && event.domid === g.domid,
      variant: '',
    })
    const fronts = [
      ...xen.vbds
        .filter((b) => b.frontDom === g.domid)
        .map((b) => ({
          key: `bf:${b.dev}`,
          lines: [
            `blkfront ${b.dev}`,
            `${t('xd.port', { n: b.frontPort })} · ${t('xd.inFlight', { n: b.shadow.length })}`,
          ],
          active: devActive(b.dev, b.ring),
        })),
      ...xen.vifs
        .filter((v) => v.dom === g.domid)
        .map((v) => ({
          key: `nf:${v.name}`,
          lines: [`netfront eth${v.devid}`, `${v.mac} · ${t('xd.port', { n: v.frontPort })}`],
          active: devActive(v.name),
        })),
    ]
    const fh = Math.min(52, (gh - 44) / Math.max(1, fronts.length) - 6)
    let fy = gy + 36
    for (const f of fronts) {
      boxes.push({
        key: f.key,
        kind: 'frontend',
        x: DOMU.x + 14,
        y: fy,
        w: DOMU.w - 28,
        h: fh,
        lines: fh < 40 ? [f.lines.join(' · ')] : f.lines,
        active: f.active,
        variant: '',
      })
      rows.push([
        `${t('xd.domU', { id: g.domid })}${t('punct.colon')}${f.lines[0] ?? ''}`,
        f.lines[1] ?? '',
      ])
      fy += fh + 6
    }
    if (fronts.length === 0) rows.push([t('xd.domU', { id: g.domid }), t('xd.noFront')])
    frontPos.set(g.domid, { x: DOMU.x, y: gy + Math.min(gh / 2, 60) })
  })

  // Middle column: the pages guests granted (refs below 8 are reserved, hw-facts §5.4).
  const pages: Box[] = []
  for (const gd of xen.grants) {
    if (gd.domid === 0) continue
    const refs = new Set([
      ...gd.entries.keys(),
      ...[...atStep.keys()]
        .filter((k) => k.startsWith(`${gd.domid}:`))
        .map((k) => Number(k.split(':')[1])),
    ])
    for (const ref of [...refs].sort((a, b) => a - b)) {
      const k = `${gd.domid}:${ref}`
      const e = atStep.has(k) ? atStep.get(k) : gd.entries[ref]
      if (!e || ref < GNTTAB_NR_RESERVED_ENTRIES) continue
      const type = e.flags & GTF_type_mask
      if (type === 0) continue
      const label = gd.pages.get(e.frame) ?? ''
      const ring = label.endsWith('shared ring page')
      const mode =
        type === GTF_accept_transfer
          ? t('xd.transfer')
          : e.flags & GTF_readonly
            ? t('xd.ro')
            : t('xd.rw')
      const mapped = (e.flags & (GTF_reading | GTF_writing)) !== 0
      const lines = [
        t('xd.grantRef', { dom: gd.domid, ref, to: e.domid }),
        `${ring ? t('xd.ringPage') : t('xd.dataPage')} · ${type === GTF_accept_transfer ? '' : `${h(e.frame)} · `}${mode}`,
        ...(mapped ? [t('xd.mapped', { dom: e.domid })] : []),
      ]
      const active =
        (event.kind === 'grant.access' && event.dom === gd.domid && event.ref === ref) ||
        ((event.kind === 'grant.map' || event.kind === 'grant.unmap') &&
          event.grantDom === gd.domid &&
          event.ref === ref)
      pages.push({
        key: `page:${gd.domid}:${ref}`,
        kind: 'page',
        x: PAGES.x,
        y: 0,
        w: PAGES.w,
        h: mapped ? 58 : 44,
        lines,
        active,
        variant: ring ? 'ring' : type === GTF_accept_transfer ? 'transfer' : '',
      })
      rows.push([lines[0] ?? '', lines.slice(1).join(t('punct.comma'))])
    }
  }
  boxes.push({
    key: 'pages-title',
    kind: 'page',
    x: PAGES.x,
    y: PAGES.y,
    w: PAGES.w,
    h: 24,
    lines: [t('xd.pages')],
    active: false,
    variant: 'title',
  })
  // Newest grants first (higher domain, then higher ref): the pages the current story is about.
  pages.reverse()
  let py = PAGES.y + 32
  let shownPages = 0
  for (const p of pages) {
    if (py + p.h > PAGES_BOTTOM - 30) break
    boxes.push({ ...p, y: py })
    py += p.h + 6
    shownPages++
  }
  if (pages.length > shownPages) {
    boxes.push({
      key: 'pages-more',
      kind: 'page',
      x: PAGES.x,
      y: py,
      w: PAGES.w,
      h: 24,
      lines: [t('xd.more', { n: pages.length - shownPages })],
      active: false,
      variant: 'title',
    })
  }

  // Xen at the bottom: the bus the event channels run through. Its per-domain state (ports,
  // bitmaps, vcpu_info) is drawn beside the picture as tables (evtchnLayout.ts).
  boxes.push({
    key: 'xen',
    kind: 'xen',
    ...XEN,
    lines: [t('xd.xen')],
    active: event.kind.startsWith('grant.'),
    variant: '',
  })

  // Event-channel wires between Dom0 and a guest: down from the guest, through Xen, up to Dom0.
  const wires: Wire[] = []
  const seen = new Set<string>()
  let k = 0
  for (const ed of xen.evtchn) {
    ed.ports.forEach((p, port) => {
      if (p.state !== 'interdomain' || p.remoteDom === ed.domid) return
      const [a, pa, b, pb] =
        ed.domid < p.remoteDom
          ? [ed.domid, port, p.remoteDom, p.remotePort]
          : [p.remoteDom, p.remotePort, ed.domid, port]
      const key = `w:${a}:${pa}:${b}:${pb}`
      if (seen.has(key) || a !== 0) return
      seen.add(key)
      const guestEnd = frontPos.get(b)
      if (!guestEnd) return
      // Out of the guest's left side, down the gap beside the pages, along Xen, up into Dom0.
      const gx = DOMU.x - 10 - k * 8
      const dx = DOM0.x + DOM0.w - 30 - k * 16
      const yBus = XEN.y + 26 + k * 16
      const sendDom = event.kind === 'evtchn.send' ? event.dom : null
      const sendPort = event.kind === 'evtchn.send' ? event.port : null
      const lit = (sendDom === a && sendPort === pa) || (sendDom === b && sendPort === pb)
      const points = [
        guestEnd,
        { x: gx, y: guestEnd.y },
        { x: gx, y: yBus },
        { x: dx, y: yBus },
        { x: dx, y: DOM0.y + DOM0.h },
      ]
      wires.push({
        key,
        d: polylinePath(points),
        points,
        label: t('xd.wire', { a, pa, b, pb }),
        lx: dx + 12,
        ly: yBus - 5,
        lit,
        from: lit ? (sendDom === a ? 'dom0' : 'domU') : null,
      })
      k++
    })
  }
  for (const w of wires) rows.push([w.label, w.lit ? '⚡' : ''])

  const lit = boxes.filter((b) => b.active)
  const focus =
    FOCUS_ORDER.map((kind) => lit.find((b) => b.kind === kind)).find((b) => b !== undefined)?.key ??
    null
  return {
    width: XD_WIDTH,
    height: XD_HEIGHT,
    boxes,
    wires,
    rows,
    evtchn: layoutEvtchn(xen, event, true),
    focus,
  }
}
