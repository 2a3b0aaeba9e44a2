// The three hypercalls of PV direct paging: mmu_update (1), mmuext_op (26), multicall (13).
import { type Mfn, gva, hpa, mfn as toMfn, mfnOf } from '../core/addr.ts'
import type { EngineEvent } from '../core/event.ts'
import { readPhys, writePhys } from '../memory/phys.ts'
import { applyPaging } from '../paging/apply.ts'
import { PTE_A, PTE_D, PTE_P } from '../paging/entry.ts'
import type { PagingOp } from '../paging/ops.ts'
import type { PagingState } from '../paging/types.ts'
import type {
  MulticallEntryResult,
  PageChange,
  XenPvCheck,
  XenPvEvent,
  XenPvRefusal,
  XenPvResult,
  XenPvRule,
} from './events.ts'
import {
  PageBook,
  flagsRefusal,
  getEntryRef,
  getType,
  putEntryRef,
  putType,
  refusal,
} from './pages.ts'
import {
  HYPERCALL,
  MMUEXT,
  MMU_MACHPHYS_UPDATE,
  MMU_NORMAL_PT_UPDATE,
  MMU_PT_UPDATE_NO_TRANSLATE,
  MMU_PT_UPDATE_PRESERVE_AD,
  type MmuUpdateRequest,
  type MmuextRequest,
  type ErrnoName,
  NO_PAGE_INFO,
  PT_LEVEL,
  type PendingCall,
  type XenPvCounters,
  type XenPvState,
  isGuestL4Slot,
} from './types.ts'

/** What the hypercalls work on: guest CPU paging state (its mem is machine memory) + Xen's. */
export interface PvWorld {
  readonly paging: PagingState
  readonly xen: XenPvState
  readonly owned: (mfn: Mfn) => boolean
  /** The M2P entry the domain builder wrote for a frame (the P2M's inverse), or null. */
  readonly builtM2p: (mfn: Mfn) => bigint | null
}

/** Xen's machine-to-phys entry of a frame: the guest's own update, else the builder's. */
export const m2pOf = (w: PvWorld, m: Mfn): bigint | null => w.xen.m2p.get(m) ?? w.builtM2p(m)

interface CallOutcome {
  readonly world: PvWorld
  readonly events: EngineEvent[]
  readonly done: number
  readonly rc: number
  readonly results: XenPvResult[]
}

/** The checks before `r`'s failed one passed; a failure inside validation fails target-type. */
function failedChecks(order: readonly XenPvRule[], r: XenPvRefusal): XenPvCheck[] {
  const top: XenPvRule = r.within.length > 0 ? 'target-type' : r.rule
  const at = order.indexOf(top)
  return checks(at < 0 ? order : order.slice(0, at), top)
}

const checks = (passed: readonly XenPvRule[], failed: XenPvRule | null): XenPvCheck[] => [
  ...passed.map((rule) => ({ rule, ok: true })),
  ...(failed ? [{ rule: failed, ok: false }] : []),
]

const bump = (c: XenPvCounters, d: Partial<XenPvCounters>): XenPvCounters => ({
  hypercalls: c.hypercalls + (d.hypercalls ?? 0),
  requests: c.requests + (d.requests ?? 0),
  updates: c.updates + (d.updates ?? 0),
  refused: c.refused + (d.refused ?? 0),
  traps: c.traps + (d.traps ?? 0),
})
export const withCounters = (w: PvWorld, d: Partial<XenPvCounters>): PvWorld => ({
  ...w,
  xen: { ...w.xen, counters: bump(w.xen.counters, d) },
})

/** The start of an mmu_update request's event: what it asks and the entry as it was. */
function updateHead(w: PvWorld, req: MmuUpdateRequest, index: number, entry: number | null) {
  const cmd = Number(req.ptr & 7n)
  const entryMa = hpa(req.ptr - BigInt(cmd))
  const old = readPhys(w.paging.mem, entryMa, 8)
  const page = w.xen.pages.get(mfnOf(entryMa)) ?? NO_PAGE_INFO
  return {
    kind: 'xenpv.update' as const,
    entry,
    index,
    ptr: req.ptr,
    val: req.val,
    cmd,
    entryMa,
    pageType: page.type,
    level: page.count > 0 ? PT_LEVEL[page.type] : null,
    old,
  }
}

