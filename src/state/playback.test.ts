import { describe, expect, it } from 'vitest'
import * as pb from './playback.ts'

describe('playback', () => {
  it('steps within bounds and returns the same object for a no-op', () => {
    const p = pb.initialPlayback(3)
    expect(pb.prev(p)).toBe(p)
    const a = pb.next(p)
    expect(a.cursor).toBe(1)
    const end = pb.last(a)
    expect(end.cursor).toBe(2)
    expect(pb.next(end)).toBe(end)
    expect(pb.first(end).cursor).toBe(0)
    expect(pb.seek(p, 99).cursor).toBe(2)
    expect(pb.seek(p, -5).cursor).toBe(0)
  })

  it('clamps the initial cursor to the trace', () => {
    expect(pb.initialPlayback(4, 10).cursor).toBe(3)
    expect(pb.initialPlayback(0, 3).cursor).toBe(0)
  })

  it('plays at the chosen speed and pauses at the end', () => {
    let p = pb.setSpeed(pb.play(pb.initialPlayback(3)), 2)
    expect(p.status).toBe('playing')
    p = pb.tick(p, 250)
    expect(p.cursor).toBe(0)
    p = pb.tick(p, 250)
    expect(p.cursor).toBe(1)
    p = pb.tick(p, 250)
    p = pb.tick(p, 250)
    expect(p.cursor).toBe(2)
    expect(p.status).toBe('paused')
  })

  it('clamps huge time deltas so a background tab does not leap ahead', () => {
    const p = pb.tick(pb.play(pb.initialPlayback(100)), 60_000)
    expect(p.cursor).toBe(0)
  })

  it('restarts from the first step when play is pressed on the last', () => {
    const p = pb.play(pb.last(pb.initialPlayback(5)))
    expect(p.cursor).toBe(0)
    const paused = pb.pause(p)
    expect(paused.status).toBe('paused')
    expect(pb.tick(paused, 5000)).toBe(paused)
  })
})
