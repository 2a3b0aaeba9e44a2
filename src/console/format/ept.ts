// JSON fields and text lines for EPT events (CONSOLE.md `access`: result, pa, tlb, refs with
// kinds guest/nested, fault, exit {reason, name, qualification, gpa}).
import {
  type EptError,
  type EptEvent,
  type EptOp,
  type EptOutcome,
  type EptTlbEntry,
  eptFlagText,
  eptMemoryTypeName,
  eptRwx,
  exhaustive,
  hex,
  sizeLabel,
} from '../../engine/index.ts'
import type { JsonObject } from '../format.ts'
import { flagNames, pagingFaultJson } from './paging.ts'

function outcomeJson(o: EptOutcome): JsonObject {
  switch (o.result) {
    case 'ok':
      return { result: 'ok', pa: hex(o.hpa), gpa: hex(o.gpa), size: sizeLabel(o.pageBytes) }
    case 'fault':
      return pagingFaultJson(o.fault)
    case 'exit':
      return {
        result: 'exit',
        exit: {
          reason: o.exit.reason,
          name: o.exit.name,
          qualification: hex(o.exit.qualification),
          gpa: hex(o.exit.gpa),
          ...(o.exit.gla === null ? {} : { gla: hex(o.exit.gla) }),
        },
      }
    default:
      return exhaustive(o)
  }
}

function tlbEntryJson(e: EptTlbEntry): JsonObject {
  return {
    vpid: e.vpid,
    pcid: e.pcid,
    eptp: hex(e.eptp),
    va: hex(e.va),
    gpa: hex(e.gpa),
    hpa: hex(e.hpa),
    size: sizeLabel(e.pageBytes),
    global: e.global,
  }
}

export function eptEventJson(e: EptEvent): JsonObject {
  switch (e.kind) {
    case 'ept.eptp':
      return {
        eptp: hex(e.raw),
        root: hex(e.root),
        levels: e.levels,
        ad: e.ad,
        memoryType: e.memoryType,
      }
    case 'ept.vpid':
      return { vpid: e.vpid }
    case 'ept.cap':
      return { execOnly: e.execOnly }
    case 'ept.map':
      return {
        gpa: hex(e.gpa),
        hpa: hex(e.hpa),
        size: e.size,
        perms: eptRwx({ r: e.r, w: e.w, x: e.x }).replaceAll('-', ''),
        leaf: hex(e.leafAddr),
        tables: e.tables.map(hex),
      }
    case 'ept.access':
      return {
        va: hex(e.va),
        intent: e.intent,
        mode: e.mode,
        ...outcomeJson(e.outcome),
        ...(e.tlb ? { tlb: e.tlb } : {}),
        vpid: e.vpid,
        refs: e.refs.map((r) => ({ kind: r.kind, level: r.level, addr: hex(r.addr) })),
      }
    case 'ept.tlb.flush':
      return { invalidated: e.removed.length, kept: e.kept, cacheDropped: e.cacheDropped }
    case 'ept.caches':
      return { caches: e.enabled }
    case 'ept.world-switch':
      return { vpid: e.vpid }
    case 'ept.info':
      return {
        eptp: e.eptp === null ? null : hex(e.eptp),
        vpid: e.vpid,
        execOnly: e.execOnly,
        mappings: e.mappings.map((m) => ({
          gpa: hex(m.gpa),
          hpa: hex(m.hpa),
          size: sizeLabel(m.pageBytes),
          perms: eptRwx(m).replaceAll('-', ''),
          a: m.a,
          d: m.d,
        })),
        tlb: e.tlb.map(tlbEntryJson),
        tlbCapacity: e.tlbCapacity,
      }
    case 'ept.loop':
      return {
        va: hex(e.va),
        intent: e.intent,
        mode: e.mode,
        stride: hex(e.stride),
        pages: e.pages,
        requested: e.requested,
        count: e.count,
        hits: e.hits,
        misses: e.misses,
        refs: e.refs,
        vpid: e.vpid,
        stopped:
          e.stopped === null
            ? null
            : {
                index: e.stopped.index,
                va: hex(e.stopped.va),
                outcome: outcomeJson(e.stopped.outcome),
              },
      }
    case 'ept.table':
    case 'ept.entry-write':
    case 'ept.nested-ref':
    case 'ept.guest-ref':
    case 'ept.ad':
    case 'ept.guest-ad':
    case 'ept.violation':
    case 'ept.misconfig':
    case 'ept.tlb.hit':
    case 'ept.tlb.miss':
    case 'ept.tlb.fill':
    case 'ept.cache-hit':
      return {}
    default:
      return exhaustive(e)
  }
}

