// The bare counter page for `npm run bench:ui`, built by the app's Vite and React plugin with
// the app's target, into its own folder: the app's build (dist/) and its first-paint size are
// untouched. Build alone: npx vite build --config bench/bare/vite.config.ts
import { fileURLToPath } from 'node:url'
import { defineConfig } from 'vite'
import react from '@vitejs/plugin-react'

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  plugins: [react()],
  base: './',
  build: {
    target: 'es2022',
    outDir: fileURLToPath(new URL('../../dist-bench/bare', import.meta.url)),
    emptyOutDir: true,
  },
})
