import {
  type AddrSpaceMachine,
  type EngineEvent,
  type GuestMapping,
  type HostMapping,
  PAGE_BYTES,
  hex,
  pageNumber,
} from '../../engine/index.ts'
import type { UiKey } from '../../i18n/index.ts'

// Geometry in viewBox units; the SVG scales to its box, so a projector just sees it larger.
export const VIEW_WIDTH = 1000
const CELL_W = 130
/**
 * Machine cells are wider: they print the owner beside the address, and both must fit at the
 * presenter-mode size floor (18 px).
 */
const MACHINE_W = 156
const CELL_H = 40
const GAP = 10
const TOP = 92
const BAND_GAP = 36
/** Column x for the left guest, the machine column, and the mirrored right guest. */
const X = { leftGv: 16, leftGp: 222, machine: 422, rightGp: 648, rightGv: 854 } as const

export type Translate = (key: UiKey, params?: Record<string, string | number>) => string

export type CellKind = 'gv' | 'gp' | 'm'
export type Tone = 'ok' | 'fault' | 'exit'

export interface Cell {
  readonly key: string
  readonly kind: CellKind
  readonly vm: string | null
  readonly x: number
  readonly y: number
  readonly label: string
  readonly sub: string
  /** Machine cells: who it belongs to, drawn as text so colour is not the only signal. */
  readonly owners: readonly string[]
  readonly vmIndex: number
  readonly active: boolean
  readonly missing: boolean
}

export interface Link {
  readonly key: string
  readonly kind: 'guest' | 'host'
  readonly vmIndex: number
  readonly from: { readonly x: number; readonly y: number }
  readonly to: { readonly x: number; readonly y: number }
  readonly active: boolean
  /** Made by this very step: drawn in. */
  readonly fresh: boolean
}

export interface Header {
  readonly key: string
  readonly x: number
  readonly y: number
  readonly width: number
  readonly text: string
  readonly vmIndex: number
  readonly emphasis: boolean
}

/** How the access at this step ended, shown as a banner over the diagram. */
export interface Outcome {
  readonly text: string
  readonly tone: Tone
}

export interface Layout {
  readonly width: number
  readonly height: number
  readonly headers: readonly Header[]
  readonly cells: readonly Cell[]
  readonly links: readonly Link[]
  readonly outcome: Outcome | null
  /** The path an access travels at this step, for the moving token. */
  readonly token: { readonly link: string; readonly tone: Tone | null } | null
  readonly empty: boolean
  /** The part the step is about (the stage scrolls to it; see useStageFocus). */
  readonly focus: AddressSpacesFocus | null
}

/**
 * A link (the mapping made, or the one the access travels), a cell, a VM's title (created or
 * switched to), or the outcome banner.
 */
export type AddressSpacesFocus =
  { readonly kind: 'link' | 'cell' | 'header'; readonly key: string } | { readonly kind: 'outcome' }

const pageLabel = (t: Translate, addr: bigint, size: GuestMapping['size']): string => {
  const n = pageNumber(addr)
  const num = n < 4096n ? n.toString() : hex(n)
  return size === '4K' ? t('as.page', { n: num }) : `${t('as.page', { n: num })} · ${size}`
}

interface Band {
  readonly vm: string | null
  readonly vmIndex: number
  readonly side: 'left' | 'right'
  readonly guestMap: readonly GuestMapping[]
  readonly hostMap: readonly HostMapping[] | null
}

interface Range {
  readonly start: bigint
  readonly size: GuestMapping['size']
}

const uniqueRanges = (ranges: readonly Range[]): Range[] => {
  const seen = new Map<string, Range>()
  for (const r of ranges) seen.set(`${r.start}:${r.size}`, r)
  return [...seen.values()].sort((a, b) => (a.start < b.start ? -1 : a.start > b.start ? 1 : 0))
}

const inRange = (addr: bigint, r: Range): boolean =>
  addr >= r.start && addr < r.start + PAGE_BYTES[r.size]

