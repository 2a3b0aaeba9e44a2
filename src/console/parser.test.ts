import { describe, expect, it } from 'vitest'
import { lex, parseNumber } from './lexer.ts'
import { parseLine } from './parser.ts'
import { runScript } from './run.ts'

describe('lexer', () => {
  it('splits words with 1-based columns and drops comments', () => {
    expect(lex('  map 0x7000  0xa000 # a comment')).toEqual([
      { text: 'map', column: 3 },
      { text: '0x7000', column: 7 },
      { text: '0xa000', column: 15 },
    ])
    expect(lex('# only a comment')).toEqual([])
  })

  it('reads hex, decimal and K/M/G sizes up to 64 bits', () => {
    expect(parseNumber('0x1f')).toBe(31n)
    expect(parseNumber('31')).toBe(31n)
    expect(parseNumber('2M')).toBe(0x200000n)
    expect(parseNumber('4k')).toBe(0x1000n)
    expect(parseNumber('0xffffffffffffffff')).toBe((1n << 64n) - 1n)
    expect(parseNumber('0x10000000000000000')).toBeNull()
    expect(parseNumber('12q')).toBeNull()
  })
})

describe('parseLine', () => {
  it('parses good lines in any option order and any case', () => {
    const r = parseLine('MAP 0x7000 0xa000 u w size=4k', 1)
    // One row per command: `map` parses to the paging op; engine/apply.ts hands it to the
    // guest model when a guest is selected.
    expect(r.ok && r.value?.kind === 'op' && r.value.op).toEqual({
      kind: 'paging.map',
      va: 0x7000n,
      pa: 0xa000n,
      size: '4K',
      writable: true,
      user: true,
      noExecute: false,
      global: false,
    })
    expect(parseLine('host map 0xa000 0x14000 rw', 2)).toMatchObject({
      ok: true,
      value: { op: { kind: 'host.map', read: true, write: true, execute: false } },
    })
    expect(parseLine('access 0x7123 write user', 3)).toMatchObject({
      ok: true,
      value: { op: { kind: 'paging.access', intent: 'write', mode: 'user' } },
    })
    expect(parseLine('   # nothing', 4)).toEqual({ ok: true, value: null })
  })

  it('names the line and column of a bad word and what was expected', () => {
    expect(parseLine('map 0x7000 zebra', 5)).toMatchObject({
      ok: false,
      error: {
        line: 5,
        column: 12,
        message: expect.stringContaining('expected a physical address'),
      },
    })
    expect(parseLine('map 0x7000', 6)).toMatchObject({
      ok: false,
      error: {
        line: 6,
        column: 12,
        message: expect.stringContaining('expected a physical address'),
      },
    })
    expect(parseLine('access 0x1000 write sideways', 7)).toMatchObject({
      ok: false,
      error: { column: 21, message: expect.stringContaining("unexpected 'sideways'") },
    })
    expect(parseLine('map 0x1000 0x2000 size=3K', 8)).toMatchObject({
      ok: false,
      error: { column: 24, message: expect.stringContaining('size=4K|2M|1G') },
    })
  })

  it('suggests the nearest command for a typo', () => {
    expect(parseLine('acess 0x1000', 1)).toMatchObject({
      ok: false,
      error: {
        column: 1,
        suggestion: 'access',
        message: expect.stringContaining("did you mean 'access'"),
      },
    })
    const far = parseLine('frobnicate', 1)
    expect(far.ok).toBe(false)
    expect(!far.ok && far.error.suggestion).toBeFalsy()
  })

  it('does not look for a suggestion for a very long word (edit distance is quadratic)', () => {
    const r = parseLine('x'.repeat(100_000), 1)
    expect(r.ok).toBe(false)
    expect(!r.ok && r.error.suggestion).toBeUndefined()
    const two = parseLine(`acess ${'y'.repeat(100_000)}`, 1)
    expect(!two.ok && two.error.suggestion).toBe('access')
  })
})

describe('runScript', () => {
  it('stops at the first error and keeps what ran before it', () => {
    const run = runScript('vm g\nmap 0x1000 0x2000\nmap 0x1001 0x2000\naccess 0x1000')
    expect(run.results.map((r) => r.ok)).toEqual([true, true, false])
    expect(run.error).toMatchObject({ line: 3, message: expect.stringContaining('not aligned') })
    expect(run.trace.frames).toHaveLength(2)
  })

  it('makes one frame per event with line and phase', () => {
    const run = runScript('vm g\nmap 0x1000 0x2000\nhost map 0x2000 0x3000\naccess 0x1000', {
      phaseOf: (l) => (l < 3 ? 'a' : 'b'),
    })
    expect(run.trace.frames.map((f) => [f.index, f.line, f.phaseId, f.event.kind])).toEqual([
      [0, 1, 'a', 'vm.create'],
      [1, 2, 'a', 'map.guest'],
      [2, 3, 'b', 'map.host'],
      [3, 4, 'b', 'access.guest'],
      [4, 4, 'b', 'access.host'],
      [5, 4, 'b', 'access.done'],
    ])
  })

  it('stops at the frame cap and says so', () => {
    const lines = ['map 0x1000 0x2000', ...Array.from({ length: 20 }, () => 'access 0x1000')]
    const run = runScript(lines.join('\n'), {
      frameCap: 5,
    })
    expect(run.trace.frames).toHaveLength(5)
    expect(run.trace.truncated).toBe(true)
  })
})
