import { chromium } from 'playwright'
const [,, ...specs] = process.argv
const b = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--headless', '--no-sandbox'] })
for (const spec of specs) {
  const [name, url, w, h, presenter] = spec.split('|')
  const p = await b.newPage({ viewport: { width: +w, height: +h } })
  await p.goto('http://localhost:4391' + url)
  await p.getByTestId('virtqueue').waitFor({ timeout: 15000 }); await p.waitForTimeout(500)
  if (presenter === 'p') { await p.keyboard.press('p'); await p.waitForTimeout(800) }
  await p.screenshot({ path: `/work/wt-virtio/test-results/${name}.png` })
  const f = await p.evaluate(() => { const el = document.querySelector('[data-testid=virtqueue] [data-focus]'); if (!el) return 'no focus'; const r = el.getBoundingClientRect(); return `${el.tagName} ${Math.round(r.top)}-${Math.round(r.bottom)} of ${innerHeight}` })
  console.log(name, f)
  await p.close()
}
await b.close()