/** One MMU_NORMAL_PT_UPDATE / MMU_PT_UPDATE_PRESERVE_AD (mm.c do_mmu_update). */
export function oneUpdate(
  w: PvWorld,
  req: MmuUpdateRequest,
  index: number,
  entry: number | null,
): { world: PvWorld; event: XenPvEvent; refusal: XenPvRefusal | null } {
  const base = updateHead(w, req, index, entry)
  const { cmd, entryMa, level, old } = base
  const mem = w.paging.mem
  const pageMfn = mfnOf(entryMa)
  const book = new PageBook(mem, w.xen.pages, w.owned)
  const order: XenPvRule[] = [
    'command',
    'ptr-owner',
    'page-type',
    ...(level === 4 ? (['guest-slot'] as const) : []),
    'flags',
    'target-owner',
    'target-type',
  ]
  const refuse = (
    r: XenPvRefusal,
  ): { world: PvWorld; event: XenPvEvent; refusal: XenPvRefusal } => ({
    world: w,
    refusal: r,
    event: {
      ...base,
      now: old,
      checks: failedChecks(order, r),
      verdict: 'refused',
      refusal: r,
      changes: [],
      cite:
        r.rule === 'command'
          ? 'xen-mmc-do-mmu-update'
          : cmd === MMU_PT_UPDATE_NO_TRANSLATE
            ? 'xen-mmc-no-translate'
            : r.rule === 'ptr-owner'
              ? 'xen-mmc-do-mmu-update'
              : r.rule === 'guest-slot'
                ? 'xen-mmc-l4-slot'
                : level === 1
                  ? 'xen-mmc-l1e'
                  : 'xen-mmc-lne',
    },
  })
  // Commands 4-7 do not exist (-ENOSYS); 1 (MMU_MACHPHYS_UPDATE) takes machphysUpdate.
  // 3 (NO_TRANSLATE) only differs for a translated guest; a PV guest is not one.
  if (
    cmd !== MMU_NORMAL_PT_UPDATE &&
    cmd !== MMU_PT_UPDATE_PRESERVE_AD &&
    cmd !== MMU_PT_UPDATE_NO_TRANSLATE
  )
    return refuse(refusal('command', 'ENOSYS', pageMfn))
  if (!w.owned(pageMfn)) return refuse(refusal('ptr-owner', 'EINVAL', pageMfn))
  const val = cmd === MMU_PT_UPDATE_PRESERVE_AD ? req.val | (old & (PTE_A | PTE_D)) : req.val
  const passed: XenPvRule[] = ['command', 'ptr-owner', 'page-type']
  if (level === 4) {
    // mod_l4_entry refuses Xen's own slots first, present entry or not.
    const slot = Number((entryMa & 0xfffn) >> 3n)
    if (!isGuestL4Slot(slot)) return refuse(refusal('guest-slot', 'EINVAL', pageMfn, { slot }))
    passed.push('guest-slot')
  }
  if (level !== null) {
    // mod_lN_entry: check and take the new entry's references, write, then drop the old ones.
    // A not-present entry needs no check (nothing is referenced).
    if ((val & PTE_P) !== 0n) {
      const f = flagsRefusal(level, val)
      if (f) return refuse(f)
      const r = getEntryRef(book, level, val, pageMfn)
      if (r.refusal) return refuse(r.refusal)
      passed.push('flags', 'target-owner', r.linear ? 'linear' : 'target-type')
    }
  } else {
    // Not a page table in use: get_page_type(PGT_writable_page), a plain write, put it back.
    const r = getType(book, pageMfn, 'writable', 'EINVAL')
    if (r) return refuse({ ...r, rule: 'page-type' })
    putType(book, pageMfn)
  }
  const nextMem = writePhys(mem, entryMa, 8, val)
  if (level !== null) {
    // The old entry's references are dropped after the write (mm.c order).
    const after = new PageBook(nextMem, book.snapshot(), w.owned)
    putEntryRef(after, level, old, pageMfn)
    const changes = [...book.changes(), ...after.changes()]
    return done(after.snapshot(), changes)
  }
  return done(book.snapshot(), book.changes())

  function done(
    pages: ReturnType<PageBook['snapshot']>,
    changes: readonly PageChange[],
  ): { world: PvWorld; event: XenPvEvent; refusal: null } {
    return {
      world: { ...w, paging: { ...w.paging, mem: nextMem }, xen: { ...w.xen, pages } },
      refusal: null,
      event: {
        ...base,
        now: val,
        checks: checks(passed, null),
        verdict: 'applied',
        refusal: null,
        changes: mergeChanges(changes),
        cite:
          cmd === MMU_PT_UPDATE_NO_TRANSLATE
            ? 'xen-mmc-no-translate'
            : level === null
              ? 'xen-mmc-do-mmu-update'
              : level === 1
                ? 'xen-mmc-l1e'
                : 'xen-mmc-lne',
      },
    }
  }
}

