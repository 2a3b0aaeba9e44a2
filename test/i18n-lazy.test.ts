import { readFileSync } from 'node:fs'
import { dirname, resolve, sep } from 'node:path'
import { describe, expect, it } from 'vitest'
import { en } from '../src/i18n/en.ts'
import { enFirst } from '../src/i18n/en-first.ts'
import { initI18n, loadLang, loadUiStrings } from '../src/i18n/index.ts'

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

// The first chunk carries en-first.ts only; the rest of en.ts comes with the player. A
// first-screen component showing a key of the rest would print the bare key until then.
describe('the first screen’s strings are in en-first.ts', () => {
  /** src files main.tsx reaches through static imports (what the first chunk is built from). */
  function firstScreenFiles(): string[] {
    const seen = new Set<string>()
    const queue = [resolve('src/main.tsx')]
    while (queue.length > 0) {
      const file = queue.pop() ?? ''
      if (seen.has(file)) continue
      seen.add(file)
      const text = readFileSync(file, 'utf8')
      // `import type` is erased; dynamic import() is a later chunk. The engine is pure (no UI
      // strings; its event kinds look like keys) and only tree-shaken helpers of it ship here.
      for (const m of text.matchAll(/^(?:import|export)(?! type)[^'"]*?from '(\.[^']+)'/gms)) {
        const target = resolve(dirname(file), m[1] ?? '')
        if (!target.includes(`${sep}src${sep}engine${sep}`)) queue.push(target)
      }
      for (const m of text.matchAll(/^import '(\.[^']+\.tsx?)'/gm))
        queue.push(resolve(dirname(file), m[1] ?? ''))
    }
    return [...seen]
  }

  it('every key a statically imported module names is in the first table', () => {
    const files = firstScreenFiles()
    // Real files only, and the player and the panels are not among them.
    expect(files.some((f) => f.endsWith(`${sep}App.tsx`))).toBe(true)
    expect(files.some((f) => f.endsWith('PlayerView.tsx') || f.endsWith('Panel.tsx'))).toBe(false)
    const keys = Object.keys(en)
    const missing: string[] = []
    for (const file of files) {
      if (file.endsWith(`${sep}i18n${sep}en.ts`)) continue
      const text = readFileSync(file, 'utf8')
      for (const m of text.matchAll(/['"`]([a-z0-9]+\.[a-zA-Z0-9.-]*)(\$\{)?/g)) {
        const [, key = '', template] = m
        const named = template
          ? keys.filter((k) => k.startsWith(key))
          : keys.filter((k) => k === key)
        for (const k of named) if (!(k in enFirst)) missing.push(`${k} (${file})`)
      }
    }
    expect(missing).toEqual([])
  })

  it('the rest arrives with loadUiStrings', async () => {
    const i18n = initI18n('en')
    expect(i18n.exists('w2d.heading')).toBe(false)
    expect(i18n.exists('library.heading')).toBe(true)
    await loadUiStrings()
    expect(i18n.exists('w2d.heading')).toBe(true)
  })
})
