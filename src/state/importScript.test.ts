import { describe, expect, it } from 'vitest'
import { CUSTOM_ID } from '../scenarios/custom.ts'
import { validateScript } from './importScript.ts'
import { formatHash, readHash } from './link.ts'
import { MAX_HASH_LENGTH } from './url.ts'

const enc = (s: string) => new TextEncoder().encode(s)

describe('validateScript', () => {
  it('accepts a good script', () => {
    expect(validateScript(enc('vm g\nmap 0x1000 0x2000\n'), CUSTOM_ID)).toEqual({
      ok: true,
      value: ['vm g', 'map 0x1000 0x2000'],
    })
  })

  it('refuses bad input with the reason and the place', () => {
    expect(validateScript(enc('vm g\nmap 0x1000 zebra'), CUSTOM_ID)).toMatchObject({
      ok: false,
      error: { code: 'script-error', error: { line: 2, column: 12 } },
    })
    expect(validateScript(new Uint8Array([0xff, 0xfe, 0x00]), CUSTOM_ID)).toEqual({
      ok: false,
      error: { code: 'not-utf8' },
    })
    expect(validateScript(new Uint8Array(70_000), CUSTOM_ID)).toMatchObject({
      ok: false,
      error: { code: 'too-large' },
    })
    expect(validateScript(enc('# only a comment'), CUSTOM_ID)).toEqual({
      ok: false,
      error: { code: 'empty' },
    })
    expect(validateScript(enc('access 0x1000\n'.repeat(501)), CUSTOM_ID)).toMatchObject({
      ok: false,
      error: { code: 'too-many-lines' },
    })
    expect(validateScript(enc('vm g\n#' + 'x'.repeat(500)), CUSTOM_ID)).toEqual({
      ok: false,
      error: { code: 'line-too-long', line: 2 },
    })
  })

  it('refuses a script whose link would be longer than parseHash accepts', () => {
    // 60 lines of 300 incompressible characters: 18 KB, under every other limit.
    let x = 1
    const noise = (): string =>
      Array.from({ length: 300 }, () => {
        x = (x * 1103515245 + 12345) % 2 ** 31
        return String.fromCharCode(36 + ((x >>> 16) % 88))
      }).join('')
    const lines = [
      'xen domain 1',
      ...Array.from({ length: 60 }, () => `xen page 1 0x200 a # ${noise()}`),
    ]
    const r = validateScript(enc(lines.join('\n')), CUSTOM_ID)
    expect(r).toMatchObject({ ok: false, error: { code: 'link-too-long', max: MAX_HASH_LENGTH } })
    // What it accepts, a link carries.
    const fits = validateScript(enc(lines.slice(0, 20).join('\n')), CUSTOM_ID)
    expect(fits.ok).toBe(true)
    if (fits.ok) {
      const hash = formatHash({ kind: 'scenario', id: 'custom', step: 1, extra: fits.value })
      expect(readHash(hash).ok).toBe(true)
    }
  })
})
