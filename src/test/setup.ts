import '@testing-library/jest-dom/vitest'
import { cleanup } from '@testing-library/react'
import { afterEach } from 'vitest'
import { loadLang, loadUiStrings } from '../i18n/index.ts'

// Component tests switch languages synchronously; the second language and the rest of the
// English strings (the player's) are lazy in the app.
await Promise.all([loadLang('zh'), loadUiStrings()])

// jsdom lacks matchMedia; the app reads prefers-color-scheme and prefers-reduced-motion.
if (!window.matchMedia) {
  window.matchMedia = (query: string): MediaQueryList =>
    ({
      matches: false,
      media: query,
      onchange: null,
      addListener: () => {},
      removeListener: () => {},
      addEventListener: () => {},
      removeEventListener: () => {},
      dispatchEvent: () => false,
    }) as MediaQueryList
}
// jsdom has no canvas; returning null silences "Not implemented: getContext".
HTMLCanvasElement.prototype.getContext = (() =>
  null) as typeof HTMLCanvasElement.prototype.getContext

afterEach(() => {
  cleanup()
  localStorage.clear()
})
