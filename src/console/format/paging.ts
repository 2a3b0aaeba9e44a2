// JSON fields and text lines for paging events (CONSOLE.md: addresses and raw values are
// lowercase hex strings). Merged into the command's JSON object by the shared formatter.
import {
  type EntryFlags,
  type MappingRow,
  type PagingError,
  type PagingEvent,
  type PagingGeneralProtection,
  type PagingOutcome,
  type PagingPageFault,
  type PagingTlbEntry,
  hex,
  sizeLabel,
} from '../../engine/index.ts'
import type { JsonObject, JsonValue } from '../format.ts'

const rights = (r: { rw: boolean; us: boolean; xd: boolean; g: boolean }): string =>
  [r.rw ? 'w' : '', r.us ? 'u' : '', r.xd ? 'nx' : '', r.g ? 'g' : ''].filter(Boolean).join(' ')

/** Set flags as names, SDM order: "P RW US A D PS G XD" etc. */
export function flagNames(f: EntryFlags): string {
  const names: string[] = []
  if (f.p) names.push('P')
  if (f.rw) names.push('RW')
  if (f.us) names.push('US')
  if (f.pwt) names.push('PWT')
  if (f.pcd) names.push('PCD')
  if (f.a) names.push('A')
  if (f.d && f.leaf) names.push('D')
  if (f.ps) names.push('PS')
  if (f.g && f.leaf) names.push('G')
  if (f.pat) names.push('PAT')
  if (f.pkey !== 0) names.push(`PKEY=${f.pkey}`)
  if (f.xd) names.push('XD')
  return names.join(' ')
}

/**
 * `"result": "fault"` with CONSOLE.md's `fault` object for an exception the walker raised: one
 * shape for every MMU whose guest walk is the x86 walker (native, EPT, Xen PV).
 */
export function pagingFaultJson(f: PagingPageFault | PagingGeneralProtection): JsonObject {
  return f.vector === 14
    ? {
        result: 'fault',
        fault: {
          vector: 14,
          errorCode: f.errorCode,
          cr2: hex(f.cr2),
          reason: f.reason,
          level: f.level,
        },
      }
    : { result: 'fault', fault: { vector: 13, reason: f.reason } }
}

function outcomeJson(o: PagingOutcome): JsonObject {
  if (o.result === 'ok') return { result: 'ok', pa: hex(o.pa), size: sizeLabel(o.pageBytes) }
  return pagingFaultJson(o.fault)
}

const refsJson = (refs: readonly { level: number; addr: bigint }[]): JsonValue[] =>
  refs.map((r) => ({ kind: 'native', level: r.level, addr: hex(r.addr) }))

function tlbEntryJson(e: PagingTlbEntry): JsonObject {
  return {
    pcid: e.pcid,
    va: hex(e.va),
    pa: hex(e.pa),
    size: sizeLabel(e.pageBytes),
    flags: rights({ rw: e.rw, us: e.us, xd: e.xd, g: e.global }),
    dirty: e.dirty,
  }
}

function mappingJson(m: MappingRow): JsonObject {
  return {
    va: hex(m.va),
    pa: hex(m.pa),
    size: sizeLabel(m.pageBytes),
    flags: [rights(m), m.a ? 'a' : '', m.d ? 'd' : ''].filter(Boolean).join(' '),
  }
}

