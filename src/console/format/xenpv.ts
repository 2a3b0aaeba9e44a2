// JSON fields and text lines for Xen PV direct paging (CONSOLE.md conventions: addresses and
// raw values are lowercase hex strings). The hypercall event carries the command's summary.
import {
  type PageInfo,
  type PgtType,
  type XenPvCounters,
  type XenPvError,
  type XenPvEvent,
  type XenPvOp,
  type XenPvRefusal,
  type XenPvRule,
  hex,
  savedTransitions,
  sizeLabel,
} from '../../engine/index.ts'
import type { JsonObject, JsonValue } from '../format.ts'
import { pagingFaultJson } from './paging.ts'

const TYPE_WORD: Record<PgtType, string> = {
  none: 'no type',
  l1: 'an L1 page table',
  l2: 'an L2 page table',
  l3: 'an L3 page table',
  l4: 'an L4 page table',
  writable: 'a writable page',
}

/** What a refusal calls each hypercall op (`wrong-mmu`; the words it has always used). */
export const XENPV_OP_WORD: Record<XenPvOp['kind'], string> = {
  'xenpv.mmu-update': 'mmu-update',
  'xenpv.mmuext': 'mmuext',
  'xenpv.multicall': 'multicall',
}

export const RULE_WORD: Record<XenPvRule, string> = {
  command: 'command known',
  'ptr-owner': 'entry page is the domain’s',
  'page-type': 'entry page type',
  'guest-slot': 'L4 slot is the guest’s, not Xen’s',
  flags: 'flags allowed at this level',
  'target-owner': 'mapped frame is the domain’s',
  'target-type': 'mapped frame can take the needed type',
  linear: 'read-only linear page table (same level, validated)',
  pinned: 'pin state',
}

const mfnHex = (m: bigint): string => hex(m)

/** One refusal in plain words (the JSON "reason" and the console line). */
export function refusalText(r: XenPvRefusal): string {
  const where = r.within
    .map((f) => `while validating MFN ${mfnHex(f.mfn)} as an L${f.level} table, entry ${f.index}: `)
    .join('')
  let why: string
  switch (r.rule) {
    case 'command':
      why = 'unknown mmu_update command'
      break
    case 'ptr-owner':
      why = `the entry lies in MFN ${mfnHex(r.mfn)}, which is not this domain's frame`
      break
    case 'page-type':
      why = `MFN ${mfnHex(r.mfn)} cannot take a writable reference (it is ${TYPE_WORD[r.has ?? 'none']})`
      break
    case 'guest-slot':
      why = `L4 slot ${r.slot ?? '?'} belongs to Xen (slots 256-271 hold Xen's own mappings)`
      break
    case 'flags':
      why = `flag bits ${hex(r.bits)} are not allowed at this level`
      break
    case 'target-owner':
      why = `MFN ${mfnHex(r.mfn)} is not this domain's frame`
      break
    // 'linear' only ever passes: a refused linear entry reports the type conflict before it.
    case 'linear':
    case 'target-type':
      why =
        r.needs === 'writable'
          ? `a writable mapping of MFN ${mfnHex(r.mfn)}, which is ${TYPE_WORD[r.has ?? 'none']} in use (type count ${r.hasCount})`
          : `MFN ${mfnHex(r.mfn)} must be ${TYPE_WORD[r.needs ?? 'none']} but is ${TYPE_WORD[r.has ?? 'none']} in use (type count ${r.hasCount})`
      break
    case 'pinned':
      why = r.wasPinned
        ? `MFN ${mfnHex(r.mfn)} is already pinned`
        : `MFN ${mfnHex(r.mfn)} is not pinned`
      break
  }
  return `${where}${why}`
}

const countersJson = (c: XenPvCounters): JsonObject => ({
  hypercalls: c.hypercalls,
  requests: c.requests,
  updates: c.updates,
  refused: c.refused,
  traps: c.traps,
  saved: savedTransitions(c),
})

const infoText = (i: PageInfo): string =>
  `${i.type} count ${i.count}${i.validated && i.type !== 'writable' ? ' validated' : ''}${i.pinned ? ' pinned' : ''}${i.linear ? ` linear ${i.linear}` : ''}`

function refusedJson(e: Extract<XenPvEvent, { kind: 'xenpv.hypercall' }>): JsonValue {
  const r = e.results.find((x) => x.verdict === 'refused')
  return r ? { entry: r.entry, index: r.index, rule: r.rule, rc: r.rc } : null
}

