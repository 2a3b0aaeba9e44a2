/// <reference types="vitest/config" />
import { defineConfig } from 'vite'
import react from '@vitejs/plugin-react'

export default defineConfig({
  plugins: [react()],
  // Relative asset paths, so the built app works from any static folder or file server path.
  base: './',
  // The first-paint budget is enforced by `npm run size` (gzip), not by this raw-size warning.
  build: { target: 'es2022', sourcemap: true, chunkSizeWarningLimit: 1000 },
  test: {
    restoreMocks: true,
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
