import { describe, expect, it } from 'vitest'
import { blankAuthored, fromLines } from '../../state/authored.ts'
import { DRAFT_KEY, UNREADABLE_KEY, loadDraft, saveDraft } from './draft.ts'

function fakeWindow(): Pick<Window, 'localStorage'> {
  const m = new Map<string, string>()
  const storage = {
    getItem: (k: string) => m.get(k) ?? null,
    setItem: (k: string, v: string) => void m.set(k, v),
  } as Storage
  return { localStorage: storage }
}

describe('the editor draft', () => {
  it('comes back as it was saved', () => {
    const win = fakeWindow()
    expect(loadDraft(win)).toEqual({ kind: 'none', draft: blankAuthored() })
    const d = fromLines(['map 0x1000 0x5000 w'])
    expect(saveDraft(d, win)).toBe(true)
    expect(loadDraft(win)).toEqual({ kind: 'restored', draft: d })
  })

  it('a corrupt draft is kept aside, named, and the editor starts empty', () => {
    const win = fakeWindow()
    win.localStorage.setItem(DRAFT_KEY, '{"format":"vmscope-scenario","v":1,"phases":7}')
    const r = loadDraft(win)
    expect(r).toMatchObject({ kind: 'unreadable', error: { code: 'invalid', where: 'id' } })
    expect(win.localStorage.getItem(UNREADABLE_KEY)).toContain('"phases":7')
  })
})
