import { describe, expect, it } from 'vitest'
import {
  bezierPoint,
  flattenBezier,
  linkCurve,
  pointAlong,
  polylineLength,
  polylinePath,
} from './geometry.ts'

describe('path geometry without the DOM', () => {
  const l = [
    { x: 0, y: 0 },
    { x: 30, y: 0 },
    { x: 30, y: 40 },
  ]

  it('measures and walks a polyline by length', () => {
    expect(polylineLength(l)).toBe(70)
    expect(pointAlong(l, 0)).toEqual({ x: 0, y: 0 })
    expect(pointAlong(l, 15 / 70)).toEqual({ x: 15, y: 0 })
    expect(pointAlong(l, 50 / 70)).toEqual({ x: 30, y: 20 })
    expect(pointAlong(l, 1)).toEqual({ x: 30, y: 40 })
    expect(polylinePath(l)).toBe('M0,0 L30,0 L30,40')
  })

  it('puts the link curve through its ends and flattens it to a length near the true one', () => {
    const c = linkCurve({ x: 0, y: 0 }, { x: 100, y: 50 })
    expect(bezierPoint(c, 0)).toEqual({ x: 0, y: 0 })
    expect(bezierPoint(c, 1)).toEqual({ x: 100, y: 50 })
    expect(bezierPoint(c, 0.5)).toEqual({ x: 50, y: 25 })
    // Longer than the chord, shorter than the control polygon.
    const len = polylineLength(flattenBezier(c))
    expect(len).toBeGreaterThan(Math.hypot(100, 50))
    expect(len).toBeLessThan(150)
  })
})
