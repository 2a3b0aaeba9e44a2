// The model's pure rules, each from its source: hashes and checksums of a page's contents,
// ESX's idle memory tax and free-memory states, KSM's counters, and the seeded generator.
import {
  FREE_STATES,
  type FreeState,
  type KsmCounters,
  type KsmState,
  type OcState,
  type OcVm,
} from './types.ts'

/** FNV-1a 64 of a contents label: stands for ESX's 64-bit hash of the page (16 hex digits). */
export function pageHash(content: string): string {
  let h = 0xcbf29ce484222325n
  for (let i = 0; i < content.length; i++) {
    h ^= BigInt(content.charCodeAt(i))
    h = (h * 0x100000001b3n) & 0xffffffffffffffffn
  }
  return h.toString(16).padStart(16, '0')
}

/** A 32-bit checksum of the contents (KSM's calc_checksum role: did the page change?). */
export function pageChecksum(content: string): number {
  let h = 0x811c9dc5
  for (let i = 0; i < content.length; i++) {
    h ^= content.charCodeAt(i)
    h = Math.imul(h, 0x01000193) >>> 0
  }
  return h
}

/** xorshift32: the next state (never 0 from a non-zero state). */
export function xorshift(x: number): number {
  let s = x >>> 0 || 1
  s ^= s << 13
  s >>>= 0
  s ^= s >>> 17
  s ^= s << 5
  return s >>> 0
}

/** k = 1 / (1 - tau): what an idle page costs in the shares-per-page ratio. */
export const idleCost = (taxPct: number): number => 1 / (1 - taxPct / 100)

/**
 * WAL02 §5.3: rho = S / (P (f + k (1 - f))) with f = active / P. A VM holding nothing has an
 * infinite ratio (nothing to reclaim from it).
 */
export function sharesPerPage(
  shares: number,
  pages: number,
  active: number,
  taxPct: number,
): number {
  if (pages === 0) return Number.POSITIVE_INFINITY
  const f = active / pages
  return shares / (pages * (f + idleCost(taxPct) * (1 - f)))
}

/** WAL02 §6.3: the state of a host with `free` of `total` frames free (percent thresholds). */
export function freeState(free: number, total: number): FreeState {
  const pct = total === 0 ? 0 : (free * 100) / total
  for (const s of FREE_STATES) if (pct >= s.pct) return s.state
  return 'low'
}

/** Frames to reclaim to reach the high state again. */
export function framesToHigh(free: number, total: number): number {
  return Math.max(0, Math.ceil((total * 6) / 100) - free)
}

/** Pages a VM holds in host memory (its own frames and its references to shared ones). */
export function heldPages(vm: OcVm): number {
  return vm.p2m.filter((s) => s.kind === 'mapped').length
}

/** Active pages a VM holds in host memory. */
export function heldActive(vm: OcVm): number {
  return vm.p2m.filter((s, g) => s.kind === 'mapped' && vm.guest[g]?.active === true).length
}

/** Linux ksm.rst counters from the rmap items' states. */
export function ksmCounters(k: KsmState): KsmCounters {
  let stable = 0
  let unstable = 0
  let volatile = 0
  let zero = 0
  for (const it of k.items) {
    if (it.status === 'stable') stable++
    else if (it.status === 'unstable') unstable++
    else if (it.status === 'volatile') volatile++
    else zero++
  }
  return {
    pagesShared: k.stable.length,
    pagesSharing: stable - k.stable.length,
    pagesUnshared: unstable,
    pagesVolatile: volatile,
    zeroPages: zero,
    fullScans: k.fullScans,
  }
}

/** Free frames of the host. */
export const freeFrames = (s: OcState): number => s.frames.filter((f) => f.kind === 'free').length
