// What the two dimensions of a nested walk are made of, drawn while they are being built: the
// guest's page tables (guest-physical, written by the guest OS with ordinary stores) and the
// hypervisor's EPT tables (host-physical, written by `host map`). Pure: read from the frame's
// memory, so the steps before the first access (and the `map`/`host map` lines between
// accesses) show the entry each step writes instead of an empty grid.
import {
  type EngineEvent,
  type EntryFlags,
  type EptEntryFlags,
  type Machine,
  decodeEntry,
  decodeEptEntry,
  decodeEptp,
  eptLevels,
  presentEntries,
  rootBase,
  walkContext,
} from '../../engine/index.ts'

/** Event kinds that build tables rather than use them: the panel draws the tables for these. */
const BUILD_KINDS: ReadonlySet<EngineEvent['kind']> = new Set<EngineEvent['kind']>([
  'virt.mmu',
  'paging.mode',
  'paging.alloc',
  'paging.cr3',
  'paging.entry.write',
  'paging.map',
  'ept.table',
  'ept.eptp',
  'ept.entry-write',
  'ept.map',
])

export const isBuildEvent = (e: EngineEvent): boolean => BUILD_KINDS.has(e.kind)

/** A table can hold 512 entries; a projector shows a few. The rest are counted, not drawn. */
export const BUILD_ROWS = 8
/** Tables drawn per dimension (a hostile script could build thousands). */
export const BUILD_TABLES = 12

export interface BuildEntry {
  readonly index: number
  /** Where the entry sits: GPA for a guest entry, HPA for an EPT entry. */
  readonly addr: bigint
  readonly raw: bigint
  /** Next table or the page frame (GPA for guest entries, HPA for EPT entries). */
  readonly target: bigint
  readonly leaf: boolean
  readonly guest: EntryFlags | null
  readonly ept: EptEntryFlags | null
  /** This step wrote it. */
  readonly newest: boolean
}

export interface BuildTable {
  readonly dim: 'guest' | 'ept'
  readonly level: number
  /** Level name without the trailing E: PML4, PDPT, PD, PT; EPT PML4, ... */
  readonly name: string
  readonly base: bigint
  /** A guest table's host-physical page through EPT, or null while EPT does not map it. */
  readonly hpa: bigint | null
  readonly entries: readonly BuildEntry[]
  /** Present entries beyond BUILD_ROWS (shown as a count). */
  readonly more: number
  /** This step allocated it. */
  readonly newest: boolean
}

/** What the step did, said once under the tables (a `map`/`host map` completing, a mode set). */
export type BuildNote =
  | { readonly kind: 'guest-map'; readonly va: bigint; readonly pa: bigint; readonly bytes: bigint }
  | { readonly kind: 'ept-map'; readonly gpa: bigint; readonly hpa: bigint; readonly size: string }
  | { readonly kind: 'mode'; readonly mode: string }

/** The part of the build view this step is about (marked with data-focus). */
export type BuildFocus = 'entry' | 'table' | 'cr3' | 'eptp' | 'mode' | null

export interface BuildView {
  readonly mode: string
  readonly cr3: bigint | null
  readonly eptp: bigint | null
  readonly guest: readonly BuildTable[]
  readonly ept: readonly BuildTable[]
  readonly more: { readonly guest: number; readonly ept: number }
  readonly note: BuildNote | null
  readonly focus: BuildFocus
}

const GUEST_NAME = (name: string): string => name.replace(/E$/, '')

/**
 * A frame holds the machine after its whole command (one `map` is ten events), so what the
 * command's later events write is taken back out: their entries show the value they held
 * before (absent if it was 0), their tables are not drawn yet, a later CR3 or EPTP load is
 * not loaded yet.
 */
interface Pending {
  /** Entry address -> value before the command's first later write to it. */
  readonly guestOld: ReadonlyMap<bigint, bigint>
  readonly eptOld: ReadonlyMap<bigint, bigint>
  readonly guestTables: ReadonlySet<bigint>
  readonly eptTables: ReadonlySet<bigint>
  readonly cr3Later: boolean
  /** The EPTP before a later load in this command (null: none yet), or undefined if none. */
  readonly eptpBefore: bigint | null | undefined
}

