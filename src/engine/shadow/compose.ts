// The rule that ties a shadow entry to the guest entry and the P2M (hw-facts §8), written once
// so the VMM, the panel and the property test all use the same composition.
import { type Gpa, type Hpa, hpa as toHpa } from '../core/addr.ts'
import { readPhys } from '../memory/phys.ts'
import {
  type DecodeContext,
  PTE_A,
  PTE_D,
  PTE_P,
  PTE_RW,
  PTE_US,
  PTE_XD,
  decodeEntry,
  psMapsPage,
  reservedMask,
} from '../paging/entry.ts'
import { geometryOf } from '../paging/geometry.ts'
import type { PhysMem } from '../memory/phys.ts'
import type { Geometry, LevelSpec, PagingState } from '../paging/types.ts'
import { p2mLookup } from '../virt/p2m.ts'
import type { P2mEntry, VirtState } from '../virt/types.ts'
import type { LeafRights } from './events.ts'
import type { ShadowPage, ShadowState } from './types.ts'

/** Shadow paging is modelled for 4-level guests (KVM's PT64 shadow pages, hw-facts §8). */
export const SHADOW_GEOMETRY: Geometry = geometryOf('x86-64', {
  vaBits: 16,
  levels: 2,
  pageBits: 8,
})

export const levelSpec = (level: number): LevelSpec => {
  const s = SHADOW_GEOMETRY.levels.find((l) => l.level === level)
  if (!s) throw new Error(`no level ${level}`)
  return s
}

export const decodeCtx = (paging: PagingState): DecodeContext => ({
  geometry: SHADOW_GEOMETRY,
  maxPhyAddr: paging.maxPhyAddr,
  control: paging.control,
})

export const findPage = (s: ShadowState, gfn: Gpa, level: number): ShadowPage | null =>
  s.pages.find((p) => p.gfn === gfn && p.level === level) ?? null

/** The guest frame (page base) is a guest page table the VMM shadows, so it is write-protected. */
export const isShadowedGfn = (s: ShadowState, gfn: Gpa): boolean =>
  s.pages.some((p) => p.gfn === gfn)

const ADDR_MASK = (maxPhyAddr: number): bigint => ((1n << BigInt(maxPhyAddr)) - 1n) & ~0xfffn

export interface Composed {
  readonly raw: bigint
  /** Leaf only. */
  readonly rights: LeafRights | null
  readonly p2m: P2mEntry | null
}

/**
 * The shadow entry the VMM derives from guest entry `graw` at `level`, or null when there is
 * none to build (hw-facts §8):
 * - the guest entry must be present, free of reserved bits and accessed (A=1: the VMM sets A
 *   when it fills, hw-facts §1.6, and drops what the guest has not used);
 * - a non-leaf entry keeps the guest's R/W, U/S and XD and points at the shadow page of the
 *   guest's next table (which must exist), so the hardware combines rights level by level
 *   exactly as it would in the guest tables (hw-facts §1.4);
 * - a leaf entry points at the machine frame the P2M gives for the guest frame; it is writable
 *   only if the guest allows it AND the guest entry is already dirty AND the P2M allows writes
 *   AND the frame is not a shadowed guest page table; XD if the guest says so or the P2M
 *   forbids execution. A is preset (and D on writable leaves) so the hardware never writes A/D
 *   into shadow tables. Guest large pages are not shadowed here (null).
 */
export function composeEntry(
  paging: PagingState,
  virt: VirtState,
  shadow: ShadowState,
  level: number,
  graw: bigint,
): Composed | null {
  const ctx = decodeCtx(paging)
  const spec = levelSpec(level)
  if ((graw & PTE_P) === 0n || (graw & PTE_A) === 0n) return null
  if ((graw & reservedMask(ctx, spec, graw)) !== 0n) return null
  const f = decodeEntry(ctx, spec, graw)
  const nxe = paging.control.eferNxe
  const base = PTE_P | PTE_A | (f.us ? PTE_US : 0n)
  if (level > 1) {
    if (psMapsPage(ctx, spec, graw)) return null
    const child = findPage(shadow, f.addr, level - 1)
    if (!child) return null
    return {
      raw: base | (f.rw ? PTE_RW : 0n) | (f.xd && nxe ? PTE_XD : 0n) | child.hpa,
      rights: null,
      p2m: null,
    }
  }
  const p = p2mLookup(virt, f.addr)
  if (!p || !p.read) return null
  const ptPage = isShadowedGfn(shadow, f.addr)
  const writable = f.rw && f.d && p.write && !ptPage
  const xd = nxe && (f.xd || !p.execute)
  return {
    raw:
      base |
      (writable ? PTE_RW | PTE_D : 0n) |
      (xd ? PTE_XD : 0n) |
      (p.hpa & ADDR_MASK(paging.maxPhyAddr)),
    rights: { guestRw: f.rw, guestDirty: f.d, p2mWrite: p.write, ptPage, writable },
    p2m: p,
  }
}

