// `mmu xen-pv`: Xen direct paging. The guest CPU walks the guest's own tables, which hold
// machine frame numbers (paging.mem is machine memory); Xen keeps page_info per frame and
// checks every change the guest asks for (hw-facts §5.6).
import { type Gpa, type Hpa, type Mfn, gpa, gva, hpa, hpaOfMfn, mfnOf } from '../core/addr.ts'
import type { EngineEvent } from '../core/event.ts'
import { err, ok } from '../core/result.ts'
import { readPhys, zeroFrame } from '../memory/phys.ts'
import { applyPaging, walkContext } from '../paging/apply.ts'
import { enumerateMappings } from '../paging/dump.ts'
import { PTE_G, PTE_P, PTE_RW, PTE_US, PTE_XD } from '../paging/entry.ts'
import { isCanonical, levelIndex, geometryOf } from '../paging/geometry.ts'
import type { PagingOutcome } from '../paging/events.ts'
import type { PagingOp } from '../paging/ops.ts'
import type { PagingState } from '../paging/types.ts'
import { rootBase } from '../paging/walk.ts'
import type { Mmu, VirtMachine } from '../virt/mmu.ts'
import { type VirtResult, noPkru, p2mMap, wrongMmu } from '../virt/p2m.ts'
import type { VirtState } from '../virt/types.ts'
import type { XenPvError } from './errors.ts'
import type { PageChange, XenPvCheck, XenPvOutcome, XenPvRefusal } from './events.ts'
import { type PvWorld, hypercall, multicall, oneUpdate, withCounters } from './hypercalls.ts'
import type { XenPvOp } from './ops.ts'
import { ENTRIES_PER_TABLE, entryMfn } from './pages.ts'
import { type MmuUpdateRequest, NO_PAGE_INFO, PT_LEVEL, type PendingCall } from './types.ts'

const xenErr = (error: XenPvError): VirtResult => err({ code: 'xenpv', error })

/**
 * A PV guest's tables hold machine addresses and paging.mem is machine memory, so what paging/
 * calls physical (Gpa: the guest OS's view) is a machine address here, both ways. These two are
 * the only places xenpv/ says so (core/addr.ts).
 */
const machine = (a: Gpa): Hpa => hpa(a)
const pagingView = (a: Hpa): Gpa => gpa(a)

/** The frames the domain owns: the machine side of its P2M (`host map`). */
export function ownedFrames(virt: VirtState): Set<Mfn> {
  const s = new Set<Mfn>()
  for (const e of virt.p2m.values()) s.add(mfnOf(e.hpa))
  return s
}

function world(paging: PagingState, virt: VirtState): PvWorld {
  const owned = ownedFrames(virt)
  return {
    paging,
    xen: virt.xenpv,
    owned: (m) => owned.has(m),
    builtM2p: (m) => builtM2p(virt, m),
  }
}

/** The M2P entry the domain builder wrote for `m`: the GFN the P2M backs with it. */
export function builtM2p(virt: VirtState, m: Mfn): bigint | null {
  for (const [gfn, e] of virt.p2m) if (mfnOf(e.hpa) === m) return BigInt(gfn)
  return null
}

const back = (virt: VirtState, w: PvWorld, events: readonly EngineEvent[]): VirtResult =>
  ok({ paging: w.paging, virt: { ...virt, xenpv: w.xen }, events })

/** A page-table page Xen has validated and that is in use (type count above 0). */
const isTableInUse = (w: PvWorld, mfn: Mfn): boolean => {
  const i = w.xen.pages.get(mfn) ?? NO_PAGE_INFO
  return i.count > 0 && PT_LEVEL[i.type] !== null
}

function call(paging: PagingState, virt: VirtState, c: PendingCall): VirtResult {
  const w = world(paging, virt)
  const open = w.xen.multicall
  if (open !== null) {
    // Inside `multicall begin` ... `end`: the call is only written into the list.
    const xen = { ...w.xen, multicall: [...open, c] }
    return back(virt, { ...w, xen }, [
      { kind: 'xenpv.multicall-queue', entry: open.length, call: c, cite: 'xen-pub-multicall' },
    ])
  }
  const r = hypercall(w, c)
  return back(virt, r.world, r.events)
}

