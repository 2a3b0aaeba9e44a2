import { describe, expect, it } from 'vitest'
import { initI18n, loadLang } from '../src/i18n/index.ts'

// The first screen carries English only; Chinese arrives when chosen.
describe('a second language loads on demand', () => {
  it('speaks English until the Chinese table arrives, then switches to it', async () => {
    const i18n = initI18n('en')
    expect(i18n.hasResourceBundle('zh', 'translation')).toBe(false)
    initI18n('zh')
    // Not here yet: still English.
    expect(i18n.language).toBe('en')
    await loadLang('zh')
    await Promise.resolve()
    expect(i18n.language).toBe('zh')
    expect(i18n.t('app.tagline')).toBe('一步一步看清虚拟机监控器的内部')
    initI18n('en')
    expect(i18n.t('app.tagline')).not.toBe('一步一步看清虚拟机监控器的内部')
  })

  it('keeps the last choice when an earlier one arrives late', async () => {
    const i18n = initI18n('en')
    initI18n('zh')
    initI18n('en')
    await loadLang('zh')
    await Promise.resolve()
    expect(i18n.language).toBe('en')
  })
})