const outcomeText = (o: EptOutcome): string => {
  switch (o.result) {
    case 'ok':
      return `HPA ${hex(o.hpa)} (GPA ${hex(o.gpa)}, ${sizeLabel(o.pageBytes)} combined page)`
    case 'fault':
      return o.fault.vector === 14
        ? `guest #PF error code ${hex(BigInt(o.fault.errorCode))} (${o.fault.reason}, level ${o.fault.level}), CR2 ${hex(o.fault.cr2)}, no VM exit`
        : `guest #GP(0) (${o.fault.reason})`
    case 'exit':
      return `VM exit ${o.exit.reason} ${o.exit.name}, qualification ${hex(o.exit.qualification)}, GPA ${hex(o.exit.gpa)}`
    default:
      return exhaustive(o)
  }
}

const rowName = (row: number): string => (row === 0 ? 'data' : `gL${row}`)

export function eptEventText(e: EptEvent): string {
  switch (e.kind) {
    case 'ept.eptp':
      return `EPTP = ${hex(e.raw)} (root ${hex(e.root)}, ${e.levels}-level, A/D ${e.ad ? 'on' : 'off'}, memory type ${eptMemoryTypeName(e.memoryType)})`
    case 'ept.vpid':
      return e.vpid === 0 ? 'VPID off (tag 0000H)' : `VPID = ${e.vpid}`
    case 'ept.cap':
      return `execute-only EPT entries ${e.execOnly ? 'allowed' : 'not supported'}`
    case 'ept.table':
      return `  EPT table page for level ${e.level} at HPA ${hex(e.hpa)}`
    case 'ept.entry-write':
      return `  ${e.name} at HPA ${hex(e.addr)} = ${hex(e.raw)} [${eptFlagText(e.flags)}]`
    case 'ept.map':
      return `EPT: GPA ${hex(e.gpa)} -> HPA ${hex(e.hpa)} (${e.size}, ${eptRwx(e)})`
    case 'ept.nested-ref':
      return `  #${e.n} ${rowName(e.row)} nested ${e.name}[${e.index}] for GPA ${hex(e.gpa)} at HPA ${hex(e.addr)} = ${hex(e.raw)} [${eptFlagText(e.flags)}]`
    case 'ept.guest-ref':
      return e.addr === null
        ? `  ${rowName(e.row)} guest ${e.name}[${e.index}] from its register = ${hex(e.raw)} [${flagNames(e.flags)}]`
        : `  #${e.n} ${rowName(e.row)} guest ${e.name}[${e.index}] at GPA ${hex(e.gpa)} = HPA ${hex(e.addr)}: ${hex(e.raw)} [${flagNames(e.flags)}]${e.reservedSet ? ` reserved bits ${hex(e.reservedSet)}` : ''}`
    case 'ept.ad':
      return `  set ${e.set === 'AD' ? 'A and D' : e.set} in ${e.name} at HPA ${hex(e.addr)}: ${hex(e.old)} -> ${hex(e.raw)}`
    case 'ept.guest-ad':
      return `  set ${e.set === 'AD' ? 'A and D' : e.set} in guest ${e.name} at GPA ${hex(e.gpa)} (HPA ${hex(e.hpa)}): ${hex(e.old)} -> ${hex(e.raw)}`
    case 'ept.violation':
      return `EPT violation: ${e.access} of GPA ${hex(e.gpa)} (${e.final ? 'final translation' : 'guest paging structure'}), EPT allows ${eptRwx(e.perms)}, qualification ${hex(e.qualification)}`
    case 'ept.misconfig':
      return `EPT misconfiguration: ${e.name} at HPA ${hex(e.addr)} = ${hex(e.raw)} (${e.why}) for GPA ${hex(e.gpa)}`
    case 'ept.tlb.hit':
      return `TLB hit: VA ${hex(e.entry.va)} -> HPA ${hex(e.entry.hpa)} (VPID ${e.vpid}, PCID ${e.entry.global ? 'any, global' : e.pcid})`
    case 'ept.tlb.miss':
      return `TLB miss for ${hex(e.va)} (VPID ${e.vpid}, PCID ${e.pcid}${e.why === 'clean' ? ', cached without D: a write walks again' : e.why === 'denied' ? ', cached entry forbids this access: walk again' : ''})`
    case 'ept.tlb.fill':
      return `TLB fill: VA ${hex(e.entry.va)} -> HPA ${hex(e.entry.hpa)} (VPID ${e.entry.vpid}, ${e.occupancy}/${e.capacity})${e.evicted ? `, evicted ${hex(e.evicted.va)}` : ''}`
    case 'ept.tlb.flush':
      return `TLB: ${e.removed.length} entr${e.removed.length === 1 ? 'y' : 'ies'} invalidated (${e.reason}), ${e.kept} kept${e.cacheDropped > 0 ? `; ${e.cacheDropped} paging-structure-cache entr${e.cacheDropped === 1 ? 'y' : 'ies'} dropped` : ''}`
    case 'ept.cache-hit':
      return e.which === 'gpa'
        ? `  ${rowName(e.row)} cached guest-physical mapping: GPA ${hex(e.gpa)} -> HPA ${hex(e.hpa)} (${e.saved} EPT references saved)`
        : `  paging-structure cache: guest level ${e.level} entry for this address cached, next table at GPA ${hex(e.gpa)} (${e.saved} references saved)`
    case 'ept.caches':
      return `paging-structure caches ${e.enabled ? 'on' : 'off'}`
    case 'ept.world-switch':
      return `VM exit and VM entry (VPID ${e.vpid === 0 ? 'off' : e.vpid})`
    case 'ept.access':
      return `${e.intent} ${hex(e.va)} (${e.mode}): ${outcomeText(e.outcome)}${e.tlb ? `, TLB ${e.tlb}` : ''}, ${e.refs.length} reference${e.refs.length === 1 ? '' : 's'}`
    case 'ept.loop': {
      const stop = e.stopped
      return `${e.count} ${e.intent === 'fetch' ? 'fetche' : e.intent}s from ${hex(e.va)} (${e.mode}, stride ${hex(e.stride)}${e.pages === null ? '' : `, ${e.pages} pages`}): ${e.hits} TLB hits, ${e.misses} misses, ${e.refs} references${stop ? `; stopped at access ${stop.index} (${hex(stop.va)}): ${outcomeText(stop.outcome)}` : ''}`
    }
    case 'ept.info': {
      const head = `EPTP ${e.eptp === null ? 'not set' : hex(e.eptp)}, VPID ${e.vpid}, ${e.mappings.length} mapping(s), TLB ${e.tlb.length}/${e.tlbCapacity}`
      const maps = e.mappings.map(
        (m) =>
          `  GPA ${hex(m.gpa)} -> HPA ${hex(m.hpa)} ${sizeLabel(m.pageBytes)} ${eptRwx(m)}${m.a ? ' A' : ''}${m.d ? ' D' : ''}`,
      )
      const tlb = e.tlb.map(
        (t) =>
          `  TLB VPID ${t.vpid} PCID ${t.pcid} VA ${hex(t.va)} -> HPA ${hex(t.hpa)} ${sizeLabel(t.pageBytes)}`,
      )
      return [head, ...maps, ...tlb].join('\n')
    }
    default:
      return exhaustive(e)
  }
}

