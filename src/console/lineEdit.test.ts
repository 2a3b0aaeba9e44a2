import { describe, expect, it } from 'vitest'
import { type EditLine, atEnd, editKey, insertText } from './lineEdit.ts'

const keys = (s: EditLine, ...ks: string[]): EditLine =>
  ks.reduce((acc, k) => editKey(acc, k) ?? insertText(acc, k), s)

describe('console line editing', () => {
  it('moves the cursor with the arrows, Home and End, within the line', () => {
    const s = atEnd('access 0x7000')
    expect(keys(s, '\x1b[D', '\x1b[D')).toEqual({ line: 'access 0x7000', cursor: 11 })
    expect(keys(s, '\x1b[C')).toEqual({ line: 'access 0x7000', cursor: 13 })
    expect(keys(s, '\x1b[H')).toEqual({ line: 'access 0x7000', cursor: 0 })
    expect(keys(s, '\x01', '\x1b[D')).toEqual({ line: 'access 0x7000', cursor: 0 })
    expect(keys(s, '\x1b[H', '\x1bOF')).toEqual({ line: 'access 0x7000', cursor: 13 })
  })

  it('inserts and deletes at the cursor, not only at the end', () => {
    // Fix a typo in the middle: "acess" -> "access".
    const s = keys(atEnd('acess 0x7000'), '\x1b[H', '\x1b[C', '\x1b[C', 'c')
    expect(s).toEqual({ line: 'access 0x7000', cursor: 3 })
    expect(keys(s, '\x7f')).toEqual({ line: 'acess 0x7000', cursor: 2 })
    expect(keys(s, '\x1b[3~')).toEqual({ line: 'accss 0x7000', cursor: 3 })
    expect(keys(atEnd(''), '\x7f')).toEqual({ line: '', cursor: 0 })
  })

  it('kills to the start, to the end, and the word before the cursor', () => {
    const s = { line: 'access 0x7000 write user', cursor: 19 }
    expect(keys(s, '\x15')).toEqual({ line: ' user', cursor: 0 })
    expect(keys(s, '\x0b')).toEqual({ line: 'access 0x7000 write', cursor: 19 })
    expect(keys(s, '\x17')).toEqual({ line: 'access 0x7000  user', cursor: 14 })
  })

  it('keeps only printable characters of pasted text', () => {
    expect(insertText(atEnd('map '), '0x7000\x1b 0xa000')).toEqual({
      line: 'map 0x7000 0xa000',
      cursor: 17,
    })
    expect(editKey(atEnd('x'), '\x1b[15~')).toBeNull()
  })
})