/** The fields one paging event adds to its command's JSON line. */
export function pagingEventJson(e: PagingEvent): JsonObject {
  switch (e.kind) {
    case 'paging.mode':
      return {
        mode: e.mode,
        levels: [...e.levels],
        vaBits: e.vaBits,
        maxPhyAddr: e.maxPhyAddr,
        ...(e.teach ? { teach: { ...e.teach } } : {}),
      }
    case 'paging.cr3':
      return e.fault
        ? { fault: { vector: 13, reason: e.fault.reason } }
        : {
            cr3: hex(e.value & ~(1n << 63n)),
            base: hex(e.base),
            pcid: e.pcid,
            noFlush: e.noFlush,
            ...(e.pdptes
              ? { pdptes: e.pdptes.map((p) => ({ addr: hex(p.addr), raw: hex(p.raw) })) }
              : {}),
          }
    case 'paging.control':
      return { bit: e.bit, value: e.on }
    case 'paging.pkru':
      return { pkru: hex(BigInt(e.value)), old: hex(BigInt(e.old)) }
    case 'paging.poke':
      return { addr: hex(e.addr), value: hex(e.value), size: e.size, old: hex(e.old) }
    case 'paging.map':
      return {
        va: hex(e.va),
        pa: hex(e.pa),
        size: sizeLabel(e.pageBytes),
        flags: rights({ rw: e.writable, us: e.user, xd: e.noExecute, g: e.global }),
        ...(e.pkey === 0 ? {} : { pkey: e.pkey }),
        leaf: hex(e.leafAddr),
        tables: e.tables.map(hex),
      }
    case 'paging.tlb.fill':
      return {
        tlbOccupancy: e.occupancy,
        tlbCapacity: e.capacity,
        tlbPolicy: e.policy,
        ...(e.evicted ? { tlbEvicted: hex(e.evicted.va) } : {}),
      }
    case 'paging.tlb.flush':
      return { flushed: e.removed.length, kept: e.kept }
    case 'paging.tlb.config':
      return { tlbCapacity: e.capacity, tlbPolicy: e.policy }
    case 'paging.access':
      return {
        va: hex(e.va),
        intent: e.intent,
        mode: e.mode,
        ...outcomeJson(e.outcome),
        ...(e.tlb ? { tlb: e.tlb } : {}),
        refs: refsJson(e.refs),
      }
    case 'paging.translate':
      return {
        va: hex(e.va),
        intent: e.intent,
        mode: e.mode,
        ...outcomeJson(e.outcome),
        refs: refsJson(e.refs),
      }
    case 'paging.dump':
      return {
        mode: e.mode,
        cr3: e.cr3 === null ? null : hex(e.cr3),
        pcid: e.pcid,
        mappings: e.mappings.map(mappingJson),
        truncated: e.truncated,
        tlb: e.tlb.map(tlbEntryJson),
        tlbCapacity: e.tlbCapacity,
        tlbPolicy: e.tlbPolicy,
      }
    // Step-by-step events: the command's summary event carries their JSON.
    case 'paging.pdpte.load':
    case 'paging.alloc':
    case 'paging.entry.write':
    case 'paging.ref':
    case 'paging.ad':
    case 'paging.tlb.hit':
    case 'paging.tlb.miss':
      return {}
  }
}

const faultText = (o: PagingOutcome): string => {
  if (o.result === 'ok') return `PA ${hex(o.pa)} (${sizeLabel(o.pageBytes)} page)`
  const f = o.fault
  return f.vector === 14
    ? `#PF error code ${hex(BigInt(f.errorCode))} (${f.reason}, level ${f.level}), CR2 ${hex(f.cr2)}`
    : `#GP(0) (${f.reason})`
}

