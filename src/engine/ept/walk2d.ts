// The two-dimensional (nested) page walk, hw-facts §3.
//
//   guest linear address (4-level: 9 | 9 | 9 | 9 | 12)
//        gCR3 ──EPT──> gL4 ──EPT──> gL3 ──EPT──> gL2 ──EPT──> gL1 ──EPT──> data
//   each "EPT" arrow is an m-level walk of the guest-physical address in the EPT tables
//   (EPT PML4 47:39 | PDPT 38:30 | PD 29:21 | PT 20:12), so a miss makes (n+1)(m+1)-1 references.
import {
  type Gpa,
  type Gva,
  type Hpa,
  gpa as toGpa,
  gva as toGva,
  hpa as toHpa,
} from '../core/addr.ts'
import { type PhysMem, readPhys, writePhys } from '../memory/phys.ts'
import { PTE_A, PTE_D, PTE_P, decodeEntry, psMapsPage, reservedMask } from '../paging/entry.ts'
import { levelIndex } from '../paging/geometry.ts'
import type { PagingPageFault } from '../paging/events.ts'
import type { AccessIntent, AccessMode } from '../paging/types.ts'
import { pageFaultErrorCode } from '../paging/pf.ts'
import { type Rights, type WalkContext, permissionFault, rootBase } from '../paging/walk.ts'
import {
  type Eptp,
  VMX_EPT_ACCESS_BIT,
  VMX_EPT_DIRTY_BIT,
  decodeEptEntry,
  eptIndex,
  eptLevels,
  eptMisconfig,
} from './entry.ts'
import type { EptEvent, EptExit, EptPerms, EptRefSummary } from './events.ts'
import type { EptCaches, GpaCacheEntry, PscEntry } from './types.ts'
import { violationQualification } from './violation.ts'
import { basicExit } from '../vmx/exitReasons.ts'

export interface EptConfig {
  readonly eptp: Eptp
  readonly maxPhyAddr: number
  /** IA32_VMX_EPT_VPID_CAP bit 0. */
  readonly execOnly: boolean
}

/** One EPT walk of a guest-physical address. */
export type EptWalkOutcome =
  | {
      readonly ok: true
      readonly hpa: Hpa
      readonly pageBytes: bigint
      readonly perms: EptPerms
      /** EPT leaf after this access (D as set now). */
      readonly leafDirty: boolean
    }
  | {
      readonly ok: false
      readonly exit: EptExit
      readonly event: EptEvent
    }

interface Sink {
  host: PhysMem
  readonly events: EptEvent[]
  readonly refs: EptRefSummary[]
}

const permitted = (p: EptPerms, access: AccessIntent): boolean =>
  access === 'read' ? p.r : access === 'write' ? p.w : p.x

/**
 * Translates `gpa` through EPT for an access of kind `access`, appending one event per EPT
 * entry read (and per A/D write). Check order, hw-facts §2.3: level by level, a not-present
 * entry is a violation, a present but bad one a misconfiguration; after the leaf the AND of
 * the permissions decides. With A/D on, A is set in each entry used and D in the leaf for a
 * write (SDM3 §28.2.4); the leaf's only once the access is allowed, as for guest A/D.
 */