/**
 * The second encoding KVM gives a shadow entry while the guest runs with CR0.WP=0 (hw-facts §8;
 * LX-mmudoc "Emulating cr0.wp"; paging_tmpl.h FNAME(page_fault)): the host keeps CR0.WP=1, so a
 * guest supervisor write to a read-only page faults in the hardware although the guest allows
 * it (SDM3 §4.6.1). The VMM then makes the entry writable and supervisor-only (user accesses
 * fault again and get the read-only user encoding back), and with SMEP also execute-disabled,
 * because the kernel could otherwise fetch from what is a user page to the guest (KVM forces
 * EFER.NX in the hardware for this). Null where it does not apply: CR0.WP=1, an entry that is
 * already writable, or a leaf the VMM must keep read-only (a shadowed guest table, a P2M
 * without write, a clean guest page).
 */
export function supervisorWriteEntry(
  paging: PagingState,
  level: number,
  c: Composed,
): bigint | null {
  if (paging.control.cr0Wp || (c.raw & PTE_RW) !== 0n) return null
  if (level === 1 && (!c.rights || !c.rights.p2mWrite || c.rights.ptPage || !c.rights.guestDirty))
    return null
  const xd = paging.control.cr4Smep ? PTE_XD : 0n
  return ((c.raw | PTE_RW | (level === 1 ? PTE_D : 0n)) & ~PTE_US) | xd
}

/**
 * The control bits the hardware walks the shadow tables with: the guest's, except CR0.WP and
 * EFER.NX, which KVM keeps at 1 under shadow paging (vmx.c KVM_VM_CR0_ALWAYS_ON_UNRESTRICTED_GUEST
 * holds WP; mmu.c sets role.efer_nx for every shadow MMU "to generate correct permissions for
 * CR0.WP=0/CR4.SMEP=1/EFER.NX=0").
 */
export const hardwareControl = (paging: PagingState): PagingState['control'] => ({
  ...paging.control,
  cr0Wp: true,
  eferNxe: true,
})

/** Guest entry `index` of the guest table a shadow page stands for. */
export const guestEntry = (mem: PhysMem, page: ShadowPage, index: number): bigint =>
  readPhys(mem, page.gfn + BigInt(index * 8), 8)

export const shadowEntry = (host: PhysMem, page: ShadowPage, index: number): bigint =>
  readPhys(host, page.hpa + BigInt(index * 8), 8)

/**
 * Every present shadow entry that does not equal the composition of its guest entry and the
 * P2M (the property the VMM must keep; empty when consistent). For tests and the panel.
 */
export function inconsistencies(
  paging: PagingState,
  virt: VirtState,
  shadow: ShadowState,
): { page: ShadowPage; index: number; shadow: bigint; expected: bigint | null }[] {
  const out: { page: ShadowPage; index: number; shadow: bigint; expected: bigint | null }[] = []
  for (const page of shadow.pages) {
    for (let i = 0; i < 512; i++) {
      const s = shadowEntry(virt.host, page, i)
      if ((s & PTE_P) === 0n) continue
      const c = composeEntry(paging, virt, shadow, page.level, guestEntry(paging.mem, page, i))
      // With guest CR0.WP=0 an entry may hold either of KVM's two encodings.
      const ok = c !== null && (c.raw === s || supervisorWriteEntry(paging, page.level, c) === s)
      if (!ok) out.push({ page, index: i, shadow: s, expected: c?.raw ?? null })
    }
  }
  return out
}

/** Present, writable leaf shadow entries whose machine frame is a shadowed guest table's. */
export function writableGuestTables(
  virt: VirtState,
  shadow: ShadowState,
): { page: ShadowPage; index: number; hpa: Hpa }[] {
  const tableHpas = new Set<Hpa>()
  for (const p of shadow.pages) {
    const e = p2mLookup(virt, p.gfn)
    if (e) tableHpas.add(e.hpa)
  }
  const out: { page: ShadowPage; index: number; hpa: Hpa }[] = []
  for (const page of shadow.pages) {
    if (page.level !== 1) continue
    for (let i = 0; i < 512; i++) {
      const s = shadowEntry(virt.host, page, i)
      if ((s & PTE_P) === 0n || (s & PTE_RW) === 0n) continue
      const hpa = toHpa(s & ADDR_MASK(52))
      if (tableHpas.has(hpa)) out.push({ page, index: i, hpa })
    }
  }
  return out
}
