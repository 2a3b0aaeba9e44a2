import fc from 'fast-check'
import LZString from 'lz-string'
import { describe, expect, it } from 'vitest'
import corpus from '../../test/corpus/robustness.json'
import {
  appendedBound,
  checkLinkLines,
  decodeExtra,
  encodeExtra,
  formatHash as formatLink,
  linkLength,
  readHash,
} from './link.ts'
import {
  MAX_HASH_LENGTH,
  PRINT_PREFIX,
  formatHash,
  loadLinkCodec,
  parseHash,
  parseQuery,
} from './url.ts'

describe('parseHash', () => {
  it('reads the library and scenario routes', () => {
    expect(parseHash('')).toEqual({ ok: true, value: { kind: 'library' } })
    expect(parseHash('#/')).toEqual({ ok: true, value: { kind: 'library' } })
    expect(parseHash('#/three-address-spaces/7')).toEqual({
      ok: true,
      value: { kind: 'scenario', id: 'three-address-spaces', step: 7, extra: [] },
    })
    expect(parseHash('#/three-address-spaces')).toEqual({
      ok: true,
      value: { kind: 'scenario', id: 'three-address-spaces', step: null, extra: [] },
    })
    expect(parseHash('#/three-address-spaces/3/')).toMatchObject({ ok: true, value: { step: 3 } })
  })

  it('reads a handout route, #/print/<id>', () => {
    expect(parseHash('#/print/paging-tlb')).toEqual({
      ok: true,
      value: { kind: 'print', id: 'paging-tlb' },
    })
    expect(parseHash('#/print/paging-tlb/')).toMatchObject({ ok: true, value: { kind: 'print' } })
    expect(formatHash({ kind: 'print', id: 'paging-tlb' })).toBe('#/print/paging-tlb')
    expect(formatLink({ kind: 'print', id: 'paging-tlb' })).toBe('#/print/paging-tlb')
    expect(parseHash('#/print/<b>')).toMatchObject({ ok: false, error: { code: 'malformed' } })
    expect(parseHash('#/print/%E0%A4%A')).toMatchObject({ ok: false, error: { code: 'malformed' } })
  })

  it('names what is wrong with a bad link', () => {
    expect(parseHash('#/three-address-spaces/0')).toMatchObject({
      ok: false,
      error: { code: 'bad-step', text: '0' },
    })
    expect(parseHash('#/three-address-spaces/abc')).toMatchObject({
      ok: false,
      error: { code: 'bad-step' },
    })
    expect(parseHash('#/a/1/x/y')).toMatchObject({ ok: false, error: { code: 'malformed' } })
    expect(parseHash('#/%E0%A4%A/1')).toMatchObject({ ok: false, error: { code: 'malformed' } })
    expect(parseHash('#/<script>/1')).toMatchObject({ ok: false, error: { code: 'malformed' } })
    expect(parseHash('#/' + 'a'.repeat(MAX_HASH_LENGTH))).toMatchObject({
      ok: false,
      error: { code: 'too-long' },
    })
  })

  it('round-trips every route it formats', () => {
    fc.assert(
      fc.property(
        // `print` is the handout's prefix, never a scenario id (test/scenarios.test.ts).
        fc.stringMatching(/^[a-z0-9][a-z0-9-]{0,30}$/).filter((id) => id !== PRINT_PREFIX),
        fc.integer({ min: 1, max: 9_999_999 }),
        (id, step) => {
          const route = { kind: 'scenario', id, step, extra: [] } as const
          expect(parseHash(formatHash(route))).toEqual({ ok: true, value: route })
        },
      ),
      { seed: 42, numRuns: 300 },
    )
  })

  it('never throws on hostile input', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 3000 }), (s) => {
        const r = parseHash(s)
        expect(typeof r.ok).toBe('boolean')
      }),
      { seed: 42, numRuns: 500 },
    )
  })
})

describe('parseQuery', () => {
  it('keeps good options and drops bad ones field by field', () => {
    expect(parseQuery('?lang=zh&embed=1')).toEqual({ lang: 'zh', embed: true, quiz: null })
    expect(parseQuery('?lang=ZH')).toEqual({ lang: 'zh', embed: false, quiz: null })
    expect(parseQuery('?lang=fr&embed=1')).toEqual({ lang: null, embed: true, quiz: null })
    expect(parseQuery('?embed=yes')).toEqual({ lang: null, embed: false, quiz: null })
    expect(parseQuery('')).toEqual({ lang: null, embed: false, quiz: null })
    // Questions (issue 19): 1/study, 0/off, class; anything else is left to the default.
    expect(parseQuery('?quiz=1').quiz).toBe('study')
    expect(parseQuery('?quiz=OFF').quiz).toBe('off')
    expect(parseQuery('?quiz=class').quiz).toBe('class')
    expect(parseQuery('?quiz=<script>').quiz).toBeNull()
  })
})