/** `mmu_update`, `mmuext`, `multicall`: refused unless the MMU is xen-pv. */
export function applyXenPvOp(paging: PagingState, virt: VirtState, op: XenPvOp): VirtResult {
  if (virt.mmu !== 'xen-pv') return wrongMmu(op.kind, 'xen-pv', virt.mmu)
  switch (op.kind) {
    case 'xenpv.mmu-update': {
      if (op.reqs.length === 0) return xenErr({ code: 'no-requests' })
      return call(paging, virt, { call: 'mmu_update', reqs: op.reqs })
    }
    case 'xenpv.mmuext':
      if (op.ops.length === 0) return xenErr({ code: 'no-requests' })
      return call(paging, virt, { call: 'mmuext_op', ops: op.ops })
    case 'xenpv.multicall': {
      const w = world(paging, virt)
      if (op.action === 'begin') {
        if (w.xen.multicall !== null) return xenErr({ code: 'multicall-open' })
        return back(virt, { ...w, xen: { ...w.xen, multicall: [] } }, [
          { kind: 'xenpv.multicall-begin', cite: 'xen-pub-multicall' },
        ])
      }
      const calls = w.xen.multicall
      if (calls === null) return xenErr({ code: 'multicall-closed' })
      const r = multicall({ ...w, xen: { ...w.xen, multicall: null } }, calls)
      return back(virt, r.world, r.events)
    }
  }
}

/**
 * The guest's own store (`poke`). Ordinary frames of the domain take it. A page-table page in
 * use is mapped read-only everywhere (Xen guarantees it), so the store faults (#PF, P=1 W=1)
 * into Xen. For an L1 table Xen emulates it ("writable page tables", XEN-ptwr): the same
 * checks as an mmu_update of that entry, then the write, and the guest continues. Otherwise,
 * or when a check fails, the #PF is delivered to the guest.
 */
function poke(
  { paging, virt }: VirtMachine,
  op: Extract<PagingOp, { kind: 'paging.poke' }>,
): VirtResult {
  const w = world(paging, virt)
  const addr = machine(op.addr)
  const first = mfnOf(addr)
  const last = mfnOf(hpa(addr + BigInt(op.size) - 1n))
  for (const mfn of [first, last]) if (!w.owned(mfn)) return xenErr({ code: 'not-owned', mfn })
  const table = [first, last].find((m) => isTableInUse(w, m))
  if (table === undefined) {
    const r = applyPaging(paging, op)
    if (!r.ok) return err({ code: 'paging', error: r.error })
    return ok({ paging: r.value.state, virt, events: r.value.events })
  }
  // The store goes through one of the guest's mappings of that frame: all are read-only.
  const ctx = walkContext(paging)
  const rows = ctx ? enumerateMappings(ctx, paging.mem).rows : []
  const row = rows.find((m) => mfnOf(machine(m.pa)) === table)
  if (!row) return xenErr({ code: 'no-mapping', mfn: table })
  const va = gva(row.va + (addr & 0xfffn))
  const r = applyPaging(paging, { kind: 'paging.access', va, intent: 'write', mode: 'kernel' })
  if (!r.ok) return err({ code: 'paging', error: r.error })
  const walked = r.value.events.at(-1)
  if (
    walked?.kind !== 'paging.access' ||
    walked.outcome.result !== 'fault' ||
    walked.outcome.fault.vector !== 14
  ) {
    // Only a table mapped writable (which Xen never allows) would let the store through.
    return ok({ paging: r.value.state, virt, events: r.value.events })
  }
  const fault = walked.outcome.fault
  const info = w.xen.pages.get(table) ?? NO_PAGE_INFO
  // The #PF enters Xen first: one transition whatever happens next.
  let w2 = withCounters({ ...w, paging: r.value.state }, { traps: 1 })
  const entryMa = hpa(addr & ~7n)
  const old = readPhys(w2.paging.mem, entryMa, 8)
  // ptwr_emulated_update: naturally aligned stores only, merged into the full 8-byte entry.
  const aligned = (op.addr & BigInt(op.size - 1)) === 0n && first === last
  const shift = (op.addr & 7n) * 8n
  const mask = ((1n << BigInt(op.size * 8)) - 1n) << shift
  const merged = (old & ~mask) | ((op.value << shift) & mask)
  let ptwr: 'emulated' | 'refused' | 'unaligned' | 'not-l1' =
    info.type === 'l1' ? 'emulated' : 'not-l1'
  if (ptwr === 'emulated' && !aligned) ptwr = 'unaligned'
  let checks: readonly XenPvCheck[] = []
  let refusal: XenPvRefusal | null = null
  let changes: readonly PageChange[] = []
  let now = old
  if (ptwr === 'emulated') {
    const u = oneUpdate(w2, { ptr: entryMa, val: merged }, 0, null)
    if (u.event.kind === 'xenpv.update') {
      checks = u.event.checks
      changes = u.event.changes
    }
    if (u.refusal) {
      ptwr = 'refused'
      refusal = u.refusal
      w2 = withCounters(w2, { refused: 1 })
    } else {
      w2 = withCounters(u.world, { updates: 1 })
      now = merged
    }
  }
  return back(virt, w2, [
    ...r.value.events.slice(0, -1),
    {
      kind: 'xenpv.direct-write',
      addr,
      size: op.size,
      value: op.value,
      mfn: table,
      pageType: info.type,
      typeCount: info.count,
      va,
      fault,
      ptwr,
      entryMa,
      old,
      now,
      checks,
      refusal,
      changes,
      counters: w2.xen.counters,
      cite: ptwr === 'not-l1' ? 'xen-pv-trap' : 'xen-ptwr',
    },
  ])
}

