// The catalogue's Chinese titles and summaries are a lazy chunk: an English page's first paint
// carries no Chinese (npm run size), and choosing Chinese brings them with the UI table.
import { describe, expect, it } from 'vitest'
import { loadLang } from '../src/i18n/index.ts'
import { CATALOGUE } from '../src/scenarios/catalogue.ts'
import { CATALOGUE_ZH } from '../src/scenarios/catalogue-zh.ts'

describe('the catalogue’s Chinese arrives with the Chinese table', () => {
  // Nothing in this file has loaded Chinese before.
  it('has an entry per scenario, shown once loaded (English until then)', async () => {
    const m = CATALOGUE.find((s) => s.id === 'paging-walk-4level')
    expect(m?.title.zh).toBe(m?.title.en)
    await loadLang('zh')
    expect(m?.title.zh).toBe(CATALOGUE_ZH['paging-walk-4level']?.title)
    expect(m?.title.zh).not.toBe(m?.title.en)
    expect(Object.keys(CATALOGUE_ZH).sort()).toEqual(CATALOGUE.map((s) => s.id).sort())
  })
})
