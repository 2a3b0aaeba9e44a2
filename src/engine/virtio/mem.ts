// Guest RAM as the virtio model holds it: sparse 64-byte chunks, copied on write. The rings
// are a few hundred bytes, and every step keeps its own snapshot, so small chunks keep each
// snapshot (and every comparison of two of them) small; whole 4 KiB frames would be 30 times
// the bytes for the same rings.

export const CHUNK_BYTES = 64
export const CHUNK_SHIFT = 6n
export const CHUNK_MASK = BigInt(CHUNK_BYTES - 1)

/** One snapshot; the arrays inside are never written after they enter a map. */
export interface VirtioMem {
  readonly chunks: ReadonlyMap<bigint, Uint8Array>
}

export const emptyVirtioMem: VirtioMem = { chunks: new Map() }

/** Little-endian read of 1, 2, 4 or 8 bytes at a guest-physical address (unwritten reads 0). */
export function readMem(mem: VirtioMem, addr: bigint, size: 1 | 2 | 4 | 8): bigint {
  let v = 0n
  for (let i = size - 1; i >= 0; i--) {
    const a = addr + BigInt(i)
    v = (v << 8n) | BigInt(mem.chunks.get(a >> CHUNK_SHIFT)?.[Number(a & CHUNK_MASK)] ?? 0)
  }
  return v
}