function access(
  { paging, virt }: VirtMachine,
  op: Extract<PagingOp, { kind: 'paging.access' | 'paging.translate' }>,
): VirtResult {
  const r = applyPaging(paging, op)
  if (!r.ok) return err({ code: 'paging', error: r.error })
  const events: EngineEvent[] = [...r.value.events]
  const last = r.value.events.at(-1)
  events.pop()
  if (!last || (last.kind !== 'paging.access' && last.kind !== 'paging.translate'))
    return ok({ paging: r.value.state, virt, events: r.value.events })
  let w = world(r.value.state, virt)
  // Every exception of a PV guest enters Xen first, which bounces it to the guest kernel.
  const trapped = last.kind === 'paging.access' && last.outcome.result === 'fault'
  if (trapped) w = withCounters(w, { traps: 1 })
  events.push({
    kind: 'xenpv.access',
    translate: last.kind === 'paging.translate',
    va: last.va,
    intent: last.intent,
    mode: last.mode,
    outcome: onMachine(last.outcome),
    tlb: last.kind === 'paging.access' ? last.tlb : null,
    refs: last.refs.map((ref) => ({ level: ref.level, addr: machine(ref.addr) })),
    trapped,
    counters: w.xen.counters,
    cite: trapped ? 'xen-pv-trap' : 'xen-pv-direct',
  })
  return back(virt, w, events)
}

const onMachine = (o: PagingOutcome): XenPvOutcome =>
  o.result === 'ok' ? { result: 'ok', pa: machine(o.pa), pageBytes: o.pageBytes } : o

/** Lowest-GFN frame of the domain that is free: no data, no type, not mapped, not excluded. */
function freeFrame(
  w: PvWorld,
  virt: VirtState,
  mem: PagingState['mem'],
  exclude: Set<Mfn>,
): Mfn | null {
  const referenced = new Set<Mfn>()
  for (const [mfn, info] of w.xen.pages) {
    const level = PT_LEVEL[info.type]
    if (level === null || info.count === 0) continue
    for (let k = 0; k < ENTRIES_PER_TABLE; k++) {
      const raw = readPhys(mem, hpaOfMfn(mfn) + BigInt(k * 8), 8)
      if ((raw & PTE_P) !== 0n) referenced.add(entryMfn(raw))
    }
  }
  const gfns = [...virt.p2m.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))
  for (const gfn of gfns) {
    const e = virt.p2m.get(gfn)
    if (!e) continue
    const mfn = mfnOf(e.hpa)
    const info = w.xen.pages.get(mfn) ?? NO_PAGE_INFO
    if (mem.frames.has(mfn) || info.count > 0 || referenced.has(mfn) || exclude.has(mfn)) continue
    return mfn
  }
  return null
}

/**
 * `map VA MA` under xen-pv: what a PV kernel does. New table frames come from the domain's
 * own memory and are cleared with ordinary stores (they are not tables yet); a missing root is
 * pinned and installed with one mmuext_op; every entry is then written by Xen, checked, in one
 * mmu_update hypercall.
 */
