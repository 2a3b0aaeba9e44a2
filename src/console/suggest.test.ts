// "Did you mean" for misspelt keyword arguments (args.ts, suggest.ts).
import { describe, expect, it } from 'vitest'
import { parseLine } from './parser.ts'
import { nearestWord } from './suggest.ts'

describe('misspelt keywords get a suggestion', () => {
  const error = (line: string): string => {
    const r = parseLine(line, 1)
    return r.ok ? '' : r.error.message
  }

  it('access intents and modes', () => {
    expect(error('access 0x1000 wrte')).toMatch(/unexpected 'wrte'; did you mean 'write'\?/)
    expect(error('access 0x1000 write usr')).toMatch(/unexpected 'usr'; did you mean 'user'\?/)
    expect(error('access 0x1000 kernal')).toMatch(/did you mean 'kernel'\?/)
    expect(parseLine('access 0x1000 wrte', 1)).toMatchObject({
      ok: false,
      error: { column: 15, suggestion: 'write' },
    })
    expect(error('access 0x1000 sideways')).toMatch(/unexpected 'sideways' \(usage/)
  })

  it('flags, words, option names and option values', () => {
    expect(error('map 0x1000 0x2000 w nxx')).toMatch(/did you mean 'nx'\?/)
    expect(error('paging x86_64')).toMatch(/got 'x86_64'; did you mean 'x86-64'\?/)
    expect(error('cr0.wp of')).toMatch(/did you mean 'off'\?/)
    expect(error('map 0x1000 0x2000 sze=4K')).toMatch(
      /unknown option 'sze=4K'; did you mean 'size='\?/,
    )
    expect(error('map 0x1000 0x2000 size=4x')).toMatch(/did you mean '4K'\?/)
    expect(error('tlb size=99')).not.toMatch(/did you mean/) // a number out of range
    expect(error('invvpid singel')).toMatch(/did you mean 'single'\?/)
    expect(error('mmuext tlb_flush_local invlpg_locl 0x1000')).toMatch(
      /did you mean 'invlpg_local'\?/,
    )
  })

  it('caps the work: no suggestion for words over 32 characters', () => {
    expect(nearestWord('w'.repeat(33), ['w'.repeat(32)])).toBeUndefined()
    expect(error(`access 0x1000 ${'write'.repeat(7)}`)).not.toMatch(/did you mean/)
    expect(nearestWord('x', ['w', 'u'])).toBeUndefined() // one letter is no typo of another
  })
})