export function eptWalk(
  cfg: EptConfig,
  sink: Sink,
  gpa: Gpa,
  access: AccessIntent,
  place: { readonly row: number; readonly va: Gva | null; readonly final: boolean },
  sideEffects: boolean,
): EptWalkOutcome {
  const { eptp, maxPhyAddr } = cfg
  let base = eptp.root
  let perms: EptPerms = { r: true, w: true, x: true }
  const setAd = (
    level: number,
    name: string,
    addr: Hpa,
    raw: bigint,
    a: boolean,
    d: boolean,
  ): bigint => {
    const next = raw | (a ? VMX_EPT_ACCESS_BIT : 0n) | (d ? VMX_EPT_DIRTY_BIT : 0n)
    if (!sideEffects || !eptp.adEnabled || next === raw) return raw
    sink.host = writePhys(sink.host, addr, 8, next)
    const hadA = (raw & VMX_EPT_ACCESS_BIT) !== 0n
    const set =
      next !== raw && !hadA && d && (raw & VMX_EPT_DIRTY_BIT) === 0n ? 'AD' : !hadA ? 'A' : 'D'
    sink.events.push({
      kind: 'ept.ad',
      after: sink.refs.length,
      level,
      name,
      addr,
      old: raw,
      raw: next,
      set,
      cite: 'ept-ad',
    })
    return next
  }
  const violation = (notPresentLevel: number | null): EptWalkOutcome => {
    const qualification = violationQualification(access, perms, place.va !== null, place.final)
    const exit: EptExit = {
      ...basicExit('EPT_VIOLATION'),
      qualification,
      gpa,
      gla: place.va,
    }
    return {
      ok: false,
      exit,
      event: {
        kind: 'ept.violation',
        va: place.va,
        gpa,
        row: place.row,
        access,
        perms,
        final: place.final,
        notPresentLevel,
        adWrite: false,
        qualification,
        cite: 'ept-violation',
      },
    }
  }
  for (const l of eptLevels(eptp.levels)) {
    const index = eptIndex(l, gpa)
    const addr = toHpa(base + index * 8n)
    const raw = readPhys(sink.host, addr, 8)
    const flags = decodeEptEntry(l, raw, maxPhyAddr)
    sink.events.push({
      kind: 'ept.nested-ref',
      n: sink.refs.length + 1,
      row: place.row,
      // Guest paging off (no linear address): the grid's row is keyed by the GPA itself.
      va: place.va ?? toGva(gpa),
      gpa,
      level: l.level,
      name: l.name,
      tableBase: base,
      index: Number(index),
      addr,
      raw,
      flags,
      cite: 'ept-2d-walk',
    })
    sink.refs.push({ kind: 'nested', level: l.level, addr })
    perms = { r: perms.r && flags.r, w: perms.w && flags.w, x: perms.x && flags.x }
    if (!flags.present) return violation(l.level)
    const why = eptMisconfig(l, raw, maxPhyAddr, cfg.execOnly)
    if (why !== null) {
      const exit: EptExit = {
        ...basicExit('EPT_MISCONFIG'),
        qualification: 0n,
        gpa,
        gla: place.va,
      }
      return {
        ok: false,
        exit,
        event: {
          kind: 'ept.misconfig',
          va: place.va,
          gpa,
          row: place.row,
          level: l.level,
          name: l.name,
          addr,
          raw,
          why,
          cite: 'ept-misconfig',
        },
      }
    }
    if (!flags.leaf) {
      setAd(l.level, l.name, addr, raw, true, false)
      base = flags.addr
      continue
    }
    if (!permitted(perms, access)) return violation(null)
    const pageBytes = l.largePage !== null && flags.large ? l.largePage : 1n << 12n
    const after = setAd(l.level, l.name, addr, raw, true, access === 'write')
    return {
      ok: true,
      hpa: toHpa(flags.addr | (gpa & (pageBytes - 1n))),
      pageBytes,
      perms,
      leafDirty: (after & VMX_EPT_DIRTY_BIT) !== 0n,
    }
  }
  // Unreachable: level 1 is always a leaf.
  return violation(1)
}

export interface NestedInput {
  readonly cfg: EptConfig
  /** Guest paging context, or null when the guest has paging off (linear = guest-physical). */
  readonly guest: WalkContext | null
  /** Guest RAM by guest-physical address. */
  readonly guestMem: PhysMem
  readonly host: PhysMem
  readonly va: Gva
  readonly intent: AccessIntent
  readonly mode: AccessMode
  readonly sideEffects: boolean
  /** Paging-structure caches (used when enabled) and the tags of this access. */
  readonly caches: EptCaches
  readonly tag: { readonly vpid: number; readonly pcid: number; readonly eptp: bigint }
}

export interface NestedLeaf {
  readonly gpa: Gpa
  readonly hpa: Hpa
  /** Combined page: the smaller of the guest page and the EPT page. */
  readonly pageBytes: bigint
  readonly rights: Rights
  readonly global: boolean
  readonly ept: EptPerms
  /** Guest D (and EPT D with A/D on) set after this access. */
  readonly dirty: boolean
}

