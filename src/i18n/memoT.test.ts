import i18next from 'i18next'
import { describe, expect, it } from 'vitest'
import { memoizeT } from './memoT.ts'

async function instance() {
  const i = i18next.createInstance()
  await i.init({
    resources: {
      en: { translation: { hi: 'Hello', step: 'Step {{n}} of {{m}}', n: '{{count}} item' } },
      zh: { translation: { hi: '你好', step: '第{{n}}步，共{{m}}步', n: '{{count}}项' } },
    },
    lng: 'en',
    fallbackLng: 'en',
    interpolation: { escapeValue: false },
    initAsync: false,
  })
  memoizeT(i)
  return i
}

describe('memoizeT', () => {
  it('answers as i18next does, plain and interpolated', async () => {
    const i = await instance()
    const t = i.getFixedT('en')
    for (let k = 0; k < 2; k++) {
      expect(t('hi')).toBe('Hello')
      expect(t('step', { n: 2, m: 9 })).toBe('Step 2 of 9')
      expect(t('step', { n: 3, m: 9 })).toBe('Step 3 of 9')
      // A number and a string of the same digits are different keys of the memo.
      expect(t('step', { n: '3', m: 9 })).toBe('Step 3 of 9')
    }
  })

  it('forgets when a table arrives or changes', async () => {
    const i = await instance()
    const t = i.getFixedT('en')
    expect(t('later')).toBe('later')
    i.addResourceBundle('en', 'translation', { later: 'Now here', hi: 'Hi there' }, true, true)
    expect(t('later')).toBe('Now here')
    expect(t('hi')).toBe('Hi there')
  })

  it('a t without a fixed language follows the language', async () => {
    const i = await instance()
    const t = i.getFixedT(null, 'translation')
    expect(t('hi')).toBe('Hello')
    await i.changeLanguage('zh')
    expect(t('hi')).toBe('你好')
    expect(t('step', { n: 1, m: 2 })).toBe('第1步，共2步')
    await i.changeLanguage('en')
    expect(t('hi')).toBe('Hello')
  })

  it('leaves calls with non-plain options to i18next', async () => {
    const i = await instance()
    const t = i.getFixedT('en')
    const o = { count: 2, postProcess: ['x'] }
    // Not memoized (an array option), still answered.
    expect(t('n', o)).toBe('2 item')
    expect(t('n', { count: 5 })).toBe('5 item')
  })
})