/** Two books' change lists for one request: first `before`, last `after` per frame. */
function mergeChanges(list: readonly PageChange[]): PageChange[] {
  const m = new Map<Mfn, PageChange>()
  for (const c of list) {
    const prev = m.get(c.mfn)
    m.set(c.mfn, prev ? { ...prev, after: c.after } : c)
  }
  return [...m.values()].sort((a, b) => (a.mfn < b.mfn ? -1 : a.mfn > b.mfn ? 1 : 0))
}

/** What one request of a batch did. */
interface ItemOutcome {
  readonly world: PvWorld
  readonly events: readonly EngineEvent[]
  readonly refusal: XenPvRefusal | null
}

/**
 * The body of a batched hypercall (mmu_update, mmuext_op): items in order, stopping at the
 * first failure. The items after it were still handed to Xen in the batch (one hypercall for
 * all): each counts as a request and gets a not-attempted event.
 */
function runBatch<T>(
  w0: PvWorld,
  items: readonly T[],
  entry: number | null,
  what: XenPvResult['what'],
  one: (w: PvWorld, item: T, index: number) => ItemOutcome,
  skipped: (w: PvWorld, item: T, index: number) => EngineEvent,
  applied: Partial<XenPvCounters>,
): CallOutcome {
  let w = w0
  const events: EngineEvent[] = []
  const results: XenPvResult[] = []
  let rc = 0
  let doneCount = 0
  items.forEach((item, index) => {
    if (rc !== 0) {
      events.push(skipped(w, item, index))
      results.push({ entry, what, index, verdict: 'not-attempted', rc: 0, rule: null })
      w = withCounters(w, { requests: 1 })
      return
    }
    const r = one(w, item, index)
    events.push(...r.events)
    if (r.refusal) {
      rc = r.refusal.rc
      w = withCounters(w, { requests: 1, refused: 1 })
      results.push({ entry, what, index, verdict: 'refused', rc, rule: r.refusal.rule })
    } else {
      doneCount++
      w = withCounters(r.world, { requests: 1, ...applied })
      results.push({ entry, what, index, verdict: 'applied', rc: 0, rule: null })
    }
  })
  return { world: w, events, done: doneCount, rc, results }
}

/**
 * One MMU_MACHPHYS_UPDATE (mm.c do_mmu_update): the frame ptr names must be the domain's
 * (get_page_from_mfn), then its machine-to-phys entry becomes val. No page table changes.
 */
function machphysUpdate(
  w: PvWorld,
  req: MmuUpdateRequest,
  index: number,
  entry: number | null,
): ItemOutcome {
  const head = m2pHead(w, req, index, entry)
  if (!w.owned(head.mfn)) {
    const r = refusal('target-owner', 'EINVAL', head.mfn)
    return {
      world: w,
      refusal: r,
      events: [
        {
          ...head,
          now: head.old,
          checks: checks(['command'], 'target-owner'),
          verdict: 'refused',
          refusal: r,
        },
      ],
    }
  }
  const m2p = new Map(w.xen.m2p).set(head.mfn, req.val)
  return {
    world: { ...w, xen: { ...w.xen, m2p } },
    refusal: null,
    events: [
      {
        ...head,
        now: req.val,
        checks: checks(['command', 'target-owner'], null),
        verdict: 'applied',
        refusal: null,
      },
    ],
  }
}

const m2pHead = (w: PvWorld, req: MmuUpdateRequest, index: number, entry: number | null) => {
  const mfn = mfnOf(hpa(req.ptr))
  return {
    kind: 'xenpv.m2p' as const,
    entry,
    index,
    ptr: req.ptr,
    val: req.val,
    mfn,
    old: m2pOf(w, mfn),
    cite: 'xen-mmc-machphys' as const,
  }
}

const isMachphys = (req: MmuUpdateRequest): boolean => Number(req.ptr & 7n) === MMU_MACHPHYS_UPDATE