function map(
  { paging, virt }: VirtMachine,
  op: Extract<PagingOp, { kind: 'paging.map' }>,
): VirtResult {
  if (op.size !== null && op.size !== '4K') return xenErr({ code: 'large-page' })
  const g = geometryOf('x86-64', paging.teach)
  if (!isCanonical(op.va, g.vaBits))
    return err({
      code: 'paging',
      error: { code: 'address-too-wide', what: 'va', addr: op.va, bits: g.vaBits },
    })
  if (op.va % 4096n !== 0n)
    return err({
      code: 'paging',
      error: { code: 'misaligned', what: 'va', addr: op.va, size: '4K' },
    })
  if (op.pa % 4096n !== 0n)
    return err({
      code: 'paging',
      error: { code: 'misaligned', what: 'pa', addr: op.pa, size: '4K' },
    })
  let w = world(paging, virt)
  if (w.xen.multicall !== null) return xenErr({ code: 'multicall-open' })
  const events: EngineEvent[] = []
  const ma = machine(op.pa)
  const exclude = new Set<Mfn>([mfnOf(ma)])
  const newTables: Mfn[] = []
  let hypercalls = 0
  const take = (level: number, name: string): Mfn | null => {
    const mfn = freeFrame(w, virt, w.paging.mem, exclude)
    if (mfn === null) return null
    exclude.add(mfn)
    newTables.push(mfn)
    const frame = hpaOfMfn(mfn)
    w = { ...w, paging: { ...w.paging, mem: zeroFrame(w.paging.mem, frame) } }
    events.push({ kind: 'paging.alloc', frame: pagingView(frame), level, name, cite: 'vmscope-op' })
    return mfn
  }
  if (w.paging.cr3 === null) {
    const root = take(4, 'PML4E')
    if (root === null) return xenErr({ code: 'no-free-frame' })
    const r = hypercall(w, {
      call: 'mmuext_op',
      ops: [
        { cmd: 'pin_l4_table', arg: root },
        { cmd: 'new_baseptr', arg: root },
      ],
    })
    hypercalls++
    w = r.world
    events.push(...r.events)
    if (w.paging.cr3 === null) return back(virt, w, events)
  }
  const cr3 = w.paging.cr3
  if (cr3 === null) return xenErr({ code: 'no-cr3' })
  const reqs: MmuUpdateRequest[] = []
  let table: Mfn = mfnOf(machine(rootBase(g, cr3, paging.maxPhyAddr)))
  let leafVal = 0n
  for (const spec of g.levels) {
    const entryMa = hpa(hpaOfMfn(table) + levelIndex(spec, op.va) * 8n)
    if (spec.level === 1) {
      leafVal =
        ma |
        PTE_P |
        (op.writable ? PTE_RW : 0n) |
        (op.user ? PTE_US : 0n) |
        (op.global ? PTE_G : 0n) |
        (op.noExecute ? PTE_XD : 0n)
      reqs.push({ ptr: entryMa, val: leafVal })
      break
    }
    // An entry already written (or one this batch writes) is followed; else a new table.
    const old = readPhys(w.paging.mem, entryMa, 8)
    if ((old & PTE_P) !== 0n) {
      if ((old & (1n << 7n)) !== 0n) return xenErr({ code: 'map-conflict', va: op.va })
      table = entryMfn(old)
      continue
    }
    const next = take(spec.level - 1, g.levels.find((l) => l.level === spec.level - 1)?.name ?? '')
    if (next === null) return xenErr({ code: 'no-free-frame' })
    // Intermediate entries allow everything, so the leaf alone decides (as native `map`).
    reqs.push({ ptr: entryMa, val: (next << 12n) | PTE_P | PTE_RW | PTE_US })
    table = next
  }
  const r = hypercall(w, { call: 'mmu_update', reqs })
  hypercalls++
  w = r.world
  events.push(...r.events)
  const last = r.events.at(-1)
  events.push({
    kind: 'xenpv.map',
    va: op.va,
    ma,
    leafVal,
    newTables: newTables.map(hpaOfMfn),
    hypercalls,
    ok: last?.kind === 'xenpv.hypercall' && last.rc === 0,
    cite: 'vmscope-xenpv-map',
  })
  return back(virt, w, events)
}

/** A paging op the guest CPU runs on its own tables as a native one would. */
function native({ paging, virt }: VirtMachine, op: PagingOp): VirtResult {
  const r = applyPaging(paging, op)
  if (!r.ok) return err({ code: 'paging', error: r.error })
  return ok({ paging: r.value.state, virt, events: r.value.events })
}

/** `mmu xen-pv`, registered in virt/apply.ts. */
export const xenPvMmu: Mmu<'xen-pv'> = {
  kind: 'xen-pv',
  hostMap: ({ paging, virt }, op) => p2mMap(paging, virt, op),
  mode: (m, op) => {
    // x86-64 PV guests run on 4-level tables; the mode is fixed once a root is installed.
    if (op.mode !== 'x86-64') return xenErr({ code: 'mode-not-4-level', mode: op.mode })
    if (m.paging.cr3 !== null) return xenErr({ code: 'mode-fixed' })
    return native(m, op)
  },
  // MOV to CR3 is privileged: a PV kernel asks Xen (MMUEXT_NEW_BASEPTR).
  cr3: () => xenErr({ code: 'cr3-privileged' }),
  control: (m, op) =>
    op.bit === 'cr0.wp' && !op.on ? xenErr({ code: 'wp-forced' }) : native(m, op),
  poke,
  map,
  access,
  translate: access,
  // INVLPG is privileged too: the kernel's invlpg is MMUEXT_INVLPG_LOCAL.
  invlpg: ({ paging, virt }, op) =>
    call(paging, virt, { call: 'mmuext_op', ops: [{ cmd: 'invlpg_local', arg: op.va }] }),
  tlbFlush: ({ paging, virt }) =>
    call(paging, virt, { call: 'mmuext_op', ops: [{ cmd: 'tlb_flush_local', arg: null }] }),
  tlbConfig: native,
  info: native,
  pkru: noPkru('xen-pv'),
}
