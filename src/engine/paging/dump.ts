import { type Gpa, gva } from '../core/addr.ts'
import { readPhys } from '../memory/phys.ts'
import { decodeEntry, psMapsPage, reservedMask } from './entry.ts'
import type { MappingRow } from './events.ts'
import { canonicalForm } from './geometry.ts'
import { type Rights, type WalkContext, rootBase } from './walk.ts'

/** Row limit of the info dump: a page table can map far more than a panel can show. */
export const DUMP_LIMIT = 256

/**
 * Every leaf mapping reachable from CR3, in linear-address order, read without side effects
 * (no A/D writes, no TLB). Entries with reserved bits set are skipped: a walk through them faults.
 */
export function enumerateMappings(
  ctx: WalkContext,
  mem: Parameters<typeof readPhys>[0],
): { readonly rows: readonly MappingRow[]; readonly truncated: boolean } {
  const g = ctx.geometry
  const rows: MappingRow[] = []
  let truncated = false
  // Bounds the work when tables point back at themselves (recursive mappings).
  let budget = 1 << 16
  const visit = (depth: number, tableBase: Gpa, vaSoFar: bigint, rights: Rights): void => {
    const spec = g.levels[depth]
    if (!spec) return
    const count = 1n << spec.indexBits
    for (let i = 0n; i < count; i++) {
      if (rows.length >= DUMP_LIMIT || --budget < 0) {
        truncated = true
        return
      }
      const va = vaSoFar | (i << spec.shift)
      const fromReg = g.format === 'pae' && spec.level === 3
      const raw = fromReg
        ? (ctx.pdptes?.[Number(i)]?.raw ?? 0n)
        : readPhys(mem, tableBase + i * BigInt(g.entryBytes), g.entryBytes)
      const f = decodeEntry(ctx, spec, raw)
      if (!f.p) continue
      if (!fromReg && (raw & reservedMask(ctx, spec, raw)) !== 0n) continue
      const r: Rights = fromReg
        ? rights
        : { rw: rights.rw && f.rw, us: rights.us && f.us, xd: rights.xd || f.xd }
      const leaf = spec.level === 1 || psMapsPage(ctx, spec, raw)
      if (!leaf) {
        visit(depth + 1, f.addr, va, r)
        continue
      }
      const pageBytes = spec.level === 1 ? 1n << g.pageShift : (spec.largePage ?? 0n)
      rows.push({
        va: gva(g.canonical ? canonicalForm(va, g.vaBits) : va),
        pa: f.addr,
        pageBytes,
        level: spec.level,
        rw: r.rw,
        us: r.us,
        xd: r.xd,
        g: f.g,
        a: f.a,
        d: f.d,
      })
    }
  }
  visit(0, rootBase(g, ctx.cr3, ctx.maxPhyAddr), 0n, { rw: true, us: true, xd: false })
  return { rows, truncated }
}