/** HYPERVISOR_mmu_update's body: requests in order, stopping at the first failure. */
export function runMmuUpdate(
  w0: PvWorld,
  reqs: readonly MmuUpdateRequest[],
  entry: number | null,
): CallOutcome {
  return runBatch(
    w0,
    reqs,
    entry,
    'update',
    (w, req, index) => {
      if (isMachphys(req)) return machphysUpdate(w, req, index, entry)
      const r = oneUpdate(w, req, index, entry)
      return { world: r.world, events: [r.event], refusal: r.refusal }
    },
    (w, req, index): EngineEvent => {
      if (isMachphys(req)) {
        const head = m2pHead(w, req, index, entry)
        return { ...head, now: head.old, checks: [], verdict: 'not-attempted', refusal: null }
      }
      const head = updateHead(w, req, index, entry)
      return {
        ...head,
        now: head.old,
        checks: [],
        verdict: 'not-attempted',
        refusal: null,
        changes: [],
        cite: 'xen-mmc-do-mmu-update',
      }
    },
    { updates: 1 },
  )
}

/** A paging op the guest CPU runs as part of an mmuext op (CR3 load, flush). */
function cpu(w: PvWorld, op: PagingOp, events: EngineEvent[]): PvWorld {
  const r = applyPaging(w.paging, op)
  if (!r.ok) return w
  events.push(...r.value.events)
  return { ...w, paging: r.value.state }
}

/** The start of an mmuext_op command's event: which command, on what. */
const mmuextHead = (op: MmuextRequest, index: number, entry: number | null) => ({
  kind: 'xenpv.mmuext' as const,
  entry,
  index,
  cmd: op.cmd,
  number: MMUEXT[op.cmd],
  arg: op.arg,
})

/** One mmuext_op command (mm.c do_mmuext_op). */
function oneMmuext(
  w: PvWorld,
  op: MmuextRequest,
  index: number,
  entry: number | null,
): { world: PvWorld; events: EngineEvent[]; refusal: XenPvRefusal | null } {
  const book = new PageBook(w.paging.mem, w.xen.pages, w.owned)
  // pin/unpin/new_baseptr name a machine frame (invlpg_local's VA is read below).
  const mfn = toMfn(op.arg ?? 0n)
  const baseBefore = w.xen.baseMfn
  const ev = (
    verdict: 'applied' | 'refused',
    passed: XenPvRule[],
    r: XenPvRefusal | null,
    baseAfter: Mfn | null,
  ): XenPvEvent => ({
    ...mmuextHead(op, index, entry),
    checks: checks(passed, r === null ? null : r.within.length > 0 ? 'target-type' : r.rule),
    verdict,
    refusal: r,
    changes: verdict === 'applied' ? book.changes() : [],
    baseBefore,
    baseAfter,
    cite: 'xen-pub-mmuext',
  })
  const refuse = (
    r: XenPvRefusal,
    passed: XenPvRule[],
  ): { world: PvWorld; events: EngineEvent[]; refusal: XenPvRefusal } => ({
    world: w,
    events: [ev('refused', passed, r, baseBefore)],
    refusal: r,
  })
  switch (op.cmd) {
    case 'pin_l1_table':
    case 'pin_l2_table':
    case 'pin_l3_table':
    case 'pin_l4_table': {
      if (!w.owned(mfn)) return refuse(refusal('target-owner', 'EINVAL', mfn), [])
      const type = (['l1', 'l2', 'l3', 'l4'] as const)[MMUEXT[op.cmd]] ?? 'l4'
      const r = getType(book, mfn, type, 'EINVAL')
      if (r) return refuse(r, ['target-owner'])
      // Pins do not nest: a second pin gives the reference back and fails.
      if (book.info(mfn).pinned)
        return refuse(refusal('pinned', 'EINVAL', mfn, { wasPinned: true }), [
          'target-owner',
          'target-type',
        ])
      book.set(mfn, { ...book.info(mfn), pinned: true })
      const event = ev('applied', ['target-owner', 'target-type', 'pinned'], null, baseBefore)
      return {
        world: { ...w, xen: { ...w.xen, pages: book.snapshot() } },
        events: [event],
        refusal: null,
      }
    }
    case 'unpin_table': {
      if (!w.owned(mfn)) return refuse(refusal('target-owner', 'EINVAL', mfn), [])
      if (!book.info(mfn).pinned) return refuse(refusal('pinned', 'EINVAL', mfn), ['target-owner'])
      book.set(mfn, { ...book.info(mfn), pinned: false })
      putType(book, mfn)
      const event = ev('applied', ['target-owner', 'pinned'], null, baseBefore)
      return {
        world: { ...w, xen: { ...w.xen, pages: book.snapshot() } },
        events: [event],
        refusal: null,
      }
    }
    case 'new_baseptr': {
      if (!w.owned(mfn)) return refuse(refusal('target-owner', 'EINVAL', mfn), [])
      const r = getType(book, mfn, 'l4', 'EINVAL')
      if (r) return refuse(r, ['target-owner'])
      if (baseBefore !== null) putType(book, baseBefore)
      const event = ev('applied', ['target-owner', 'target-type'], null, mfn)
      const events: EngineEvent[] = [event]
      let next: PvWorld = { ...w, xen: { ...w.xen, pages: book.snapshot(), baseMfn: mfn } }
      // Xen loads CR3 with the new root (write_ptbase): the TLB loses non-global entries.
      next = cpu(next, { kind: 'paging.cr3', value: mfn << 12n }, events)
      return { world: next, events, refusal: null }
    }
    case 'tlb_flush_local': {
      const events: EngineEvent[] = [ev('applied', [], null, baseBefore)]
      const cr3 = w.paging.cr3
      const next = cr3 === null ? w : cpu(w, { kind: 'paging.cr3', value: cr3 }, events)
      return { world: next, events, refusal: null }
    }
    case 'invlpg_local': {
      const events: EngineEvent[] = [ev('applied', [], null, baseBefore)]
      const next = cpu(w, { kind: 'paging.invlpg', va: gva(op.arg ?? 0n) }, events)
      return { world: next, events, refusal: null }
    }
  }
}

