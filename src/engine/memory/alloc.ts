import { FRAME_BYTES, type PhysMem, readPhys } from './phys.ts'

const FRAME = BigInt(FRAME_BYTES)

/** A physical range the allocator must not hand out (e.g. a data page someone mapped). */
export interface ReservedRange {
  readonly base: bigint
  readonly size: bigint
}

/**
 * Deterministic bump allocator: hands out the next free page at or above `next`: one that
 * holds no data yet and is not reserved. Same state in, same page out, so traces replay.
 */
export interface FrameAllocator {
  readonly next: bigint
  readonly reserved: readonly ReservedRange[]
}

/** 1 MiB: above the legacy low-memory area, as real kernels place early page tables. */
export const DEFAULT_ALLOC_BASE = 0x100000n

export function frameAllocator(
  base: bigint = DEFAULT_ALLOC_BASE,
  pageBytes: bigint = FRAME,
): FrameAllocator {
  // Round up so every page handed out is aligned to its size.
  return { next: ((base + pageBytes - 1n) / pageBytes) * pageBytes, reserved: [] }
}

const isReserved = (a: FrameAllocator, base: bigint, size: bigint): boolean =>
  a.reserved.some((r) => base < r.base + r.size && r.base < base + size)

/** A page holds data when any of its bytes is non-zero (4 KiB frames: when it exists). */
function holdsData(mem: PhysMem, base: bigint, size: bigint): boolean {
  if (size === FRAME) return mem.frames.has(base / FRAME)
  for (let a = base; a < base + size; a += 8n) if (readPhys(mem, a, 8) !== 0n) return true
  return false
}

/**
 * The next free page of `pageBytes` (default 4 KiB) below `limit`, and the allocator after
 * taking it; null when none is left.
 */
export function allocFrame(
  a: FrameAllocator,
  mem: PhysMem,
  pageBytes: bigint = FRAME,
  limit: bigint = 1n << 52n,
): { readonly frame: bigint; readonly alloc: FrameAllocator } | null {
  let f = a.next
  while (f + pageBytes <= limit && (holdsData(mem, f, pageBytes) || isReserved(a, f, pageBytes)))
    f += pageBytes
  if (f + pageBytes > limit) return null
  return { frame: f, alloc: { ...a, next: f + pageBytes } }
}

export function reserveRange(a: FrameAllocator, base: bigint, size: bigint): FrameAllocator {
  return { ...a, reserved: [...a.reserved, { base, size }] }
}