/** The command a person types for each EPT op (the engine's errors name ops by kind). */
const EPT_COMMAND: Record<EptOp['kind'], string> = {
  'ept.eptp': 'eptp',
  'ept.vpid': 'vpid',
  'ept.cap': 'ept cap',
  'ept.invept': 'ept invept',
  'ept.invvpid': 'ept invvpid',
  'ept.world-switch': 'ept world-switch',
  'ept.caches': 'ept caches',
  'ept.info': 'ept info',
  'ept.loop': 'ept loop',
}

/** The command named when a guest access finds no EPT: `translate` has always said 'access'. */
const NO_EPTP_COMMAND: Record<Extract<EptError, { code: 'no-eptp' }>['op'], string> = {
  'paging.access': 'access',
  'paging.translate': 'access',
  'ept.loop': 'ept loop',
}

export function describeEptError(e: EptError): string {
  switch (e.code) {
    case 'not-ept':
      return `'${EPT_COMMAND[e.op]}' works with 'mmu ept'; the MMU now is '${e.mmu}'`
    case 'no-eptp':
      return `'${NO_EPTP_COMMAND[e.op]}' needs an EPT: set 'eptp HPA' or map memory with 'host map' first`
    case 'bad-eptp':
      return `EPTP ${hex(e.raw)} is not valid: ${e.why}`
    case 'bad-vpid':
      return `VPID ${e.vpid} is not valid here: give 1-65535 (0 is the host's)`
    case 'no-free-frame':
      return 'no free host page left for an EPT table'
    case 'map-conflict':
      return `GPA ${hex(e.gpa)} is already mapped by a large page at EPT level ${e.level}`
    case 'misaligned':
      return `${e.what.toUpperCase()} ${hex(e.addr)} is not aligned to the ${e.size} page size`
    case 'address-too-wide':
      return `${e.what.toUpperCase()} ${hex(e.addr)} is wider than MAXPHYADDR`
    case 'no-permissions':
      return 'give at least one of r, w, x'
    case 'size-not-in-levels':
      return `EPT has no ${e.size} pages`
    case 'bad-loop':
      return `ept loop: ${e.why}`
    default:
      return exhaustive(e)
  }
}
