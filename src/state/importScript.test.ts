import { describe, expect, it } from 'vitest'
import { validateScript } from './importScript.ts'

const enc = (s: string) => new TextEncoder().encode(s)

describe('validateScript', () => {
  it('accepts a good script', () => {
    expect(validateScript(enc('vm g\nmap 0x1000 0x2000\n'))).toEqual({
      ok: true,
      value: ['vm g', 'map 0x1000 0x2000'],
    })
  })

  it('refuses bad input with the reason and the place', () => {
    expect(validateScript(enc('vm g\nmap 0x1000 zebra'))).toMatchObject({
      ok: false,
      error: { code: 'script-error', error: { line: 2, column: 12 } },
    })
    expect(validateScript(new Uint8Array([0xff, 0xfe, 0x00]))).toEqual({
      ok: false,
      error: { code: 'not-utf8' },
    })
    expect(validateScript(new Uint8Array(70_000))).toMatchObject({
      ok: false,
      error: { code: 'too-large' },
    })
    expect(validateScript(enc('# only a comment'))).toEqual({ ok: false, error: { code: 'empty' } })
    expect(validateScript(enc('access 0x1000\n'.repeat(501)))).toMatchObject({
      ok: false,
      error: { code: 'too-many-lines' },
    })
    expect(validateScript(enc('vm g\n#' + 'x'.repeat(500)))).toEqual({
      ok: false,
      error: { code: 'line-too-long', line: 2 },
    })
  })
})
