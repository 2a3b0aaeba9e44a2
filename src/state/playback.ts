// Pure cursor and playback rules: each returns the same object when nothing changes, so the
// store can skip `set` and nothing re-renders.

export interface Playback {
  /** 0-based frame index. */
  readonly cursor: number
  readonly length: number
  readonly status: 'paused' | 'playing'
  /** Steps per second while playing. */
  readonly speed: number
  /** Milliseconds accumulated toward the next automatic step. */
  readonly carry: number
}

export const SPEEDS = [0.5, 1, 2, 4] as const

export const initialPlayback = (length: number, cursor = 0): Playback => ({
  cursor: clamp(cursor, length),
  length,
  status: 'paused',
  speed: 1,
  carry: 0,
})

const clamp = (i: number, length: number): number =>
  Math.max(0, Math.min(i, Math.max(0, length - 1)))

export function seek(p: Playback, cursor: number): Playback {
  const c = clamp(cursor, p.length)
  return c === p.cursor && p.carry === 0 ? p : { ...p, cursor: c, carry: 0 }
}

export const next = (p: Playback): Playback => seek(p, p.cursor + 1)
export const prev = (p: Playback): Playback => seek(p, p.cursor - 1)
export const first = (p: Playback): Playback => seek(p, 0)
export const last = (p: Playback): Playback => seek(p, p.length - 1)

export function play(p: Playback): Playback {
  if (p.status === 'playing' || p.length === 0) return p
  // Playing from the last step starts over, as slide software does.
  const cursor = p.cursor >= p.length - 1 ? 0 : p.cursor
  return { ...p, status: 'playing', cursor, carry: 0 }
}

export const pause = (p: Playback): Playback =>
  p.status === 'paused' ? p : { ...p, status: 'paused', carry: 0 }

export function setSpeed(p: Playback, speed: number): Playback {
  return speed === p.speed || !(speed > 0) ? p : { ...p, speed }
}

/** Advances by elapsed time; deltas are clamped so a background tab does not leap ahead. */
export function tick(p: Playback, dtMs: number): Playback {
  if (p.status !== 'playing') return p
  const carry = p.carry + Math.min(Math.max(dtMs, 0), 250)
  const period = 1000 / p.speed
  if (carry < period) return { ...p, carry }
  const cursor = p.cursor + 1
  if (cursor >= p.length - 1)
    return { ...p, cursor: clamp(cursor, p.length), status: 'paused', carry: 0 }
  return { ...p, cursor, carry: carry - period }
}