export interface NestedResult {
  readonly guestMem: PhysMem
  readonly host: PhysMem
  readonly events: readonly EptEvent[]
  readonly refs: readonly EptRefSummary[]
  readonly guestLevels: number
  readonly caches: EptCaches
  readonly outcome:
    | { readonly kind: 'ok'; readonly leaf: NestedLeaf }
    | { readonly kind: 'fault'; readonly fault: PagingPageFault }
    | { readonly kind: 'exit'; readonly exit: EptExit }
}

/**
 * The nested walk in hardware order (hw-facts §3.2): for each guest level, an EPT walk of the
 * guest entry's GPA, then the guest entry read at its host-physical address; then the guest
 * permission check; then the EPT walk of the data GPA. Fault priority (SDM3 §28.2.3.3): EPT
 * exits for a guest entry's GPA come before the guest entry is examined; guest #PF (no exit)
 * comes before the data GPA is translated.
 */
export function nestedWalk(inp: NestedInput): NestedResult {
  const { cfg, guest, va, intent, mode, sideEffects } = inp
  const sink: Sink = { host: inp.host, events: [], refs: [] }
  let guestMem = inp.guestMem
  const ad = cfg.eptp.adEnabled
  let caches = inp.caches
  const useCaches = caches.enabled
  const { tag } = inp
  const cacheKeep = <T extends { readonly inserted: number }>(list: readonly T[], e: T): T[] => {
    // FIFO: the oldest entry makes room (a fixed capacity, like the hardware's).
    const next = [...list, e]
    return next.length > caches.capacity ? next.slice(next.length - caches.capacity) : next
  }
  /** An EPT walk, or a cached guest-physical mapping that replaces it (hw-facts §3.3). */
  const translateGpa = (
    gpa: Gpa,
    access: AccessIntent,
    place: { readonly row: number; readonly va: Gva | null; readonly final: boolean },
  ): EptWalkOutcome => {
    if (useCaches) {
      const hit = caches.gpa.find(
        (e) => e.eptp === tag.eptp && (gpa & ~(e.pageBytes - 1n)) === e.gpa,
      )
      const allowed = hit && permitted(hit, access) && (access !== 'write' || hit.dirty)
      if (hit && allowed) {
        const hpa = toHpa(hit.hpa | (gpa & (hit.pageBytes - 1n)))
        sink.events.push({
          kind: 'ept.cache-hit',
          which: 'gpa',
          va,
          row: place.row,
          level: 0,
          gpa,
          hpa,
          saved: hit.levels,
          after: sink.refs.length,
          cite: 'ept-pwc',
        })
        return { ok: true, hpa, pageBytes: hit.pageBytes, perms: hit, leafDirty: hit.dirty }
      }
    }
    const before = sink.refs.length
    const r = eptWalk(cfg, sink, gpa, access, place, sideEffects)
    if (r.ok && useCaches && sideEffects) {
      const clock = caches.clock + 1
      const entry: GpaCacheEntry = {
        eptp: tag.eptp,
        gpa: toGpa(gpa & ~(r.pageBytes - 1n)),
        hpa: toHpa(r.hpa & ~(r.pageBytes - 1n)),
        pageBytes: r.pageBytes,
        r: r.perms.r,
        w: r.perms.w,
        x: r.perms.x,
        dirty: !ad || r.leafDirty,
        levels: sink.refs.length - before,
        inserted: clock,
      }
      const rest = caches.gpa.filter((e) => !(e.eptp === tag.eptp && e.gpa === entry.gpa))
      caches = { ...caches, clock, gpa: cacheKeep(rest, entry) }
    }
    return r
  }
  const walkedLevels = guest
    ? guest.geometry.levels.filter((l) => !(guest.geometry.format === 'pae' && l.level === 3))
        .length
    : 0
  const result = (outcome: NestedResult['outcome']): NestedResult => ({
    guestMem,
    host: sink.host,
    events: sink.events,
    refs: sink.refs,
    guestLevels: walkedLevels,
    caches,
    outcome,
  })
  const exitWith = (o: Extract<EptWalkOutcome, { ok: false }>): NestedResult => {
    sink.events.push(o.event)
    return result({ kind: 'exit', exit: o.exit })
  }

  if (guest === null) {
    // Guest paging off: the linear address is the guest-physical address (hw-facts §3.2).
    const d = translateGpa(toGpa(va), intent, { row: 0, va, final: true })
    if (!d.ok) return exitWith(d)
    return result({
      kind: 'ok',
      leaf: {
        gpa: toGpa(va),
        hpa: d.hpa,
        pageBytes: d.pageBytes,
        rights: { rw: true, us: true, xd: false },
        global: false,
        ept: d.perms,
        dirty: !ad || d.leafDirty,
      },
    })
  }

  const g = guest.geometry
  let tableBase = rootBase(g, guest.cr3, guest.maxPhyAddr)
  let rights: Rights = { rw: true, us: true, xd: false }
  // Guest paging-structure caches (4-/5-level guests): the lowest cached level wins, and the
  // walk resumes at the table it names (SDM3 §4.10.3.2).
  const pscOn = useCaches && g.format === 'long'
  let startBelow = Number.POSITIVE_INFINITY
  if (pscOn) {
    for (const spec of [...g.levels].reverse()) {
      if (spec.level === 1) continue
      const hit = caches.psc.find(
        (e) =>
          e.vpid === tag.vpid &&
          e.pcid === tag.pcid &&
          e.eptp === tag.eptp &&
          e.level === spec.level &&
          e.prefix === va >> spec.shift,
      )
      if (!hit) continue
      const rowsSkipped = (g.levels[0]?.level ?? spec.level) - spec.level + 1
      sink.events.push({
        kind: 'ept.cache-hit',
        which: 'psc',
        va,
        row: spec.level,
        level: spec.level,
        gpa: hit.table,
        hpa: toHpa(0n),
        saved: rowsSkipped * (cfg.eptp.levels + 1),
        after: 0,
        cite: 'ept-pwc',
      })
      startBelow = spec.level
      tableBase = hit.table
      rights = { rw: hit.rw, us: hit.us, xd: hit.xd }
      break
    }
  }
  const pf = (reason: Parameters<typeof pageFaultErrorCode>[0], level: number): NestedResult =>
    result({
      kind: 'fault',
      fault: {
        vector: 14,
        errorCode: pageFaultErrorCode(reason, intent, mode, guest.control, g.format),
        cr2: va,
        reason,
        level,
      },
    })
  // Setting a guest A/D bit writes guest memory: without EPT A/D it needs EPT W on that GPA
  // (hw-facts §2.3); with A/D on the walk already checked the entry's GPA as a write.
  const guestAd = (
    level: number,
    name: string,
    gpa: Gpa,
    hpa: Hpa,
    perms: EptPerms,
    raw: bigint,
    a: boolean,
    d: boolean,
  ): NestedResult | null => {
    const next = raw | (a ? PTE_A : 0n) | (d ? PTE_D : 0n)
    if (!sideEffects || next === raw) return null
    if (!perms.w) {
      const qualification = violationQualification('write', perms, true, false)
      sink.events.push({
        kind: 'ept.violation',
        va,
        gpa,
        row: level,
        access: 'write',
        perms,
        final: false,
        notPresentLevel: null,
        adWrite: true,
        qualification,
        cite: 'ept-guest-ad',
      })
      return result({
        kind: 'exit',
        exit: { ...basicExit('EPT_VIOLATION'), qualification, gpa, gla: va },
      })
    }
    guestMem = writePhys(guestMem, gpa, g.entryBytes, next)
    const hadA = (raw & PTE_A) !== 0n
    const set = !hadA && d && (raw & PTE_D) === 0n ? 'AD' : !hadA ? 'A' : 'D'
    sink.events.push({
      kind: 'ept.guest-ad',
      after: sink.refs.length,
      level,
      name,
      gpa,
      hpa,
      old: raw,
      raw: next,
      set,
      cite: 'ept-guest-ad',
    })
    return null
  }

  for (const spec of g.levels) {
    if (spec.level >= startBelow) continue
    const index = levelIndex(spec, va)
    const entryGpa = toGpa(tableBase + index * BigInt(g.entryBytes))
    if (g.format === 'pae' && spec.level === 3) {
      // The PDPTE comes from the register MOV to CR3 loaded: no reference (hw-facts §3.1).
      const reg = guest.pdptes?.[Number(index)] ?? { addr: entryGpa, raw: 0n }
      const flags = decodeEntry(guest, spec, reg.raw)
      sink.events.push({
        kind: 'ept.guest-ref',
        n: sink.refs.length,
        row: spec.level,
        va,
        level: spec.level,
        name: spec.name,
        tableBase,
        index: Number(index),
        gpa: reg.addr,
        addr: null,
        raw: reg.raw,
        flags,
        reservedSet: 0n,
        cite: 'ept-2d-walk',
      })
      if (!flags.p) return pf('not-present', spec.level)
      tableBase = flags.addr
      continue
    }
    // 1. The guest entry's GPA through EPT (a read; a write with EPT A/D on, hw-facts §2.3).
    const access: AccessIntent = ad ? 'write' : 'read'
    const t = translateGpa(entryGpa, access, { row: spec.level, va, final: false })
    if (!t.ok) return exitWith(t)
    // 2. The guest entry itself, read at its host-physical address.
    const raw = readPhys(guestMem, entryGpa, g.entryBytes)
    const flags = decodeEntry(guest, spec, raw)
    const rsvd = flags.p ? raw & reservedMask(guest, spec, raw) : 0n
    sink.events.push({
      kind: 'ept.guest-ref',
      n: sink.refs.length + 1,
      row: spec.level,
      va,
      level: spec.level,
      name: spec.name,
      tableBase,
      index: Number(index),
      gpa: entryGpa,
      addr: t.hpa,
      raw,
      flags,
      reservedSet: rsvd,
      cite: 'ept-2d-walk',
    })
    sink.refs.push({ kind: 'guest', level: spec.level, addr: t.hpa })
    // 3. The guest's own faults go to the guest, no VM exit (hw-facts §3.2).
    if ((raw & PTE_P) === 0n) return pf('not-present', spec.level)
    if (rsvd !== 0n) return pf('reserved-bit', spec.level)
    rights = { rw: rights.rw && flags.rw, us: rights.us && flags.us, xd: rights.xd || flags.xd }
    const leaf = spec.level === 1 || psMapsPage(guest, spec, raw)
    if (!leaf) {
      const x = guestAd(spec.level, spec.name, entryGpa, t.hpa, t.perms, raw, !flags.a, false)
      if (x) return x
      tableBase = flags.addr
      if (pscOn && sideEffects) {
        const clock = caches.clock + 1
        const entry: PscEntry = {
          ...tag,
          level: spec.level,
          prefix: va >> spec.shift,
          table: flags.addr,
          ...rights,
          inserted: clock,
        }
        const rest = caches.psc.filter(
          (e) =>
            !(
              e.vpid === tag.vpid &&
              e.pcid === tag.pcid &&
              e.eptp === tag.eptp &&
              e.level === entry.level &&
              e.prefix === entry.prefix
            ),
        )
        caches = { ...caches, clock, psc: cacheKeep(rest, entry) }
      }
      continue
    }
    const why = permissionFault(rights, intent, mode, guest.control, g.format)
    if (why) return pf(why, spec.level)
    const guestPage =
      spec.largePage !== null && spec.level !== 1 ? spec.largePage : 1n << g.pageShift
    const wantD = intent === 'write' && !flags.d
    const x = guestAd(spec.level, spec.name, entryGpa, t.hpa, t.perms, raw, !flags.a, wantD)
    if (x) return x
    // 4. The data GPA through EPT: the final translation (qualification bit 8 = 1).
    const gpa = toGpa(flags.addr | (va & (guestPage - 1n)))
    const d = translateGpa(gpa, intent, { row: 0, va, final: true })
    if (!d.ok) return exitWith(d)
    const pageBytes = guestPage < d.pageBytes ? guestPage : d.pageBytes
    return result({
      kind: 'ok',
      leaf: {
        gpa,
        hpa: d.hpa,
        pageBytes,
        rights,
        global: flags.g,
        ept: d.perms,
        dirty: (flags.d || intent === 'write') && (!ad || d.leafDirty),
      },
    })
  }
  return pf('not-present', 1)
}
