import { chromium } from 'playwright'
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--headless', '--no-sandbox'] })
const shots = JSON.parse(process.argv[2])
for (const [name, url, w, h, opts = {}] of shots) {
  const page = await browser.newPage({ viewport: { width: w, height: h }, reducedMotion: 'reduce' })
  const errs = []
  page.on('console', (m) => { if (m.type() === 'error') errs.push(m.text()) })
  page.on('pageerror', (e) => errs.push(String(e)))
  await page.goto('http://localhost:4317' + url)
  await page.waitForTimeout(3500)
  if (opts.presenter) { await page.keyboard.press('p'); await page.waitForTimeout(800) }
  await page.screenshot({ path: `test-results/${name}.png`, fullPage: !!opts.full })
  console.log(name, errs.join(' | '))
  await page.close()
}
await browser.close()