export function xenPvEventJson(e: XenPvEvent): JsonObject {
  switch (e.kind) {
    case 'xenpv.hypercall':
      return {
        hypercall: e.call,
        number: e.number,
        count: e.count,
        done: e.done,
        rc: e.rc,
        errno: e.errno,
        refused: refusedJson(e),
        results: e.results.map((r) => ({
          ...(r.entry === null ? {} : { entry: r.entry }),
          what: r.what,
          index: r.index,
          verdict: r.verdict,
          rc: r.rc,
        })),
        ...(e.call === 'multicall'
          ? {
              entries: e.entries.map((x) => ({
                entry: x.entry,
                call: x.call,
                number: x.number,
                count: x.count,
                done: x.done,
                rc: x.rc,
              })),
            }
          : {}),
        counters: countersJson(e.counters),
      }
    case 'xenpv.update':
      // Step by step; the refusal reason (words) goes into the command's JSON.
      return e.refusal ? { reason: refusalText(e.refusal) } : {}
    case 'xenpv.m2p':
      return {
        m2p: {
          mfn: hex(e.mfn),
          old: e.old === null ? null : hex(e.old),
          now: e.now === null ? null : hex(e.now),
        },
        ...(e.refusal ? { reason: refusalText(e.refusal) } : {}),
      }
    case 'xenpv.mmuext':
      return e.refusal
        ? { reason: refusalText(e.refusal) }
        : e.cmd === 'new_baseptr' && e.baseAfter !== null
          ? { baseptr: hex(e.baseAfter) }
          : {}
    case 'xenpv.multicall-begin':
      return { multicall: 'open' }
    case 'xenpv.multicall-queue':
      return {
        multicall: 'queued',
        entry: e.entry,
        call: e.call.call,
        count: e.call.call === 'mmu_update' ? e.call.reqs.length : e.call.ops.length,
      }
    case 'xenpv.direct-write':
      return {
        addr: hex(e.addr),
        mfn: hex(e.mfn),
        pageType: e.pageType,
        va: hex(e.va),
        ptwr: e.ptwr,
        entry: hex(e.entryMa),
        old: hex(e.old),
        now: hex(e.now),
        // The #PF reaches the guest unless Xen emulated the store.
        ...(e.ptwr === 'emulated'
          ? { result: 'ok' }
          : {
              result: 'fault',
              fault: {
                vector: 14,
                errorCode: e.fault.errorCode,
                cr2: hex(e.fault.cr2),
                reason: e.fault.reason,
              },
            }),
        ...(e.refusal ? { reason: refusalText(e.refusal), rc: e.refusal.rc } : {}),
        counters: countersJson(e.counters),
      }
    case 'xenpv.access': {
      const o = e.outcome
      return {
        va: hex(e.va),
        intent: e.intent,
        mode: e.mode,
        ...(o.result === 'ok'
          ? { result: 'ok', pa: hex(o.pa), size: sizeLabel(o.pageBytes) }
          : pagingFaultJson(o.fault)),
        ...(e.tlb ? { tlb: e.tlb } : {}),
        refs: e.refs.map((r) => ({ kind: 'guest', level: r.level, addr: hex(r.addr) })),
        counters: countersJson(e.counters),
      }
    }
    case 'xenpv.map':
      return {
        va: hex(e.va),
        ma: hex(e.ma),
        leaf: hex(e.leafVal),
        tables: e.newTables.map(hex),
        hypercallsIssued: e.hypercalls,
        mapped: e.ok,
      }
  }
}

