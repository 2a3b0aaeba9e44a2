import { describe, expect, it } from 'vitest'
import { sameValue } from './sameValue.ts'

describe('sameValue (layout equality for the stage)', () => {
  it('compares by content, bigints and Maps included', () => {
    expect(
      sameValue(
        { a: [1n, 'x', null], m: new Map([[1, { b: 2 }]]) },
        {
          a: [1n, 'x', null],
          m: new Map([[1, { b: 2 }]]),
        },
      ),
    ).toBe(true)
    expect(sameValue(new Set([1, 2]), new Set([2, 1]))).toBe(true)
    expect(sameValue(Number.NaN, Number.NaN)).toBe(true)
  })

  it('tells any difference apart', () => {
    expect(sameValue({ a: 1n }, { a: 2n })).toBe(false)
    expect(sameValue({ a: 1 }, { a: 1, b: undefined })).toBe(false)
    expect(sameValue([1, 2], [1, 2, 3])).toBe(false)
    expect(sameValue([1], { 0: 1 })).toBe(false)
    expect(sameValue(new Map([[1, 'a']]), new Map([[1, 'b']]))).toBe(false)
    expect(sameValue(new Set([1]), new Set([2]))).toBe(false)
    expect(sameValue({ f: () => 1 }, { f: () => 1 })).toBe(false)
    // A class instance is equal only to itself (its fields may not be all it draws).
    class Box {
      constructor(readonly v: number) {}
    }
    expect(sameValue(new Box(1), new Box(1))).toBe(false)
    const b = new Box(1)
    expect(sameValue({ b }, { b })).toBe(true)
  })
})
