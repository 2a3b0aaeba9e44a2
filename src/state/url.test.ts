import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  MAX_HASH_LENGTH,
  decodeExtra,
  encodeExtra,
  formatHash,
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
        fc.stringMatching(/^[a-z0-9][a-z0-9-]{0,30}$/),
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
    expect(parseQuery('?lang=zh&embed=1')).toEqual({ lang: 'zh', embed: true })
    expect(parseQuery('?lang=ZH')).toEqual({ lang: 'zh', embed: false })
    expect(parseQuery('?lang=fr&embed=1')).toEqual({ lang: null, embed: true })
    expect(parseQuery('?embed=yes')).toEqual({ lang: null, embed: false })
    expect(parseQuery('')).toEqual({ lang: null, embed: false })
  })
})

describe('added console lines in the hash', () => {
  it('round-trips and rejects tampered payloads with a reason', () => {
    const route = {
      kind: 'scenario',
      id: 'x',
      step: 4,
      extra: ['access 0x1000', '# note'],
    } as const
    expect(parseHash(formatHash(route))).toEqual({ ok: true, value: route })
    expect(parseHash('#/x/4/%%%')).toMatchObject({ ok: false, error: { code: 'bad-lines' } })
    expect(decodeExtra(encodeExtra(['a'.repeat(401)]))).toMatchObject({ ok: false })
    expect(decodeExtra('N4XyA')).toMatchObject({ ok: false })
  })
})
