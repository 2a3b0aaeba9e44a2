import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { allocFrame, frameAllocator, reserveRange } from './alloc.ts'
import { emptyMemory, framesInUse, presentEntries, readPhys, writePhys } from './phys.ts'

describe('sparse physical memory', () => {
  it('reads zero where nothing was written', () => {
    expect(readPhys(emptyMemory, 0x123456n, 8)).toBe(0n)
  })

  it('is little-endian for 1, 2, 4 and 8 bytes', () => {
    const m = writePhys(emptyMemory, 0x1000n, 8, 0x1122334455667788n)
    expect(readPhys(m, 0x1000n, 1)).toBe(0x88n)
    expect(readPhys(m, 0x1000n, 2)).toBe(0x7788n)
    expect(readPhys(m, 0x1000n, 4)).toBe(0x55667788n)
    expect(readPhys(m, 0x1004n, 4)).toBe(0x11223344n)
    expect(readPhys(m, 0x1000n, 8)).toBe(0x1122334455667788n)
  })

  it('keeps bit 63 exactly (no lossy numbers)', () => {
    const m = writePhys(emptyMemory, 0x2000n, 8, (1n << 63n) | 1n)
    expect(readPhys(m, 0x2000n, 8)).toBe((1n << 63n) | 1n)
  })

  it('crosses a frame boundary', () => {
    const m = writePhys(emptyMemory, 0x1ffen, 4, 0xaabbccddn)
    expect(readPhys(m, 0x1ffen, 4)).toBe(0xaabbccddn)
    expect(framesInUse(m)).toEqual([0x1000n, 0x2000n])
  })

  it('copies only the written frame and never changes the old snapshot', () => {
    const a = writePhys(writePhys(emptyMemory, 0x1000n, 8, 1n), 0x5000n, 8, 5n)
    const b = writePhys(a, 0x1008n, 8, 2n)
    expect(readPhys(a, 0x1008n, 8)).toBe(0n)
    expect(readPhys(b, 0x1008n, 8)).toBe(2n)
    expect(b.frames.get(5n)).toBe(a.frames.get(5n))
    expect(b.frames.get(1n)).not.toBe(a.frames.get(1n))
  })
})

describe('frame allocator', () => {
  it('hands out frames in order from its base and skips used or reserved ones', () => {
    const mem = writePhys(emptyMemory, 0x101000n, 8, 7n)
    let a = reserveRange(frameAllocator(0x100000n), 0x102000n, 0x1000n)
    const first = allocFrame(a, mem)
    expect(first?.frame).toBe(0x100000n)
    a = first?.alloc ?? a
    expect(allocFrame(a, mem)?.frame).toBe(0x103000n)
  })

  it('rounds its base up to a frame boundary and stops at the limit', () => {
    expect(frameAllocator(0x1234n).next).toBe(0x2000n)
    expect(allocFrame(frameAllocator(0x1000n), emptyMemory, 0x1000n, 0x1000n)).toBeNull()
  })
})

describe('presentEntries', () => {
  it('finds exactly the entries with bit 0 set, as a byte-by-byte scan does', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.tuple(fc.integer({ min: 0, max: 1023 }), fc.bigInt({ min: 0n, max: 2n ** 64n - 1n })),
          {
            maxLength: 40,
          },
        ),
        fc.constantFrom(4 as const, 8 as const),
        fc.integer({ min: 0, max: 2 }),
        (writes, size, frameOffset) => {
          const base = 0x5000n + BigInt(frameOffset) * 0x1000n
          let mem = emptyMemory
          for (const [i, v] of writes) mem = writePhys(mem, 0x4000n + BigInt(i * 8), 8, v)
          const count = 4096 / size
          const brute = []
          for (let i = 0; i < count; i++) {
            const raw = readPhys(mem, base + BigInt(i * size), size)
            if ((raw & 1n) !== 0n) brute.push({ index: i, raw })
          }
          expect(presentEntries(mem, base, size, count)).toEqual(brute)
        },
      ),
      { numRuns: 200 },
    )
  })
})