/** HYPERVISOR_mmuext_op's body: ops in order, stopping at the first failure. */
export function runMmuext(
  w0: PvWorld,
  ops: readonly MmuextRequest[],
  entry: number | null,
): CallOutcome {
  return runBatch(
    w0,
    ops,
    entry,
    'mmuext',
    (w, op, index) => oneMmuext(w, op, index, entry),
    (w, op, index) => ({
      ...mmuextHead(op, index, entry),
      checks: [],
      verdict: 'not-attempted',
      refusal: null,
      changes: [],
      baseBefore: w.xen.baseMfn,
      baseAfter: w.xen.baseMfn,
      cite: 'xen-pub-mmuext',
    }),
    {},
  )
}

const errnoOf = (rc: number): ErrnoName | null =>
  rc === -1 ? 'EPERM' : rc === -16 ? 'EBUSY' : rc === -22 ? 'EINVAL' : rc === -38 ? 'ENOSYS' : null

function runCall(w: PvWorld, call: PendingCall, entry: number | null): CallOutcome {
  return call.call === 'mmu_update'
    ? runMmuUpdate(w, call.reqs, entry)
    : runMmuext(w, call.ops, entry)
}

/** One hypercall of its own: one guest-to-Xen transition. */
export function hypercall(
  w0: PvWorld,
  call: PendingCall,
): { world: PvWorld; events: EngineEvent[] } {
  const w1 = withCounters(w0, { hypercalls: 1 })
  const r = runCall(w1, call, null)
  const count = call.call === 'mmu_update' ? call.reqs.length : call.ops.length
  return {
    world: r.world,
    events: [
      ...r.events,
      {
        kind: 'xenpv.hypercall',
        call: call.call,
        number: HYPERCALL[call.call],
        count,
        done: r.done,
        rc: r.rc,
        errno: errnoOf(r.rc),
        results: r.results,
        entries: [],
        counters: r.world.xen.counters,
        cite: call.call === 'mmu_update' ? 'xen-pub-mmu-update' : 'xen-pub-mmuext',
      },
    ],
  }
}

/** HYPERVISOR_multicall: every entry runs in order, each result stored; one transition. */
export function multicall(
  w0: PvWorld,
  calls: readonly PendingCall[],
): { world: PvWorld; events: EngineEvent[] } {
  let w = withCounters(w0, { hypercalls: 1 })
  const events: EngineEvent[] = []
  const results: XenPvResult[] = []
  const entries: MulticallEntryResult[] = []
  calls.forEach((call, i) => {
    const r = runCall(w, call, i)
    w = r.world
    events.push(...r.events)
    results.push(...r.results)
    entries.push({
      entry: i,
      call: call.call,
      number: HYPERCALL[call.call],
      count: call.call === 'mmu_update' ? call.reqs.length : call.ops.length,
      done: r.done,
      rc: r.rc,
    })
  })
  events.push({
    kind: 'xenpv.hypercall',
    call: 'multicall',
    number: HYPERCALL.multicall,
    count: calls.length,
    done: entries.filter((e) => e.rc === 0).length,
    // The multicall itself succeeds; each entry's own result says how it went.
    rc: 0,
    errno: null,
    results,
    entries,
    counters: w.xen.counters,
    cite: 'xen-pub-multicall',
  })
  return { world: w, events }
}
