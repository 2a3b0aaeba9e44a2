import i18next from 'i18next'
import { initReactI18next } from 'react-i18next'
import type { Localized } from '../console/index.ts'
import { loadCatalogueZh } from '../scenarios/catalogue.ts'
import type { Lang } from '../state/url.ts'
import { enFirst } from './en-first.ts'

export type { UiKey } from './en.ts'

export const LANGS: readonly {
  readonly code: Lang
  readonly label: string
  readonly html: string
}[] = [
  { code: 'en', label: 'English', html: 'en' },
  { code: 'zh', label: '简体中文', html: 'zh-CN' },
]

export const htmlLang = (lang: Lang): string => LANGS.find((l) => l.code === lang)?.html ?? 'en'

/** Picks the text of a two-language string. */
export const pick = (s: Localized, lang: Lang): string => s[lang]

// English is in the first chunk; another language's table arrives when it is first chosen,
// so a visitor who never picks it never downloads it.
const LOADERS: Record<Exclude<Lang, 'en'>, () => Promise<Record<string, string>>> = {
  // The catalogue's Chinese titles and summaries come with the Chinese table.
  zh: () => Promise.all([import('./zh.ts'), loadCatalogueZh()]).then(([m]) => m.zh),
}
const loaded = new Set<Lang>(['en'])
const loading = new Map<Lang, Promise<void>>()

/** Fetches a language's strings once; resolves when `t()` can speak it. */
export function loadLang(lang: Lang): Promise<void> {
  if (lang === 'en' || loaded.has(lang)) return Promise.resolve()
  let p = loading.get(lang)
  if (!p) {
    p = LOADERS[lang]().then(
      (table) => {
        ensureInit()
        i18next.addResourceBundle(lang, 'translation', table)
        loaded.add(lang)
      },
      (e: unknown) => {
        // Forget the failure so the next choice fetches again; English stays meanwhile.
        loading.delete(lang)
        throw e
      },
    )
    loading.set(lang, p)
  }
  return p
}

function ensureInit(): void {
  if (i18next.isInitialized) return
  void i18next.use(initReactI18next).init({
    resources: { en: { translation: enFirst } },
    lng: 'en',
    fallbackLng: 'en',
    interpolation: { escapeValue: false },
    initAsync: false,
    returnNull: false,
  })
}

// The rest of the English table (the player's and the panels' strings) is its own chunk: the
// first screen needs only en-first.ts. Another language's table is whole (it is lazy anyway).
let uiStrings: Promise<void> | null = null

/** Fetches the rest of the English strings once; the player waits for it before it renders. */
export function loadUiStrings(): Promise<void> {
  uiStrings ??= Promise.all([import('./en.ts'), import('./memoT.ts')]).then(
    ([m, { memoizeT }]) => {
      ensureInit()
      // The player renders many strings per step: from here on `t` remembers them.
      memoizeT(i18next)
      i18next.addResourceBundle('en', 'translation', m.en, true, true)
    },
    (e: unknown) => {
      // Forget the failure so the next player load fetches again.
      uiStrings = null
      throw e
    },
  )
  return uiStrings
}

let wanted: Lang = 'en'

/** Speaks `lang` now if its strings are here, else as soon as they arrive. */
export function initI18n(lang: Lang): typeof i18next {
  ensureInit()
  wanted = lang
  const use = (): void => {
    if (wanted === lang && i18next.language !== lang) void i18next.changeLanguage(lang)
  }
  if (loaded.has(lang)) use()
  else loadLang(lang).then(use, () => {})
  return i18next
}
