import { chromium } from 'playwright'
const [, , url, out, w = '1280', h = '720', presenter = ''] = process.argv
const b = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--headless', '--no-sandbox'] })
const p = await b.newPage({ viewport: { width: Number(w), height: Number(h) } })
await p.goto(url)
await p.waitForSelector('[role=status]')
await p.waitForTimeout(800)
if (presenter) { await p.keyboard.press('p'); await p.waitForTimeout(500) }
for (const k of (process.env.KEYS ?? '').split(',').filter(Boolean)) { await p.keyboard.press(k); await p.waitForTimeout(150) }
if (process.env.CLICK) { await p.locator(process.env.CLICK).first().click(); await p.waitForTimeout(300) }
await p.screenshot({ path: out })
console.log(await p.evaluate(() => document.documentElement.scrollHeight + ' ' + innerHeight + ' ' + location.hash))
await b.close()
