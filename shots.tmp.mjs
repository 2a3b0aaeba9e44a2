import { chromium } from 'playwright'
const base = 'http://127.0.0.1:4737'
const shots = JSON.parse(process.argv[2])
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--headless', '--no-sandbox'] })
for (const s of shots) {
  const page = await browser.newPage({ viewport: { width: s.w ?? 1280, height: s.h ?? 720 } })
  await page.goto(base + s.url)
  await page.waitForSelector('.stage figure.panel', { timeout: 15000 }).catch(() => {}); await page.waitForTimeout(800)
  if (s.presenter) { await page.keyboard.press('p'); await page.waitForTimeout(800) }
  await page.screenshot({ path: `test-results/${s.name}.png` })
  await page.close()
}
await browser.close()
