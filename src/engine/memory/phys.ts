// Sparse physical memory: a map from frame number to one 4 KiB frame. Frames that were never
// written read as zero. Writes copy only the frames they touch and a new map; every other
// frame is shared with the previous snapshot, so the app can keep one snapshot per step.

export const FRAME_SHIFT = 12n
export const FRAME_BYTES = 4096
const FRAME_MASK = BigInt(FRAME_BYTES - 1)

export type AccessSize = 1 | 2 | 4 | 8

/**
 * One memory snapshot. The Uint8Arrays inside are never written after they enter a map:
 * writePhys copies a frame before changing it (copy on write per frame).
 */
export interface PhysMem {
  readonly frames: ReadonlyMap<bigint, Uint8Array>
}

export const emptyMemory: PhysMem = { frames: new Map() }

export const frameNumber = (addr: bigint): bigint => addr >> FRAME_SHIFT
export const frameBase = (addr: bigint): bigint => addr & ~FRAME_MASK

function readByte(mem: PhysMem, addr: bigint): number {
  const f = mem.frames.get(addr >> FRAME_SHIFT)
  return f ? (f[Number(addr & FRAME_MASK)] ?? 0) : 0
}

/** Little-endian read of 1, 2, 4 or 8 bytes (may cross a frame boundary). */
export function readPhys(mem: PhysMem, addr: bigint, size: AccessSize): bigint {
  let v = 0n
  for (let i = size - 1; i >= 0; i--) v = (v << 8n) | BigInt(readByte(mem, addr + BigInt(i)))
  return v
}

/**
 * Little-endian write of the low `size` bytes of `value`. Returns a new snapshot; `mem` is
 * unchanged. Each touched frame is copied once; untouched frames are shared.
 */
export function writePhys(mem: PhysMem, addr: bigint, size: AccessSize, value: bigint): PhysMem {
  const frames = new Map(mem.frames)
  const copied = new Set<bigint>()
  let v = value
  for (let i = 0; i < size; i++) {
    const a = addr + BigInt(i)
    const fn = a >> FRAME_SHIFT
    let f = frames.get(fn)
    if (!copied.has(fn)) {
      f = f ? f.slice() : new Uint8Array(FRAME_BYTES)
      frames.set(fn, f)
      copied.add(fn)
    }
    if (f) f[Number(a & FRAME_MASK)] = Number(v & 0xffn)
    v >>= 8n
  }
  return { frames }
}

/** Puts a zeroed frame at `base` (a new table page). Shares every other frame. */
export function zeroFrame(mem: PhysMem, base: bigint): PhysMem {
  const frames = new Map(mem.frames)
  frames.set(base >> FRAME_SHIFT, new Uint8Array(FRAME_BYTES))
  return { frames }
}

/** Frame base addresses that hold memory, in ascending order (for dumps and the memory strip). */
export function framesInUse(mem: PhysMem): bigint[] {
  return [...mem.frames.keys()]
    .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))
    .map((f) => f << FRAME_SHIFT)
}

/**
 * The entries of one table whose bit 0 (present) is set, with their raw values: a scan of a
 * whole 512- or 1024-entry table that skips absent frames and not-present entries without
 * building a bigint for them (panels scan every table on every step).
 */
export function presentEntries(
  mem: PhysMem,
  base: bigint,
  entryBytes: 4 | 8,
  count: number,
): { readonly index: number; readonly raw: bigint }[] {
  const out: { index: number; raw: bigint }[] = []
  for (let i = 0; i < count; i++) {
    const addr = base + BigInt(i * entryBytes)
    const f = mem.frames.get(addr >> FRAME_SHIFT)
    const off = Number(addr & FRAME_MASK)
    if (!f) {
      // A missing frame reads as zero: jump to the next frame.
      i += Math.max(0, Math.floor((FRAME_BYTES - off) / entryBytes) - 1)
      continue
    }
    if (((f[off] ?? 0) & 1) === 0) continue
    out.push({ index: i, raw: readPhys(mem, addr, entryBytes) })
  }
  return out
}
