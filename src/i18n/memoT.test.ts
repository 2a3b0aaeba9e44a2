import i18next from 'i18next'
import { describe, expect, it } from 'vitest'
import { en } from './en.ts'
import { enFirst } from './en-first.ts'
import { memoizeT, plainInterpolate } from './memoT.ts'
import { zh } from './zh.ts'

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

  it('answers a first sight of every string of the app as i18next does, mostly without it', async () => {
    const plain = i18next.createInstance()
    const tables = { en: { ...enFirst, ...en }, zh: zh as Record<string, string> }
    await plain.init({
      resources: { en: { translation: tables.en }, zh: { translation: tables.zh } },
      lng: 'en',
      fallbackLng: 'en',
      interpolation: { escapeValue: false },
      initAsync: false,
    })
    let fast = 0
    let keys = 0
    for (const lng of ['en', 'zh'] as const) {
      const ref = plain.getFixedT(lng)
      for (const [key, template] of Object.entries(tables[lng])) {
        keys++
        // Every placeholder gets a value; numbers and strings alternate, as the panels pass them.
        const opts: Record<string, string | number> = {}
        let n = 0
        for (const m of template.matchAll(/{{(.*?)}}/g))
          opts[m[1] ?? ''] = n++ % 2 ? 7 + n : `0x${n}f`
        const got = plainInterpolate(tables[lng], key, opts)
        if (got !== undefined) fast++
        expect(got ?? ref(key, opts), `${lng} ${key}`).toBe(ref(key, opts))
        // A placeholder left without a value goes to i18next (it logs and leaves it out).
        if (n > 0) expect(plainInterpolate(tables[lng], key, {})).toBeUndefined()
      }
    }
    // The fast path must answer nearly all of them, or it saves nothing.
    expect(fast).toBeGreaterThan(keys * 0.95)
    // What it leaves alone: a missing key (the fallback language), counts, nesting.
    expect(plainInterpolate(tables.zh, 'no.such.key', undefined)).toBeUndefined()
    expect(plainInterpolate({ a: '{{count}} x' }, 'a', { count: 2 })).toBeUndefined()
    expect(plainInterpolate({ a: 'see $t(b)' }, 'a', undefined)).toBeUndefined()
    expect(plainInterpolate({ a: '{{x, number}}' }, 'a', { x: 2 })).toBeUndefined()
  })

  it('a memoized t answers new values through the fast path, as i18next would', async () => {
    const i = await instance()
    const t = i.getFixedT('zh')
    for (let n = 1; n < 50; n++) expect(t('step', { n, m: 49 })).toBe(`第${n}步，共49步`)
    // The fallback language for a key zh lacks.
    i.addResourceBundle('en', 'translation', { only: 'English {{x}}' }, true, true)
    expect(t('only', { x: 1 })).toBe('English 1')
  })
})
