import i18next from 'i18next'
import { initReactI18next } from 'react-i18next'
import type { Localized } from '../console/index.ts'
import type { Lang } from '../state/url.ts'
import { en } from './en.ts'
import { zh } from './zh.ts'

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

export function initI18n(lang: Lang): typeof i18next {
  if (!i18next.isInitialized) {
    void i18next.use(initReactI18next).init({
      resources: { en: { translation: en }, zh: { translation: zh } },
      lng: lang,
      fallbackLng: 'en',
      interpolation: { escapeValue: false },
      initAsync: false,
      returnNull: false,
    })
  } else if (i18next.language !== lang) {
    void i18next.changeLanguage(lang)
  }
  return i18next
}