/** Where everything goes for one frame: a pure function of the machine and the event. */
export function layoutAddressSpaces(
  machine: AddrSpaceMachine,
  event: EngineEvent,
  t: Translate,
): Layout {
  const bands: Band[] =
    machine.vms.length > 0
      ? machine.vms.map((vm, i) => ({
          vm: vm.name,
          vmIndex: i,
          side: i % 2 === 0 ? 'left' : 'right',
          guestMap: vm.guestMap,
          hostMap: vm.hostMap,
        }))
      : [{ vm: null, vmIndex: 0, side: 'left', guestMap: machine.nativeMap, hostMap: null }]
  const virtualized = machine.vms.length > 0
  const eventVm = 'vm' in event ? event.vm : null
  const headers: Header[] = []
  const cells: Cell[] = []
  const links: Link[] = []
  let outcome: Outcome | null = null
  let token: Layout['token'] = null

  // Machine column: every backed range of every guest, in address order.
  const machineRanges = uniqueRanges(
    bands.flatMap((b) => (b.hostMap ?? []).map((h) => ({ start: h.hpa, size: h.size }))),
  )
  const machineCellKey = (r: Range) => `m:${r.start}:${r.size}`
  const machineY = new Map<string, number>()
  machineRanges.forEach((r, i) => machineY.set(machineCellKey(r), TOP + i * (CELL_H + GAP)))
  if (virtualized) {
    headers.push({
      key: 'h:m',
      x: X.machine,
      y: TOP - 50,
      width: MACHINE_W,
      text: t('as.machine'),
      vmIndex: -1,
      emphasis: false,
    })
  }

  let rowTop = TOP
  for (let row = 0; row * 2 < bands.length; row++) {
    const rowBands = bands.slice(row * 2, row * 2 + 2)
    let rowHeight = 0
    for (const b of rowBands) {
      const left = b.side === 'left'
      const gvX = virtualized ? (left ? X.leftGv : X.rightGv) : 200
      const gpX = virtualized ? (left ? X.leftGp : X.rightGp) : 600
      const vmKey = b.vm ?? 'native'
      const emphasis = virtualized && b.vm === machine.current
      const vmTitle =
        b.vm === null
          ? ''
          : `${emphasis ? '▶ ' : ''}${b.vm}${emphasis ? t('punct.paren', { x: t('as.running') }) : ''}`
      if (virtualized) {
        headers.push({
          key: `h:vm:${vmKey}`,
          x: Math.min(gvX, gpX),
          y: rowTop - 72,
          width: Math.abs(gpX - gvX) + CELL_W,
          text: vmTitle,
          vmIndex: b.vmIndex,
          emphasis,
        })
      }
      headers.push(
        {
          key: `h:gv:${vmKey}`,
          x: gvX,
          y: rowTop - 50,
          width: CELL_W,
          text: t(virtualized ? 'as.virtual' : 'as.nativeVirtual'),
          vmIndex: b.vmIndex,
          emphasis: false,
        },
        {
          key: `h:gp:${vmKey}`,
          x: gpX,
          y: rowTop - 50,
          width: CELL_W,
          text: t(virtualized ? 'as.guestPhysical' : 'as.nativePhysical'),
          vmIndex: b.vmIndex,
          emphasis: false,
        },
      )

      // The accessed page shows even when nothing maps it, so the fault has a place to land.
      const probeVa =
        (event.kind === 'access.guest' || event.kind === 'access.done') && event.vm === b.vm
          ? event.va
          : null
      const gvRanges = uniqueRanges([
        ...b.guestMap.map((m) => ({ start: m.va, size: m.size })),
        ...(probeVa !== null &&
        !b.guestMap.some((m) => inRange(probeVa, { start: m.va, size: m.size }))
          ? [{ start: probeVa - (probeVa % PAGE_BYTES['4K']), size: '4K' as const }]
          : []),
      ])
      const gpRanges = uniqueRanges([
        ...b.guestMap.map((m) => ({ start: m.pa as bigint, size: m.size })),
        ...(b.hostMap ?? []).map((h) => ({ start: h.gpa as bigint, size: h.size })),
      ])
      const gvY = new Map<string, number>()
      const gpY = new Map<string, number>()
      const step = CELL_H + GAP
      gvRanges.forEach((r, i) => gvY.set(`${r.start}:${r.size}`, rowTop + i * step))
      gpRanges.forEach((r, i) => gpY.set(`${r.start}:${r.size}`, rowTop + i * step))
      rowHeight = Math.max(rowHeight, gvRanges.length * step, gpRanges.length * step)

      const mine = eventVm === b.vm
      for (const r of gvRanges) {
        const mapped = b.guestMap.some((m) => m.va === r.start && m.size === r.size)
        const touched = mine && probeVa !== null && inRange(probeVa, r)
        cells.push({
          key: `gv:${vmKey}:${r.start}:${r.size}`,
          kind: 'gv',
          vm: b.vm,
          x: gvX,
          y: gvY.get(`${r.start}:${r.size}`) ?? rowTop,
          label: pageLabel(t, r.start, r.size),
          sub: mapped ? hex(r.start) : t('as.notMapped'),
          owners: [],
          vmIndex: b.vmIndex,
          active: touched,
          missing: !mapped,
        })
      }
      const accessGpa =
        mine && event.kind === 'access.host'
          ? event.gpa
          : mine && event.kind === 'access.guest'
            ? event.pa
            : mine && event.kind === 'access.done' && event.outcome.result === 'ok'
              ? (event.outcome.gpa ?? event.outcome.pa)
              : mine && event.kind === 'access.done' && event.outcome.result === 'exit'
                ? event.outcome.exit.gpa
                : null
      for (const r of gpRanges) {
        const backed =
          b.hostMap === null ||
          b.hostMap.some((h) => inRange(r.start, { start: h.gpa, size: h.size }))
        cells.push({
          key: `gp:${vmKey}:${r.start}:${r.size}`,
          kind: 'gp',
          vm: b.vm,
          x: gpX,
          y: gpY.get(`${r.start}:${r.size}`) ?? rowTop,
          label: pageLabel(t, r.start, r.size),
          sub: hex(r.start),
          owners: [],
          vmIndex: b.vmIndex,
          active: accessGpa !== null && inRange(accessGpa, r),
          missing: !backed,
        })
      }

      // Guest page-table arrows: virtual -> guest-physical.
      for (const m of b.guestMap) {
        const key = `g:${vmKey}:${m.va}:${m.size}`
        const fromY = gvY.get(`${m.va}:${m.size}`) ?? rowTop
        const toY = gpY.get(`${m.pa}:${m.size}`) ?? rowTop
        const active =
          mine &&
          ((event.kind === 'access.guest' && event.mapping === m) ||
            (event.kind === 'access.done' &&
              event.outcome.result !== 'fault' &&
              inRange(event.va, { start: m.va, size: m.size })))
        const fresh = event.kind === 'map.guest' && event.vm === b.vm && event.mapping === m
        links.push({
          key,
          kind: 'guest',
          vmIndex: b.vmIndex,
          from: { x: left || !virtualized ? gvX + CELL_W : gvX, y: fromY + CELL_H / 2 },
          to: { x: left || !virtualized ? gpX : gpX + CELL_W, y: toY + CELL_H / 2 },
          active: active || fresh,
          fresh,
        })
        if (event.kind === 'access.guest' && mine && event.mapping === m)
          token = { link: key, tone: null }
      }
      // Hypervisor arrows: guest-physical -> machine.
      for (const h of b.hostMap ?? []) {
        const key = `h:${vmKey}:${h.gpa}:${h.size}`
        const fromY = gpY.get(`${h.gpa}:${h.size}`) ?? rowTop
        const toY = machineY.get(machineCellKey({ start: h.hpa, size: h.size })) ?? TOP
        const onPath =
          mine &&
          ((event.kind === 'access.host' && event.mapping === h) ||
            (event.kind === 'access.done' &&
              event.outcome.result === 'ok' &&
              event.outcome.gpa !== null &&
              inRange(event.outcome.gpa, { start: h.gpa, size: h.size })))
        const fresh = event.kind === 'map.host' && event.vm === b.vm && event.mapping === h
        links.push({
          key,
          kind: 'host',
          vmIndex: b.vmIndex,
          from: { x: left ? gpX + CELL_W : gpX, y: fromY + CELL_H / 2 },
          to: { x: left ? X.machine : X.machine + MACHINE_W, y: toY + CELL_H / 2 },
          active: onPath || fresh,
          fresh,
        })
        if (event.kind === 'access.host' && mine && event.mapping === h)
          token = { link: key, tone: null }
      }

      if (mine && event.kind === 'access.done') outcome = outcomeOf(event.outcome, t)
    }
    rowTop += rowHeight + BAND_GAP + 72
  }

  // Machine cells last, once every owner is known.
  for (const r of machineRanges) {
    const owners = bands.filter((b) =>
      (b.hostMap ?? []).some((h) => h.hpa === r.start && h.size === r.size),
    )
    const reached =
      event.kind === 'access.done' && event.outcome.result === 'ok' && event.outcome.gpa !== null
        ? inRange(event.outcome.pa, r)
        : event.kind === 'access.host' && event.hpa !== null && inRange(event.hpa, r)
    cells.push({
      key: machineCellKey(r),
      kind: 'm',
      vm: null,
      x: X.machine,
      y: machineY.get(machineCellKey(r)) ?? TOP,
      label: pageLabel(t, r.start, r.size),
      sub: hex(r.start),
      owners: owners.map((b) => b.vm ?? ''),
      vmIndex: owners[0]?.vmIndex ?? 0,
      active: reached,
      missing: false,
    })
  }

  const bottom = Math.max(rowTop - 72, TOP + machineRanges.length * (CELL_H + GAP))
  const freshLink = links.find((l) => l.fresh)
  const activeCell = cells.find((c) => c.active)
  // A VM created or switched to: its title.
  const vmHeader =
    (event.kind === 'vm.create' || event.kind === 'vm.select') && event.vm !== null
      ? headers.find((h) => h.key === `h:vm:${event.vm}`)
      : undefined
  const focus: AddressSpacesFocus | null = vmHeader
    ? { kind: 'header', key: vmHeader.key }
    : freshLink
      ? { kind: 'link', key: freshLink.key }
      : token
        ? { kind: 'link', key: token.link }
        : outcome
          ? { kind: 'outcome' }
          : activeCell
            ? { kind: 'cell', key: activeCell.key }
            : null
  return {
    focus,
    width: VIEW_WIDTH,
    height: Math.max(bottom + 12, 240),
    headers,
    cells,
    links,
    outcome,
    token,
    empty: cells.length === 0,
  }
}

export const CELL = { width: CELL_W, height: CELL_H } as const
/** A cell's width by its column: the machine column is wider. */
export const cellWidth = (kind: string): number => (kind === 'm' ? MACHINE_W : CELL_W)

function outcomeOf(
  o: Extract<EngineEvent, { kind: 'access.done' }>['outcome'],
  t: Translate,
): Outcome {
  switch (o.result) {
    case 'ok':
      return { tone: 'ok', text: t('as.ok', { addr: hex(o.pa) }) }
    case 'fault':
      return {
        tone: 'fault',
        text:
          o.fault.vector === 14 ? t('as.pf', { code: hex(BigInt(o.fault.errorCode)) }) : t('as.gp'),
      }
    case 'exit':
      return { tone: 'exit', text: t('as.exit', { reason: o.exit.reason }) }
  }
}