export function xenPvEventText(e: XenPvEvent): string {
  switch (e.kind) {
    case 'xenpv.update': {
      const head = `${e.entry === null ? '' : `[multicall ${e.entry}] `}mmu_update[${e.index}] ${hex(e.entryMa)} <- ${hex(e.val)}`
      if (e.verdict === 'not-attempted')
        return `  ${head}: not attempted (an earlier request failed)`
      if (e.verdict === 'refused' && e.refusal)
        return `  ${head}: refused ${e.refusal.rc} (-${e.refusal.errno}): ${refusalText(e.refusal)}`
      const kind =
        e.level === null ? 'plain write (not a page table in use)' : `L${e.level} entry checked`
      const changes = e.changes.map(
        (c) => `MFN ${hex(c.mfn)} ${infoText(c.before)} -> ${infoText(c.after)}`,
      )
      return `  ${head}: applied, ${kind}${changes.length ? '; ' + changes.join('; ') : ''}`
    }
    case 'xenpv.m2p': {
      const head = `${e.entry === null ? '' : `[multicall ${e.entry}] `}mmu_update[${e.index}] MMU_MACHPHYS_UPDATE M2P[${hex(e.mfn)}] <- ${hex(e.val)}`
      if (e.verdict === 'not-attempted')
        return `  ${head}: not attempted (an earlier request failed)`
      if (e.verdict === 'refused' && e.refusal)
        return `  ${head}: refused ${e.refusal.rc} (-${e.refusal.errno}): ${refusalText(e.refusal)}`
      return `  ${head}: applied (was ${e.old === null ? 'none' : hex(e.old)}); no page table changes`
    }
    case 'xenpv.mmuext': {
      const head = `${e.entry === null ? '' : `[multicall ${e.entry}] `}mmuext[${e.index}] ${e.cmd.toUpperCase()} (${e.number})${e.arg === null ? '' : ' ' + hex(e.arg)}`
      if (e.verdict === 'not-attempted') return `  ${head}: not attempted (an earlier op failed)`
      if (e.verdict === 'refused' && e.refusal)
        return `  ${head}: refused ${e.refusal.rc} (-${e.refusal.errno}): ${refusalText(e.refusal)}`
      const changes = e.changes.map(
        (c) => `MFN ${hex(c.mfn)} ${infoText(c.before)} -> ${infoText(c.after)}`,
      )
      return `  ${head}: done${changes.length ? '; ' + changes.join('; ') : ''}`
    }
    case 'xenpv.hypercall': {
      const c = e.counters
      const tail = `(hypercalls ${c.hypercalls}, requests ${c.requests}, saved ${savedTransitions(c)})`
      if (e.call === 'multicall')
        return `multicall (13): ${e.count} entr${e.count === 1 ? 'y' : 'ies'} in one transition; results ${e.entries.map((x) => x.rc).join(', ') || 'none'} ${tail}`
      return `${e.call} (${e.number}): rc ${e.rc}${e.errno ? ` (-${e.errno})` : ''}, done ${e.done} of ${e.count} ${tail}`
    }
    case 'xenpv.multicall-begin':
      return 'multicall list opened: calls are queued until multicall end'
    case 'xenpv.multicall-queue':
      return `multicall entry ${e.entry}: ${e.call.call} queued (${e.call.call === 'mmu_update' ? e.call.reqs.length : e.call.ops.length} request(s)), nothing sent to Xen yet`
    case 'xenpv.direct-write': {
      const head = `store to ${hex(e.addr)} (MFN ${hex(e.mfn)}, ${TYPE_WORD[e.pageType]}) through read-only VA ${hex(e.va)}: #PF error code ${hex(BigInt(e.fault.errorCode))} into Xen`
      switch (e.ptwr) {
        case 'emulated':
          return `${head}; Xen emulated it (writable page tables): entry ${hex(e.entryMa)} ${hex(e.old)} -> ${hex(e.now)}`
        case 'refused':
          return `${head}; Xen refused to emulate it (${e.refusal ? refusalText(e.refusal) : ''}): the #PF goes to the guest`
        case 'unaligned':
          return `${head}; not a naturally aligned store, Xen does not emulate it: the #PF goes to the guest`
        case 'not-l1':
          return `${head}; only L1 tables are emulated: the #PF goes to the guest, use mmu_update`
      }
      return head
    }
    case 'xenpv.access': {
      const o = e.outcome
      const res =
        o.result === 'ok'
          ? `MA ${hex(o.pa)} (${sizeLabel(o.pageBytes)} page)`
          : o.fault.vector === 14
            ? `#PF error code ${hex(BigInt(o.fault.errorCode))} (${o.fault.reason}), CR2 ${hex(o.fault.cr2)}${e.trapped ? ', via Xen' : ''}`
            : `#GP(0) (${o.fault.reason})`
      return `${e.translate ? 'translate' : e.intent} ${hex(e.va)} (${e.mode}) through the guest's own tables: ${res}${e.tlb ? `, TLB ${e.tlb}` : ''}`
    }
    case 'xenpv.map':
      return `map VA ${hex(e.va)} -> MA ${hex(e.ma)}: ${e.ok ? 'done' : 'refused'} with ${e.hypercalls} hypercall(s)${e.newTables.length ? `, new tables ${e.newTables.map(hex).join(' ')}` : ''}`
  }
}

export function describeXenPvError(e: XenPvError): string {
  switch (e.code) {
    case 'mode-not-4-level':
      return `mmu xen-pv models 64-bit PV guests on 4-level paging; '${e.mode}' is not available`
    case 'mode-fixed':
      return 'the paging mode is fixed once a base pointer is installed'
    case 'cr3-privileged':
      return "a PV guest cannot load CR3 itself: ask Xen with 'mmuext new_baseptr MFN'"
    case 'wp-forced':
      return 'Xen keeps CR0.WP set for PV guests and does not let them clear it'
    case 'not-owned':
      return `MFN ${hex(e.mfn)} is not one of the domain's frames (give it one with 'host map GPA HPA'); Xen's own writes are 'host poke'`
    case 'no-mapping':
      return `the guest has no mapping of MFN ${hex(e.mfn)}, a page table in use, so it cannot store to it: change its entries with mmu_update`
    case 'multicall-open':
      return "a multicall list is open: finish it with 'multicall end'"
    case 'multicall-closed':
      return "no multicall list is open: start one with 'multicall begin'"
    case 'no-requests':
      return 'give at least one request'
    case 'large-page':
      return 'PV guests map 4 KiB pages here: Xen refuses PS (superpage) bits in L2 and L3 entries'
    case 'no-free-frame':
      return "the domain has no free frame left for a page table: give it more with 'host map'"
    case 'map-conflict':
      return `VA ${hex(e.va)} is inside a large page`
    case 'no-cr3':
      return "no base pointer yet: 'mmuext new_baseptr MFN' or 'map' first"
  }
}
