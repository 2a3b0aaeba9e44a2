// A bare number is decimal; one that looks like hex missing its 0x where an address is
// expected runs with a note (README "The console").
import { describe, expect, it } from 'vitest'
import { decimalAddressNote } from './args.ts'
import { type JsonObject, resultJson, resultText } from './format.ts'
import { runScript } from './run.ts'

const json = (src: string): JsonObject[] => runScript(src).results.map(resultJson)

describe('a bare decimal address that looks like hex gets a note', () => {
  it('the rule: 4+ bare digits, not a multiple of 4096', () => {
    expect(decimalAddressNote('9123', 9123n)).toBe('9123 is decimal (0x23a3); write 0x9123 for hex')
    expect(decimalAddressNote('1000', 1000n)).toBe('1000 is decimal (0x3e8); write 0x1000 for hex')
    expect(decimalAddressNote('8192', 8192n)).toBeNull() // page-aligned: plainly decimal
    expect(decimalAddressNote('999', 999n)).toBeNull() // too short to be mistyped hex
    expect(decimalAddressNote('0x9123', 0x9123n)).toBeNull()
    expect(decimalAddressNote('4K', 4096n)).toBeNull()
  })

  it('the line still runs, with "warnings" in its JSON and a note line in the console', () => {
    const out = json('map 0x2000 0x5000\naccess 9123')[1]
    expect(out).toMatchObject({
      cmd: 'access',
      ok: true,
      va: '0x23a3',
      warnings: ['9123 is decimal (0x23a3); write 0x9123 for hex'],
    })
    const r = runScript('map 0x2000 0x5000\naccess 9123').results[1]
    expect(r && resultText(r)[0]).toBe('note: 9123 is decimal (0x23a3); write 0x9123 for hex')
  })

  it('only where an address is expected, and kept on an engine refusal', () => {
    expect(json('access 0x9123')[0]).not.toHaveProperty('warnings')
    expect(json('access 8192')[0]).not.toHaveProperty('warnings')
    expect(json('poke 0x1000 1234')[0]).not.toHaveProperty('warnings') // a value, not an address
    expect(json('map 0x7000 9000')[0]).toMatchObject({
      ok: false,
      warnings: ['9000 is decimal (0x2328); write 0x9000 for hex'],
    })
  })
})
