/// <reference types="vitest/config" />
import { type Plugin, defineConfig } from 'vite'
import react from '@vitejs/plugin-react'
import { VitePWA } from 'vite-plugin-pwa'

/**
 * The built page's Content-Security-Policy. Scripts only from the app's own files (no inline
 * script, no eval); styles may be inline because React style attributes and xterm.js's
 * <style> elements are. A <meta> cannot carry frame-ancestors (embedding stays allowed).
 * Build only: the dev server injects inline scripts for hot reload.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
].join('; ')

function contentSecurityPolicy(): Plugin {
  const charset = '<meta charset="UTF-8" />'
  return {
    name: 'vmscope-csp',
    apply: 'build',
    // Right after the charset, before anything the policy governs.
    transformIndexHtml(html) {
      if (!html.includes(charset)) throw new Error(`index.html: no ${charset} to put the CSP after`)
      const meta = `<meta http-equiv="Content-Security-Policy" content="${CONTENT_SECURITY_POLICY}" />`
      return html.replace(charset, `${charset}\n    ${meta}`)
    },
  }
}

/**
 * Offline after one visit (issue #19): a service worker precaches every chunk, the manifest
 * makes the app installable. `prompt`: a new version waits until the next visit (all tabs
 * closed) instead of swapping chunks under a running lecture; src/pwa.ts says it is ready.
 */
const offline = VitePWA({
  registerType: 'prompt',
  injectRegister: false,
  includeAssets: ['icon.svg'],
  manifest: {
    name: 'VMScope: see inside a hypervisor',
    short_name: 'VMScope',
    description: 'Steppable page walks, VT-x and Xen for teaching how virtualization works.',
    lang: 'en',
    start_url: './',
    scope: './',
    display: 'standalone',
    background_color: '#fbfbfd',
    theme_color: '#224455',
    icons: [
      { src: 'icon-192.png', sizes: '192x192', type: 'image/png' },
      { src: 'icon-512.png', sizes: '512x512', type: 'image/png' },
      { src: 'icon-512.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' },
      { src: 'icon.svg', sizes: 'any', type: 'image/svg+xml' },
    ],
  },
  workbox: {
    // Every chunk (scenario bodies, panels, the console, Chinese) so any scenario opens
    // offline; not the source maps.
    globPatterns: ['**/*.{js,css,html,svg,png,webmanifest}'],
    cleanupOutdatedCaches: true,
  },
})

export default defineConfig({
  plugins: [react(), contentSecurityPolicy(), offline],
  // Relative asset paths, so the built app works from any static folder or file server path.
  base: './',
  // The first-paint budget is enforced by `npm run size` (gzip), not by this raw-size warning.
  // No modulepreload polyfill in the first chunk: a browser without native modulepreload
  // (Firefox < 115, Safari < 17) still loads every chunk, only without the early fetch hint.
  build: {
    target: 'es2022',
    sourcemap: true,
    chunkSizeWarningLimit: 1000,
    modulePreload: { polyfill: false },
  },
  test: {
    restoreMocks: true,
    // The property tests run thousands of cases; on a loaded 2-core machine 5 s is not enough,
    // and a test's speed is a benchmark's business, not a pass/fail (npm run bench).
    testTimeout: 30_000,
    projects: [
      {
        // Engine, console, state and CLI: plain Node, proving they need no browser.
        extends: true,
        test: {
          name: 'node',
          environment: 'node',
          include: [
            'src/engine/**/*.test.ts',
            'src/console/**/*.test.ts',
            'src/state/**/*.test.ts',
            'src/embed/**/*.test.ts',
            'src/quiz/**/*.test.ts',
            'src/scenarios/**/*.test.ts',
            'test/**/*.test.ts',
          ],
        },
      },
      {
        extends: true,
        test: {
          name: 'dom',
          environment: 'jsdom',
          setupFiles: ['./src/test/setup.ts'],
          include: [
            'src/components/**/*.test.{ts,tsx}',
            'src/app/**/*.test.{ts,tsx}',
            'src/i18n/**/*.test.{ts,tsx}',
            'src/glossary/**/*.test.{ts,tsx}',
          ],
          css: false,
        },
      },
    ],
  },
})