function pendingOf(later: readonly EngineEvent[]): Pending {
  const guestOld = new Map<bigint, bigint>()
  const eptOld = new Map<bigint, bigint>()
  const guestTables = new Set<bigint>()
  const eptTables = new Set<bigint>()
  let cr3Later = false
  let eptpBefore: bigint | null | undefined = undefined
  for (const e of later) {
    if (e.kind === 'paging.entry.write' && !guestOld.has(e.addr)) guestOld.set(e.addr, e.old)
    else if (e.kind === 'ept.entry-write' && !eptOld.has(e.addr)) eptOld.set(e.addr, e.old)
    else if (e.kind === 'paging.alloc') guestTables.add(e.frame)
    else if (e.kind === 'ept.table') eptTables.add(e.hpa)
    else if (e.kind === 'paging.cr3') cr3Later = true
    else if (e.kind === 'ept.eptp' && eptpBefore === undefined) eptpBefore = e.previous
  }
  return { guestOld, eptOld, guestTables, eptTables, cr3Later, eptpBefore }
}

/** The present entries of a table as they stand at this step (later writes taken out). */
function entriesAt(
  mem: Parameters<typeof presentEntries>[0],
  base: bigint,
  entryBytes: 4 | 8,
  count: number,
  old: ReadonlyMap<bigint, bigint>,
): { index: number; raw: bigint }[] {
  const out = presentEntries(mem, base, entryBytes, count).filter(
    ({ index }) => !old.has(base + BigInt(index * entryBytes)),
  )
  // Entries a later write overwrites (or clears) held their old value here.
  for (const [addr, raw] of old) {
    const i = Number((addr - base) / BigInt(entryBytes))
    if (addr >= base && i < count && (addr - base) % BigInt(entryBytes) === 0n && (raw & 1n) === 1n)
      out.push({ index: i, raw })
  }
  return out.sort((a, b) => a.index - b.index)
}

/** Leaf mappings of the EPT tables as [gpa, bytes, hpa] to translate guest table pages. */
type EptLeaf = readonly [bigint, bigint, bigint]

function hpaOf(leaves: readonly EptLeaf[], gpa: bigint): bigint | null {
  const hit = leaves.find(([base, bytes]) => gpa >= base && gpa < base + bytes)
  return hit ? hit[2] + (gpa - hit[0]) : null
}

function eptTables(
  machine: Machine,
  newestEntry: bigint | null,
  newestTable: bigint | null,
  pending: Pending,
): { tables: BuildTable[]; leaves: EptLeaf[]; more: number } {
  const raw = pending.eptpBefore === undefined ? machine.virt.ept.eptp : pending.eptpBefore
  const tables: BuildTable[] = []
  const leaves: EptLeaf[] = []
  let more = 0
  if (raw === null) return { tables, leaves, more }
  const max = machine.paging.maxPhyAddr
  const eptp = decodeEptp(raw, max)
  const levels = eptLevels(eptp.levels)
  const seen = new Set<bigint>()
  const visit = (depth: number, base: bigint, gpaHigh: bigint): void => {
    const l = levels[depth]
    if (!l || seen.has(base)) return
    seen.add(base)
    const present = entriesAt(machine.virt.host, base, 8, 512, pending.eptOld)
    const entries: BuildEntry[] = []
    const next: [bigint, bigint][] = []
    for (const { index, raw: r } of present) {
      const f = decodeEptEntry(l, r, max)
      const addr = base + BigInt(index) * 8n
      const gpa = gpaHigh | (BigInt(index) << l.shift)
      if (f.leaf)
        leaves.push([gpa, l.largePage !== null && f.large ? l.largePage : 0x1000n, f.addr])
      else next.push([f.addr, gpa])
      entries.push({
        index,
        addr,
        raw: r,
        target: f.addr,
        leaf: f.leaf,
        guest: null,
        ept: f,
        newest: addr === newestEntry,
      })
    }
    if (tables.length < BUILD_TABLES)
      tables.push({
        dim: 'ept',
        level: l.level,
        name: GUEST_NAME(l.name),
        base,
        hpa: null,
        ...window(entries),
        newest: base === newestTable,
      })
    else more++
    for (const [b, g] of next) visit(depth + 1, b, g)
  }
  visit(0, eptp.root, 0n)
  return { tables, leaves, more }
}

/** The newest entry stays drawn even in a long table: it is what the step is about. */
function window(entries: readonly BuildEntry[]): { entries: BuildEntry[]; more: number } {
  if (entries.length <= BUILD_ROWS) return { entries: [...entries], more: 0 }
  const i = entries.findIndex((e) => e.newest)
  const start = i < BUILD_ROWS ? 0 : i - BUILD_ROWS + 1
  return {
    entries: entries.slice(start, start + BUILD_ROWS),
    more: entries.length - BUILD_ROWS,
  }
}