describe('added console lines in the hash', () => {
  it('parseHash leaves them encoded for the lazy codec; the codec decodes them', async () => {
    const payload = encodeExtra(['access 0x1000'])
    const hash = `#/x/4/${payload}`
    expect(parseHash(hash)).toEqual({
      ok: true,
      value: { kind: 'scenario', id: 'x', step: 4, payload },
    })
    // A route with lines is formatted by the codec once it is loaded, to the same link.
    const route = { kind: 'scenario', id: 'x', step: 4, extra: ['access 0x1000'] } as const
    await loadLinkCodec()
    expect(formatHash(route)).toBe(hash)
    expect(readHash(hash)).toEqual({ ok: true, value: route })
  })

  it('round-trips and rejects tampered payloads with a reason', () => {
    const route = {
      kind: 'scenario',
      id: 'x',
      step: 4,
      extra: ['access 0x1000', '# note'],
    } as const
    expect(readHash(formatLink(route))).toEqual({ ok: true, value: route })
    expect(readHash('#/x/4/%%%')).toMatchObject({ ok: false, error: { code: 'bad-lines' } })
    expect(decodeExtra(encodeExtra(['a'.repeat(401)]))).toMatchObject({ ok: false })
    expect(decodeExtra('N4XyA')).toMatchObject({ ok: false })
  })
})

describe('damaged link payloads', () => {
  const pack = (json: string): string => LZString.compressToEncodedURIComponent(json)

  it('a payload lz-string throws on ends in the "cannot be read" error (#/…/1/z)', () => {
    for (const payload of ['z', 'zz', 'zzzz', 'Az', 'z0z0']) {
      expect(() => decodeExtra(payload)).not.toThrow()
      expect(decodeExtra(payload)).toMatchObject({ ok: false })
      expect(readHash(`#/three-address-spaces/1/${payload}`)).toMatchObject({
        ok: false,
        error: { code: 'bad-lines', id: 'three-address-spaces', reason: expect.any(String) },
      })
    }
  })

  it('every stage refuses with a reason: decompress, JSON, shape, line limits', () => {
    const reason = (payload: string): string => {
      const r = decodeExtra(payload)
      expect(r.ok).toBe(false)
      return r.ok ? '' : r.error
    }
    expect(reason('-')).toContain('compressed')
    expect(reason(pack('not json'))).toContain('JSON')
    expect(reason(pack('null'))).toContain('format v1')
    expect(reason(pack('[]'))).toContain('format v1')
    expect(reason(pack('{"v":2,"lines":[]}'))).toContain('format v1')
    expect(reason(pack('{"v":1,"lines":[1]}'))).toContain('format v1')
    expect(reason(encodeExtra(Array.from({ length: 501 }, () => 'x')))).toContain('format v1')
    expect(reason(encodeExtra(['x'.repeat(401)]))).toContain('format v1')
    // A line with a newline would run as two lines: not a line a console can add.
    expect(reason(encodeExtra(['vm a\nvm b']))).toContain('format v1')
    // A short payload that inflates to megabytes is refused before JSON.parse.
    const bomb = corpus.hashes.find((h) => h.issue.includes('inflating'))?.hash ?? ''
    expect(reason(bomb.slice(bomb.lastIndexOf('/') + 1))).toContain('too long')
  })

  it('random payloads in the link alphabet never throw', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[A-Za-z0-9+$-]{0,300}$/), (payload) => {
        const r = readHash(`#/x/1/${payload}`)
        expect(typeof r.ok).toBe('boolean')
        if (!r.ok) expect(r.error.code).toBe('bad-lines')
      }),
      { seed: 7, numRuns: 2000 },
    )
  })
})

describe('link limits for added lines', () => {
  // Lines as the console and the script loader give them: never with a line break.
  const line = fc
    .oneof(
      fc.string({ maxLength: 60 }),
      fc.string({ unit: 'grapheme', maxLength: 40 }),
      fc.string({ unit: 'binary', maxLength: 40 }),
      fc.constantFrom('access 0x1000', 'xen page 1 0x200 a', '# note'),
    )
    .map((l) => l.replace(/\n/g, ' '))

  it('appendedBound never under-estimates the link after one more line', () => {
    fc.assert(
      fc.property(fc.array(line, { minLength: 1, maxLength: 25 }), line, (before, next) => {
        const exact = linkLength('x', [...before, next])
        expect(exact).toBeLessThanOrEqual(appendedBound(linkLength('x', before), next))
      }),
      { seed: 11, numRuns: 300 },
    )
  })

  it('checkLinkLines accepts exactly the lines parseHash reads back', () => {
    fc.assert(
      fc.property(
        fc.array(line, { maxLength: 20 }),
        fc.integer({ min: 1, max: 9_999_999 }),
        (lines, step) => {
          const r = checkLinkLines('x', lines)
          const hash = formatLink({ kind: 'scenario', id: 'x', step, extra: lines })
          if (r.ok) expect(readHash(hash)).toMatchObject({ ok: true, value: { extra: lines } })
        },
      ),
      { seed: 12, numRuns: 200 },
    )
    expect(checkLinkLines('x', ['a'.repeat(401)])).toMatchObject({
      ok: false,
      error: { code: 'line-too-long', line: 1, length: 401 },
    })
    expect(
      checkLinkLines(
        'x',
        Array.from({ length: 501 }, () => 'a'),
      ),
    ).toMatchObject({ ok: false, error: { code: 'too-many-lines', lines: 501 } })
  })
})
