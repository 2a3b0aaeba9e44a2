import { type Gpa, type Gva, gpa } from '../core/addr.ts'
import { type PhysMem, readPhys, writePhys } from '../memory/phys.ts'
import {
  type DecodeContext,
  PTE_A,
  PTE_D,
  PTE_P,
  decodeEntry,
  hasXd,
  psMapsPage,
  reservedMask,
} from './entry.ts'
import type { PageFaultReason, PagingEvent, PagingPageFault, RefSummary } from './events.ts'
import { levelIndex } from './geometry.ts'
import { pageFaultErrorCode } from './pf.ts'
import type {
  AccessIntent,
  AccessMode,
  EntryFormat,
  Geometry,
  PagingControl,
  PdpteRegister,
} from './types.ts'

export interface WalkContext extends DecodeContext {
  readonly cr3: bigint
  readonly pdptes: readonly PdpteRegister[] | null
}

/** Physical base of the root table named by CR3 (hw-facts §1.1, §1.3). */
export function rootBase(g: Geometry, cr3: bigint, maxPhyAddr: number): Gpa {
  return gpa(rootBits(g, cr3, maxPhyAddr))
}

function rootBits(g: Geometry, cr3: bigint, maxPhyAddr: number): bigint {
  switch (g.format) {
    case 'legacy32':
      return cr3 & 0xfffff000n
    case 'pae':
      // CR3 bits 31:5: the 32-byte-aligned PDPT.
      return cr3 & 0xffffffe0n
    case 'teach':
      return cr3 & ~((1n << g.pageShift) - 1n)
    case 'long':
      return cr3 & ((1n << BigInt(maxPhyAddr)) - 1n) & ~0xfffn
  }
}

/** Combined rights of the entries used so far (hw-facts §1.4: R/W AND, U/S AND, XD OR). */
export interface Rights {
  readonly rw: boolean
  readonly us: boolean
  readonly xd: boolean
}

/** Why this access to a page with these combined rights faults, or null (hw-facts §1.4). */
export function permissionFault(
  r: Rights,
  intent: AccessIntent,
  mode: AccessMode,
  ctl: PagingControl,
  format: EntryFormat,
): PageFaultReason | null {
  const user = mode === 'user'
  if (user && !r.us) return 'user-supervisor'
  if (intent === 'fetch') {
    if (hasXd(format) && ctl.eferNxe && r.xd) return 'execute-disable'
    if (!user && r.us && ctl.cr4Smep) return 'smep'
    return null
  }
  // SMAP: supervisor data access to a user page, unless EFLAGS.AC=1 (explicit accesses).
  if (!user && r.us && ctl.cr4Smap && !ctl.eflagsAc) return 'smap'
  if (intent === 'write' && !r.rw && (user || ctl.cr0Wp)) return 'write-protect'
  return null
}

/**
 * Does PKRU forbid this access (SDM3 §4.6.2; hw-facts §1.4)? Only with CR4.PKE in 4-/5-level
 * paging, only for data accesses to user-mode addresses (U/S=1 at every level): AD (PKRU bit
 * 2k) blocks reads and writes in either mode; WD (bit 2k+1) blocks user writes, and supervisor
 * writes only when CR0.WP=1. Fetches are never checked (QEMU-walk pkr_ad/pkr_wd; KVM
 * permission_fault sets PFERR_PK whenever these bits deny, whatever else faults).
 */
export function protectionKeyFault(
  pkey: number,
  userAddress: boolean,
  intent: AccessIntent,
  mode: AccessMode,
  ctl: PagingControl,
  format: EntryFormat,
): boolean {
  if (!ctl.cr4Pke || format !== 'long' || !userAddress || intent === 'fetch') return false
  const ad = ((ctl.pkru >>> (2 * pkey)) & 1) === 1
  const wd = ((ctl.pkru >>> (2 * pkey + 1)) & 1) === 1
  return ad || (intent === 'write' && wd && (mode === 'user' || ctl.cr0Wp))
}

/** The fault of an access to a page with these rights and key: PK first, as it sets PF.PK. */
export function accessFault(
  r: Rights,
  pkey: number,
  intent: AccessIntent,
  mode: AccessMode,
  ctl: PagingControl,
  format: EntryFormat,
): PageFaultReason | null {
  if (protectionKeyFault(pkey, r.us, intent, mode, ctl, format)) return 'protection-key'
  return permissionFault(r, intent, mode, ctl, format)
}

export interface WalkLeaf {
  readonly level: number
  readonly pageBytes: bigint
  /** Physical start of the page. */
  readonly frame: Gpa
  readonly rights: Rights
  /** Protection key of the leaf (bits 62:59; 0 outside 4-/5-level paging). */
  readonly pkey: number
  readonly g: boolean
  /** D of the leaf after this access. */
  readonly dirty: boolean
}

export interface WalkResult {
  readonly mem: PhysMem
  /** paging.ref and paging.ad events in the order the hardware makes them. */
  readonly events: readonly PagingEvent[]
  readonly refs: readonly RefSummary[]
  readonly outcome:
    | { readonly ok: true; readonly pa: Gpa; readonly leaf: WalkLeaf }
    | { readonly ok: false; readonly fault: PagingPageFault }
}