/** One plain-text line per event, as the browser console prints it. */
export function pagingEventText(e: PagingEvent): string {
  switch (e.kind) {
    case 'paging.mode':
      return `paging mode ${e.mode}: ${e.levels.join(' -> ')}, ${e.vaBits}-bit linear addresses, MAXPHYADDR ${e.maxPhyAddr}`
    case 'paging.cr3':
      return e.fault
        ? `MOV to CR3 ${hex(e.value)}: #GP(0) (${e.fault.reason})`
        : `CR3 = ${hex(e.value & ~(1n << 63n))} (root ${hex(e.base)}, PCID ${e.pcid}${e.noFlush ? ', no flush' : ''})`
    case 'paging.pdpte.load':
      return `PDPTE${e.index} register <- [${hex(e.addr)}] = ${hex(e.raw)}${e.reservedSet ? ` (reserved bits ${hex(e.reservedSet)})` : ''}`
    case 'paging.control':
      return `${e.bit} = ${e.on ? 'on' : 'off'}`
    case 'paging.pkru':
      return `PKRU ${hex(BigInt(e.old))} -> ${hex(BigInt(e.value))}`
    case 'paging.poke':
      return `[${hex(e.addr)}] (${e.size} bytes): ${hex(e.old)} -> ${hex(e.value)}`
    case 'paging.alloc':
      return `new table page at ${hex(e.frame)} (holds ${e.name}s, level ${e.level})`
    case 'paging.entry.write':
      return `${e.name} at ${hex(e.addr)}: ${hex(e.old)} -> ${hex(e.raw)}`
    case 'paging.map':
      return `mapped VA ${hex(e.va)} -> PA ${hex(e.pa)} (${sizeLabel(e.pageBytes)}${rights({ rw: e.writable, us: e.user, xd: e.noExecute, g: e.global }) ? ', ' + rights({ rw: e.writable, us: e.user, xd: e.noExecute, g: e.global }) : ''})${e.pkey === 0 ? '' : `, protection key ${e.pkey}`}, leaf entry at ${hex(e.leafAddr)}`
    case 'paging.ref':
      return e.source === 'pdpte-register'
        ? `  L${e.level} ${e.name}[${e.index}] from its register (loaded from ${hex(e.addr)}) = ${hex(e.raw)} [${flagNames(e.flags)}]`
        : `  L${e.level} ${e.name}[${e.index}] at ${hex(e.addr)} = ${hex(e.raw)} [${flagNames(e.flags)}]${e.reservedSet ? ` reserved bits ${hex(e.reservedSet)}` : ''}`
    case 'paging.ad':
      return `  set ${e.set === 'AD' ? 'A and D' : e.set} in ${e.name} at ${hex(e.addr)}: ${hex(e.old)} -> ${hex(e.raw)}`
    case 'paging.tlb.hit':
      return `TLB hit: page ${hex(e.entry.va)} -> ${hex(e.entry.pa)} (PCID ${e.entry.global ? 'any, global' : e.pcid})`
    case 'paging.tlb.miss':
      return `TLB miss for ${hex(e.va)} (PCID ${e.pcid}${e.why === 'clean' ? ', cached without D: a write walks again' : e.why === 'denied' ? ', cached entry forbids this access: walk again' : ''})`
    case 'paging.tlb.fill':
      return `TLB fill: page ${hex(e.entry.va)} -> ${hex(e.entry.pa)} (${e.occupancy}/${e.capacity}, ${e.policy})${e.evicted ? `, evicted ${hex(e.evicted.va)}` : ''}`
    case 'paging.tlb.flush':
      return `TLB: ${e.removed.length} entr${e.removed.length === 1 ? 'y' : 'ies'} invalidated (${e.reason}), ${e.kept} kept`
    case 'paging.tlb.config':
      return `TLB: ${e.capacity} entries, ${e.policy}`
    case 'paging.access':
      return `${e.intent} ${hex(e.va)} (${e.mode}): ${faultText(e.outcome)}${e.tlb ? `, TLB ${e.tlb}` : ''}`
    case 'paging.translate':
      return `translate ${hex(e.va)} (${e.intent}, ${e.mode}): ${faultText(e.outcome)}`
    case 'paging.dump': {
      const head = `${e.mode}, CR3 ${e.cr3 === null ? 'not loaded' : hex(e.cr3)}, PCID ${e.pcid}: ${e.mappings.length}${e.truncated ? '+' : ''} mapping(s), TLB ${e.tlb.length}/${e.tlbCapacity} (${e.tlbPolicy})`
      const maps = e.mappings.map((m) => {
        const j = mappingJson(m)
        return `  ${String(j.va)} -> ${String(j.pa)} ${String(j.size)} ${String(j.flags)}`
      })
      const tlb = e.tlb.map(
        (t) =>
          `  TLB ${hex(t.va)} -> ${hex(t.pa)} ${sizeLabel(t.pageBytes)} PCID ${t.pcid}${t.global ? ' global' : ''}`,
      )
      return [head, ...maps, ...tlb].join('\n')
    }
  }
}

/** Plain words for an input the paging engine refused. */
export function describePagingError(e: PagingError): string {
  switch (e.code) {
    case 'no-cr3':
      return "CR3 has not been loaded: use 'cr3 ADDR' or 'map' first"
    case 'misaligned':
      return `${e.what.toUpperCase()} ${hex(e.addr)} is not aligned to the ${e.size} page size`
    case 'address-too-wide':
      return `${e.what.toUpperCase()} ${hex(e.addr)} does not fit in ${e.bits} bits`
    case 'size-not-in-mode':
      return `${e.size} pages do not exist in ${e.mode} paging`
    case 'flag-not-in-mode':
      return e.flag === 'pkey'
        ? `${e.mode} paging has no protection keys (pkey=: PTE bits 62:59 exist in 4- and 5-level paging only)`
        : `${e.mode} paging has no ${e.flag === 'nx' ? 'XD (no-execute)' : 'G (global)'} bit`
    case 'pse-off':
      return '4 MiB pages need CR4.PSE: cr4.pse on'
    case 'map-conflict':
      return `VA ${hex(e.va)} is already inside a large page mapped at level ${e.level}`
    case 'no-free-frame':
      return 'no free frame left for a new page table'
    case 'bad-geometry':
      return `teaching geometry: ${e.message}`
    case 'bad-maxphyaddr':
      return `MAXPHYADDR must be 32..52, got ${e.bits}`
    case 'pcide-needs-long-mode':
      return 'CR4.PCIDE can only be set in 4- or 5-level paging (#GP otherwise)'
    case 'pcide-needs-pcid-0':
      return `CR4.PCIDE can only be set while CR3[11:0] = 0 (it is ${e.pcid}; #GP otherwise)`
    case 'bad-tlb-size':
      return `TLB size must be 0..4096, got ${e.capacity}`
  }
}
