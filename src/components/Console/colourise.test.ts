import { describe, expect, it } from 'vitest'
import { colourise } from './colourise.ts'

describe('console colours', () => {
  it('marks addresses, faults and exits, keeping the words', () => {
    expect(colourise('guest page table: VA 0x7000 -> GPA 0xa000')).toBe(
      'guest page table: VA \x1b[36m0x7000\x1b[0m -> GPA \x1b[36m0xa000\x1b[0m',
    )
    expect(colourise('read 0x9000: #PF error code 0x4').startsWith('\x1b[31mread ')).toBe(true)
    expect(colourise('write 0x8000: VM exit 48 EPT_VIOLATION').startsWith('\x1b[35m')).toBe(true)
  })
})
