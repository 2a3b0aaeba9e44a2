// Prints the gzip size of the JavaScript loaded before first paint: the module scripts
// index.html references and the chunks they import statically (not lazy import() chunks).
import { readFileSync } from 'node:fs'
import { gzipSync } from 'node:zlib'
import { dirname, join, resolve } from 'node:path'

// Issue #14: first paint under 100 kB gzip (the panels, the player's strings, the link codec,
// the second language and the catalogue's Chinese are lazy chunks).
const BUDGET = 100 * 1024
const dist = resolve('dist')
const html = readFileSync(join(dist, 'index.html'), 'utf8')
const entries = [...html.matchAll(/<script[^>]+type="module"[^>]+src="([^"]+)"/g)].map((m) => m[1])
const preloads = [...html.matchAll(/<link[^>]+rel="modulepreload"[^>]+href="([^"]+)"/g)].map(
  (m) => m[1],
)
const seen = new Set()
const queue = [...entries, ...preloads].map((p) => join(dist, p.replace(/^\.?\//, '')))
let raw = 0
let gz = 0
const rows = []
while (queue.length > 0) {
  const file = queue.shift()
  if (seen.has(file)) continue
  seen.add(file)
  const code = readFileSync(file)
  const g = gzipSync(code, { level: 9 }).length
  raw += code.length
  gz += g
  rows.push(
    `  ${file.slice(dist.length + 1)}  ${(code.length / 1024).toFixed(1)} kB raw, ${(g / 1024).toFixed(1)} kB gzip`,
  )
  // Static imports only: `import ... from "./x.js"` and bare `import "./x.js"`.
  for (const m of code
    .toString('utf8')
    .matchAll(/(?:^|[;\n}])\s*import\s*(?:[\w*{}\s,$]+from\s*)?["'](\.{1,2}\/[^"']+\.js)["']/g)) {
    queue.push(resolve(dirname(file), m[1]))
  }
}
console.log('JavaScript loaded before first paint:')
for (const r of rows) console.log(r)
console.log(
  `total: ${(raw / 1024).toFixed(1)} kB raw, ${(gz / 1024).toFixed(1)} kB gzip (budget ${BUDGET / 1024} kB gzip)`,
)
if (gz >= BUDGET) {
  console.error(`size: over budget by ${((gz - BUDGET) / 1024).toFixed(1)} kB gzip`)
  process.exit(1)
}