function guestTables(
  machine: Machine,
  leaves: readonly EptLeaf[],
  newestEntry: bigint | null,
  newestTable: bigint | null,
  pending: Pending,
): { tables: BuildTable[]; more: number } {
  const s = machine.paging
  const ctx = pending.cr3Later ? null : walkContext(s)
  const tables: BuildTable[] = []
  let more = 0
  if (ctx === null) return { tables, more }
  const g = ctx.geometry
  const entryBytes = g.entryBytes === 4 ? 4 : 8
  const seen = new Set<bigint>()
  const visit = (depth: number, base: bigint): void => {
    const spec = g.levels[depth]
    if (!spec || seen.has(base)) return
    seen.add(base)
    // PAE's PDPT is 4 entries loaded into registers by a CR3 load (hw-facts §1.1): read as
    // memory here, which is where the guest wrote them.
    const count = g.format === 'pae' && depth === 0 ? 4 : 1 << Number(spec.indexBits)
    const entries: BuildEntry[] = []
    const next: bigint[] = []
    for (const { index, raw } of entriesAt(s.mem, base, entryBytes, count, pending.guestOld)) {
      const addr = base + BigInt(index * entryBytes)
      const f = decodeEntry(ctx, spec, raw)
      if (!f.leaf) next.push(f.addr)
      entries.push({
        index,
        addr,
        raw,
        target: f.addr,
        leaf: f.leaf,
        guest: f,
        ept: null,
        newest: addr === newestEntry,
      })
    }
    if (tables.length < BUILD_TABLES)
      tables.push({
        dim: 'guest',
        level: spec.level,
        name: GUEST_NAME(spec.name),
        base,
        hpa: hpaOf(leaves, base),
        ...window(entries),
        newest: base === newestTable,
      })
    else more++
    for (const b of next) visit(depth + 1, b)
  }
  visit(0, rootBase(g, ctx.cr3, ctx.maxPhyAddr))
  return { tables, more }
}

/** The tables both dimensions hold at this frame, with what this step wrote marked. */
export function layoutBuild(
  machine: Machine,
  e: EngineEvent,
  later: readonly EngineEvent[] = [],
): BuildView {
  const pending = pendingOf(later)
  const guestEntry =
    e.kind === 'paging.entry.write' ? e.addr : e.kind === 'paging.map' ? e.leafAddr : null
  const eptEntry = e.kind === 'ept.entry-write' ? e.addr : e.kind === 'ept.map' ? e.leafAddr : null
  const guestTable = e.kind === 'paging.alloc' ? e.frame : null
  const eptTable = e.kind === 'ept.table' ? e.hpa : null
  const ept = eptTables(machine, eptEntry, eptTable, pending)
  const guest = guestTables(machine, ept.leaves, guestEntry, guestTable, pending)
  // A table allocated this step is not linked yet (the entry pointing at it comes next), or
  // is the root before CR3/EPTP names it: drawn on its own, empty.
  const lone = (dim: 'guest' | 'ept', base: bigint | null, level: number, name: string): void => {
    const list = dim === 'guest' ? guest.tables : ept.tables
    if (base === null || list.some((t) => t.base === base)) return
    const hpa = dim === 'guest' ? hpaOf(ept.leaves, base) : null
    list.push({ dim, level, name: GUEST_NAME(name), base, hpa, entries: [], more: 0, newest: true })
  }
  if (e.kind === 'paging.alloc') lone('guest', e.frame, e.level, e.name)
  if (e.kind === 'ept.table') lone('ept', e.hpa, e.level, e.name)
  const note: BuildNote | null =
    e.kind === 'paging.map'
      ? { kind: 'guest-map', va: e.va, pa: e.pa, bytes: e.pageBytes }
      : e.kind === 'ept.map'
        ? { kind: 'ept-map', gpa: e.gpa, hpa: e.hpa, size: e.size }
        : e.kind === 'paging.mode'
          ? { kind: 'mode', mode: e.mode }
          : null
  const marked = [...guest.tables, ...ept.tables]
  const focus: BuildFocus =
    guestEntry !== null || eptEntry !== null
      ? marked.some((t) => t.entries.some((x) => x.newest))
        ? 'entry'
        : null
      : guestTable !== null || eptTable !== null
        ? marked.some((t) => t.newest)
          ? 'table'
          : null
        : e.kind === 'paging.cr3'
          ? 'cr3'
          : e.kind === 'ept.eptp'
            ? 'eptp'
            : e.kind === 'paging.mode'
              ? 'mode'
              : null
  return {
    mode: machine.paging.mode,
    cr3: pending.cr3Later ? null : machine.paging.cr3,
    eptp: pending.eptpBefore === undefined ? machine.virt.ept.eptp : pending.eptpBefore,
    guest: guest.tables,
    ept: ept.tables,
    more: { guest: guest.more, ept: ept.more },
    note,
    focus,
  }
}