const setAd = (old: bigint, a: boolean, d: boolean): bigint =>
  old | (a ? PTE_A : 0n) | (d ? PTE_D : 0n)

/**
 * The architectural page walk. With `sideEffects` it sets A/D bits as QEMU does (hw-facts
 * §1.6): A in each non-leaf entry as the walk descends, A (and D for a write) in the leaf only
 * if the access is permitted. Without it, it is `translate`: same reads, no writes.
 */
export function walk(
  ctx: WalkContext,
  mem0: PhysMem,
  va: Gva,
  intent: AccessIntent,
  mode: AccessMode,
  sideEffects: boolean,
): WalkResult {
  const g = ctx.geometry
  let mem = mem0
  const events: PagingEvent[] = []
  const refs: RefSummary[] = []
  let tableBase = rootBase(g, ctx.cr3, ctx.maxPhyAddr)
  let rights: Rights = { rw: true, us: true, xd: false }
  const fault = (reason: PageFaultReason, level: number): WalkResult => ({
    mem,
    events,
    refs,
    outcome: {
      ok: false,
      fault: {
        vector: 14,
        errorCode: pageFaultErrorCode(reason, intent, mode, ctx.control, g.format),
        cr2: va,
        reason,
        level,
      },
    },
  })

  for (const spec of g.levels) {
    const index = levelIndex(spec, va)
    const addr = gpa(tableBase + index * BigInt(g.entryBytes))

    // PAE: the PDPTE comes from the register MOV to CR3 loaded, not from memory (SDM3 §4.4.1).
    if (g.format === 'pae' && spec.level === 3) {
      const reg = ctx.pdptes?.[Number(index)] ?? { addr, raw: 0n }
      const flags = decodeEntry(ctx, spec, reg.raw)
      events.push({
        kind: 'paging.ref',
        va,
        level: spec.level,
        name: spec.name,
        tableBase,
        index: Number(index),
        addr: reg.addr,
        raw: reg.raw,
        flags,
        reservedSet: 0n,
        source: 'pdpte-register',
        cite: 'sdm3-4.4.1',
      })
      if (!flags.p) return fault('not-present', spec.level)
      tableBase = flags.addr
      continue
    }

    const raw = readPhys(mem, addr, g.entryBytes)
    const flags = decodeEntry(ctx, spec, raw)
    const rsvd = flags.p ? raw & reservedMask(ctx, spec, raw) : 0n
    events.push({
      kind: 'paging.ref',
      va,
      level: spec.level,
      name: spec.name,
      tableBase,
      index: Number(index),
      addr,
      raw,
      flags,
      reservedSet: rsvd,
      source: 'memory',
      cite: g.format === 'teach' ? 'teach-mode' : 'sdm3-f4-7',
    })
    refs.push({ level: spec.level, addr })
    // P=0: nothing else is checked (hw-facts §1.3); then reserved bits (P|RSVD, §1.5).
    if ((raw & PTE_P) === 0n) return fault('not-present', spec.level)
    if (rsvd !== 0n) return fault('reserved-bit', spec.level)
    rights = {
      rw: rights.rw && flags.rw,
      us: rights.us && flags.us,
      xd: rights.xd || flags.xd,
    }
    const leaf = spec.level === 1 || psMapsPage(ctx, spec, raw)
    if (!leaf) {
      if (sideEffects && !flags.a) {
        const next = setAd(raw, true, false)
        mem = writePhys(mem, addr, g.entryBytes, next)
        events.push(adEvent(spec.level, spec.name, addr, raw, next, 'A'))
      }
      tableBase = flags.addr
      continue
    }
    const why = accessFault(rights, flags.pkey, intent, mode, ctx.control, g.format)
    if (why) return fault(why, spec.level)
    const pageBytes =
      spec.largePage !== null && spec.level !== 1 ? spec.largePage : 1n << g.pageShift
    const wantD = intent === 'write' && !flags.d
    let dirty = flags.d
    if (sideEffects && (!flags.a || wantD)) {
      const next = setAd(raw, true, intent === 'write')
      mem = writePhys(mem, addr, g.entryBytes, next)
      const set = !flags.a && wantD ? 'AD' : wantD ? 'D' : 'A'
      events.push(adEvent(spec.level, spec.name, addr, raw, next, set))
      dirty = dirty || intent === 'write'
    }
    return {
      mem,
      events,
      refs,
      outcome: {
        ok: true,
        pa: gpa(flags.addr | (va & (pageBytes - 1n))),
        leaf: {
          level: spec.level,
          pageBytes,
          frame: flags.addr,
          rights,
          pkey: flags.pkey,
          g: flags.g,
          dirty,
        },
      },
    }
  }
  // Unreachable: the last level always maps a page.
  return fault('not-present', 1)
}

function adEvent(
  level: number,
  name: string,
  addr: Gpa,
  old: bigint,
  raw: bigint,
  set: 'A' | 'D' | 'AD',
): PagingEvent {
  return { kind: 'paging.ad', level, name, addr, old, raw, set, cite: 'sdm3-4.8' }
}
