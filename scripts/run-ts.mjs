// Runs a TypeScript entry under Node 20 (which cannot strip types) by bundling it with
// Vite's own bundler into node_modules/.cache, then importing it with the given arguments.
import { build } from 'vite'
import { resolve, basename } from 'node:path'
import { pathToFileURL } from 'node:url'

const [entry, ...args] = process.argv.slice(2)
if (!entry) {
  process.stderr.write('usage: node scripts/run-ts.mjs ENTRY.ts [args...]\n')
  process.exit(2)
}
const outDir = resolve('node_modules/.cache/vmscope-run')
const name = basename(entry).replace(/\.ts$/, '')
await build({
  configFile: false,
  logLevel: 'silent',
  build: {
    ssr: resolve(entry),
    outDir,
    emptyOutDir: false,
    minify: false,
    rollupOptions: { output: { entryFileNames: `${name}.mjs` } },
  },
})
process.argv = [process.argv[0], resolve(entry), ...args]
await import(pathToFileURL(resolve(outDir, `${name}.mjs`)).href)
