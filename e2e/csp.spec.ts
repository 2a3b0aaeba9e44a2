import { CATALOGUE } from '../src/scenarios/index.ts'
import { expect, status, test } from './fixtures.ts'

// The built page carries a Content-Security-Policy <meta> (vite.config.ts). Every place the
// app goes must run under it: each scenario, a few steps, the console and a typed line.
type Watched = Window & { __cspViolations?: string[] }

test.beforeEach(async ({ page }) => {
  // Before any page script, so violations during start-up are caught too.
  await page.addInitScript(() => {
    const w = window as Watched
    w.__cspViolations = []
    document.addEventListener(
      'securitypolicyviolation',
      (e) => {
        w.__cspViolations?.push(
          `${e.effectiveDirective} blocked ${e.blockedURI || 'inline'} at ${e.sourceFile}:${e.lineNumber}`,
        )
      },
      true,
    )
  })
})

const violations = (page: import('playwright/test').Page) =>
  page.evaluate(() => (window as Watched).__cspViolations ?? null)

test('the app runs under its Content-Security-Policy without a violation', async ({ page }) => {
  // Every scenario in one test: the budget grows with the catalogue.
  test.setTimeout(60_000 + CATALOGUE.length * 3_000)
  await page.goto('/#/')
  const policy = await page
    .locator('meta[http-equiv="Content-Security-Policy"]')
    .getAttribute('content')
  expect(policy).toContain("script-src 'self'")
  expect(policy).toContain("object-src 'none'")
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible()

  for (const s of CATALOGUE) {
    await page.goto(`/#/${s.id}/1`)
    await expect(status(page)).toHaveText(`Step 1 of ${s.steps}`)
    const last = Math.min(4, s.steps)
    for (let step = 2; step <= last; step++) {
      await page.keyboard.press('PageDown')
      await expect(status(page)).toHaveText(`Step ${step} of ${s.steps}`)
    }
  }

  // The console (its own chunk, xterm.js with its <style> elements) and a typed line.
  await page.keyboard.press('c')
  const term = page.getByTestId('console')
  await expect(term.locator('.xterm-rows')).toContainText('vmscope>')
  await term.click()
  await page.keyboard.type('help')
  await page.keyboard.press('Enter')
  await expect(term.locator('.xterm-rows')).toContainText('Tab completes')
  await page.keyboard.type('xen domain 7')
  await page.keyboard.press('Enter')
  await expect(term.locator('.xterm-rows')).toContainText('domain 7 created')

  expect(await violations(page)).toEqual([])
})
