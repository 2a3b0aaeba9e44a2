// Path geometry computed from layout data, so animations never measure the DOM
// (getTotalLength/getPointAtLength force a synchronous layout on every step).

export interface Point {
  readonly x: number
  readonly y: number
}

const dist = (a: Point, b: Point): number => Math.hypot(b.x - a.x, b.y - a.y)

/** Total length of a polyline. */
export function polylineLength(points: readonly Point[]): number {
  let len = 0
  for (let i = 1; i < points.length; i++) len += dist(points[i - 1] as Point, points[i] as Point)
  return len
}

/** The point a fraction u (0..1) of the way along a polyline, by length. */
export function pointAlong(points: readonly Point[], u: number): Point {
  const first = points[0]
  if (!first) return { x: 0, y: 0 }
  let left = Math.min(1, Math.max(0, u)) * polylineLength(points)
  for (let i = 1; i < points.length; i++) {
    const a = points[i - 1] as Point
    const b = points[i] as Point
    const d = dist(a, b)
    if (left <= d && d > 0)
      return { x: a.x + ((b.x - a.x) * left) / d, y: a.y + ((b.y - a.y) * left) / d }
    left -= d
  }
  return points[points.length - 1] as Point
}

/** The SVG path of a polyline. */
export const polylinePath = (points: readonly Point[]): string =>
  points.map((p, i) => `${i === 0 ? 'M' : 'L'}${p.x},${p.y}`).join(' ')

/** A cubic Bézier as control points: the S-shaped link between two boxes. */
export function linkCurve(from: Point, to: Point): readonly [Point, Point, Point, Point] {
  const mx = (from.x + to.x) / 2
  return [from, { x: mx, y: from.y }, { x: mx, y: to.y }, to]
}

/** The point at parameter t of a cubic Bézier. */
export function bezierPoint(c: readonly [Point, Point, Point, Point], t: number): Point {
  const s = 1 - t
  const [p0, p1, p2, p3] = c
  const w0 = s * s * s
  const w1 = 3 * s * s * t
  const w2 = 3 * s * t * t
  const w3 = t * t * t
  return {
    x: w0 * p0.x + w1 * p1.x + w2 * p2.x + w3 * p3.x,
    y: w0 * p0.y + w1 * p1.y + w2 * p2.y + w3 * p3.y,
  }
}

/** A Bézier flattened into a polyline of `n` segments (for length and motion by length). */
export function flattenBezier(c: readonly [Point, Point, Point, Point], n = 24): Point[] {
  return Array.from({ length: n + 1 }, (_, i) => bezierPoint(c, i / n))
}
